// The start-up sweep of import uploads left by a stopped process: only old directories of ours go.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STALE_UPLOAD_MS, sweepStaleUploads, UPLOAD_DIR_PREFIX } from "./upload-dirs";

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upload-dirs-test-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A directory (with a file in it) last changed `ageMs` ago. */
function makeDir(name: string, ageMs: number): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "upload-1"), "external_id,name\n");
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(dir, at, at);
  return dir;
}

describe("sweepStaleUploads", () => {
  it("removes our upload directories older than any live import, and nothing else", async () => {
    const stale = makeDir(`${UPLOAD_DIR_PREFIX}old`, STALE_UPLOAD_MS + 60_000);
    const live = makeDir(`${UPLOAD_DIR_PREFIX}live`, STALE_UPLOAD_MS - 60_000);
    const other = makeDir("someone-elses-old-dir", STALE_UPLOAD_MS * 2);
    const file = path.join(tmp, `${UPLOAD_DIR_PREFIX}not-a-dir`);
    fs.writeFileSync(file, "x");
    fs.utimesSync(file, new Date(0), new Date(0));

    expect(await sweepStaleUploads(Date.now(), tmp)).toBe(1);
    expect(fs.existsSync(stale)).toBe(false);
    expect([live, other, file].map((p) => fs.existsSync(p))).toEqual([true, true, true]);
    // Nothing left to do the second time.
    expect(await sweepStaleUploads(Date.now(), tmp)).toBe(0);
  });

  it("never throws, even when the temp directory cannot be read", async () => {
    expect(await sweepStaleUploads(Date.now(), path.join(tmp, "missing"))).toBe(0);
  });
});
