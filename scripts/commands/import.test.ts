// The CLI contract: `npm run -s steward -- import --format auto|<name> FILE [--source KEY] [--json]` prints one JSON
// object on the last line of stdout and exits 0 when the import landed (even with rejected rows), 1 when nothing
// landed, 2 for a usage error. Run in-process on a fresh database, one realistic export per format.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../../lib/testing/test-db";

const FIX = path.resolve(import.meta.dirname, "../../lib/importers/__fixtures__");
const TEMPLATES = path.resolve(import.meta.dirname, "../../public/templates");
const KEYS = ["format", "source", "status", "identities", "credentials", "entitlements", "created", "updated", "unchanged", "deletedAtSource", "failed", "errors"];

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

/** Runs the command; returns the exit code and the parsed last line of stdout. */
async function cli(...argv: string[]): Promise<{ code: number; json: Record<string, unknown>; stdout: string[] }> {
  const { runImport } = await import("./import");
  const stdout: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void stdout.push(a.join(" ")));
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = await runImport(argv);
    return { code, json: JSON.parse(stdout[stdout.length - 1] ?? "null"), stdout };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

const FORMATS: [string, string[], string][] = [
  ["aws-credential-report", [path.join(FIX, "aws-credential-report.csv")], "aws:123456789012"],
  // Its own account, so the credential report's users above are not "updated" by it.
  ["aws-authorization-details", [path.join(FIX, "aws-authorization-details.json"), "--source", "aws:999999999999"], "aws:999999999999"],
  ["gcp", [path.join(FIX, "gcp-service-accounts.json"), path.join(FIX, "gcp-keys-etl-runner.json"), path.join(FIX, "gcp-iam-policy.json")], "gcp:analytics-prod-3381"],
  ["azure", [path.join(FIX, "azure-sp-graph.json"), path.join(FIX, "azure-apps.json")], ""],
  ["k8s", [path.join(FIX, "k8s-rbac-list.json")], ""],
  ["github", [path.join(FIX, "github-pat-grants.json")], ""],
  ["cyberark", [path.join(FIX, "cyberark-account-report.csv")], ""],
  ["generic", [path.join(TEMPLATES, "steward-import-template.csv")], "manual:saas"],
];

describe("steward import --json", () => {
  for (const [format, files, source] of FORMATS) {
    it(`${format}: one JSON report line, exit 0, and the same file again changes nothing`, async () => {
      const first = await cli("--format", "auto", ...files, "--json");
      expect(first.code).toBe(0);
      for (const k of KEYS) expect(first.json).toHaveProperty(k);
      expect(first.json).toMatchObject({ format, status: expect.stringMatching(/^(SUCCEEDED|PARTIAL)$/), updated: 0, unchanged: 0 });
      expect(first.json.created).toBeGreaterThan(0);
      if (source) expect(first.json.source).toBe(source);
      expect((first.json.errors as { row: unknown; message: string }[]).every((e) => "row" in e && typeof e.message === "string")).toBe(true);
      expect(first.stdout).toHaveLength(1);

      const again = await cli(...files, "--json");
      expect(again.code).toBe(0);
      expect(again.json).toMatchObject({ format, created: 0, updated: 0, deletedAtSource: 0, unchanged: first.json.created });
    });
  }

  it("rejected rows: exit 0 (the rest landed), each with its row", async () => {
    const r = await cli(path.join(FIX, "generic-bad-rows.csv"), "--source", "manual:cli-bad", "--json");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "PARTIAL", created: 2, failed: 4, source: "manual:cli-bad" });
    expect((r.json.errors as { row: number }[]).map((e) => e.row)).toEqual([3, 4, 5, 6]);
  });

  it("nothing landed: exit 1 with the reason naming the file", async () => {
    const r = await cli("--format", "aws-credential-report", path.join(FIX, "k8s-rbac.yaml"), "--json");
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "FAILED", created: 0, errors: [{ row: null, message: expect.stringMatching(/k8s-rbac.yaml.*not an AWS credential report/) }] });
    const missing = await cli("/nonexistent/export.json", "--json");
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ status: "FAILED", errors: [{ message: expect.stringMatching(/Cannot read export.json: ENOENT/) }] });
  });

  it("usage errors: exit 2, still one JSON line", async () => {
    const r = await cli("--json", "--frobnicate", "x.csv");
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "FAILED" });
  });

  it("--dry-run reports what would change and writes nothing", async () => {
    const { db } = await import("../../lib/db");
    const jobs = await db.importJob.count();
    const r = await cli(path.join(FIX, "github-deploy-keys.json"), "--dry-run", "--json");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ dryRun: true, jobId: null, format: "github" });
    expect(r.json.created).toBeGreaterThan(0);
    expect(await db.importJob.count()).toBe(jobs);
  });
});
