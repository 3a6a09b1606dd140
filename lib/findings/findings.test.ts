// Findings for the API and the CSV export: cursor paging that neither repeats nor skips, owner scoping, rule counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeIdentity, makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, owner: Viewer, other: Viewer;
let mine: string, theirs: string;
const mod = async () => ({ db: (await import("../db")).db, q: await import("./queries"), x: await import("./export"), s: await import("./schemas") });

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await mod();
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  other = await makeUser("OWNER");
  const src = await makeSource();
  mine = (await makeIdentity(src.id, { ownerId: owner.id, name: "=cmd|calc" })).id;
  theirs = (await makeIdentity(src.id, { ownerId: other.id })).id;
  const rows = [];
  for (let i = 0; i < 7; i++) rows.push({ identityId: mine, ruleId: "orphaned-nhi", owaspId: "NHI1", severity: "HIGH" as const, subjectKey: `s${i}`, evidence: { summary: `m${i}` } });
  for (let i = 0; i < 5; i++) rows.push({ identityId: theirs, ruleId: "admin-wildcard-privilege", owaspId: "NHI5", severity: "CRITICAL" as const, subjectKey: `s${i}`, evidence: { summary: `t${i}` } });
  rows.push({ identityId: theirs, ruleId: "admin-wildcard-privilege", owaspId: "NHI5", severity: "CRITICAL" as const, subjectKey: "x", status: "EXCEPTED" as const, evidence: { summary: "ex" } });
  await db.finding.createMany({ data: rows });
});
afterAll(async () => t?.cleanup());

describe(`findings API and export (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("walks every open finding page by page, and a row inserted meanwhile does not shift the walk", async () => {
    const { db, q, s } = await mod();
    const filters = s.ZFindingFilters.parse({});
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await q.listFindingsPage(admin, filters, { cursor, limit: 5 });
      seen.push(...page.data.map((f) => f.id));
      cursor = page.nextCursor ?? undefined;
      if (pages++ === 0) {
        await db.finding.create({ data: { identityId: mine, ruleId: "orphaned-nhi", owaspId: "NHI1", severity: "HIGH", subjectKey: "late", evidence: { summary: "late" } } });
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await db.finding.findMany({ where: { status: "OPEN" }, select: { id: true } });
    // Everything that existed when the walk began was returned (the late row may or may not be).
    expect(seen.length).toBeGreaterThanOrEqual(12);
    expect(all.map((f) => f.id).filter((id) => !seen.includes(id)).length).toBeLessThanOrEqual(1);
  });

  it("shows an owner only the findings on their NHIs, with filters", async () => {
    const { q, s } = await mod();
    const page = await q.listFindingsPage(owner, s.ZFindingFilters.parse({ status: "ALL" }), { limit: 100 });
    expect(page.data.every((f) => f.identity.id === mine)).toBe(true);
    expect(page.data.length).toBeGreaterThan(0);
    const none = await q.listFindingsPage(owner, s.ZFindingFilters.parse({ owasp: "NHI5" }), { limit: 100 });
    expect(none.data).toEqual([]);
    const excepted = await q.listFindingsPage(admin, s.ZFindingFilters.parse({ status: "EXCEPTED" }), { limit: 100 });
    expect(excepted.data.map((f) => f.summary)).toEqual(["ex"]);
  });

  it("counts open and excepted findings per rule in the viewer's scope", async () => {
    const { q } = await mod();
    const forAdmin = await q.listRulesWithCounts(admin);
    expect(forAdmin.find((r) => r.id === "admin-wildcard-privilege")?.counts).toEqual({ open: 5, excepted: 1 });
    expect(forAdmin.find((r) => r.id === "admin-wildcard-privilege")?.owasp.id).toBe("NHI5");
    const forOther = await q.listRulesWithCounts(other);
    expect(forOther.find((r) => r.id === "orphaned-nhi")?.counts).toEqual({ open: 0, excepted: 0 });
  });

  it("exports the owner's findings as CSV with formula cells neutralised, and audits it", async () => {
    const { db, x, s } = await mod();
    const text = await new Response(x.exportFindingsCsv(owner, s.ZFindingFilters.parse({}))).text();
    const lines = text.trim().split("\n");
    expect(lines[0]).toMatch(/^id,rule,title,owasp,severity/);
    expect(lines.length - 1).toBeGreaterThanOrEqual(7);
    expect(text).toContain("'=cmd|calc");
    expect(text).not.toContain(",t1,");
    const ev = await db.auditEvent.findFirst({ where: { action: "findings.export", actorId: owner.id } });
    expect(ev?.meta).toMatchObject({ rows: lines.length - 1 });
  });
});
