import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";
import { ZAuditFilters } from "./schemas";

let t: TestDb;
let auditor: Viewer;
let owner: Viewer;

beforeAll(async () => {
  t = await setupTestDb();
  const { makeUser } = await import("../testing/fixtures");
  const { recordAuditStandalone } = await import("./log");
  auditor = await makeUser("AUDITOR");
  owner = await makeUser("OWNER");
  await recordAuditStandalone({ actor: { id: owner.id, email: owner.email }, action: "identity.update", targetType: "Identity", targetId: "nhi-1", before: { purpose: "old" }, after: { purpose: "=HYPERLINK(\"x\")" } });
  await recordAuditStandalone({ actor: null, action: "auth.signin.failure", meta: { reason: "bad-password" } });
  await recordAuditStandalone({ actor: { id: owner.id, email: owner.email }, action: "identity.update", targetType: "Identity", targetId: "nhi-2", after: { purpose: "p" } });
});
afterAll(async () => {
  await t?.cleanup();
});

const F = (sp: Record<string, string>) => ZAuditFilters.parse(sp);

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("audit queries", () => {
  it("filters by actor, action, target and date; pages newest first; lists facets", async () => {
    const { listAuditEvents, listAuditEventsPage, getAuditFacets, getChainHead } = await import("./queries");
    const { ZAuditQuery } = await import("./schemas");
    const q = (sp: Record<string, string>) => ZAuditQuery.parse(sp);
    expect((await listAuditEvents(auditor, q({ actor: owner.email.toUpperCase() }))).total).toBe(2);
    expect((await listAuditEvents(auditor, q({ action: "auth.signin.failure" }))).total).toBe(1);
    expect((await listAuditEvents(auditor, q({ targetType: "Identity", targetId: "nhi-2" }))).rows.map((r) => r.targetId)).toEqual(["nhi-2"]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditEvents(auditor, q({ from: today, to: today }))).total).toBe(3);
    expect((await listAuditEvents(auditor, q({ to: "2000-01-01" }))).total).toBe(0);
    // Bad filter values are ignored, not errors.
    expect((await listAuditEvents(auditor, q({ from: "yesterday", page: "-4" }))).total).toBe(3);
    const all = await listAuditEvents(auditor, q({}));
    expect(Number(all.rows[0]!.seq)).toBeGreaterThan(Number(all.rows[1]!.seq));
    const p1 = await listAuditEventsPage(auditor, F({}), undefined, 2);
    expect(p1.data).toHaveLength(2);
    const p2 = await listAuditEventsPage(auditor, F({}), p1.nextCursor!, 2);
    expect(p2.data.map((r) => r.seq)).toEqual([all.rows[2]!.seq]);
    expect(p2.nextCursor).toBeNull();
    expect(await getAuditFacets(auditor)).toEqual({ actions: ["auth.signin.failure", "identity.update"], targetTypes: ["Identity"] });
    expect((await getChainHead(auditor))?.hash).toBe(all.rows[0]!.hash);
    await expect(listAuditEvents(owner, q({}))).rejects.toThrow();
  });
});

describe("audit export", () => {
  it("JSON export carries the chain head, includes its own export event and verifies offline", async () => {
    const { exportAuditLog } = await import("./export");
    const { verifyExportFile } = await import("./chain");
    const { GENESIS_HASH } = await import("./hash");
    const out = await exportAuditLog(auditor, F({}), "json");
    const text = await read(out.body);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: "steward-audit-export", linked: true, exportedBy: auditor.email });
    expect(doc.events.at(-1).action).toBe("audit.export");
    expect(doc.chainHead.hash).toBe(doc.events.at(-1).hash);
    expect(doc.events[0].prevHash).toBe(GENESIS_HASH);
    expect(out.fileName).toMatch(/^steward-audit-\d{4}-\d{2}-\d{2}-head-[0-9a-f]{12}\.json$/);
    const ok = verifyExportFile(text);
    expect("result" in ok && ok.result.ok).toBe(true);

    // An edited event in the file is caught, and so is a removed one.
    const edited = verifyExportFile(text.replace('"purpose":"old"', '"purpose":"new"'));
    expect("result" in edited && edited.result.broken?.kind).toBe("edited");
    const removed = JSON.parse(text);
    removed.events.splice(1, 1);
    const r = verifyExportFile(JSON.stringify(removed));
    expect("result" in r && r.result.broken?.kind).toBe("unlinked");

    // The CLI verifies the file too.
    const file = path.join(os.tmpdir(), `audit-export-${process.pid}.json`);
    fs.writeFileSync(file, text);
    const { runVerifyAudit } = await import("../../scripts/commands/verify-audit");
    const lines: string[] = [];
    expect(await runVerifyAudit(["--file", file], { log: (s) => lines.push(s), error: (s) => lines.push(s) })).toBe(0);
    fs.writeFileSync(file, JSON.stringify(removed));
    expect(await runVerifyAudit(["--file", file], { log: (s) => lines.push(s), error: (s) => lines.push(s) })).toBe(1);
    fs.writeFileSync(file, "not json");
    expect(await runVerifyAudit(["--file", file], { log: (s) => lines.push(s), error: (s) => lines.push(s) })).toBe(2);
    fs.rmSync(file);
  });

  it("a filtered export is not linked but each event still verifies; CSV names the head and defuses formulas", async () => {
    const { exportAuditLog } = await import("./export");
    const { verifyExportFile } = await import("./chain");
    const filtered = await read((await exportAuditLog(auditor, F({ action: "identity.update" }), "json")).body);
    const doc = JSON.parse(filtered);
    expect(doc.linked).toBe(false);
    expect(doc.events.map((e: { targetId: string }) => e.targetId)).toEqual(["nhi-1", "nhi-2"]);
    const v = verifyExportFile(filtered);
    expect("result" in v && v.result.ok && v.linked).toBe(false);
    expect("result" in v && v.result.ok).toBe(true);

    const csvOut = await exportAuditLog(auditor, F({ action: "identity.update" }), "csv");
    const csv = await read(csvOut.body);
    const [comment, header, ...rows] = csv.trim().split("\n");
    expect(comment).toMatch(new RegExp(`^# Steward audit log export .* chain head seq \\d+ sha256 ${csvOut.head!.hash}$`));
    expect(header).toBe("seq,id,at,actor_id,actor_email,action,target_type,target_id,before,after,meta,prev_hash,hash");
    expect(rows).toHaveLength(2);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
    await expect(exportAuditLog(owner, F({}), "csv")).rejects.toThrow();
  });
});
