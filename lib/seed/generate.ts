// The demo estate generator. Pure: no database, no clock (the caller passes `now`), no Math.random. Every NHI is
// generated from its own PRNG stream (seed, index), so the estate is the same whether it is built in one piece or
// in chunks, and the chunked form keeps memory flat at 500,000 NHIs.
//
//   generateEstate({ identities, seed, now })        everything, as plain arrays (tests, small estates)
//   generateEstateBase(opts)                         teams, users, sources, rotation policies
//   generateIdentityChunks(opts, { chunkSize })      identities + credentials + entitlements, ~2,000 NHIs at a time
import type { Criticality, Environment, IdentityKind, IdentityStatus } from "../db/generated/enums";
import { identityRollups } from "./rollups";
import { AGENT_SCOPE_SETS, SERVICE_TEAM, TEAMS, type SourceRef, type TeamDef } from "./catalog";
import { buildContext, generateEstateBase, resolveOptions, SeenSet, type EstateContext } from "./base";
import { generateCredentials, type Hygiene } from "./credentials";
import { generateEntitlements } from "./entitlements";
import { fitTo, nameFor, PLATFORM_MANAGED, renderPlatformManaged, variantOf, type EnvShort, type Fn, type Naming } from "./names";
import { purposeFor } from "./purposes";
import { DAY_MS, Rng, weightedTable } from "./random";
import { SIGNATURES, type Signature } from "./signature";
import type { Estate, EstateBase, EstateOptions, IdentityChunk, IdentityRow, UserRow } from "./types";
import { CLOUD_VENDORS, VENDORS, VENDOR_BY_SLUG, type Vendor } from "./vendors";

export { generateEstateBase } from "./base";
export type { Estate, EstateBase, EstateOptions, IdentityChunk } from "./types";

const KINDS = weightedTable<IdentityKind>([
  ["SERVICE_ACCOUNT", 30], ["WORKLOAD_IDENTITY", 25], ["CI_CD_TOKEN", 10], ["API_KEY", 9], ["CERTIFICATE", 7],
  ["OAUTH_APP", 6], ["SSH_KEY", 6], ["BOT", 4], ["AI_AGENT", 3],
]);

const SOURCES_BY_KIND: Record<IdentityKind, ReturnType<typeof weightedTable<SourceRef>>> = {
  SERVICE_ACCOUNT: weightedTable<SourceRef>([["aws-prod", 20], ["aws-staging", 8], ["gcp-prod", 20], ["gcp-dev", 8], ["azure", 10], ["k8s-prod", 8], ["k8s-staging", 4], ["cyberark", 12], ["manual", 6]]),
  WORKLOAD_IDENTITY: weightedTable<SourceRef>([["aws-prod", 28], ["aws-staging", 14], ["k8s-prod", 24], ["k8s-staging", 12], ["azure", 10], ["gcp-prod", 8], ["gcp-dev", 4]]),
  API_KEY: weightedTable<SourceRef>([["manual", 65], ["gcp-prod", 10], ["gcp-dev", 5], ["aws-prod", 10], ["aws-staging", 5], ["cyberark", 5]]),
  OAUTH_APP: weightedTable<SourceRef>([["azure", 55], ["github", 25], ["manual", 20]]),
  CERTIFICATE: weightedTable<SourceRef>([["k8s-prod", 25], ["k8s-staging", 10], ["azure", 20], ["manual", 30], ["aws-prod", 15]]),
  CI_CD_TOKEN: weightedTable<SourceRef>([["github", 70], ["manual", 20], ["azure", 10]]),
  SSH_KEY: weightedTable<SourceRef>([["github", 40], ["cyberark", 35], ["manual", 25]]),
  BOT: weightedTable<SourceRef>([["github", 50], ["manual", 50]]),
  AI_AGENT: weightedTable<SourceRef>([["manual", 50], ["azure", 30], ["gcp-prod", 15], ["aws-prod", 5]]),
};

const FNS_BY_KIND: Record<IdentityKind, ReturnType<typeof weightedTable<Fn>>> = {
  SERVICE_ACCOUNT: weightedTable<Fn>([["runtime", 30], ["etl", 12], ["deployer", 9], ["admin", 5], ["monitoring", 7], ["integration", 13], ["backup", 5], ["scanner", 4], ["legacy", 15]]),
  WORKLOAD_IDENTITY: weightedTable<Fn>([["runtime", 62], ["etl", 10], ["deployer", 9], ["admin", 4], ["monitoring", 6], ["backup", 4], ["scanner", 3], ["integration", 2]]),
  API_KEY: weightedTable<Fn>([["integration", 65], ["runtime", 20], ["legacy", 15]]),
  OAUTH_APP: weightedTable<Fn>([["integration", 78], ["runtime", 14], ["legacy", 8]]),
  CERTIFICATE: weightedTable<Fn>([["tls", 1]]),
  CI_CD_TOKEN: weightedTable<Fn>([["deployer", 72], ["admin", 13], ["legacy", 15]]),
  SSH_KEY: weightedTable<Fn>([["deployer", 40], ["admin", 20], ["backup", 15], ["legacy", 25]]),
  BOT: weightedTable<Fn>([["bot", 1]]),
  AI_AGENT: weightedTable<Fn>([["agent", 1]]),
};

const SOURCE_ENV: Record<SourceRef, EnvShort | null> = {
  "aws-prod": "prod", "aws-staging": "staging", "gcp-prod": "prod", "gcp-dev": "dev", azure: null, "k8s-prod": "prod",
  "k8s-staging": "staging", github: null, cyberark: "prod", manual: null,
};
const ENV_OF: Record<EnvShort, Environment> = { prod: "PROD", staging: "STAGING", dev: "DEV", "": "UNKNOWN" };
const PLATFORM_PURPOSE: Record<string, string> = {
  aws: "AWS service-linked role (created and managed by AWS)",
  gcp: "Google-managed service agent",
  k8s: "Kubernetes system component (kube-system)",
  azure: "Microsoft first-party application",
  github: "GitHub-managed app",
};
const FN_HOME: Partial<Record<Fn, [string, number]>> = {
  scanner: ["Security", 0.8], monitoring: ["SRE", 0.6], backup: ["SRE", 0.5], admin: ["Platform", 0.55],
};
const CLOUD_FN: Record<Vendor["cloud"], Fn> = { readonly: "monitoring", data: "etl", admin: "admin", none: "integration" };

interface Shape {
  kind: IdentityKind;
  src: SourceRef;
  fn: Fn;
  team: TeamDef;
  teamIdx: number;
  svc: string;
  env: EnvShort;
  vendor: Vendor | null;
  name: string;
  externalId: string;
  platformManaged: boolean;
  hint?: string | null;
}

function envFor(rng: Rng, src: SourceRef): EnvShort {
  const home = SOURCE_ENV[src];
  if (home === null) return rng.weighted<EnvShort>([["prod", 55], ["staging", 18], ["dev", 17], ["", 10]]);
  // Accounts are not as clean as their names: a staging thing in prod, a dev thing in staging.
  if (rng.chance(0.05)) return rng.pick<EnvShort>(home === "prod" ? ["staging", "dev"] : ["prod", "dev"]);
  return home;
}

const GITHUB_VENDORS = VENDORS.filter((v) => ["circleci", "terraform-cloud", "jira", "slack", "sentry", "launchdarkly", "datadog", "wiz", "cloudflare", "pagerduty"].includes(v.slug));
const MTLS_VENDORS = VENDORS.filter((v) => ["adyen", "stripe", "twilio", "salesforce", "netsuite", "okta"].includes(v.slug));

function vendorFor(rng: Rng, src: SourceRef, team: TeamDef, kind: IdentityKind): Vendor {
  const pool = src.startsWith("aws") || src.startsWith("gcp") || src.startsWith("k8s") ? CLOUD_VENDORS
    : src === "github" ? GITHUB_VENDORS
    : kind === "CERTIFICATE" ? MTLS_VENDORS
    : VENDORS;
  return rng.weighted(pool.map((v) => [v, v.team === team.name ? 5 : 1] as const));
}

/** Picks a base the source has not used yet, then renders name and external id from it. */
function uniqueName(rng: Rng, seen: SeenSet, src: SourceRef, naming: Naming): { name: string; externalId: string } {
  let base = fitTo(naming.base, naming.maxLen);
  for (let attempt = 1; ; attempt++) {
    const out = naming.render(base);
    if (!seen.has(src, out.name) && !seen.has(src, `#${out.externalId}`)) {
      seen.add(src, out.name);
      seen.add(src, `#${out.externalId}`);
      return out;
    }
    // A taken external id cannot be fixed by renaming (it would be a PRNG stream collision): fail loudly.
    if (attempt > 100) throw new Error(`seed: no unique name for ${naming.base} in ${src} after ${attempt} attempts`);
    base = variantOf(rng, naming.base, attempt, naming);
  }
}

function signatureShape(rng: Rng, ctx: EstateContext, seen: SeenSet, sig: Signature, index: number): Shape {
  const teamIdx = sig.team ? ctx.teamIndexByName.get(sig.team)! : ctx.teamIndexByName.get(SERVICE_TEAM.get(sig.svc) ?? "Platform")!;
  const team = TEAMS[teamIdx]!;
  const vendor = sig.vendor ? (VENDOR_BY_SLUG.get(sig.vendor) ?? null) : null;
  // Signature names are fixed; the namer still supplies the platform's external-id format.
  const naming = nameFor(rng, { kind: sig.kind, src: sig.src, fn: sig.fn, team, svc: sig.svc, env: sig.env, vendor, index });
  let externalId = naming.render(naming.base).externalId;
  if (sig.src === "aws-prod" || sig.src === "aws-staging") {
    const acct = externalId.split(":")[4];
    externalId = `arn:aws:iam::${acct}:${sig.kind === "WORKLOAD_IDENTITY" ? "role" : "user"}/${sig.name}`;
  } else if (sig.src === "manual") {
    externalId = `${sig.kind.toLowerCase()}:${sig.name}`;
  }
  seen.add(sig.src, sig.name);
  seen.add(sig.src, `#${externalId}`);
  return { kind: sig.kind, src: sig.src, fn: sig.fn, team, teamIdx, svc: sig.svc, env: sig.env, vendor, name: sig.name, externalId, platformManaged: sig.platformManaged ?? false };
}

const PM_SOURCES = weightedTable(
  (Object.keys(PLATFORM_MANAGED) as SourceRef[]).map((s) => [s, PLATFORM_MANAGED[s]!.length] as const),
);

function randomShape(rng: Rng, ctx: EstateContext, seen: SeenSet, index: number): Shape {
  const teamIdx = rng.weighted(ctx.teamTable);
  let team = TEAMS[teamIdx]!;
  let tIdx = teamIdx;
  // The cloud's own service agents: a small, finite set per source.
  if (rng.chance(0.03)) {
    const src = rng.weighted(PM_SOURCES);
    const raw = rng.pick(PLATFORM_MANAGED[src]!);
    const pm = renderPlatformManaged(rng, src, raw);
    if (!seen.has(src, pm.name)) {
      seen.add(src, pm.name);
      seen.add(src, `#${pm.externalId}`);
      return { kind: pm.kind, src, fn: pm.kind === "BOT" ? "bot" : "runtime", team, teamIdx, svc: rng.pick(team.services), env: SOURCE_ENV[src] ?? "prod", vendor: null, name: pm.name, externalId: pm.externalId, platformManaged: true };
    }
  }
  const kind = rng.weighted(KINDS);
  const src = rng.weighted(SOURCES_BY_KIND[kind]);
  let fn = rng.weighted(FNS_BY_KIND[kind]);
  // Some jobs belong to particular teams: scanners to Security, monitoring and backups to SRE, infra to Platform.
  const home = FN_HOME[fn];
  if (home && rng.chance(home[1])) {
    tIdx = ctx.teamIndexByName.get(home[0])!;
    team = TEAMS[tIdx]!;
  }
  let vendor: Vendor | null = null;
  const saasSource = src === "manual" || src === "cyberark" || src === "azure" || src === "github";
  if (kind === "API_KEY" && !saasSource && fn === "integration") fn = "runtime";
  const saasKind = (kind === "API_KEY" && saasSource) || kind === "OAUTH_APP" || (src === "manual" && kind === "SERVICE_ACCOUNT");
  if (fn === "integration" || saasKind || (kind === "CERTIFICATE" && src === "manual" && rng.chance(0.3))) {
    vendor = vendorFor(rng, src, team, kind);
    // Integrations tend to belong to whoever bought the product.
    if (vendor.team !== team.name && rng.chance(0.5)) {
      tIdx = ctx.teamIndexByName.get(vendor.team) ?? teamIdx;
      team = TEAMS[tIdx]!;
    }
  }
  if (fn === "integration" && !vendor) fn = "runtime";
  // A vendor's key or app is an integration (or a forgotten one), whatever it was drawn as.
  if (vendor && saasKind && fn !== "legacy") fn = "integration";
  const svc = rng.pick(team.services);
  const env = envFor(rng, src);
  const naming = nameFor(rng, { kind, src, fn, team, svc, env, vendor, index });
  const { name, externalId } = uniqueName(rng, seen, src, naming);
  // Where the account says nothing, the environment is read from the name, as an importer would.
  const named = /(?:^|[-_ (])(prod|staging|dev)(?:$|[-_ )])/i.exec(name)?.[1]?.toLowerCase() as EnvShort | undefined;
  const finalEnv = env === "" && named ? named : env;
  return { kind, src, fn, team, teamIdx: tIdx, svc, env: finalEnv, vendor, name, externalId, platformManaged: false, hint: naming.hint ?? null };
}

function criticalityFor(rng: Rng, s: Shape): Criticality {
  const critical = s.team.critical.includes(s.svc);
  if (s.env === "prod") {
    if (critical || s.fn === "admin") return rng.weighted<Criticality>([["CRITICAL", 55], ["HIGH", 40], ["MEDIUM", 5]]);
    return rng.weighted<Criticality>([["HIGH", 30], ["MEDIUM", 55], ["LOW", 15]]);
  }
  if (s.env === "staging") return rng.weighted<Criticality>([["MEDIUM", 40], ["LOW", 60]]);
  if (s.env === "dev") return rng.weighted<Criticality>([["LOW", 85], ["MEDIUM", 15]]);
  return rng.weighted<Criticality>([["HIGH", 15], ["MEDIUM", 50], ["LOW", 35]]);
}

function pickOwner(rng: Rng, ctx: EstateContext, teamIdx: number): UserRow {
  // Mostly someone on the service's team; sometimes whoever set it up from another team.
  const t = rng.chance(0.88) ? teamIdx : rng.weighted(ctx.teamTable);
  return rng.weighted(ctx.ownersByTeam[t]!);
}

function activeMemberOf(rng: Rng, ctx: EstateContext, teamIdx: number): UserRow {
  const teamId = ctx.teamRows[teamIdx]!.id;
  for (let i = 0; i < 6; i++) {
    const u = rng.weighted(ctx.ownersByTeam[teamIdx]!);
    if (u.active && u.teamId === teamId) return u;
  }
  // Team leads are never deactivated, so this always finds somebody.
  return ctx.userById.get(ctx.teamRows[teamIdx]!.leadId!)!;
}

function departedUser(rng: Rng, ctx: EstateContext, teamIdx: number): UserRow {
  const teamId = ctx.teamRows[teamIdx]!.id;
  const same = ctx.departedOwners.filter((u) => u.teamId === teamId);
  if (same.length) return rng.pick(same);
  return ctx.departedOwners.length ? rng.pick(ctx.departedOwners) : rng.pick(ctx.owners);
}

/** One NHI with its credentials and entitlements and its rollups; the risk score is the rule engine's (lib/rules/risk.ts). */
function generateOne(ctx: EstateContext, seen: SeenSet, index: number) {
  const { nowMs } = ctx.opts;
  const rng = Rng.derive(ctx.opts.seed, "nhi", index);
  const sig = index < SIGNATURES.length ? SIGNATURES[index] : undefined;
  const s = sig ? signatureShape(rng, ctx, seen, sig, index) : randomShape(rng, ctx, seen, index);
  const source = ctx.source[s.src];
  const identityId = rng.id();

  // Lifecycle. Estates grow, so creation dates lean recent; the oldest NHIs are six years old.
  // AI agents are a recent arrival: none older than about two years.
  const span = s.kind === "AI_AGENT" ? 700 : 2190;
  const sigUsed = sig?.lastUsedDaysAgo ?? 0;
  const ageDays = sig ? (sig.ageDays ?? Math.max(rng.int(200, 1400), sigUsed + rng.int(30, 400))) : (rng.chance(0.08) ? rng.int(1, 30) : Math.max(1, Math.round(span * Math.pow(rng.next(), 1.6))));
  // Nothing can be known before the source's latest import saw it (the manual register is weeks old).
  const lastImportMs = source.lastImportAt?.getTime() ?? nowMs;
  const createdAtSource = new Date(Math.min(nowMs - ageDays * DAY_MS - rng.int(0, 86_399) * 1000, lastImportMs - rng.int(1, 48) * 3_600_000));
  let status: IdentityStatus = sig ? (sig.status ?? "ACTIVE")
    : s.platformManaged ? "ACTIVE" : rng.weighted<IdentityStatus>([["ACTIVE", 88], ["DISABLED", 7], ["DELETED_AT_SOURCE", 5]]);
  const firstSeenAt = new Date(Math.max(createdAtSource.getTime(), source.createdAt.getTime()));
  // Deleted at source = seen by an earlier import, gone from the latest one.
  const sinceSeenDays = Math.floor((nowMs - firstSeenAt.getTime()) / DAY_MS);
  if (status === "DELETED_AT_SOURCE" && sinceSeenDays < 3) status = "DISABLED";
  const seenAt = status === "DELETED_AT_SOURCE"
    ? new Date(nowMs - rng.int(1, Math.min(60, sinceSeenDays - 1)) * DAY_MS)
    : (source.lastImportAt ?? new Date(nowMs));
  let lastUsedAt: Date | null;
  if (sig && sig.lastUsedDaysAgo !== undefined) {
    lastUsedAt = sig.lastUsedDaysAgo === null ? null : new Date(nowMs - sig.lastUsedDaysAgo * DAY_MS - rng.int(60, 7200) * 1000);
  } else {
    const legacy = s.fn === "legacy";
    const never = status === "ACTIVE" ? (legacy ? 0.18 : 0.07) : 0.2;
    const stale = status === "ACTIVE" ? (legacy ? 0.65 : s.platformManaged || s.fn === "tls" ? 0.08 : 0.3) : 1;
    const x = rng.next();
    if (x < never) lastUsedAt = null;
    else if (x < never + stale) lastUsedAt = new Date(nowMs - rng.int(91, Math.max(92, ageDays)) * DAY_MS);
    else {
      const busy = s.fn === "runtime" || s.fn === "monitoring" || s.fn === "bot" || s.fn === "tls" || s.platformManaged;
      lastUsedAt = new Date(nowMs - (busy && rng.chance(0.7) ? rng.int(60, 86_400) * 1000 : rng.int(1, 89) * DAY_MS));
    }
    if (lastUsedAt && lastUsedAt.getTime() < createdAtSource.getTime()) lastUsedAt = new Date(createdAtSource.getTime() + rng.int(1, 3600) * 1000);
  }
  // Nothing is used after it was last seen.
  if (lastUsedAt && lastUsedAt.getTime() > seenAt.getTime()) lastUsedAt = new Date(Math.max(createdAtSource.getTime(), seenAt.getTime() - rng.int(1, 72) * 3_600_000));

  // Ownership. Older and legacy NHIs are more often orphaned; service agents belong to the platform.
  let owner: UserRow | null = null;
  const mode = sig?.owner ?? "team";
  if (s.platformManaged || mode === "orphan") owner = null;
  else if (mode === "demo") owner = ctx.demoOwner;
  else if (mode === "departed") owner = departedUser(rng, ctx, s.teamIdx);
  else if (sig) owner = activeMemberOf(rng, ctx, s.teamIdx);
  else {
    const pOrphan = 0.09 + (ageDays > 1095 ? 0.07 : 0) + (s.fn === "legacy" ? 0.14 : 0);
    owner = rng.chance(pOrphan) ? null : pickOwner(rng, ctx, s.teamIdx);
  }
  let backupOwnerId: string | null = null;
  if (owner && rng.chance(0.3)) {
    const b = pickOwner(rng, ctx, s.teamIdx);
    if (b.id !== owner.id) backupOwnerId = b.id;
  }
  // Teams: the owner's; for orphans, a guess from the service in the name (what a human triager would do).
  const teamId = owner ? owner.teamId : !s.platformManaged && rng.chance(0.75) ? ctx.teamRows[s.teamIdx]!.id : null;

  const vendorLabel = s.vendor?.label ?? null;
  const purpose = sig?.purpose !== undefined ? sig.purpose
    : s.platformManaged ? PLATFORM_PURPOSE[source.platform] ?? "Managed by the platform"
    : rng.chance(s.fn === "legacy" ? 0.55 : 0.83) ? purposeFor(rng, s.fn, { kind: s.kind, platform: source.platform, hint: s.hint ?? null, svc: s.svc, team: s.team.name, teamSlug: s.team.slug, env: s.env, vendor: vendorLabel }) : null;
  const purposeConfirmedAt = purpose && !s.platformManaged && rng.chance(0.65) ? new Date(nowMs - rng.int(3, Math.max(4, Math.min(ageDays, 960))) * DAY_MS) : null;
  const criticality = sig?.criticality ?? criticalityFor(rng, s);
  const environment = ENV_OF[s.env];

  const entFn: Fn = s.fn === "integration" && s.vendor && s.src !== "manual" && s.kind !== "API_KEY" && s.kind !== "OAUTH_APP" ? CLOUD_FN[s.vendor.cloud] : s.fn;
  const ents = generateEntitlements(rng, {
    identityId, src: s.src, kind: s.kind, fn: entFn, team: s.team, svc: s.svc, env: s.env, vendor: s.vendor, name: s.name,
    platformManaged: s.platformManaged, createdAtSource, lastUsedAt, firstSeenAt, seenAt, extra: sig?.extra, countFactor: sig?.countFactor, forceElevated: sig !== undefined, hint: s.hint,
  }, nowMs);

  const hygiene: Hygiene = sig?.hygiene ?? (s.src === "cyberark" ? rng.weighted<Hygiene>([["good", 70], ["fair", 20], ["poor", 10]])
    : s.fn === "legacy" ? rng.weighted<Hygiene>([["good", 10], ["fair", 30], ["poor", 60]])
    : rng.weighted<Hygiene>([["good", 35], ["fair", 37], ["poor", 28]]));
  const credentials = generateCredentials(rng, {
    identityId, src: s.src, kind: s.kind, fn: s.fn, name: s.name, status, createdAtSource, lastUsedAt, firstSeenAt, seenAt, hygiene,
    platformManaged: s.platformManaged, storage: sig?.storage, neverExpires: sig?.neverExpires,
  }, nowMs);
  for (const c of credentials) if (c.lastUsedAt && (!lastUsedAt || c.lastUsedAt > lastUsedAt)) lastUsedAt = c.lastUsedAt;

  // AI agents act for a named human, with the scopes that human consented to.
  let onBehalfOfUserId: string | null = null;
  let delegatedScopes: string[] = [];
  if (s.kind === "AI_AGENT") {
    const who = sig?.onBehalf === "departed" || (!sig && rng.chance(0.08)) ? departedUser(rng, ctx, s.teamIdx)
      : sig?.onBehalf === "demo" ? ctx.demoOwner : activeMemberOf(rng, ctx, s.teamIdx);
    onBehalfOfUserId = who.id;
    delegatedScopes = [...(sig?.scopes ?? rng.pick(AGENT_SCOPE_SETS))];
  }

  const breakGlass = sig ? sig.breakGlassTestedDaysAgo !== undefined : s.fn === "admin" && rng.chance(0.004);
  const testedDays = sig ? sig.breakGlassTestedDaysAgo : rng.chance(0.3) ? null : rng.int(20, 700);
  const breakGlassTestedAt = breakGlass && testedDays !== null && testedDays !== undefined ? new Date(nowMs - testedDays * DAY_MS) : null;
  const shared = sig?.shared ?? (!s.platformManaged && rng.chance(s.fn === "deployer" ? 0.12 : s.fn === "integration" ? 0.08 : 0.03));

  const tags: Record<string, string> = s.platformManaged ? { "managed-by": "platform" } : {
    ...(owner || rng.chance(0.6) ? { team: s.team.slug, service: s.svc } : {}),
    ...(s.env ? { env: s.env } : {}),
    ...(s.vendor ? { vendor: s.vendor.slug } : {}),
    "managed-by": rng.weighted([["terraform", 45], ["console", 25], ["helm", 12], ["manual", 18]] as const),
  };

  const identity: IdentityRow = {
    id: identityId, sourceId: source.id, externalId: s.externalId, name: s.name, kind: s.kind, status, environment, criticality,
    canChangeInfra: ents.canChangeInfra, canReadSensitive: ents.canReadSensitive, canTriggerDeploy: ents.canTriggerDeploy,
    isPrivileged: ents.canChangeInfra || ents.canReadSensitive || ents.canTriggerDeploy,
    breakGlass, breakGlassTestedAt, shared, ownerId: owner?.id ?? null, backupOwnerId, teamId, purpose, purposeConfirmedAt,
    platformManaged: s.platformManaged, onBehalfOfUserId, delegatedScopes, createdAtSource, lastUsedAt,
    riskScore: 0, riskReasons: [], tags, oldestCredentialAt: null, unusedEntitlements: 0, entitlementCount: 0, credentialCount: 0,
    firstSeenAt, lastSeenAt: seenAt, createdAt: firstSeenAt, updatedAt: seenAt,
  };
  const roll = identityRollups(credentials, ents.rows, ctx.opts.now);
  identity.entitlementCount = roll.entitlementCount;
  identity.unusedEntitlements = roll.unusedEntitlements;
  identity.credentialCount = roll.credentialCount;
  identity.oldestCredentialAt = roll.oldestCredentialAt;
  return { identity, credentials, entitlements: ents.rows };
}

export interface ChunkOptions {
  chunkSize?: number;
  /** The base rows already generated for the same options (saves rebuilding them). */
  base?: EstateBase;
}

/** Identities with their credentials and entitlements, `chunkSize` NHIs at a time, in index order. */
export function* generateIdentityChunks(opts: EstateOptions, chunk: ChunkOptions = {}): Generator<IdentityChunk> {
  const o = resolveOptions(opts);
  const base = chunk.base ?? generateEstateBase(opts);
  const ctx = buildContext(base, o);
  const seen = new SeenSet();
  const size = Math.max(1, chunk.chunkSize ?? 2000);
  for (let offset = 0; offset < o.identities; offset += size) {
    const out: IdentityChunk = { offset, identities: [], credentials: [], entitlements: [] };
    const end = Math.min(o.identities, offset + size);
    for (let i = offset; i < end; i++) {
      const one = generateOne(ctx, seen, i);
      out.identities.push(one.identity);
      for (const c of one.credentials) out.credentials.push(c);
      for (const e of one.entitlements) out.entitlements.push(e);
    }
    yield out;
  }
}

/** The whole estate in memory. Fine up to ~50,000 NHIs; use the chunked form beyond. */
export function generateEstate(opts: EstateOptions): Estate {
  const base = generateEstateBase(opts);
  const estate: Estate = { ...base, identities: [], credentials: [], entitlements: [] };
  for (const c of generateIdentityChunks(opts, { base, chunkSize: 5000 })) {
    for (const x of c.identities) estate.identities.push(x);
    for (const x of c.credentials) estate.credentials.push(x);
    for (const x of c.entitlements) estate.entitlements.push(x);
  }
  return estate;
}
