// Each rule against a small estate where every NHI breaks exactly the rules it is built to break (most: one), and
// near misses that must break none. Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { addCredential, addEntitlement, ago, ahead, makeCleanNhi, makeRuleTeam, makeRuleUser, makeRuleWorld, type RuleWorld } from "../testing/rule-fixtures";

interface Case {
  name: string;
  build: (w: RuleWorld) => Promise<string>;
  expect: string[];
}

const nhi = async (w: RuleWorld, over: Parameters<typeof makeCleanNhi>[1] = {}) => (await makeCleanNhi(w, over)).id;
const withCred = (over: Parameters<typeof addCredential>[1], nhiOver: Parameters<typeof makeCleanNhi>[1] = {}) => async (w: RuleWorld) => {
  const id = await nhi(w, nhiOver);
  await addCredential(id, over);
  return id;
};
const withEnt = (overs: Array<Parameters<typeof addEntitlement>[1]>, nhiOver: Parameters<typeof makeCleanNhi>[1] = {}) => async (w: RuleWorld) => {
  const id = await nhi(w, nhiOver);
  for (const o of overs) await addEntitlement(id, o);
  return id;
};

const CASES: Case[] = [
  // Clean NHIs and near misses: no rule fires.
  { name: "clean NHI with a key and a used read grant", build: async (w) => { const id = await nhi(w); await addCredential(id); await addEntitlement(id); return id; }, expect: [] },
  { name: "clean AI agent acting for an active human, read-only", build: withEnt([{}], { kind: "AI_AGENT" }), expect: [] },
  { name: "platform-managed agent: no owner, purpose or use needed", build: withCred({ createdAt: ago(900), expiresAt: null }, { platformManaged: true, ownerId: null, backupOwnerId: null, purpose: null, lastUsedAt: ago(500), canChangeInfra: true }), expect: [] },
  { name: "deleted at source: nothing left to fix", build: withCred({ storage: "unvaulted" }, { status: "DELETED_AT_SOURCE", ownerId: null }), expect: [] },
  { name: "disabled and unused", build: (w) => nhi(w, { status: "DISABLED", lastUsedAt: ago(300) }), expect: [] },
  { name: "new NHI, never used yet", build: (w) => nhi(w, { lastUsedAt: null, createdAtSource: ago(10) }), expect: [] },
  { name: "old key rotated recently", build: withCred({ createdAt: ago(400), lastRotatedAt: ago(20) }), expect: [] },
  { name: "old ephemeral token", build: withCred({ createdAt: ago(400), ephemeral: true, type: "TOKEN" }), expect: [] },
  { name: "certificate 200 days old in critical prod (certificate policy wins)", build: withCred({ type: "CERTIFICATE", createdAt: ago(200) }, { kind: "CERTIFICATE", criticality: "CRITICAL" }), expect: [] },
  { name: "never-expiring key on an unprivileged NHI", build: withCred({ expiresAt: null }), expect: [] },
  { name: "client secret plus certificate", build: async (w) => { const id = await nhi(w); await addCredential(id, { type: "CLIENT_SECRET" }); await addCredential(id, { type: "CERTIFICATE" }); return id; }, expect: [] },
  { name: "one active and one inactive key", build: async (w) => { const id = await nhi(w); await addCredential(id); await addCredential(id, { status: "INACTIVE" }); return id; }, expect: [] },
  { name: "CI token kept in CI secrets (not a cloud key)", build: withCred({ type: "TOKEN", storage: "github-actions-secrets" }), expect: [] },
  { name: "grant never used but granted last week", build: withEnt([{ lastUsedAt: null, grantedAt: ago(7) }]), expect: [] },
  { name: "revoked admin grant", build: withEnt([{ privilege: "ADMIN", status: "REVOKED" }]), expect: [] },
  { name: "prod NHI on a 'product' resource", build: withEnt([{ resource: "arn:aws:s3:::product-catalog" }, { resource: "arn:aws:s3:::orders-prod" }]), expect: [] },
  { name: "break-glass tested last month", build: (w) => nhi(w, { breakGlass: true, breakGlassTestedAt: ago(30) }), expect: [] },
  { name: "privileged NHI with a 90-day key on a critical database", build: async (w) => { const id = await nhi(w, { canChangeInfra: true }); await addCredential(id); await addEntitlement(id, { sensitivity: "CRITICAL" }); return id; }, expect: [] },
  { name: "privileged NHI on a critical database with only just-in-time tokens", build: async (w) => { const id = await nhi(w, { canChangeInfra: true }); await addCredential(id, { type: "TOKEN", ephemeral: true, expiresAt: ahead(1) }); await addEntitlement(id, { sensitivity: "CRITICAL", resource: "arn:aws:rds:us-east-1:1:db:payments" }); return id; }, expect: [] },
  { name: "unprivileged NHI with a key reading a critical resource", build: async (w) => { const id = await nhi(w); await addCredential(id); await addEntitlement(id, { sensitivity: "CRITICAL" }); return id; }, expect: [] },
  { name: "OAuth app with read-only access", build: withEnt([{ permission: "repo:read" }], { kind: "OAUTH_APP" }), expect: [] },

  // One rule each.
  { name: "no owner", build: (w) => nhi(w, { ownerId: null }), expect: ["orphaned-nhi"] },
  { name: "owner left, no backup", build: async (w) => nhi(w, { ownerId: (await makeRuleUser(false)).id, backupOwnerId: null }), expect: ["orphaned-nhi"] },
  { name: "owner left, backup remains", build: async (w) => nhi(w, { ownerId: (await makeRuleUser(false)).id }), expect: ["owner-departed"] },
  { name: "owner moved to another team", build: async (w) => { const [a, b] = [await makeRuleTeam(), await makeRuleTeam()]; return nhi(w, { teamId: a.id, ownerId: (await makeRuleUser(true, b.id)).id }); }, expect: ["owner-moved-team"] },
  { name: "owner on the owning team", build: async (w) => { const a = await makeRuleTeam(); return nhi(w, { teamId: a.id, ownerId: (await makeRuleUser(true, a.id)).id }); }, expect: [] },
  { name: "unused for 200 days", build: (w) => nhi(w, { lastUsedAt: ago(200) }), expect: ["unused-nhi-enabled"] },
  { name: "never used, created 200 days ago", build: (w) => nhi(w, { lastUsedAt: null, createdAtSource: ago(200) }), expect: ["unused-nhi-enabled"] },
  { name: "no purpose", build: (w) => nhi(w, { purpose: null }), expect: ["purpose-unconfirmed"] },
  { name: "purpose confirmed 400 days ago", build: (w) => nhi(w, { purposeConfirmedAt: ago(400) }), expect: ["purpose-unconfirmed"] },
  { name: "key 120 days old (default 90)", build: withCred({ createdAt: ago(120) }), expect: ["credential-rotation-overdue"] },
  { name: "CI/CD token 40 days old (policy 30)", build: withCred({ type: "TOKEN", createdAt: ago(40) }, { kind: "CI_CD_TOKEN" }), expect: ["credential-rotation-overdue"] },
  { name: "key 45 days old in critical prod (policy 30)", build: withCred({ createdAt: ago(45) }, { criticality: "CRITICAL" }), expect: ["credential-rotation-overdue"] },
  { name: "never-expiring key on a privileged NHI", build: withCred({ expiresAt: null }, { canChangeInfra: true }), expect: ["never-expiring-privileged"] },
  { name: "active key past its expiry", build: withCred({ expiresAt: ago(1) }), expect: ["expired-credential-attached"] },
  { name: "expired key still attached", build: withCred({ status: "EXPIRED", expiresAt: ago(5) }), expect: ["expired-credential-attached"] },
  { name: "two active access keys", build: async (w) => { const id = await nhi(w); await addCredential(id); await addCredential(id); return id; }, expect: ["multiple-active-keys"] },
  { name: "unvaulted key", build: withCred({ storage: "unvaulted" }), expect: ["unvaulted-credential"] },
  { name: "access key in GitHub Actions secrets", build: withCred({ storage: "github-actions-secrets" }), expect: ["static-cloud-key-in-ci"] },
  { name: "password credential", build: withCred({ type: "PASSWORD" }), expect: ["password-login"] },
  { name: "time-bound admin grant", build: withEnt([{ privilege: "ADMIN", permission: "iam:*", expiresAt: ahead(5) }]), expect: ["admin-wildcard-privilege"] },
  { name: "privileged NHI with a never-expiring key on the payments database", build: async (w) => { const id = await nhi(w, { canChangeInfra: true }); await addCredential(id, { expiresAt: null }); await addEntitlement(id, { sensitivity: "CRITICAL", resource: "arn:aws:rds:us-east-1:1:db:payments" }); return id; }, expect: ["privileged-critical-long-lived-secret", "never-expiring-privileged"] },
  { name: "wildcard permission", build: withEnt([{ permission: "*", privilege: "UNKNOWN" }]), expect: ["admin-wildcard-privilege"] },
  { name: "grant unused for 120 days", build: withEnt([{}, { lastUsedAt: ago(120) }]), expect: ["unused-entitlements"] },
  { name: "standing write grant", build: withEnt([{ privilege: "WRITE", permission: "s3:PutObject" }]), expect: ["standing-privileged-access"] },
  { name: "break-glass tested 120 days ago", build: (w) => nhi(w, { breakGlass: true, breakGlassTestedAt: ago(120) }), expect: ["break-glass-untested"] },
  { name: "break-glass never tested", build: (w) => nhi(w, { breakGlass: true }), expect: ["break-glass-untested"] },
  { name: "prod NHI reading a staging bucket", build: withEnt([{ resource: "arn:aws:s3:::acme-staging-data" }]), expect: ["prod-nonprod-crossover"] },
  { name: "unknown-env NHI on prod and dev databases", build: withEnt([{ resource: "db-prod-main" }, { resource: "db_dev_main" }], { environment: "UNKNOWN" }), expect: ["prod-nonprod-crossover"] },
  { name: "prod NHI in a dev account (by Source)", build: withEnt([{ resource: "arn:aws:dynamodb:us-east-1:111122223333:table/orders" }]), expect: ["prod-nonprod-crossover"] },
  { name: "shared NHI", build: (w) => nhi(w, { shared: true }), expect: ["shared-nhi"] },
  { name: "AI agent with no human", build: (w) => nhi(w, { kind: "AI_AGENT", onBehalfOfUserId: null }), expect: ["ai-agent-no-accountable-human"] },
  { name: "AI agent whose human left", build: async (w) => nhi(w, { kind: "AI_AGENT", onBehalfOfUserId: (await makeRuleUser(false)).id }), expect: ["ai-agent-no-accountable-human"] },
  { name: "AI agent with a time-bound write grant", build: withEnt([{ privilege: "WRITE", expiresAt: ahead(3) }], { kind: "AI_AGENT" }), expect: ["ai-agent-beyond-read-only"] },
  { name: "OAuth app with time-bound write", build: withEnt([{ privilege: "WRITE", permission: "repo:write", expiresAt: ahead(3) }], { kind: "OAUTH_APP" }), expect: ["third-party-broad-write"] },
  { name: "vendor-tagged key with time-bound admin", build: withEnt([{ privilege: "ADMIN", expiresAt: ahead(3) }], { kind: "API_KEY", tags: { vendor: "datadog" } }), expect: ["third-party-broad-write", "admin-wildcard-privilege"] },
];

let t: TestDb;
const built = new Map<string, Case>();

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await import("../db");
  await db.rotationPolicy.createMany({
    data: [
      { name: "Certificates", kind: "CERTIFICATE", maxAgeDays: 365, priority: 10 },
      { name: "CI/CD tokens", kind: "CI_CD_TOKEN", maxAgeDays: 30, priority: 20 },
      { name: "Prod critical", environment: "PROD", criticality: "CRITICAL", maxAgeDays: 30, priority: 30 },
      // Lower priority number wins: this lenient rule for critical prod loses to "Prod critical".
      { name: "Lenient critical", criticality: "CRITICAL", maxAgeDays: 365, priority: 500 },
    ],
  });
  await db.source.create({ data: { key: "aws:111122223333", platform: "aws", name: "dev account", environment: "DEV" } });
  const w = await makeRuleWorld();
  for (const c of CASES) built.set(await c.build(w), c);
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

describe(`rules (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("each rule fires on exactly the NHIs built to break it", async () => {
    const { RULES } = await import("./registry");
    const { findViolations } = await import("./engine");
    const fired = new Map<string, string[]>([...built.keys()].map((id) => [id, []]));
    for (const rule of RULES) {
      const hits = await findViolations(rule);
      for (const h of hits) {
        expect(fired.has(h.identityId), `${rule.id} fired on an unknown NHI`).toBe(true);
        expect(typeof h.evidence.summary, `${rule.id} evidence.summary`).toBe("string");
        fired.get(h.identityId)!.push(rule.id);
      }
    }
    const got = [...fired].map(([id, rules]) => ({ name: built.get(id)!.name, rules: [...rules].sort() }));
    const want = [...built.values()].map((c) => ({ name: c.name, rules: [...c.expect].sort() }));
    expect(got).toEqual(want);
  });

  it("every rule is exercised by at least one case", async () => {
    const { RULES } = await import("./registry");
    const covered = new Set(CASES.flatMap((c) => c.expect));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("reports the age of an overdue secret in the evidence", async () => {
    const { findViolations } = await import("./engine");
    const hits = await findViolations("credential-rotation-overdue");
    const row = hits.find((h) => built.get(h.identityId)?.name === "key 120 days old (default 90)");
    expect(row?.evidence).toMatchObject({ summary: "Secret 120 days old", ageDays: 120, maxAgeDays: 90, policy: "default" });
    const ci = hits.find((h) => built.get(h.identityId)?.name === "CI/CD token 40 days old (policy 30)");
    expect(ci?.evidence).toMatchObject({ maxAgeDays: 30, policy: "CI/CD tokens" });
    expect(await findViolations("orphaned-nhi", { limit: 1 })).toHaveLength(1);
    await expect(findViolations("no-such-rule")).rejects.toThrow(/Unknown rule/);
  });

  it("takes the unused window from the Setting row, and a parameter over it", async () => {
    const { db } = await import("../db");
    const { findViolations } = await import("./engine");
    const names = async (over = {}) => (await findViolations("unused-entitlements", over)).map((h) => built.get(h.identityId)!.name).sort();
    expect(await names()).toEqual(["grant unused for 120 days"]);
    await db.setting.create({ data: { key: "rules.unusedWindowDays", value: 200 } });
    expect(await names()).toEqual([]);
    expect(await names({ unusedWindowDays: 100 })).toEqual(["grant unused for 120 days"]);
    await db.setting.delete({ where: { key: "rules.unusedWindowDays" } });
  });
});
