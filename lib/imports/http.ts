import "server-only";
// Reading an import upload from an HTTP request (POST /api/v1/imports and /preview): multipart/form-data with one
// or more `file` parts, or the file itself as the raw body (Content-Type application/json, text/csv, ...) with its
// name and the options in the query string.
//
// The files are streamed to a private temporary directory (0700, files 0600: exports may hold secrets), never held
// in memory; the pipeline reads them from disk (Steward's CSV template in a stream). Sizes are checked before and
// while reading. The directory is removed when the import is done: routes use withImportUpload, which removes it
// when the handler returns or throws, or, for a background import, when the task it hands over settles.
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { apiError, UnsafeBodyError } from "../api/route";
import { isUnsafeText } from "../api/request";
import type { InputPath } from "../importers";
import { ValidationError } from "../errors";
import { logger } from "../log";
import { MAX_IMPORT_BYTES, ZImportRequest, type TImportRequest } from "./schemas";
import { UPLOAD_DIR_PREFIX } from "./upload-dirs";

/** The request body is larger than an import may be: HTTP 413. */
export class PayloadTooLargeError extends ValidationError {}

export interface ImportUpload {
  /** The uploaded files, on disk in the upload's temporary directory. */
  files: InputPath[];
  fields: TImportRequest;
  /** ?wait=false: answer at once with the job id, import in the background. */
  wait: boolean;
  /** Removes the temporary directory and its files. Safe to call more than once; never throws. */
  cleanup(): Promise<void>;
}

/** Multipart framing and the other fields, on top of the files themselves. */
const MULTIPART_OVERHEAD = 1024 * 1024;
const MB = MAX_IMPORT_BYTES / 1024 / 1024;
const tooLarge = (what: string) => new PayloadTooLargeError(`${what} is larger than ${MB} MB. Import it with the CLI (npm run steward -- import FILE), which streams Steward's CSV template with no size limit.`);
const malformed = () => new ValidationError("The multipart body could not be read: send the export as a `file` field.");
const noBody = () =>
  new ValidationError("The request has no body. Send the export as the body (Content-Type application/json or text/csv, ?filename=...) or as multipart/form-data.");

const SAFE_NAME = /[^\w.\- ()[\]]+/g;
const safeName = (name: string) => name.replace(SAFE_NAME, "_").slice(0, 200);

// Directories not removed yet: removed on a normal exit too (one a crash leaves behind is removed by the next start's
// sweepStaleUploads).
const state = globalThis as unknown as { __stewardUploadDirs?: Set<string> };
const liveDirs = (state.__stewardUploadDirs ??= (() => {
  const dirs = new Set<string>();
  process.once("exit", () => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  return dirs;
})());

/** A pass-through that counts the bytes and fails with `onOver()` once they pass `limit`. */
function capped(limit: number, onOver: () => Error, counted?: (n: number) => Error | null): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit) return cb(onOver());
      const err = counted?.(chunk.length);
      if (err) return cb(err);
      cb(null, chunk);
    },
  });
}

const writeFile = (file: string): Writable => fs.createWriteStream(file, { flags: "wx", mode: 0o600 });

/** Errors we raise ourselves, and failures of the disk (a 500), pass; anything else is a malformed or broken body. */
function classify(err: unknown, fallback: () => ValidationError): unknown {
  if (err instanceof ValidationError || err instanceof UnsafeBodyError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === "string" && (err as NodeJS.ErrnoException).syscall) return err;
  return fallback();
}

interface Received extends InputPath {
  /** The name as sent, for messages. */
  shown: string;
  size: number;
}

/** Streams the multipart body: `file` parts to files in `dir`, the other fields (first value of each) kept. */
async function receiveMultipart(body: Readable, contentType: string, dir: string): Promise<{ files: Received[]; fields: Map<string, string> }> {
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { fieldSize: 64 * 1024 } });
  } catch {
    throw malformed();
  }
  const files: Received[] = [];
  const fields = new Map<string, string>();
  const parts: Readable[] = [];
  const writes: Promise<void>[] = [];
  let total = 0;
  let failure: unknown = null;
  const stop = (err: unknown) => {
    failure ??= err;
    bb.destroy(err instanceof Error ? err : new Error(String(err)));
  };

  bb.on("field", (name, value) => {
    if (failure) return;
    if (isUnsafeText(name) || isUnsafeText(value)) return stop(new UnsafeBodyError(`The form field "${isUnsafeText(name) ? "?" : name}" contains a NUL character or invalid Unicode.`));
    if (!fields.has(name)) fields.set(name, value);
  });
  bb.on("file", (name, stream, info) => {
    parts.push(stream);
    if (failure || name !== "file") {
      stream.resume();
      return;
    }
    if (isUnsafeText(name) || isUnsafeText(info.filename ?? "")) {
      stream.resume();
      return stop(new UnsafeBodyError(`The form field "${name}" contains a NUL character or invalid Unicode.`));
    }
    const shown = info.filename || "A file";
    const file: Received = { fileName: safeName(info.filename || "upload"), path: path.join(dir, `upload-${files.length + 1}`), shown, size: 0 };
    files.push(file);
    const count = capped(MAX_IMPORT_BYTES, () => tooLarge(shown), (n) => {
      file.size += n;
      total += n;
      return total > MAX_IMPORT_BYTES ? tooLarge("The upload") : null;
    });
    writes.push(pipeline(stream, count, writeFile(file.path)).catch(stop));
  });

  try {
    await pipeline(body, capped(MAX_IMPORT_BYTES + MULTIPART_OVERHEAD, () => tooLarge("The upload")), bb);
  } catch (err) {
    failure ??= err;
  }
  if (failure) for (const p of parts) p.destroy();
  // Every file written (or its write stream closed after a failure) before the caller reads or removes them.
  await Promise.allSettled(writes);
  if (failure) throw classify(failure, malformed);
  return { files, fields };
}

/** Streams the raw body to `file`, refusing it once it passes MAX_IMPORT_BYTES (the size header may be absent or wrong). */
async function receiveBody(body: Readable, file: string, fileName: string): Promise<number> {
  let size = 0;
  try {
    await pipeline(body, capped(MAX_IMPORT_BYTES, () => tooLarge(fileName), (n) => ((size += n), null)), writeFile(file));
  } catch (err) {
    throw classify(err, () => new ValidationError("The request body could not be read to the end."));
  }
  return size;
}

const nodeStream = (body: ReadableStream<Uint8Array>) => Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);

/**
 * Reads the upload of `req` into a new temporary directory. The caller must call `cleanup()` when the files are no
 * longer needed: use withImportUpload, which does. On any error the directory is already removed.
 */
export async function readImportUpload(req: Request): Promise<ImportUpload> {
  const q = new URL(req.url).searchParams;
  const wait = !["false", "0", "no"].includes((q.get("wait") ?? "").toLowerCase());
  const declared = Number(req.headers.get("content-length") ?? "");
  const type = req.headers.get("content-type") ?? "";
  const multipart = type.toLowerCase().startsWith("multipart/form-data");
  // One upload (all its files) is at most MAX_IMPORT_BYTES, plus a little for the multipart framing.
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES + (multipart ? MULTIPART_OVERHEAD : 0)) throw tooLarge("The upload");

  const dir = await mkdtemp(path.join(os.tmpdir(), UPLOAD_DIR_PREFIX));
  liveDirs.add(dir);
  let removed: Promise<void> | null = null;
  const cleanup = () =>
    (removed ??= rm(dir, { recursive: true, force: true }).then(
      () => void liveDirs.delete(dir),
      (err: unknown) => logger.error("could not remove an import upload's temporary files", { dir, code: (err as NodeJS.ErrnoException).code }),
    ));
  try {
    if (multipart) {
      if (!req.body) throw malformed();
      const { files, fields: form } = await receiveMultipart(nodeStream(req.body), type, dir);
      if (!files.length) throw new ValidationError("Choose at least one export file (a `file` field).");
      const empty = files.find((f) => f.size === 0);
      if (empty) throw new ValidationError(`${empty.shown} is empty.`);
      const fields = ZImportRequest.parse({
        format: form.get("format") ?? q.get("format") ?? undefined,
        sourceKey: form.get("sourceKey") ?? q.get("sourceKey") ?? q.get("source") ?? undefined,
        environment: form.get("environment") ?? q.get("environment") ?? undefined,
      });
      return { files: files.map((f) => ({ fileName: f.fileName, path: f.path })), fields, wait, cleanup };
    }

    const fileName = safeName(q.get("filename") ?? q.get("fileName") ?? "upload") || "upload";
    if (!req.body) throw noBody();
    const file = path.join(dir, "upload-1");
    if (!(await receiveBody(nodeStream(req.body), file, fileName))) throw noBody();
    const fields = ZImportRequest.parse({ format: q.get("format") ?? undefined, sourceKey: q.get("sourceKey") ?? q.get("source") ?? undefined, environment: q.get("environment") ?? undefined });
    return { files: [{ fileName, path: file }], fields, wait, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export interface HeldUpload extends Omit<ImportUpload, "cleanup"> {
  /**
   * For work that outlives the request (next/server `after()`): returns `task` wrapped so that the files are kept
   * until it settles (success or failure) and removed then, instead of when the handler returns.
   */
  removeAfter<T>(task: () => Promise<T>): () => Promise<T>;
}

/**
 * Reads the upload, runs `handler` with it and removes the temporary files when the handler returns or throws, or
 * after the task it handed to `removeAfter`. An upload over the size limit is answered with 413.
 */
export async function withImportUpload(req: Request, handler: (upload: HeldUpload) => Promise<Response>): Promise<Response> {
  let upload: ImportUpload;
  try {
    upload = await readImportUpload(req);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) return apiError(413, "invalid_request", err.message);
    throw err;
  }
  const { cleanup, ...rest } = upload;
  let handedOver = false;
  const held: HeldUpload = {
    ...rest,
    removeAfter: (task) => {
      handedOver = true;
      return async () => {
        try {
          return await task();
        } finally {
          await cleanup();
        }
      };
    },
  };
  let ok = false;
  try {
    const res = await handler(held);
    ok = true;
    return res;
  } finally {
    // A handler that failed after handing the files over still removes them: its task may never run.
    if (!ok || !handedOver) await cleanup();
  }
}
