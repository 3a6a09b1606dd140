import { beforeAll, describe, expect, it } from "vitest";
import { identityRollups } from "./rollups";
import { generateEstate, generateEstateBase, generateIdentityChunks } from "./generate";
import { Rng } from "./random";
import type { Estate } from "./types";

const NOW = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
const HASH = "$2b$10$demo.hash.placeholder.for.tests.only.xxxxxxxxxxxxxxxxxx";

let estate: Estate;
beforeAll(() => {
  estate = generateEstate({ identities: 5000, seed: 42, now: NOW, demoPasswordHash: HASH });
});

const share = (n: number) => n / estate.identities.length;

describe("random streams", () => {
  it("derives per-NHI streams that do not collide at benchmark scale", () => {
    // 32-bit seeds would give dozens of identical streams (so duplicate ids) among 500,000 NHIs.
    const firsts = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const r = Rng.derive(42, "nhi", i);
      firsts.add(`${r.uint32()}:${r.uint32()}`);
    }
    expect(firsts.size).toBe(200_000);
  });

  it("is reproducible and stays in range", () => {
    const a = Rng.derive(1, "x");
    const b = Rng.derive(1, "x");
    const xs = Array.from({ length: 1000 }, () => a.int(3, 7));
    expect(Array.from({ length: 1000 }, () => b.int(3, 7))).toEqual(xs);
    expect(Math.min(...xs)).toBe(3);
    expect(Math.max(...xs)).toBe(7);
    expect(a.id()).toMatch(/^c[0-9a-z]{24}$/);
    expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("determinism", () => {
  it("gives the same estate, ids included, for the same seed and now", () => {
    const a = generateEstate({ identities: 600, seed: 7, now: NOW });
    const b = generateEstate({ identities: 600, seed: 7, now: NOW });
    expect(b).toEqual(a);
  });

  it("gives a different estate for another seed", () => {
    const a = generateEstate({ identities: 200, seed: 1, now: NOW });
    const b = generateEstate({ identities: 200, seed: 2, now: NOW });
    expect(b.identities.map((i) => i.id)).not.toEqual(a.identities.map((i) => i.id));
  });

  it("is the same built in chunks as in one piece, and chunks stay within their size", () => {
    const opts = { identities: 5000, seed: 42, now: NOW, demoPasswordHash: HASH };
    const ids: string[] = [];
    let ents = 0;
    let creds = 0;
    for (const chunk of generateIdentityChunks(opts, { chunkSize: 700 })) {
      expect(chunk.identities.length).toBeLessThanOrEqual(700);
      expect(chunk.offset).toBe(ids.length);
      for (const i of chunk.identities) ids.push(i.id);
      ents += chunk.entitlements.length;
      creds += chunk.credentials.length;
    }
    expect(ids).toEqual(estate.identities.map((i) => i.id));
    expect(ents).toBe(estate.entitlements.length);
    expect(creds).toBe(estate.credentials.length);
    expect(generateEstateBase(opts)).toEqual({ teams: estate.teams, users: estate.users, sources: estate.sources, rotationPolicies: estate.rotationPolicies });
  });

  it("handles tiny estates", () => {
    const e = generateEstate({ identities: 3, seed: 42, now: NOW });
    expect(e.identities).toHaveLength(3);
    expect(e.users.filter((u) => u.role === "OWNER").length).toBeGreaterThanOrEqual(5);
  });
});

describe("shape of the estate", () => {
  it("has 8-12 teams, about one owner per 20 NHIs, some of them gone but still owning NHIs", () => {
    expect(estate.teams.length).toBeGreaterThanOrEqual(8);
    expect(estate.teams.length).toBeLessThanOrEqual(12);
    const owners = estate.users.filter((u) => u.role === "OWNER");
    expect(owners.length).toBeGreaterThan(5000 / 25);
    expect(owners.length).toBeLessThan(5000 / 15);
    expect(owners.every((u) => u.teamId !== null)).toBe(true);
    const departed = new Set(estate.users.filter((u) => !u.active).map((u) => u.id));
    expect(departed.size).toBeGreaterThan(0);
    expect(estate.identities.some((i) => i.ownerId !== null && departed.has(i.ownerId))).toBe(true);
    expect(new Set(estate.users.map((u) => u.email)).size).toBe(estate.users.length);
    for (const t of estate.teams) expect(estate.users.some((u) => u.id === t.leadId && u.teamId === t.id)).toBe(true);
  });

  it("has the demo users with the right roles, and only they have a password", () => {
    const by = new Map(estate.users.map((u) => [u.email, u]));
    expect(by.get("admin@steward.local")?.role).toBe("ADMIN");
    expect(by.get("ciso@steward.local")?.role).toBe("SECURITY_VIEWER");
    expect(by.get("auditor@steward.local")?.role).toBe("AUDITOR");
    const owner = by.get("owner@steward.local")!;
    expect(owner.role).toBe("OWNER");
    expect(owner.teamId).not.toBeNull();
    expect(owner.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    for (const u of estate.users) expect(u.passwordHash).toBe(u.email.endsWith("@steward.local") ? HASH : null);
    const owned = estate.identities.filter((i) => i.ownerId === owner.id);
    expect(owned.length).toBeGreaterThanOrEqual(20);
    expect(owned.length).toBeLessThanOrEqual(40);
    expect(estate.users.filter((u) => !u.email.endsWith("@steward.local")).every((u) => u.email.endsWith("@acme-corp.example"))).toBe(true);
  });

  it("has the platform accounts", () => {
    const keys = estate.sources.map((s) => s.key);
    expect(keys.filter((k) => k.startsWith("aws:"))).toHaveLength(2);
    for (const p of ["gcp:", "azure:", "k8s:", "github:"]) expect(keys.some((k) => k.startsWith(p))).toBe(true);
    expect(keys.some((k) => k.startsWith("cyberark:") || k === "manual")).toBe(true);
    expect(new Set(estate.sources.map((s) => s.environment))).toEqual(new Set(["PROD", "STAGING", "DEV", "UNKNOWN"]));
  });

  it("has all nine kinds in realistic proportions", () => {
    const kinds = new Map<string, number>();
    for (const i of estate.identities) kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
    expect(kinds.size).toBe(9);
    const sa = kinds.get("SERVICE_ACCOUNT")!;
    const wi = kinds.get("WORKLOAD_IDENTITY")!;
    for (const [k, n] of kinds) if (k !== "SERVICE_ACCOUNT" && k !== "WORKLOAD_IDENTITY") expect(n).toBeLessThan(Math.min(sa, wi));
    expect(share(kinds.get("AI_AGENT")!)).toBeGreaterThan(0.01);
    expect(share(kinds.get("AI_AGENT")!)).toBeLessThan(0.06);
  });

  it("has about 15% orphans, backup owners, purposes for most, and old confirmations", () => {
    const orphans = share(estate.identities.filter((i) => i.ownerId === null).length);
    expect(orphans).toBeGreaterThan(0.1);
    expect(orphans).toBeLessThan(0.2);
    expect(estate.identities.some((i) => i.backupOwnerId !== null)).toBe(true);
    const withPurpose = share(estate.identities.filter((i) => i.purpose).length);
    expect(withPurpose).toBeGreaterThan(0.65);
    expect(withPurpose).toBeLessThan(0.95);
    expect(estate.identities.some((i) => i.purposeConfirmedAt && NOW.getTime() - i.purposeConfirmedAt.getTime() > 365 * DAY)).toBe(true);
  });

  it("gives AI agents a named human and delegated scopes, and nobody else", () => {
    const users = new Set(estate.users.map((u) => u.id));
    for (const i of estate.identities) {
      if (i.kind === "AI_AGENT") {
        expect(i.onBehalfOfUserId && users.has(i.onBehalfOfUserId)).toBe(true);
        expect(i.delegatedScopes.length).toBeGreaterThan(0);
      } else {
        expect(i.onBehalfOfUserId).toBeNull();
        expect(i.delegatedScopes).toEqual([]);
      }
    }
  });

  it("has privileged, break-glass, shared, platform-managed, disabled and deleted NHIs", () => {
    const ids = estate.identities;
    const privileged = share(ids.filter((i) => i.isPrivileged).length);
    expect(privileged).toBeGreaterThan(0.3);
    expect(privileged).toBeLessThan(0.5);
    for (const i of ids) expect(i.isPrivileged).toBe(i.canChangeInfra || i.canReadSensitive || i.canTriggerDeploy);
    expect(ids.filter((i) => i.breakGlass).length).toBeGreaterThanOrEqual(3);
    expect(ids.some((i) => i.shared)).toBe(true);
    expect(ids.some((i) => i.platformManaged && i.ownerId === null)).toBe(true);
    expect(ids.some((i) => i.status === "DISABLED")).toBe(true);
    expect(ids.some((i) => i.status === "DELETED_AT_SOURCE")).toBe(true);
    expect(share(ids.filter((i) => i.status === "ACTIVE").length)).toBeGreaterThan(0.8);
    expect(new Set(ids.map((i) => i.criticality)).size).toBe(4);
  });

  it("spreads creation over six years and has never-used and stale NHIs", () => {
    const ages = estate.identities.map((i) => (NOW.getTime() - i.createdAtSource!.getTime()) / DAY);
    expect(Math.max(...ages)).toBeGreaterThan(5 * 365);
    expect(Math.max(...ages)).toBeLessThan(6.2 * 365);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(estate.identities.some((i) => i.lastUsedAt === null)).toBe(true);
    const stale = estate.identities.filter((i) => i.lastUsedAt && NOW.getTime() - i.lastUsedAt.getTime() > 90 * DAY).length;
    expect(share(stale)).toBeGreaterThan(0.15);
  });
});

describe("time", () => {
  it("keeps every timeline in order: created, first seen, used, last seen, now", () => {
    const t = (d: Date | null) => d?.getTime() ?? null;
    const now = NOW.getTime();
    const byId = new Map(estate.identities.map((i) => [i.id, i]));
    const badIdentities = estate.identities.filter((i) =>
      t(i.createdAtSource)! > t(i.firstSeenAt)! || t(i.firstSeenAt)! > t(i.lastSeenAt)! || t(i.lastSeenAt)! > now
      || (i.lastUsedAt !== null && (t(i.lastUsedAt)! < t(i.createdAtSource)! || t(i.lastUsedAt)! > t(i.lastSeenAt)!)));
    expect(badIdentities.map((i) => i.name)).toEqual([]);
    const badCreds = estate.credentials.filter((c) => {
      const i = byId.get(c.identityId)!;
      return t(c.createdAt)! < t(i.createdAtSource)! || t(c.createdAt)! > t(c.lastSeenAt)! || t(c.firstSeenAt)! > t(c.lastSeenAt)!
        || (c.lastUsedAt !== null && (t(c.lastUsedAt)! < t(c.createdAt)! || t(c.lastUsedAt)! > t(i.lastUsedAt)!))
        || (c.lastRotatedAt !== null && t(c.lastRotatedAt)! < t(c.createdAt)!);
    });
    expect(badCreds.map((c) => c.id)).toEqual([]);
    const badEnts = estate.entitlements.filter((e) => {
      const i = byId.get(e.identityId)!;
      return t(e.grantedAt)! < t(i.createdAtSource)! || t(e.firstSeenAt)! > t(e.lastSeenAt)! || t(e.lastSeenAt)! > now
        || (e.lastUsedAt !== null && (t(e.lastUsedAt)! < t(e.grantedAt)! || i.lastUsedAt === null || t(e.lastUsedAt)! > t(i.lastUsedAt)!))
        || (e.expiresAt !== null && t(e.expiresAt)! < now);
    });
    expect(badEnts.map((e) => e.id)).toEqual([]);
  });
});

describe("credentials and entitlements", () => {
  it("keeps platform keys unique", () => {
    const all = [...estate.identities, ...estate.credentials, ...estate.entitlements, ...estate.users].map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(estate.identities.map((i) => `${i.sourceId}|${i.externalId}`)).size).toBe(estate.identities.length);
    expect(new Set(estate.credentials.map((c) => `${c.identityId}|${c.externalId}`)).size).toBe(estate.credentials.length);
    expect(new Set(estate.entitlements.map((e) => `${e.identityId}|${e.resource}|${e.permission}`)).size).toBe(estate.entitlements.length);
  });

  it("never carries a secret value", () => {
    const allowed = ["id", "identityId", "type", "externalId", "name", "status", "createdAt", "lastRotatedAt", "lastUsedAt", "expiresAt", "fingerprint", "storage", "ephemeral", "firstSeenAt", "lastSeenAt"];
    const secretLike = /-----BEGIN|ghp_|github_pat_|xox[abp]-|sk_live_|rk_live_|AIza[0-9A-Za-z_-]{35}|aws_secret|password=/i;
    const keys = new Set(estate.credentials.flatMap((c) => Object.keys(c)));
    expect([...keys].sort()).toEqual([...allowed].sort());
    const offenders = estate.credentials.filter((c) => Object.values(c).some((v) => typeof v === "string" && secretLike.test(v)));
    expect(offenders).toEqual([]);
    expect(estate.identities.filter((i) => secretLike.test(JSON.stringify(i)))).toEqual([]);
  });

  it("matches credential types to kinds and platforms", () => {
    const src = new Map(estate.sources.map((s) => [s.id, s.platform]));
    const byId = new Map(estate.identities.map((i) => [i.id, i]));
    for (const c of estate.credentials) {
      const i = byId.get(c.identityId)!;
      const p = src.get(i.sourceId);
      if (c.type === "ACCESS_KEY") expect([p, i.kind]).toEqual(["aws", "SERVICE_ACCOUNT"]);
      if (c.type === "SA_KEY") expect(p).toBe("gcp");
      if (i.kind === "SSH_KEY") expect(c.type).toBe("SSH_KEY");
      if (i.kind === "CERTIFICATE") expect(c.type).toBe("CERTIFICATE");
      if (c.type === "CERTIFICATE") expect(c.expiresAt).not.toBeNull();
      if (c.ephemeral) expect(c.expiresAt!.getTime() - c.createdAt.getTime()).toBeLessThanOrEqual(3_600_000);
    }
  });

  it("has an age spread: years-old keys, expired ones still attached, never-expiring and ephemeral ones", () => {
    const age = (c: Estate["credentials"][number]) => (NOW.getTime() - (c.lastRotatedAt ?? c.createdAt).getTime()) / DAY;
    const creds = estate.credentials;
    expect(creds.filter((c) => age(c) > 730).length).toBeGreaterThan(50);
    expect(creds.filter((c) => age(c) < 90).length).toBeGreaterThan(500);
    expect(creds.filter((c) => c.status === "EXPIRED" && c.expiresAt! < NOW).length).toBeGreaterThan(20);
    expect(creds.filter((c) => c.expiresAt === null).length / creds.length).toBeGreaterThan(0.4);
    expect(creds.some((c) => c.ephemeral)).toBe(true);
    const storages = new Set(creds.map((c) => c.storage));
    for (const s of ["aws-secrets-manager", "hashicorp-vault", "azure-key-vault", "github-actions-secrets", "unvaulted", "unknown"]) expect(storages).toContain(s);
  });

  it("gives most NHIs standing privileges unused for 90 days, with a few time-bound grants", () => {
    const withUnused = estate.identities.filter((i) => i.unusedEntitlements > 0).length;
    expect(share(withUnused)).toBeGreaterThan(0.9);
    const perNhi = estate.entitlements.length / estate.identities.length;
    expect(perNhi).toBeGreaterThan(5);
    expect(perNhi).toBeLessThan(11);
    const jit = estate.entitlements.filter((e) => e.expiresAt !== null);
    expect(jit.length).toBeGreaterThan(0);
    expect(jit.length / estate.entitlements.length).toBeLessThan(0.05);
    expect(new Set(estate.entitlements.map((e) => e.privilege))).toEqual(new Set(["ADMIN", "WRITE", "READ", "UNKNOWN"]));
    expect(new Set(estate.entitlements.map((e) => e.sensitivity))).toEqual(new Set(["CRITICAL", "HIGH", "NORMAL"]));
    expect(estate.entitlements.some((e) => e.permission === "AdministratorAccess")).toBe(true);
    expect(estate.entitlements.some((e) => e.resource.startsWith("arn:aws:s3:::"))).toBe(true);
    expect(estate.entitlements.some((e) => e.permission.startsWith("roles/") && e.resource.startsWith("projects/"))).toBe(true);
    expect(estate.entitlements.some((e) => e.permission === "ClusterRole/cluster-admin")).toBe(true);
    expect(estate.entitlements.some((e) => /^acme\/[a-z0-9-]+$/.test(e.resource) && e.permission === "contents:write")).toBe(true);
    expect(estate.entitlements.some((e) => e.resource.startsWith("/subscriptions/") && e.permission === "Contributor")).toBe(true);
  });

  it("fills the identity rollups consistently with its rows", () => {
    const creds = new Map<string, Estate["credentials"]>();
    const ents = new Map<string, Estate["entitlements"]>();
    for (const c of estate.credentials) (creds.get(c.identityId) ?? creds.set(c.identityId, []).get(c.identityId)!).push(c);
    for (const e of estate.entitlements) (ents.get(e.identityId) ?? ents.set(e.identityId, []).get(e.identityId)!).push(e);
    const mismatched = estate.identities.filter((i) => {
      const r = identityRollups(creds.get(i.id) ?? [], ents.get(i.id) ?? [], NOW);
      return i.credentialCount !== r.credentialCount || i.entitlementCount !== r.entitlementCount
        || i.unusedEntitlements !== r.unusedEntitlements || i.oldestCredentialAt?.getTime() !== r.oldestCredentialAt?.getTime();
    });
    expect(mismatched).toEqual([]);
  });

  it("only references rows that exist, and team is the owner's team", () => {
    const users = new Map(estate.users.map((u) => [u.id, u]));
    const teams = new Set(estate.teams.map((t) => t.id));
    const sources = new Set(estate.sources.map((s) => s.id));
    const ids = new Set(estate.identities.map((i) => i.id));
    const bad = estate.identities.filter((i) =>
      !sources.has(i.sourceId)
      || (i.ownerId !== null && i.teamId !== users.get(i.ownerId)?.teamId)
      || (i.backupOwnerId !== null && !users.has(i.backupOwnerId))
      || (i.teamId !== null && !teams.has(i.teamId)));
    expect(bad).toEqual([]);
    expect([...estate.credentials, ...estate.entitlements].filter((r) => !ids.has(r.identityId))).toEqual([]);
  });
});

describe("rotation policies", () => {
  it("has four rotation policies with the agreed windows", () => {
    const p = estate.rotationPolicies;
    expect(p.find((x) => !x.kind && !x.environment && !x.criticality)?.maxAgeDays).toBe(90);
    expect(p.find((x) => x.environment === "PROD" && x.criticality === "CRITICAL")?.maxAgeDays).toBe(30);
    expect(p.find((x) => x.kind === "CERTIFICATE")?.maxAgeDays).toBe(365);
    expect(p.find((x) => x.kind === "CI_CD_TOKEN")?.maxAgeDays).toBe(30);
  });
});
