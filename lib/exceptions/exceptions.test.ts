// Risk exceptions end to end in the data layer: request (scope, policy cap, bad input), approval rules (never one's
// own, SECURITY_VIEWER only when granted), coverage of findings and risk scores, the rule engine respecting it,
// expiry with warnings (idempotent), revocation, extension, bulk decisions, owner scoping.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeUser } from "../testing/fixtures";
import { addCredential, ago, makeCleanNhi, makeRuleWorld, type RuleWorld } from "../testing/rule-fixtures";
import type { Viewer } from "../auth/permissions";
import type { TExceptionRequestInput } from "./schemas";

let t: TestDb;
let w: RuleWorld;
let admin: Viewer, admin2: Viewer, ciso: Viewer, auditor: Viewer, ownerA: Viewer, ownerB: Viewer;
let keyed: string, credId: string, purposeless: string, other: string;

const DAY = 86_400_000;
const day = (offsetDays: number, from = Date.now()) => new Date(from + offsetDays * DAY).toISOString().slice(0, 10);

const mod = async () => ({
  db: (await import("../db")).db,
  m: await import("./mutations"),
  q: await import("./queries"),
  x: await import("./expiry"),
  s: await import("./schemas"),
  policy: await import("../settings/exception-policy"),
  engine: await import("../rules/engine"),
});

const findings = async (identityId: string) => {
  const { db } = await mod();
  return db.finding.findMany({ where: { identityId }, orderBy: { ruleId: "asc" }, select: { id: true, ruleId: true, status: true, severity: true } });
};
const finding = async (identityId: string, ruleId: string) => (await findings(identityId)).find((f) => f.ruleId === ruleId)!;
const score = async (id: string) => (await (await mod()).db.identity.findUniqueOrThrow({ where: { id }, select: { riskScore: true } })).riskScore;

// Terms of a request; `over` may hold deliberately bad values (the data layer parses whatever it is given).
const terms = (over: Record<string, unknown> = {}) =>
  ({
    justification: "The vendor's connector cannot rotate keys until its v4 release ships.",
    controls: ["IP_ALLOWLIST", "MONITORED"],
    controlsNote: "Alerts go to the SOC channel.",
    expiresOn: day(30),
    ...over,
  }) as Pick<TExceptionRequestInput, "justification" | "controls" | "controlsNote" | "expiresOn">;

beforeAll(async () => {
  t = await setupTestDb();
  w = await makeRuleWorld();
  const { db } = await mod();
  admin = await makeUser("ADMIN");
  admin2 = await makeUser("ADMIN");
  ciso = await makeUser("SECURITY_VIEWER");
  auditor = await makeUser("AUDITOR");
  ownerA = await makeUser("OWNER");
  ownerB = await makeUser("OWNER");
  // ownerA's NHI with an old, unvaulted key: two HIGH findings keyed on the credential.
  keyed = (await makeCleanNhi(w, { ownerId: ownerA.id })).id;
  credId = (await addCredential(keyed, { createdAt: ago(400), storage: "unvaulted" })).id;
  purposeless = (await makeCleanNhi(w, { ownerId: ownerA.id, purpose: null })).id;
  other = (await makeCleanNhi(w, { ownerId: ownerB.id, shared: true })).id;
  await (await mod()).engine.runRules({});
  expect((await findings(keyed)).map((f) => [f.ruleId, f.status])).toEqual([
    ["credential-rotation-overdue", "OPEN"],
    ["unvaulted-credential", "OPEN"],
  ]);
  void db;
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`risk exceptions (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let requested: string;

  it("lets an owner request an exception for a finding on their NHI, audited, finding still open", async () => {
    const { m, db } = await mod();
    const f = await finding(keyed, "unvaulted-credential");
    const ex = await m.requestException(ownerA, { identityId: keyed, findingIds: [f.id], ...terms() });
    requested = ex.id;
    expect(ex).toMatchObject({ status: "PROPOSED", severity: "HIGH" });
    expect(ex.expiresAt.toISOString()).toBe(`${day(30)}T23:59:59.999Z`);
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("OPEN");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "exception.request", targetId: ex.id } });
    expect(audit.actorId).toBe(ownerA.id);
    expect(audit.after).toMatchObject({ findingIds: [f.id], scope: "FINDINGS", controls: ["IP_ALLOWLIST", "MONITORED"] });
  });

  it("refuses bad input with field errors", async () => {
    const { m, policy } = await mod();
    const f = await finding(keyed, "credential-rotation-overdue");
    const base = { identityId: keyed, findingIds: [f.id] };
    const fieldOf = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e as { issues?: Array<{ path: string[] }>; fieldErrors?: Record<string, string> });
      expect(err, "should have been refused").not.toBeNull();
      return err!.issues ? err!.issues.map((i) => i.path.join(".")) : Object.keys(err!.fieldErrors ?? {});
    };
    expect(await fieldOf(m.requestException(ownerA, { ...base, ...terms({ justification: "because" }) }))).toEqual(["justification"]);
    expect(await fieldOf(m.requestException(ownerA, { ...base, ...terms({ controls: [], controlsNote: "" }) }))).toEqual(["controls"]);
    expect(await fieldOf(m.requestException(ownerA, { ...base, ...terms({ controls: ["NOT_A_CONTROL"] }) }))).toEqual(["controls.0"]);
    expect(await fieldOf(m.requestException(ownerA, { ...base, ...terms({ expiresOn: "2026-02-30" }) }))).toEqual(["expiresOn"]);
    expect(await fieldOf(m.requestException(ownerA, { ...base, ...terms({ expiresOn: day(0) }) }))).toEqual(["expiresOn"]);
    // Policy cap: 90 days by default for HIGH.
    expect(await fieldOf(m.requestException(ownerA, { ...base, ...terms({ expiresOn: day(91) }) }))).toEqual(["expiresOn"]);
    expect(await fieldOf(m.requestException(ownerA, { identityId: keyed, findingIds: [], ...terms() }))).toEqual(["findingIds"]);
    expect(await fieldOf(m.requestException(ownerA, { identityId: keyed, scope: "RULE", ruleId: "no-such-rule", ...terms() }))).toEqual(["ruleId"]);
    // A finding of another NHI, and the same finding requested twice.
    const theirs = await finding(other, "shared-nhi");
    await expect(m.requestException(ownerA, { identityId: keyed, findingIds: [theirs.id], ...terms() })).rejects.toThrow(/not on this NHI/);
    const dup = await finding(keyed, "unvaulted-credential");
    await expect(m.requestException(admin, { identityId: keyed, findingIds: [dup.id], ...terms() })).rejects.toThrow(/already waiting/);
    // Critical findings get the shorter cap (30 days by default); the cap is a setting.
    const { db } = await mod();
    await db.finding.update({ where: { id: f.id }, data: { severity: "CRITICAL" } });
    await expect(m.requestException(ownerA, { ...base, ...terms({ expiresOn: day(31) }) })).rejects.toThrow(/at most 30 days for critical/);
    await policy.updateExceptionPolicy(admin, { maxDays: 90, maxDaysCritical: 10, securityViewerCanApprove: false });
    await expect(m.requestException(ownerA, { ...base, ...terms({ expiresOn: day(11) }) })).rejects.toThrow(/at most 10 days/);
    await expect(policy.updateExceptionPolicy(ownerA, { maxDays: 90, maxDaysCritical: 30, securityViewerCanApprove: false })).rejects.toThrow(/permission/);
    await expect(policy.updateExceptionPolicy(admin, { maxDays: 20, maxDaysCritical: 30, securityViewerCanApprove: false })).rejects.toThrow();
    await policy.updateExceptionPolicy(admin, { maxDays: 90, maxDaysCritical: 30, securityViewerCanApprove: false });
    await db.finding.update({ where: { id: f.id }, data: { severity: "HIGH" } });
  });

  it("hides another owner's NHI and exceptions as not found", async () => {
    const { m, q, s } = await mod();
    const theirs = await finding(other, "shared-nhi");
    await expect(m.requestException(ownerA, { identityId: other, findingIds: [theirs.id], ...terms() })).rejects.toThrow(/not found/i);
    await expect(q.getException(ownerB, requested)).rejects.toThrow(/not found/i);
    expect((await q.listExceptions(ownerB, s.ZExceptionQuery.parse({}), "all")).total).toBe(0);
    expect((await q.listExceptions(ownerA, s.ZExceptionQuery.parse({}), "all")).total).toBe(1);
    expect((await q.listExceptions(auditor, s.ZExceptionQuery.parse({}), "pending")).total).toBe(1);
    await expect(m.requestException(auditor, { identityId: keyed, findingIds: [theirs.id], ...terms() })).rejects.toThrow(/permission/);
  });

  it("lets only approvers decide, never on their own request; SECURITY_VIEWER only when granted", async () => {
    const { m, policy, q } = await mod();
    await expect(m.decideExceptions(ownerA, { ids: [requested], decision: "APPROVE" })).rejects.toThrow(/not allow/);
    await expect(m.decideExceptions(ciso, { ids: [requested], decision: "APPROVE" })).rejects.toThrow(/not allow/);
    await expect(m.decideExceptions(auditor, { ids: [requested], decision: "APPROVE" })).rejects.toThrow(/not allow/);
    // An admin's own request.
    const rot = await finding(keyed, "credential-rotation-overdue");
    const own = await m.requestException(admin, { identityId: keyed, findingIds: [rot.id], ...terms() });
    await expect(m.decideExceptions(admin, { ids: [own.id], decision: "APPROVE" })).rejects.toThrow(/another approver/);
    await expect(m.decideExceptions(admin, { ids: [own.id], decision: "REJECT", comment: "withdrawn" })).rejects.toThrow(/another approver/);
    expect((await q.getException(admin, own.id)).abilities).toMatchObject({ isApprover: true, isOwnRequest: true, canDecide: false, canRevoke: true });
    // Rejection needs a reason.
    await expect(m.decideExceptions(admin2, { ids: [own.id], decision: "REJECT" })).rejects.toThrow();
    await policy.updateExceptionPolicy(admin, { maxDays: 90, maxDaysCritical: 30, securityViewerCanApprove: true });
    expect((await q.getException(ciso, own.id)).abilities.canDecide).toBe(true);
    await m.decideExceptions(ciso, { ids: [own.id], decision: "REJECT", comment: "Rotate it instead: the vendor supports it." });
    await policy.updateExceptionPolicy(admin, { maxDays: 90, maxDaysCritical: 30, securityViewerCanApprove: false });
    const rejected = await q.getException(admin, own.id);
    expect(rejected.exception).toMatchObject({ status: "REJECTED", rejectedBy: { id: ciso.id }, decisionComment: "Rotate it instead: the vendor supports it." });
    await expect(m.decideExceptions(admin2, { ids: [own.id], decision: "APPROVE" })).rejects.toThrow(/already been decided/);
  });

  it("approval excepts the finding: it leaves the open count and the risk score, stays visible as accepted", async () => {
    const { m, db, q } = await mod();
    const before = await score(keyed);
    await m.decideExceptions(admin, { ids: [requested], decision: "APPROVE", comment: "OK until the v4 connector" });
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("EXCEPTED");
    expect((await finding(keyed, "credential-rotation-overdue")).status).toBe("OPEN");
    expect(await score(keyed)).toBeLessThan(before);
    expect(await db.auditEvent.count({ where: { action: "exception.approve", targetId: requested } })).toBe(1);
    // The requester is told (outbox), once.
    const msgs = await db.outboxMessage.findMany({ where: { dedupKey: { startsWith: `exception:${requested}:decision` } } });
    expect(msgs.map((x) => x.to)).toEqual([ownerA.email]);
    const live = await q.liveExceptionsOfFindings(ownerA, (await findings(keyed)).map((f) => ({ ...f, identityId: keyed })));
    expect(Object.values(live)).toEqual([expect.objectContaining({ id: requested, status: "APPROVED" })]);
    expect((await q.requestableFindings(ownerA, keyed)).map((f) => f.ruleId)).toEqual(["credential-rotation-overdue"]);
  });

  it("the rule engine keeps an excepted finding excepted, resolves it when fixed and re-excepts it when back", async () => {
    const { engine, db } = await mod();
    const s = await engine.runRules({});
    expect(s.perRule.find((r) => r.id === "unvaulted-credential")).toMatchObject({ excepted: 1 });
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("EXCEPTED");
    await db.credential.update({ where: { id: credId }, data: { storage: "hashicorp-vault" } });
    await engine.runRules({});
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("RESOLVED");
    await db.credential.update({ where: { id: credId }, data: { storage: "unvaulted" } });
    await engine.runRules({});
    // Still covered by the approved exception: back as accepted risk, not open.
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("EXCEPTED");
  });

  it("a rule-scoped exception covers that rule's findings on the NHI, including later ones", async () => {
    const { m, engine } = await mod();
    const ex = await m.requestException(ownerA, { identityId: purposeless, scope: "RULE", ruleId: "purpose-unconfirmed", ...terms({ expiresOn: day(60) }) });
    await m.decideExceptions(admin, { ids: [ex.id], decision: "APPROVE" });
    expect((await finding(purposeless, "purpose-unconfirmed")).status).toBe("EXCEPTED");
    expect(await score(purposeless)).toBe(0);
    // A second rule-scoped request on the same rule overlaps.
    await expect(m.requestException(ownerA, { identityId: purposeless, scope: "RULE", ruleId: "purpose-unconfirmed", ...terms() })).rejects.toThrow();
    await engine.runRules({});
    expect((await finding(purposeless, "purpose-unconfirmed")).status).toBe("EXCEPTED");

    // A new key with the same problem appears later: the rule-scoped exception covers it too.
    const twoKeys = (await makeCleanNhi(w, { ownerId: ownerA.id })).id;
    await addCredential(twoKeys, { storage: "unvaulted" });
    await engine.runRules({});
    const vaultEx = await m.requestException(ownerA, { identityId: twoKeys, scope: "RULE", ruleId: "unvaulted-credential", ...terms() });
    await m.decideExceptions(admin, { ids: [vaultEx.id], decision: "APPROVE" });
    await addCredential(twoKeys, { storage: "unvaulted" });
    await engine.runRules({});
    const unvaulted = async () => (await findings(twoKeys)).filter((f) => f.ruleId === "unvaulted-credential").map((f) => f.status);
    expect(await unvaulted()).toEqual(["EXCEPTED", "EXCEPTED"]);
    // Two active keys is another rule: not covered.
    expect((await finding(twoKeys, "multiple-active-keys")).status).toBe("OPEN");
    const covered = await score(twoKeys);
    await m.revokeException(admin, { id: vaultEx.id, reason: "Test over: back to open." });
    expect(await unvaulted()).toEqual(["OPEN", "OPEN"]);
    expect(await score(twoKeys)).toBeGreaterThan(covered);
  });

  it("warns owner and approver 14 and 3 days ahead, once each, then expires: findings reopen, score comes back", async () => {
    const { x, db } = await mod();
    const ex = await db.riskException.findUniqueOrThrow({ where: { id: requested } });
    const expires = ex.expiresAt.getTime();
    const warnings = () => db.outboxMessage.findMany({ where: { dedupKey: { contains: `${requested}:expires-in` } }, orderBy: { dedupKey: "asc" } });
    await x.expireExceptions(new Date(expires - 20 * DAY));
    expect(await warnings()).toHaveLength(0);
    const at14 = await x.expireExceptions(new Date(expires - 13 * DAY));
    expect(at14.expired).toBe(0);
    expect((await warnings()).map((m) => [m.to, m.dedupKey!.split(":")[3]]).sort()).toEqual([[admin.email, "14"], [ownerA.email, "14"]].sort());
    const again = await x.expireExceptions(new Date(expires - 12 * DAY));
    expect((await warnings()).length).toBe(2);
    expect(again.messages).toBe(0);
    await x.expireExceptions(new Date(expires - 2 * DAY));
    expect((await warnings()).length).toBe(4);

    const before = await score(keyed);
    const after = new Date(expires + 1000);
    const run = await x.expireExceptions(after);
    expect(run).toMatchObject({ expired: 1, reopened: 1 });
    expect((await db.riskException.findUniqueOrThrow({ where: { id: requested } })).status).toBe("EXPIRED");
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("OPEN");
    expect(await score(keyed)).toBeGreaterThan(before);
    expect(await db.auditEvent.count({ where: { action: "exception.expire", targetId: requested } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { dedupKey: { startsWith: `exception:${requested}:expired` } } })).toBe(2);
    // Idempotent.
    expect(await x.expireExceptions(new Date(expires + 2000))).toMatchObject({ expired: 0, reopened: 0, messages: 0 });
    expect(await db.auditEvent.count({ where: { action: "exception.expire", targetId: requested } })).toBe(1);
  });

  it("an extension is a new request, reviewed again, linked to the old one", async () => {
    const { m, q, db } = await mod();
    // The expired exception above can be extended; its finding is open again.
    const ext = await m.requestException(ownerA, { previousId: requested, ...terms({ justification: "Vendor slipped v4 to next quarter; keys still IP-restricted." }) });
    expect(await db.riskException.findUniqueOrThrow({ where: { id: ext.id }, select: { previousId: true, status: true } })).toEqual({ previousId: requested, status: "PROPOSED" });
    const detail = await q.getException(ownerA, requested);
    expect(detail.extensions.map((e) => e.id)).toEqual([ext.id]);
    expect(detail.abilities.canExtend).toBe(false);
    await expect(m.requestException(ownerA, { previousId: requested, ...terms() })).rejects.toThrow(/already waiting/);
    await expect(m.requestException(ownerB, { previousId: requested, ...terms() })).rejects.toThrow(/not found/i);
    await m.decideExceptions(admin2, { ids: [ext.id], decision: "APPROVE" });
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("EXCEPTED");
    expect(await db.auditEvent.count({ where: { action: "exception.extend", targetId: ext.id } })).toBe(1);
  });

  it("revocation ends an exception early and reopens its findings; only approvers, requester or owner may", async () => {
    const { m, db } = await mod();
    const ex = await db.riskException.findFirstOrThrow({ where: { identityId: keyed, status: "APPROVED" } });
    await expect(m.revokeException(ownerB, { id: ex.id, reason: "not mine" })).rejects.toThrow(/not found/i);
    await expect(m.revokeException(auditor, { id: ex.id, reason: "auditor" })).rejects.toThrow(/Only an approver/);
    await expect(m.revokeException(ownerA, { id: ex.id, reason: "no" })).rejects.toThrow();
    await m.revokeException(ownerA, { id: ex.id, reason: "Keys rotated into the vault after all." });
    expect((await finding(keyed, "unvaulted-credential")).status).toBe("OPEN");
    expect(await db.riskException.findUniqueOrThrow({ where: { id: ex.id }, select: { status: true, revokedById: true } })).toEqual({ status: "REVOKED", revokedById: ownerA.id });
    await expect(m.revokeException(admin, { id: ex.id, reason: "again please" })).rejects.toThrow(/pending or active/);
  });

  it("bulk decisions are all or nothing", async () => {
    const { m, db } = await mod();
    const f1 = await finding(keyed, "unvaulted-credential");
    const f2 = await finding(other, "shared-nhi");
    const a = await m.requestException(ownerA, { identityId: keyed, findingIds: [f1.id], ...terms() });
    const b = await m.requestException(admin2, { identityId: other, findingIds: [f2.id], ...terms() });
    await expect(m.decideExceptions(admin2, { ids: [a.id, b.id], decision: "APPROVE" })).rejects.toThrow(/You requested 1 of the selected/);
    expect(await db.riskException.count({ where: { id: { in: [a.id, b.id] }, status: "PROPOSED" } })).toBe(2);
    expect(await m.decideExceptions(admin, { ids: [a.id, b.id], decision: "APPROVE" })).toEqual({ decided: 2 });
    expect((await finding(other, "shared-nhi")).status).toBe("EXCEPTED");
    expect(await db.auditEvent.count({ where: { action: "exception.approve", targetId: { in: [a.id, b.id] } } })).toBe(2);
  });

  it("expires on read when an approved exception is overdue", async () => {
    const { x, db } = await mod();
    const ex = await db.riskException.findFirstOrThrow({ where: { identityId: other, status: "APPROVED" } });
    await db.riskException.update({ where: { id: ex.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const run = await x.ensureExceptionsCurrent();
    expect(run).toMatchObject({ expired: 1 });
    expect((await finding(other, "shared-nhi")).status).toBe("OPEN");
    // Nothing overdue and a recent run: the guard does nothing.
    expect(await x.ensureExceptionsCurrent()).toBeNull();
  });

  it("lists queues with counts, filters by severity and sorts", async () => {
    const { q, s } = await mod();
    const { counts, rows } = await q.listExceptions(admin, s.ZExceptionQuery.parse({ sort: "requested", dir: "desc" }), "all");
    expect(counts.all).toBe(rows.length);
    expect(counts).toMatchObject({ pending: 0, expired: 2, closed: 3 });
    expect(rows.map((r) => r.createdAt.getTime())).toEqual([...rows.map((r) => r.createdAt.getTime())].sort((a, b) => b - a));
    expect((await q.listExceptions(admin, s.ZExceptionQuery.parse({ severity: "LOW" }), "all")).rows.every((r) => r.severity === "LOW")).toBe(true);
    const page = await q.listExceptionsPage(admin, s.ZExceptionApiList.parse({ limit: "2" }));
    expect(page.data).toHaveLength(2);
    const next = await q.listExceptionsPage(admin, s.ZExceptionApiList.parse({ limit: "2", cursor: page.nextCursor }));
    expect(next.data.map((d) => d.id)).not.toContain(page.data[0]!.id);
  });
});
