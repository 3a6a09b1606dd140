// Where import uploads wait on disk (lib/imports/http.ts), and the sweep of those a stopped process left behind.
// No "server-only" here: instrumentation.ts runs the sweep when a server starts.
import { readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { logger } from "../log";

/** Prefix of the temporary directories, under os.tmpdir(). */
export const UPLOAD_DIR_PREFIX = "steward-upload-";

/** An import's transaction times out after 6 hours (lib/imports/pipeline.ts): an older upload belongs to no live import. */
export const STALE_UPLOAD_MS = 7 * 3_600_000;

/**
 * Removes the upload directories a process that died (crash, kill -9, power loss) could not remove: exports can hold
 * sensitive metadata and must not pile up in the temp directory. Replicas may share that directory, so a younger
 * directory is left alone: it may be another process's import in progress. Returns how many were removed; never throws.
 */
export async function sweepStaleUploads(now = Date.now(), tmp = os.tmpdir()): Promise<number> {
  let removed = 0;
  const names = await readdir(tmp).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(UPLOAD_DIR_PREFIX)) continue;
    const dir = path.join(tmp, name);
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory() || now - st.mtimeMs < STALE_UPLOAD_MS) continue;
    try {
      await rm(dir, { recursive: true, force: true });
      removed++;
    } catch (err) {
      logger.warn("could not remove an import upload left by a stopped process", { dir, code: (err as NodeJS.ErrnoException).code });
    }
  }
  if (removed) logger.info("removed import uploads left by a stopped process", { removed });
  return removed;
}
