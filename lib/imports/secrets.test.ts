// "Never store a secret value": for every format, an export carrying secret values (as the real exports do, or
// planted where a careless export would put them) is imported, previewed and re-imported, and then no table of the
// database and nothing logged holds any of them.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer;
const FIX = path.resolve(import.meta.dirname, "../importers/__fixtures__");
const read = (name: string) => fs.readFileSync(path.join(FIX, name), "utf8");
const NOW = new Date("2024-12-01T00:00:00Z");

/** Every secret value below, as a pattern. */
const SECRETS =
  /AWS-SECRET-PAYLOAD|wJalrXUtnFEMI|LOGIN-PASSWORD-PAYLOAD|ewogICJ0eXBl|SUPER-SECRET|PRIVATE-LOOKING|legacy-secret-value|Pa55w0rd|ZXlKaGJH|hunter2|s3cr3t|AAAAC3NzaC1lZDI1NTE5|ghp_SECRETPAYLOAD|github_pat_SECRETPAYLOAD|GENERIC-JSON-SECRET/;

/** One export per format, each carrying secret values. */
function exportsWithSecrets(): Record<string, { fileName: string; buffer: string }[]> {
  // The credential report has no secret columns; a hand-made one might: extra columns are read by name, never kept.
  const report = read("aws-credential-report.csv").split("\n");
  report[0] += ",secret_access_key,password";
  for (let i = 1; i < report.length; i++) if (report[i].trim()) report[i] += ",wJalrXUtnFEMI/AWS-SECRET-PAYLOAD,LOGIN-PASSWORD-PAYLOAD";
  const authz = JSON.parse(read("aws-authorization-details.json"));
  authz.UserDetailList[0].AccessKeys = [{ AccessKeyId: "AKIAEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/AWS-SECRET-PAYLOAD" }];
  authz.UserDetailList[0].LoginProfile = { Password: "LOGIN-PASSWORD-PAYLOAD" };
  const pats = JSON.parse(read("github-pat-grants.json"));
  pats[0].token = "ghp_SECRETPAYLOAD0000000000000000000000";
  pats[0].token_value = "github_pat_SECRETPAYLOAD";
  return {
    "aws-credential-report": [{ fileName: "credential-report.csv", buffer: report.join("\n") }],
    "aws-authorization-details": [{ fileName: "authz.json", buffer: JSON.stringify(authz) }],
    gcp: [{ fileName: "sa.json", buffer: read("gcp-service-accounts.json") }, { fileName: "keys.json", buffer: read("gcp-keys-etl-runner.json") }],
    azure: [{ fileName: "apps.json", buffer: read("azure-apps.json") }, { fileName: "sps.json", buffer: read("azure-sp-graph.json") }],
    "azure-legacy": [{ fileName: "legacy.json", buffer: read("azure-sp-legacy.json") }],
    k8s: [{ fileName: "rbac.yaml", buffer: read("k8s-rbac.yaml") }],
    github: [{ fileName: "pats.json", buffer: JSON.stringify(pats) }],
    "github-keys": [{ fileName: "keys.json", buffer: read("github-deploy-keys.json") }],
    cyberark: [{ fileName: "onboarding.csv", buffer: read("cyberark-onboarding.csv") }],
    generic: [{ fileName: "bad-rows.csv", buffer: read("generic-bad-rows.csv") }],
    "generic-json": [
      {
        fileName: "inventory.json",
        buffer: JSON.stringify({
          format: "steward-import/v1",
          source: "manual:secrets",
          identities: [{ externalId: "k", name: "k", kind: "API_KEY", secret: "GENERIC-JSON-SECRET", credentials: [{ id: "c1", type: "TOKEN", value: "GENERIC-JSON-SECRET", password: "GENERIC-JSON-SECRET" }] }],
        }),
      },
    ],
  };
}

beforeAll(async () => {
  t = await setupTestDb();
  const fx = await import("../testing/fixtures");
  admin = await fx.makeUser("ADMIN");
});

afterAll(async () => {
  await t?.cleanup();
});

/** Every row of every table, as text. */
async function databaseText(): Promise<string> {
  const { db } = await import("../db");
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = await db.$queryRawUnsafe<{ t: string | null }[]>(`SELECT string_agg(x::text, E'\\n') AS t FROM "${tablename}" x`);
    parts.push(rows[0]?.t ?? "");
  }
  return parts.join("\n");
}

describe("secret values are never stored or logged", () => {
  it("for every format: import, preview, re-import", async () => {
    const { runImport, previewImport } = await import("./pipeline");
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "))),
    );
    try {
      for (const [name, files] of Object.entries(exportsWithSecrets())) {
        // The files do carry the secrets (so the test can fail).
        expect([name, files.map((f) => f.buffer).join("\n")]).toEqual([name, expect.stringMatching(SECRETS)]);
        const preview = await previewImport({ viewer: admin, format: "auto", files, now: NOW });
        expect([name, JSON.stringify(preview)]).not.toEqual([name, expect.stringMatching(SECRETS)]);
        const first = await runImport({ viewer: admin, format: "auto", files, now: NOW });
        expect([name, first.identities.created + first.identities.updated + first.identities.unchanged]).not.toEqual([name, 0]);
        expect([name, JSON.stringify(first)]).not.toEqual([name, expect.stringMatching(SECRETS)]);
        await runImport({ viewer: admin, format: "auto", files, now: NOW });
      }
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    const text = await databaseText();
    expect(text.length).toBeGreaterThan(1000);
    expect(text.match(SECRETS)?.[0] ?? null).toBeNull();
    expect(logged.join("\n").match(SECRETS)?.[0] ?? null).toBeNull();
  });
});
