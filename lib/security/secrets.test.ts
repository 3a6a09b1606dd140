// Issue 6.8: no secret value ever reaches the database, the logs, audit rows or exports. Imports files that carry
// secret values (in the places real exports and careless hand-made files put them), then greps every store.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer;
const logged: string[] = [];

// Unique, greppable values; each stands for a real secret in a real file.
const S = Array.from({ length: 16 }, (_, i) => `CANARY${i}x${Math.random().toString(36).slice(2, 10)}SECRET`);
const b64 = (s: string) => Buffer.from(s).toString("base64");

const FILES: { name: string; format: string; text: string }[] = [
  {
    name: "steward-template.csv",
    format: "auto",
    text:
      "source,external_id,name,kind,credential_id,credential_type,password,secret,token,client_secret,private_key\n" +
      `manual:canary,svc-1,canary one,API_KEY,key-1,ACCESS_KEY,${S[0]},${S[1]},${S[2]},${S[3]},${S[4]}\n`,
  },
  {
    name: "steward-template.json",
    format: "auto",
    text: JSON.stringify({
      format: "steward-import/v1",
      source: "manual:canary-json",
      identities: [
        {
          externalId: "svc-2",
          name: "canary two",
          kind: "SERVICE_ACCOUNT",
          credentials: [{ id: "k2", type: "CLIENT_SECRET", value: S[5], secretValue: S[6], private_key: S[7], token: S[8] }],
        },
      ],
    }),
  },
  {
    name: "cyberark-onboarding.csv",
    format: "auto",
    text: `username,address,safe,platformID,password,disableAutoMgmt,disableAutoMgmtReason\nsvc_canary,db01.example,Data,WinServerLocal,${S[9]},no,\n`,
  },
  {
    name: "azure-sps.json",
    format: "azure",
    text: JSON.stringify({
      value: [
        {
          id: "6f2d8c1a-1111-4c3b-9d2e-0000000000c1",
          appId: "a1b2c3d4-0000-4000-8000-0000000000c1",
          displayName: "canary-sp",
          servicePrincipalType: "Application",
          passwordCredentials: [{ keyId: "c0ffee00-0000-4000-8000-0000000000c1", displayName: "ci", secretText: S[10], hint: S[11].slice(0, 12), endDateTime: "2030-01-01T00:00:00Z" }],
          keyCredentials: [],
        },
      ],
    }),
  },
  {
    name: "k8s-secrets.json",
    format: "k8s",
    text: JSON.stringify({
      kind: "List",
      items: [
        { kind: "ServiceAccount", metadata: { name: "canary-sa", namespace: "ns", uid: "uid-canary" } },
        {
          kind: "Secret",
          type: "kubernetes.io/service-account-token",
          metadata: { name: "canary-sa-token", namespace: "ns", annotations: { "kubernetes.io/service-account.name": "canary-sa", "kubectl.kubernetes.io/last-applied-configuration": S[12] } },
          data: { token: b64(S[13]) },
          stringData: { token: S[13] },
        },
      ],
    }),
  },
];

// Files that fail to parse: the error message must not quote the secret next to the error.
const BROKEN: { name: string; format: string; text: string }[] = [
  { name: "broken.json", format: "auto", text: `{"aws_secret_access_key": ${S[14]}}` },
  { name: "broken.yaml", format: "k8s", text: `apiVersion: v1\nkind: Secret\ndata:\n  token: ${S[15]}\n   bad: [indent\n` },
];

beforeAll(async () => {
  t = await setupTestDb();
  const { makeUser } = await import("../testing/fixtures");
  admin = await makeUser("ADMIN");
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.cleanup();
});

/**
 * Every canary starts with "CANARY" (base64 "Q0FOQVJZ"), which appears nowhere else: even a fragment of a secret
 * (parsers quote ten characters around a syntax error) is found. Returns the context of each hit.
 */
function leaks(text: string): string[] {
  return [...text.matchAll(/.{0,40}(CANARY|Q0FOQVJZ).{0,20}/g)].map((m) => m[0]);
}

describe("secret values never reach a store", () => {
  it("imports files carrying secrets and finds none of them in the database, responses, logs or exports", async () => {
    const { runImport } = await import("../imports/pipeline");
    const responses: unknown[] = [];
    for (const f of [...FILES, ...BROKEN]) {
      try {
        responses.push(await runImport({ viewer: admin, format: f.format, fileName: f.name, buffer: f.text }));
      } catch (err) {
        responses.push({ error: (err as Error).message });
      }
    }
    // The good files were really imported (so the check below covers real rows, not nothing).
    const { db } = await import("../db");
    const imported = await db.identity.findMany({ where: { OR: [{ name: { contains: "canary" } }, { externalId: { contains: "canary" } }] }, select: { name: true } });
    expect(imported.map((i) => i.name).sort()).toEqual(["canary one", "canary two", "canary-sp", "ns/canary-sa", "svc_canary@db01.example"].sort());
    // And the broken ones failed.
    expect(responses.slice(FILES.length).every((r) => typeof (r as { error?: string }).error === "string")).toBe(true);

    // Every table, every column.
    const tables = await db.$queryRaw<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    expect(tables.map((r) => r.name)).toEqual(expect.arrayContaining(["Identity", "Credential", "AuditEvent", "ImportJob"]));
    let dump = "";
    for (const { name } of tables) {
      const rows = await db.$queryRawUnsafe<{ r: unknown }[]>(`SELECT row_to_json(x) AS r FROM "${name.replace(/"/g, "")}" x`);
      dump += JSON.stringify(rows);
    }
    expect(leaks(dump), "secret values in the database").toEqual([]);

    // What the API would return, and what was logged meanwhile.
    expect(leaks(JSON.stringify(responses)), "secret values in import responses").toEqual([]);
    expect(leaks(logged.join("\n")), "secret values in logs").toEqual([]);

    // Exports: the inventory CSV and the audit log (JSON and CSV).
    const { exportInventoryCsv } = await import("../identities/export");
    const { ZInventoryQuery } = await import("../identities/schemas");
    const inventory = await new Response(exportInventoryCsv(admin, ZInventoryQuery.parse({}))).text();
    expect(inventory).toContain("canary one");
    const { exportAuditLog } = await import("../audit/export");
    const { ZAuditFilters } = await import("../audit/schemas");
    const auditJson = await new Response((await exportAuditLog(admin, ZAuditFilters.parse({}), "json")).body).text();
    const auditCsv = await new Response((await exportAuditLog(admin, ZAuditFilters.parse({}), "csv")).body).text();
    expect(auditJson).toContain("import.run");
    expect(leaks(inventory + auditJson + auditCsv), "secret values in exports").toEqual([]);
  });
});

describe("parser messages", () => {
  it("keep the error, drop the input quoted around it", async () => {
    const { parserMessage } = await import("../importers/util");
    const msg = (text: string) => {
      try {
        JSON.parse(text);
        return "";
      } catch (err) {
        return parserMessage(err);
      }
    };
    expect(msg(`{"aws_secret_access_key": ${S[0]}}`)).toBe("Unexpected token 'C' is not valid JSON");
    expect(msg(`[1, ${S[1]}`)).not.toContain("CANARY");
    expect(msg(`{"a":1`)).toMatch(/position 6/);
    expect(parserMessage(new Error(`Bad indentation at line 3:\n  token: ${S[2]}\n  ^^^`))).toBe("Bad indentation at line 3");
    expect(parserMessage(new Error(`Unknown value "${S[3]}" for kind`))).toBe("Unknown value (…) for kind");
  });
});
