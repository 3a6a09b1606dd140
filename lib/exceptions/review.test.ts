// Exceptions and campaign reviews (issue 5.1, 5.5): a KEEP on a flagged grant or credential can request an exception
// for exactly its findings, linked to the review item; the item shows the NHI's exceptions and the request's status;
// the exception links back to the review; the evidence pack lists the exceptions in force during the campaign.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";
import { findingsOfTarget } from "./review";

describe("findingsOfTarget", () => {
  const f = (id: string, ruleId: string, subjectKey: string, evidence: unknown = {}) => ({ id, ruleId, subjectKey, evidenceText: JSON.stringify(evidence) });
  const findings = [
    f("f1", "unvaulted-credential", "cred-1"),
    f("f2", "credential-rotation-overdue", "cred-2"),
    f("f3", "multiple-active-keys", "ACCESS_KEY"),
    f("f4", "admin-wildcard", "", { examples: [{ entitlementId: "ent-1" }] }),
    f("f5", "unused-entitlements", "", { examples: [{ entitlementId: "ent-9" }] }),
    f("f6", "purpose-unconfirmed", ""),
  ];
  it("matches a credential's own findings, and the per-type one", () => {
    expect(findingsOfTarget(findings, { target: "CREDENTIAL", id: "cred-1", type: "ACCESS_KEY" }).map((x) => x.id)).toEqual(["f1", "f3"]);
    expect(findingsOfTarget(findings, { target: "CREDENTIAL", id: "cred-2", type: "SSH_KEY" }).map((x) => x.id)).toEqual(["f2"]);
  });
  it("matches a grant named in a finding's evidence, and the unused-grants finding for any unused grant", () => {
    expect(findingsOfTarget(findings, { target: "ENTITLEMENT", id: "ent-1", unused: false }).map((x) => x.id)).toEqual(["f4"]);
    expect(findingsOfTarget(findings, { target: "ENTITLEMENT", id: "ent-2", unused: true }).map((x) => x.id)).toEqual(["f5"]);
    expect(findingsOfTarget(findings, { target: "ENTITLEMENT", id: "ent-2", unused: false })).toEqual([]);
  });
});

let t: TestDb;
let admin: Viewer, owner: Viewer, other: Viewer, auditor: Viewer;
let nhiId: string, otherNhiId: string, credId: string, grantId: string, campaignId: string, itemId: string;
const DAY = 86_400_000;
const ago = (d: number) => new Date(Date.now() - d * DAY);
const mod = async () => ({
  q: await import("../campaigns/queries"),
  m: await import("../campaigns/mutations"),
  d: await import("../campaigns/decisions"),
  xq: await import("./queries"),
  xm: await import("./mutations"),
  s: await import("./schemas"),
  db: (await import("../db")).db,
});

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await mod();
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  other = await makeUser("OWNER");
  auditor = await makeUser("AUDITOR");
  const source = await makeSource();
  const mk = (name: string, ownerId: string) =>
    db.identity.create({ data: { sourceId: source.id, externalId: `ext-${name}`, name, kind: "SERVICE_ACCOUNT", environment: "PROD", ownerId, purpose: `Runs the ${name} job in production.`, lastUsedAt: ago(1) }, select: { id: true } });
  nhiId = (await mk("vendor-sync", owner.id)).id;
  otherNhiId = (await mk("other-sync", other.id)).id;
  credId = (await db.credential.create({ data: { identityId: nhiId, type: "ACCESS_KEY", externalId: "AKIA-VENDOR", createdAt: ago(400), storage: "unvaulted", lastUsedAt: ago(1) }, select: { id: true } })).id;
  grantId = (await db.entitlement.create({ data: { identityId: nhiId, resource: "arn:aws:s3:::vendor", permission: "s3:PutObject", privilege: "WRITE", grantedAt: ago(400), lastUsedAt: ago(200) }, select: { id: true } })).id;
  await db.credential.create({ data: { identityId: otherNhiId, type: "ACCESS_KEY", externalId: "AKIA-OTHER", createdAt: ago(400), storage: "unvaulted" } });
  await (await import("../rules/engine")).runRules({});

  const { m } = await mod();
  // Approved before the campaign and still in force; and one that ended before it (not evidence of this campaign).
  const { xm } = await mod();
  const purposeFinding = await db.finding.findFirst({ where: { identityId: nhiId, ruleId: "purpose-unconfirmed", status: "OPEN" } });
  expect(purposeFinding, "purpose-unconfirmed finding on the fixture NHI").not.toBeNull();
  const inForce = await xm.requestException(owner, {
    identityId: nhiId, scope: "RULE", ruleId: "purpose-unconfirmed", justification: "The purpose is confirmed in the vendor contract register.",
    controls: ["MONITORED"], expiresOn: (await mod()).s.addDays((await mod()).s.utcDay(new Date()), 20),
  });
  await xm.decideExceptions(admin, { ids: [inForce.id], decision: "APPROVE" });
  await db.riskException.create({
    data: { identityId: nhiId, scope: "RULE", ruleId: "shared-nhi", severity: "LOW", requestedById: owner.id, approvedById: admin.id, decidedAt: ago(100), status: "EXPIRED", justification: "Ended long before the campaign started.", expiresAt: ago(50) },
  });

  const c = await m.createCampaign(admin, { name: "Vendor review", scope: { source: [source.id] }, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * DAY), commentRequired: "NEVER" });
  campaignId = c.id;
  await m.launchCampaign(admin, c.id);
  itemId = (await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhiId } })).id;
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`exceptions from campaign reviews (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("offers, per grant and credential, the open findings a KEEP could be excepted from; shows the live exceptions", async () => {
    const { q } = await mod();
    const item = await q.getReviewItem(owner, itemId);
    const onKey = item.exceptions.requestable[`CREDENTIAL:${credId}`]!.map((f) => f.ruleId).sort();
    expect(onKey).toEqual(expect.arrayContaining(["unvaulted-credential"]));
    // The unused write grant: the unused-grants finding, and the standing-write one that names it in its evidence.
    expect(item.exceptions.requestable[`ENTITLEMENT:${grantId}`]!.map((f) => f.ruleId).sort()).toEqual(["standing-privileged-access", "unused-entitlements"]);
    // The NHI-level finding already excepted is neither offered nor attached to a row.
    expect(Object.values(item.exceptions.requestable).flat().some((f) => f.ruleId === "purpose-unconfirmed")).toBe(false);
    expect(item.exceptions.live.map((x) => x.status)).toEqual(["APPROVED"]);
    // Frozen at launch: the exception in force then (not the one that ended before), also in the evidence's snapshots.
    expect(item.snapshot.exceptions).toEqual([expect.objectContaining({ status: "APPROVED", scope: "RULE", ruleId: "purpose-unconfirmed", findings: 0 })]);
    expect(Date.parse(item.snapshot.exceptions![0]!.expiresAt)).toBeGreaterThan(Date.now());
    // An auditor reads the item and its exceptions but may not request: nothing is offered.
    const asAuditor = await q.getReviewItem(auditor, itemId);
    expect(asAuditor.exceptions.requestable).toEqual({});
    expect(asAuditor.exceptions.live).toHaveLength(1);
  });

  it("requests an exception from the KEEP, linked to the item; the item shows its status, the exception links back", async () => {
    const { q, d, xm, xq, s } = await mod();
    await d.decide(owner, itemId, { decisions: [{ target: "CREDENTIAL", id: credId, decision: "KEEP" }] });
    const item = await q.getReviewItem(owner, itemId);
    const findings = item.exceptions.requestable[`CREDENTIAL:${credId}`]!;
    const expiresOn = s.addDays(s.utcDay(new Date()), 14);
    const terms = { justification: "The vendor cannot rotate this key before the contract renewal.", controls: ["IP_ALLOWLIST" as const], expiresOn };
    // A review item of another NHI is refused.
    const otherItem = await (await mod()).db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: otherNhiId } });
    await expect(xm.requestException(owner, { identityId: nhiId, scope: "FINDINGS", findingIds: findings.map((f) => f.id), reviewItemId: otherItem.id, ...terms })).rejects.toThrow(/not about this NHI/);
    const req = await xm.requestException(owner, { identityId: nhiId, scope: "FINDINGS", findingIds: findings.map((f) => f.id), reviewItemId: itemId, ...terms });

    const again = await q.getReviewItem(owner, itemId);
    expect(again.exceptions.fromItem).toEqual([expect.objectContaining({ id: req.id, status: "PROPOSED" })]);
    expect(again.exceptions.requestable[`CREDENTIAL:${credId}`]).toBeUndefined();
    // The KEEP decision stands whatever happens to the request.
    expect(again.decisions.find((x) => x.target === "CREDENTIAL")?.decision).toBe("KEEP");

    const asAdmin = await xq.getException(admin, req.id);
    expect(asAdmin.review).toEqual({ itemId, campaignId, campaignName: "Vendor review", href: `/campaigns/${campaignId}/items/${itemId}` });
    expect((await xq.getException(owner, req.id)).review?.href).toBe(`/reviews/${campaignId}?item=${itemId}`);
    const queue = await xq.listExceptions(admin, s.ZExceptionQuery.parse({}), "pending");
    expect(queue.rows.find((r) => r.id === req.id)?.review?.campaignName).toBe("Vendor review");
    // Another owner: neither the item nor the exception exist for them.
    await expect(q.getReviewItem(other, itemId)).rejects.toThrow(/not found/);
    await expect(xq.getException(other, req.id)).rejects.toThrow(/not found/);
  });

  it("puts exceptions.csv in the evidence pack: in force during the campaign, or requested from it; hashed in the summary", async () => {
    const { evidencePack } = await import("../campaigns/evidence");
    const { unzipText } = await import("../testing/unzip");
    const crypto = await import("node:crypto");
    const { stream } = await evidencePack(auditor, campaignId);
    const chunks: Buffer[] = [];
    for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    const files = unzipText(Buffer.concat(chunks));
    expect(Object.keys(files)).toEqual(["decisions.csv", "snapshots.json", "exceptions.csv", "summary.html"]);
    const lines = files["exceptions.csv"].trim().split("\n");
    expect(lines[0]).toMatch(/^exception_id,status,nhi_id/);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes("purpose-unconfirmed"))).toMatch(/,no$/);
    expect(lines.find((l) => l.includes(itemId))).toMatch(/Pending.*,yes$/);
    expect(files["exceptions.csv"]).not.toContain("shared-nhi");
    expect(files["exceptions.csv"]).not.toContain("other-sync");
    expect(files["summary.html"]).toContain(crypto.createHash("sha256").update(files["exceptions.csv"]).digest("hex"));
  });
});
