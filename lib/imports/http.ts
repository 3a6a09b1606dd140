import "server-only";
// Reading an import upload from an HTTP request (POST /api/v1/imports and /preview): multipart/form-data with one
// or more `file` parts, or the file itself as the raw body (Content-Type application/json, text/csv, ...) with its
// name and the options in the query string. Sizes are checked before and while reading.
import type { InputFile } from "../importers";
import { ValidationError } from "../errors";
import { MAX_IMPORT_BYTES, ZImportRequest, type TImportRequest } from "./schemas";

/** The request body is larger than an import may be: HTTP 413. */
export class PayloadTooLargeError extends ValidationError {}

export interface ImportUpload {
  files: InputFile[];
  fields: TImportRequest;
  /** ?wait=false: answer at once with the job id, import in the background. */
  wait: boolean;
}

const MB = MAX_IMPORT_BYTES / 1024 / 1024;
const tooLarge = (what: string) => new PayloadTooLargeError(`${what} is larger than ${MB} MB. Import it with the CLI (npm run steward -- import FILE), which streams Steward's CSV template with no size limit.`);

/** Reads the body as bytes, refusing it once it passes MAX_IMPORT_BYTES (the size header may be absent or wrong). */
async function readCapped(req: Request, what: string): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_IMPORT_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge(what);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, size);
}

const SAFE_NAME = /[^\w.\- ()[\]]+/g;

export async function readImportUpload(req: Request): Promise<ImportUpload> {
  const url = new URL(req.url);
  const q = url.searchParams;
  const wait = !["false", "0", "no"].includes((q.get("wait") ?? "").toLowerCase());
  const declared = Number(req.headers.get("content-length") ?? "");
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const multipart = type.startsWith("multipart/form-data");
  // One upload (all its files) is at most MAX_IMPORT_BYTES, plus a little for the multipart framing.
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES + (multipart ? 1024 * 1024 : 0)) throw tooLarge("The upload");

  if (multipart) {
    const form = await req.formData().catch(() => null);
    if (!form) throw new ValidationError("The multipart body could not be read: send the export as a `file` field.");
    const parts = form.getAll("file").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f);
    if (!parts.length) throw new ValidationError("Choose at least one export file (a `file` field).");
    const big = parts.find((f) => f.size > MAX_IMPORT_BYTES);
    if (big) throw tooLarge(big.name || "A file");
    const empty = parts.find((f) => f.size === 0);
    if (empty) throw new ValidationError(`${empty.name || "A file"} is empty.`);
    const fields = ZImportRequest.parse({
      format: form.get("format") ?? q.get("format") ?? undefined,
      sourceKey: form.get("sourceKey") ?? q.get("sourceKey") ?? q.get("source") ?? undefined,
      environment: form.get("environment") ?? q.get("environment") ?? undefined,
    });
    const files = await Promise.all(parts.map(async (f) => ({ fileName: (f.name || "upload").replace(SAFE_NAME, "_").slice(0, 200), buffer: Buffer.from(await f.arrayBuffer()) })));
    return { files, fields, wait };
  }

  const fileName = (q.get("filename") ?? q.get("fileName") ?? "upload").replace(SAFE_NAME, "_").slice(0, 200) || "upload";
  const buffer = await readCapped(req, fileName);
  if (!buffer.length) {
    throw new ValidationError("The request has no body. Send the export as the body (Content-Type application/json or text/csv, ?filename=...) or as multipart/form-data.");
  }
  const fields = ZImportRequest.parse({ format: q.get("format") ?? undefined, sourceKey: q.get("sourceKey") ?? q.get("source") ?? undefined, environment: q.get("environment") ?? undefined });
  return { files: [{ fileName, buffer }], fields, wait };
}
