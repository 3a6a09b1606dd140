// Issue 6.7: every /api/v1 route handler (found in the source tree, so new routes are fuzzed too) and every
// importer gets malformed JSON, wrong types, huge strings and Unicode edge cases. Expected: a 4xx with a clear
// error body, never a 500, never a partial write.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { discoverRoutes } from "../../e2e/access/discover";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let db: typeof import("../db").db;
let admin: Viewer;
let token: string;

const HUGE = "x".repeat(2 * 1024 * 1024);
// Thousands of requests from one token: the per-minute limit would answer most of them with 429 and hide the rest.
process.env.STEWARD_API_RATE_LIMIT = "1000000";
const WEIRD = ["\u0000", "a\u0000b", "\ud800", "\udfff", "\u202Eevil", "𝕊𝕥𝕖𝕨", "e\u0301\u0301\u0301", "\u200B", "'; DROP TABLE \"User\"; --", "../../../etc/passwd", "%00", "<script>alert(1)</script>", "💥".repeat(5000)];

// encodeURIComponent refuses lone surrogates; send the bytes a client would (the UTF-8 of a surrogate, invalid).
const enc = (w: string) => {
  try {
    return encodeURIComponent(w);
  } catch {
    return "%ED%A0%80";
  }
};

/** Query strings: wrong types, out-of-range numbers, huge and odd text in every parameter the routes know. */
const QUERIES = [
  "limit=abc", "limit=-1", "limit=0", "limit=1e309", "limit=99999999999999999999", "limit=1&limit=2", "cursor=" + "x".repeat(10_000),
  "cursor=%00", "cursor=%ZZ", "format=xml", "format=../../x", "from=2026-02-31", "to=not-a-date", "actor=%00", "actor=%ED%A0%80",
  ...WEIRD.map((w) => `action=${enc(w)}&targetId=${enc(w)}&q=${enc(w)}&actor=${enc(w)}`),
];

/** JSON bodies: malformed, wrong top-level types, wrong field types, huge, deep, odd text. */
const BODIES: { body: string; type?: string }[] = [
  { body: "" }, { body: "{" }, { body: "[1," }, { body: "nul" }, { body: "{\"a\":}" }, { body: "\u0000" },
  { body: "null" }, { body: "123" }, { body: "\"str\"" }, { body: "[]" }, { body: "true" },
  { body: JSON.stringify({ name: 123, scopes: "all", limit: {}, id: [], expiresAt: "soon", format: 7, identityIds: "x" }) },
  { body: JSON.stringify({ name: HUGE }) },
  { body: "[".repeat(100_000) + "]".repeat(100_000) },
  { body: JSON.stringify(Array.from({ length: 200 }, () => ({}))).replace(/\{\}/g, () => "[".repeat(50) + "]".repeat(50)) },
  ...WEIRD.map((w) => ({ body: JSON.stringify({ name: w, id: w, purpose: w, comment: w, justification: w, [w]: w }) })),
  { body: "{\"name\":\"\\ud800\"}" },
  { body: "not json at all", type: "text/plain" },
  { body: "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n", type: "multipart/form-data; boundary=x" },
  { body: "garbage", type: "multipart/form-data" },
];

const DYNAMIC_VALUES = ["does-not-exist", "%00", "'; --", "x".repeat(5000), "\u202E", "..%2F..%2Fetc"];

// Tables whose row counts must not move when a request is refused. ImportJob and AuditEvent may: a refused import
// records a FAILED job and its audit event, by design.
const ALLOWED_TO_GROW = new Set(["ImportJob", "AuditEvent", "_prisma_migrations"]);

async function counts(): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    if (ALLOWED_TO_GROW.has(name)) continue;
    const [r] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name.replace(/"/g, "")}"`);
    out[name] = Number(r!.n);
  }
  return out;
}

beforeAll(async () => {
  t = await setupTestDb();
  ({ db } = await import("../db"));
  const { makeUser } = await import("../testing/fixtures");
  const { createApiToken, grantableScopes } = await import("../tokens/mutations");
  admin = await makeUser("ADMIN");
  token = (await createApiToken(admin, { name: "fuzz", scopes: grantableScopes(admin), expiresInDays: 1 })).token;
  // A little real data so handlers have rows to trip over.
  const { runImport } = await import("../imports/pipeline");
  const fs = await import("node:fs");
  await runImport({ viewer: admin, format: "auto", fileName: "t.csv", buffer: fs.readFileSync(path.resolve("public/templates/steward-import-template.csv")) });
});
afterAll(async () => {
  await t?.cleanup();
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const apiRoutes = discoverRoutes().filter((r) => r.kind === "route" && r.pattern!.startsWith("/api/v1/"));

async function expectClearRefusalOrSuccess(res: Response, what: string) {
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text, `${what}: no stack traces`).not.toMatch(/\n\s+at\s|node_modules|prisma|SELECT |INSERT /i);
  if (res.status >= 400) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, `${what}: error.code`).toBe("string");
    expect(typeof body.error?.message, `${what}: error.message`).toBe("string");
    expect((body.error!.message as string).length, `${what}: a short message`).toBeLessThan(1000);
  }
}

describe("API fuzzing", () => {
  it("finds the API routes to fuzz", () => {
    expect(apiRoutes.map((r) => r.key)).toEqual(expect.arrayContaining(["GET /api/v1/audit", "POST /api/v1/imports"]));
  });

  for (const route of apiRoutes) {
    it(`${route.key}: malformed input gets a 4xx with a clear body, never a 500 or a partial write`, async () => {
      const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const mod = (await import(path.resolve(route.file))) as Record<string, Handler>;
      const handler = mod[route.name!]!;
      const names = [...route.pattern!.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
      const paramSets = names.length ? DYNAMIC_VALUES.map((v) => Object.fromEntries(names.map((n) => [n, v]))) : [{}];
      const auth = { authorization: `Bearer ${token}` };
      for (const params of paramSets) {
        const urlPath = route.pattern!.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, n: string) => encodeURIComponent(params[n] ?? "x"));
        const ctx = () => ({ params: Promise.resolve(params) });
        for (const q of QUERIES) {
          const res = await handler(new Request(`http://steward.test${urlPath}?${q}`, { method: route.name, headers: auth }), ctx());
          await expectClearRefusalOrSuccess(res, `${route.key} ?${q.slice(0, 60)}`);
        }
        if (route.name === "GET" || route.name === "HEAD") continue;
        for (const { body, type } of BODIES) {
          const before = await counts();
          const res = await handler(
            new Request(`http://steward.test${urlPath}`, { method: route.name, headers: { ...auth, "content-type": type ?? "application/json" }, body }),
            ctx(),
          );
          const status = res.status;
          await expectClearRefusalOrSuccess(res, `${route.key} body ${JSON.stringify(body.slice(0, 40))}`);
          if (status >= 400) expect(await counts(), `${route.key}: a refused request wrote nothing`).toEqual(before);
        }
      }
      expect(spy, "no unexpected error was logged (each would have been a 500)").not.toHaveBeenCalled();
      spy.mockRestore();
    }, 600_000);
  }
});

describe("importer fuzzing", () => {
  const GARBAGE: { name: string; text: string | Buffer }[] = [
    { name: "empty.csv", text: "" },
    { name: "spaces.json", text: "   \n  " },
    { name: "brace.json", text: "{" },
    { name: "array.json", text: "[]" },
    { name: "null.json", text: "null" },
    { name: "number.json", text: "42" },
    { name: "object.json", text: '{"a":1}' },
    { name: "wrong-types.json", text: JSON.stringify({ format: "steward-import/v1", source: 5, identities: "many" }) },
    { name: "wrong-types-2.json", text: JSON.stringify({ format: "steward-import/v1", identities: [{ externalId: 1, name: null, kind: "ROBOT", credentials: "x", entitlements: [null, 3] }] }) },
    { name: "deep.json", text: "[".repeat(50_000) + "]".repeat(50_000) },
    { name: "huge-field.json", text: JSON.stringify({ format: "steward-import/v1", source: "manual:x", identities: [{ externalId: HUGE, name: HUGE, kind: "API_KEY" }] }) },
    { name: "binary.bin", text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe, 0x00]) },
    { name: "utf16-garbage.csv", text: Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8]) },
    { name: "header-only.csv", text: "source,external_id,name,kind\n" },
    { name: "ragged.csv", text: 'source,external_id,name,kind\nmanual:x,"unterminated,a,API_KEY\n' },
    { name: "nul.csv", text: "source,external_id,name,kind\nmanual:x,id\u0000,na\u0000me,API_KEY\n" },
    { name: "nul-escape.json", text: JSON.stringify({ format: "steward-import/v1", source: "manual:nul", identities: [{ externalId: "a\u0000b", name: "n\ud800", kind: "API_KEY", tags: { "k\u0000": "v\u0000" } }] }) },
    { name: "nul-escape.yaml", text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "sa\\0x"\n  namespace: "ns"\n  uid: "u\\0"\n' },
    { name: "weird.csv", text: "source,external_id,name,kind\n" + WEIRD.map((w, i) => `manual:weird,${JSON.stringify(w + i)},${JSON.stringify(w)},API_KEY`).join("\n") },
    { name: "yaml-bomb.yaml", text: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n' },
    { name: "k8s-wrong.yaml", text: "apiVersion: v1\nkind: List\nitems:\n  - kind: ServiceAccount\n    metadata: 7\n  - kind: RoleBinding\n    subjects: oops\n" },
    { name: "aws-cred-report.csv", text: "user,arn,user_creation_time,password_enabled\nroot,arn:aws:iam::1:root,not-a-date,maybe\n" },
  ];

  it("every format refuses garbage with a clear error or reads it with row errors; a failed import writes no data", async () => {
    const { FORMAT_NAMES } = await import("../importers");
    const { runImport } = await import("../imports/pipeline");
    const { ValidationError } = await import("../errors");
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    for (const format of ["auto", ...FORMAT_NAMES]) {
      for (const g of GARBAGE) {
        const before = await counts();
        const what = `${format} × ${g.name}`;
        let outcome: { status: string } | { error: unknown };
        try {
          // As uploaded: bytes, not a JS string.
          outcome = await runImport({ viewer: admin, format, fileName: g.name, buffer: Buffer.from(g.text), sourceKey: format === "auto" ? undefined : `${format.split("-")[0]}:fuzz` });
        } catch (error) {
          outcome = { error };
        }
        if ("error" in outcome) {
          // The API maps a ValidationError to 4xx; anything else would be a 500.
          const err = outcome.error as Error;
          expect(err, `${what}: ${err.message?.slice(0, 200)}`).toBeInstanceOf(ValidationError);
          expect(err.message.length, what).toBeLessThan(2000);
        } else {
          expect(["SUCCEEDED", "PARTIAL", "FAILED"], what).toContain(outcome.status);
        }
        if ("error" in outcome || outcome.status === "FAILED") expect(await counts(), `${what}: nothing written`).toEqual(before);
      }
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }, 600_000);
});

describe("a file whose every record is rejected", () => {
  it("is refused before any write: a full export cannot mark its whole source deleted", async () => {
    const { runImport, ImportFailedError } = await import("../imports/pipeline");
    const list = (items: unknown[]) => Buffer.from(JSON.stringify({ kind: "List", items }));
    const sa = (name: string) => ({ kind: "ServiceAccount", metadata: { name, namespace: "ns", uid: `uid-${name}` } });
    await runImport({ viewer: admin, format: "k8s", fileName: "full.json", buffer: list([sa("keep-a"), sa("keep-b")]), sourceKey: "k8s:rejected" });
    const active = () => db.identity.count({ where: { source: { key: "k8s:rejected" }, status: "ACTIVE" } });
    expect(await active()).toBe(2);
    const err = await runImport({ viewer: admin, format: "k8s", fileName: "broken.json", buffer: list([{ kind: "ServiceAccount", metadata: {} }]), sourceKey: "k8s:rejected" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFailedError);
    expect((err as Error).message).toMatch(/No record of broken.json could be imported: 1 rejected/);
    expect(await active()).toBe(2);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: (err as { jobId: string }).jobId } });
    expect(job.status).toBe("FAILED");
    expect(JSON.stringify(job.errors)).toContain("no metadata.name");
  });
});
