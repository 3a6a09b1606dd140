// Upload reading (lib/imports/http.ts): files are streamed to a private temporary directory, sizes are refused while
// streaming, and the directory is removed in every path. MAX_IMPORT_BYTES is lowered to 1 MB here so that the
// oversize cases stay small.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const LIMIT = 1024 * 1024;
vi.mock("./schemas", async (importOriginal) => ({ ...(await importOriginal<typeof import("./schemas")>()), MAX_IMPORT_BYTES: LIMIT }));
vi.mock("../auth/session", () => ({ getViewer: async () => null }));

const { readImportUpload, withImportUpload, PayloadTooLargeError } = await import("./http");
const { UPLOAD_DIR_PREFIX } = await import("./upload-dirs");
const { ValidationError } = await import("../errors");
const { UnsafeBodyError } = await import("../api/route");

let tmp: string;
let savedTmp: string | undefined;
beforeEach(() => {
  // os.tmpdir() follows TMPDIR: every test gets its own, to see exactly what is left behind.
  savedTmp = process.env.TMPDIR;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "http-test-"));
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const left = () => fs.readdirSync(tmp);
const URL_BASE = "http://steward.test/api/v1/imports";
const CSV = "external_id,name,kind\nk-1,one,API_KEY\n";

function multipart(form: FormData, query = ""): Request {
  return new Request(URL_BASE + query, { method: "POST", body: form });
}

/** A body sent in chunks with no Content-Length (chunked): `head`, then `fill` repeated forever, or `tail` once. */
function streamed(type: string, head: string, fill: Uint8Array, opts: { tail?: string; chunks?: number } = {}) {
  const sent = { bytes: 0, cancelled: false };
  let i = 0;
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = i === 0 ? enc.encode(head) : opts.chunks !== undefined && i > opts.chunks ? null : fill;
      i++;
      if (!chunk) {
        if (opts.tail) controller.enqueue(enc.encode(opts.tail));
        controller.close();
        return;
      }
      sent.bytes += chunk.length;
      controller.enqueue(chunk);
    },
    cancel() {
      sent.cancelled = true;
    },
  });
  const req = new Request(URL_BASE, { method: "POST", body, headers: { "content-type": type }, duplex: "half" } as RequestInit);
  return { req, sent };
}

describe("readImportUpload", () => {
  it("streams two multipart files to a private directory and keeps the fields", async () => {
    const form = new FormData();
    form.set("format", "generic");
    form.set("sourceKey", "manual:upload-test");
    form.set("environment", "PROD");
    form.append("file", new Blob([CSV]), "first.csv");
    form.append("file", new Blob(["second\n"]), "../../etc/pass wd;$(x).csv");
    form.append("other", new Blob(["ignored"]), "ignored.txt");
    const upload = await readImportUpload(multipart(form, "?wait=false"));
    try {
      expect(upload.fields).toEqual({ format: "generic", sourceKey: "manual:upload-test", environment: "PROD" });
      expect(upload.wait).toBe(false);
      // The directory part of a sent name is dropped (busboy), the rest sanitized as before.
      expect(upload.files.map((f) => f.fileName)).toEqual(["first.csv", "pass wd_(x).csv"]);
      expect(upload.files.map((f) => fs.readFileSync(f.path, "utf8"))).toEqual([CSV, "second\n"]);
      // One directory of ours under the temp dir, 0700, the files 0600, nothing else in it.
      expect(left()).toHaveLength(1);
      const dir = path.join(tmp, left()[0]);
      expect(left()[0].startsWith(UPLOAD_DIR_PREFIX)).toBe(true);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of upload.files) {
        expect(path.dirname(f.path)).toBe(dir);
        expect(fs.statSync(f.path).mode & 0o777).toBe(0o600);
      }
      expect(fs.readdirSync(dir)).toHaveLength(2);
    } finally {
      await upload.cleanup();
    }
    expect(left()).toEqual([]);
    // Idempotent.
    await upload.cleanup();
  });

  it("takes the fields from the query when the form has none", async () => {
    const form = new FormData();
    form.append("file", new Blob([CSV]), "a.csv");
    const upload = await readImportUpload(multipart(form, "?format=generic&source=manual:q"));
    expect(upload.fields).toMatchObject({ format: "generic", sourceKey: "manual:q" });
    expect(upload.wait).toBe(true);
    await upload.cleanup();
  });

  it("streams a raw body to a file named by ?filename", async () => {
    const req = new Request(`${URL_BASE}?filename=${encodeURIComponent("my export/1.csv")}&format=generic&sourceKey=manual:raw`, {
      method: "POST", body: CSV, headers: { "content-type": "text/csv" },
    });
    const upload = await readImportUpload(req);
    expect(upload.files).toHaveLength(1);
    expect(upload.files[0].fileName).toBe("my export_1.csv");
    expect(fs.readFileSync(upload.files[0].path, "utf8")).toBe(CSV);
    expect(fs.statSync(upload.files[0].path).mode & 0o777).toBe(0o600);
    expect(upload.fields).toMatchObject({ format: "generic", sourceKey: "manual:raw" });
    await upload.cleanup();
    expect(left()).toEqual([]);
  });

  it("refuses a raw body past the limit while streaming it, and leaves no file", async () => {
    const { req, sent } = streamed("text/csv", "external_id,name\n", new Uint8Array(64 * 1024).fill(0x61));
    const err = await readImportUpload(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as Error).message).toMatch(/^upload is larger than 1 MB\. Import it with the CLI/);
    // Stopped soon after the limit, not read to the end (the body never ends).
    expect(sent.bytes).toBeLessThan(LIMIT + 20 * 64 * 1024);
    expect(sent.cancelled).toBe(true);
    expect(left()).toEqual([]);
  });

  it("refuses a multipart file past the limit while streaming it, and leaves no file", async () => {
    const head = `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const { req, sent } = streamed("multipart/form-data; boundary=XyZ", head, new Uint8Array(64 * 1024).fill(0x61));
    const err = await readImportUpload(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as Error).message).toMatch(/^huge\.csv is larger than 1 MB/);
    expect(sent.bytes).toBeLessThan(LIMIT + 20 * 64 * 1024);
    expect(left()).toEqual([]);
  });

  it("refuses files that together pass the limit", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(LIMIT * 0.6)]), "a.csv");
    form.append("file", new Blob([new Uint8Array(LIMIT * 0.6)]), "b.csv");
    const err = await readImportUpload(multipart(form)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as Error).message).toMatch(/^The upload is larger than 1 MB/);
    expect(left()).toEqual([]);
  });

  it("refuses a declared Content-Length past the limit before reading anything", async () => {
    const req = new Request(URL_BASE, { method: "POST", body: "x", headers: { "content-type": "text/csv", "content-length": String(LIMIT + 1) } });
    await expect(readImportUpload(req)).rejects.toThrow(/^The upload is larger than 1 MB/);
    expect(left()).toEqual([]);
  });

  it("answers a malformed or truncated multipart body with a 400 error, not a crash", async () => {
    const bad = [
      new Request(URL_BASE, { method: "POST", body: "not a form", headers: { "content-type": "multipart/form-data" } }),
      new Request(URL_BASE, { method: "POST", body: "no boundary in here at all", headers: { "content-type": "multipart/form-data; boundary=XyZ" } }),
      new Request(URL_BASE, {
        method: "POST",
        body: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\n\r\n${CSV}`,
        headers: { "content-type": "multipart/form-data; boundary=XyZ" },
      }),
    ];
    for (const req of bad) {
      const err = await readImportUpload(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).not.toBeInstanceOf(PayloadTooLargeError);
      expect((err as Error).message).toMatch(/multipart body could not be read|at least one export file/);
    }
    expect(left()).toEqual([]);
  });

  it("refuses an upload without a file, an empty file and an empty body", async () => {
    const fields = new FormData();
    fields.set("format", "auto");
    await expect(readImportUpload(multipart(fields))).rejects.toThrow("Choose at least one export file (a `file` field).");
    const empty = new FormData();
    empty.append("file", new Blob([CSV]), "full.csv");
    empty.append("file", new Blob([]), "empty.csv");
    await expect(readImportUpload(multipart(empty))).rejects.toThrow("empty.csv is empty.");
    await expect(readImportUpload(new Request(URL_BASE, { method: "POST", body: "", headers: { "content-type": "text/csv" } }))).rejects.toThrow(/The request has no body/);
    await expect(readImportUpload(new Request(URL_BASE, { method: "POST" }))).rejects.toThrow(/The request has no body/);
    expect(left()).toEqual([]);
  });

  it("refuses NUL characters in fields and file names, and bad field values, leaving no file", async () => {
    const nul = new FormData();
    nul.set("format", "gen\u0000eric");
    nul.append("file", new Blob([CSV]), "a.csv");
    await expect(readImportUpload(multipart(nul))).rejects.toBeInstanceOf(UnsafeBodyError);
    const badEnv = new FormData();
    badEnv.append("file", new Blob([CSV]), "a.csv");
    badEnv.set("environment", "MOON");
    await expect(readImportUpload(multipart(badEnv))).rejects.toThrow();
    expect(left()).toEqual([]);
  });
});

describe("withImportUpload", () => {
  const upload = () => {
    const form = new FormData();
    form.append("file", new Blob([CSV]), "a.csv");
    return multipart(form);
  };

  it("removes the files when the handler returns or throws", async () => {
    let seen: string[] = [];
    const res = await withImportUpload(upload(), async (u) => {
      seen = u.files.map((f) => f.path);
      expect(fs.existsSync(seen[0])).toBe(true);
      return new Response("ok");
    });
    expect(await res.text()).toBe("ok");
    expect(left()).toEqual([]);
    await expect(withImportUpload(upload(), async () => {
      throw new Error("boom");
    })).rejects.toThrow("boom");
    expect(left()).toEqual([]);
  });

  it("keeps the files for a background task and removes them when it settles, success or failure", async () => {
    for (const outcome of ["resolve", "reject"] as const) {
      let task!: () => Promise<void>;
      let file = "";
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      await withImportUpload(upload(), async (u) => {
        file = u.files[0].path;
        task = u.removeAfter(async () => {
          await gate;
          expect(fs.readFileSync(file, "utf8")).toBe(CSV);
          if (outcome === "reject") throw new Error("import failed");
        });
        return new Response(null, { status: 202 });
      });
      // The response is out; the files wait for the task.
      expect(fs.existsSync(file)).toBe(true);
      const running = task();
      release();
      if (outcome === "reject") await expect(running).rejects.toThrow("import failed");
      else await running;
      expect(left()).toEqual([]);
    }
  });

  it("removes the files when the handler throws after handing them over", async () => {
    await expect(withImportUpload(upload(), async (u) => {
      u.removeAfter(async () => {});
      throw new Error("after() failed");
    })).rejects.toThrow("after() failed");
    expect(left()).toEqual([]);
  });

  it("answers an oversize upload with 413", async () => {
    const req = new Request(URL_BASE, { method: "POST", body: new Uint8Array(LIMIT + 1), headers: { "content-type": "text/csv" } });
    const res = await withImportUpload(req, async () => new Response("not reached"));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/is larger than 1 MB/);
    expect(left()).toEqual([]);
  });
});
