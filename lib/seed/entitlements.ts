// Entitlements of one NHI: picks templates from its platform's bank (weighted by what the NHI is for), adds the
// SaaS-side grants of integrations and agents, dates them, and derives the privileged-access classes from what
// was granted, so an identity's flags always agree with its entitlement rows.
import type { Sensitivity } from "../db/generated/enums";
import { COMPANY, TEAMS, type SourceRef, type TeamDef } from "./catalog";
import { BANKS, CI, SENSITIVE_SERVICES, type ResCtx, type Template } from "./entitlement-bank";
import type { EnvShort, Fn } from "./names";
import { DAY_MS, weightedTable, type Rng, type WeightedTable } from "./random";
import type { EntitlementRow } from "./types";
import { UNUSED_WINDOW_DAYS } from "../identities/rules";
import { VENDORS, VENDOR_BY_SLUG, type EntClass, type Vendor } from "./vendors";

const CRITICAL_SERVICES = new Set(TEAMS.flatMap((t) => t.critical));
// Generated "last used" dates sit clearly on either side of the product's unused window.
const STALE_MS = UNUSED_WINDOW_DAYS * DAY_MS;

export interface EntInput {
  identityId: string;
  src: SourceRef;
  kind: string;
  /** The function used to weight templates (integrations map to what the vendor does in the cloud). */
  fn: Fn;
  team: TeamDef;
  svc: string;
  env: EnvShort;
  vendor: Vendor | null;
  name: string;
  platformManaged: boolean;
  createdAtSource: Date;
  lastUsedAt: Date | null;
  /** The NHI's first and last sighting by an import: every row's own sightings fall between them. */
  firstSeenAt: Date;
  seenAt: Date;
  /** Explicit grants first (signature identities), then the random ones. */
  extra?: ReadonlyArray<Template>;
  /** Multiplies the usual count (long tail, dependabot). */
  countFactor?: number;
  /** A system hint from naming (CI tokens of the manual register: "jenkins", "circleci", "tfc", ...). */
  hint?: string | null;
  /** Skips the least-privilege draw (signature identities tell their story with their grants). */
  forceElevated?: boolean;
}

export interface EntResult {
  rows: EntitlementRow[];
  canChangeInfra: boolean;
  canReadSensitive: boolean;
  canTriggerDeploy: boolean;
  hasAdminEntitlement: boolean;
  hasCriticalAccess: boolean;
}

const MEDIAN: Record<Fn, number> = {
  admin: 10, legacy: 8, runtime: 7, etl: 7, deployer: 7, monitoring: 4, backup: 4.5, scanner: 3.5, integration: 4.5,
  agent: 5.5, bot: 4.5, tls: 1.4,
};
/**
 * Chance that an NHI of this function holds anything elevated at all. The rest were built least-privilege: their
 * grants only touch NORMAL resources. Tuned so that about 40% of the estate counts as privileged.
 */
const ELEVATED: Record<Fn, number> = {
  runtime: 0.55, etl: 0.65, deployer: 0.85, admin: 1, legacy: 0.8, monitoring: 0.35, backup: 0.6, scanner: 0.35,
  integration: 0.65, agent: 0.7, bot: 0.55, tls: 0.5,
};
/** Share of an NHI's entitlements exercised in the last 90 days, by function (before per-NHI noise). */
const USED_SHARE: Record<Fn, number> = {
  runtime: 0.5, etl: 0.45, deployer: 0.4, monitoring: 0.55, admin: 0.15, legacy: 0.08, integration: 0.35,
  scanner: 0.55, backup: 0.45, agent: 0.35, bot: 0.5, tls: 0.6,
};

const tableCache = new Map<string, WeightedTable<Template> | null>();
function tableFor(key: string, templates: readonly Template[], fn: Fn): WeightedTable<Template> | null {
  const cacheKey = `${key}|${fn}`;
  if (tableCache.has(cacheKey)) return tableCache.get(cacheKey)!;
  const entries = templates.map((t) => [t, (t.w[fn] ?? 0) + (t.w["*"] ?? 0)] as const).filter(([, w]) => w > 0);
  const table = entries.length ? weightedTable(entries) : null;
  tableCache.set(cacheKey, table);
  return table;
}

function saasTemplates(v: Vendor): Template[] {
  // Customer data in a SaaS tenant (tickets, CRM, events) is HIGH; payments and identity are CRITICAL by class.
  return v.grants.map((g) => ({
    w: { "*": 1 },
    permission: g.permission,
    privilege: g.privilege,
    cls: g.cls,
    res: () => v.tenant,
    via: "DIRECT" as const,
    sens: g.cls === "data" ? ("high" as const) : undefined,
    saas: true,
  }));
}
const SAAS_BY_VENDOR = new Map(VENDORS.map((v) => [v.slug, saasTemplates(v)]));
const AGENT_VENDORS = ["zendesk", "slack", "jira", "salesforce", "openai", "snowflake", "sentry", "pagerduty", "servicenow", "looker"];
const BOT_VENDORS = ["slack", "jira", "pagerduty", "sentry", "servicenow"];

const ALL_SERVICES = TEAMS.flatMap((t) => t.services.map((s) => [t, s] as const));

export function sensitivityOf(cls: EntClass, hint: Template["sens"], env: string, svc: string): Sensitivity {
  const prod = env === "prod";
  switch (cls) {
    case "infra":
      // Control planes: production CRITICAL, staging HIGH, a dev sandbox NORMAL. Repo-level admin tops out at HIGH.
      if (env === "dev") return "NORMAL";
      if (hint === "high") return "HIGH";
      return prod ? "CRITICAL" : "HIGH";
    case "idp":
      return prod ? "CRITICAL" : "HIGH";
    case "pay":
      return prod ? "CRITICAL" : "NORMAL";
    case "deploy":
      return prod ? (CRITICAL_SERVICES.has(svc) ? "CRITICAL" : "HIGH") : "NORMAL";
    case "data":
      if (!prod || hint === "normal") return "NORMAL";
      if (CRITICAL_SERVICES.has(svc) || hint === "critical") return "CRITICAL";
      if (hint === "high" || SENSITIVE_SERVICES.has(svc)) return "HIGH";
      return "NORMAL";
    default:
      return "NORMAL";
  }
}

function pickCount(rng: Rng, fn: Fn, factor: number): number {
  let n = MEDIAN[fn] * Math.exp(rng.normal(0, 0.7)) * factor;
  if (rng.chance(0.02)) n *= 4; // the long tail: legacy users with pages of inline policies
  return Math.max(1, Math.min(90, Math.round(n)));
}

/** Certificates and SSH keys reach a handful of concrete endpoints rather than a role catalogue. */
function specialTemplates(inp: EntInput): { templates: Template[]; fixed: boolean } | null {
  const { kind, src, vendor } = inp;
  if (kind === "CERTIFICATE" && vendor) {
    // A client certificate for a payment or API provider: that is all it opens.
    return { fixed: false, templates: [
      { w: { tls: 6 }, permission: "mTLS client auth", privilege: "WRITE", cls: vendor.grants[0]?.cls === "pay" ? "pay" : "data", res: () => vendor.tenant, via: "DIRECT", sens: "high", saas: true },
      { w: { tls: 1 }, permission: "mTLS client auth (sandbox)", privilege: "WRITE", cls: "plain", res: () => `${vendor.tenant} (test)`, via: "DIRECT" },
    ] };
  }
  if (kind === "CERTIFICATE") {
    const t: Template[] = [
      { w: { tls: 4 }, permission: "mTLS client auth", privilege: "WRITE", cls: "data", res: (c) => `https://${c.svc}.internal.${COMPANY.domain}`, via: "DIRECT", sens: "svc" },
      { w: { tls: 3 }, permission: "TLS server authentication", privilege: "UNKNOWN", cls: "plain", res: () => inp.name, via: "DIRECT" },
      { w: { tls: 0.4 }, permission: "SAML assertion signing", privilege: "ADMIN", cls: "idp", res: () => "okta:acme-corp.okta.com", via: "DIRECT" },
      { w: { tls: 0.3 }, permission: "code signing", privilege: "WRITE", cls: "deploy", res: () => `${COMPANY.githubOrg}/mobile-ios`, via: "DIRECT" },
    ];
    if (src.startsWith("k8s")) t.push({ w: { tls: 0.4 }, permission: "system:masters (client certificate)", privilege: "ADMIN", cls: "infra", res: (c) => `cluster/${src === "k8s-staging" ? "staging" : "prod"}-eks-use1#${c.svc}`, via: "GROUP", viaName: () => "O=system:masters" });
    return { templates: t, fixed: false };
  }
  if (kind === "API_KEY" && (src.startsWith("aws") || src.startsWith("gcp"))) {
    const t: Template[] = src.startsWith("aws")
      ? [
          { w: { "*": 5 }, permission: "execute-api:Invoke", privilege: "WRITE", cls: "data", res: (c) => `arn:aws:execute-api:${COMPANY.region}:${src === "aws-staging" ? "736021948857" : "418297345102"}:${c.svc.replace(/-/g, "").slice(0, 10)}/${c.env}/*/${c.svc}/*`, via: "DIRECT", sens: "svc" },
          { w: { "*": 3 }, permission: "usage plan: partner-gold (1,000 req/s)", privilege: "UNKNOWN", cls: "plain", res: (c) => `apigateway:usageplan/${c.svc}-${c.env}`, via: "DIRECT" },
          { w: { "*": 1 }, permission: "execute-api:Invoke (all stages)", privilege: "WRITE", cls: "data", res: (c) => `arn:aws:execute-api:${COMPANY.region}:*:${c.svc.replace(/-/g, "").slice(0, 10)}/*`, via: "DIRECT", sens: "high" },
        ]
      : [
          { w: { "*": 4 }, permission: "API restriction: maps-backend.googleapis.com", privilege: "READ", cls: "plain", res: () => `projects/${src === "gcp-dev" ? "acme-dev-sandbox-1142" : "analytics-prod-3381"}`, via: "DIRECT" },
          { w: { "*": 3 }, permission: "API restriction: places-backend.googleapis.com", privilege: "READ", cls: "plain", res: () => `projects/${src === "gcp-dev" ? "acme-dev-sandbox-1142" : "analytics-prod-3381"}`, via: "DIRECT" },
          { w: { "*": 2 }, permission: "API restriction: generativelanguage.googleapis.com", privilege: "WRITE", cls: "plain", res: () => `projects/${src === "gcp-dev" ? "acme-dev-sandbox-1142" : "analytics-prod-3381"}`, via: "DIRECT" },
          { w: { "*": 1 }, permission: "unrestricted (all enabled APIs)", privilege: "ADMIN", cls: "data", res: () => `projects/${src === "gcp-dev" ? "acme-dev-sandbox-1142" : "analytics-prod-3381"}`, via: "DIRECT", sens: "high" },
        ];
    return { templates: t, fixed: false };
  }
  if (kind === "SSH_KEY") {
    const repo = /deploy key: (\S+)/.exec(inp.name)?.[1];
    if (repo) {
      const write = inp.fn !== "backup";
      return { fixed: true, templates: [{ w: { "*": 1 }, permission: write ? "contents:write (deploy key)" : "contents:read (deploy key)", privilege: write ? "WRITE" : "READ", cls: write ? "deploy" : "plain", res: () => repo, via: "DIRECT" }] };
    }
    const [user, host] = inp.name.split("@");
    const h = `host:${host}.acme.corp`;
    const t: Template[] = [{ w: { "*": 3 }, permission: "ssh login", privilege: "WRITE", cls: "plain", res: () => h, via: "DIRECT" }];
    if (user === "root" || inp.fn === "admin") t.push({ w: { "*": 5 }, permission: "sudo ALL", privilege: "ADMIN", cls: "infra", res: () => h, via: "GROUP", viaName: () => "sudoers: %ops-admins" });
    else t.push({ w: { "*": 1 }, permission: "sudo (limited: systemctl restart)", privilege: "WRITE", cls: "deploy", res: () => h, via: "GROUP", viaName: () => "sudoers: %deployers" });
    t.push({ w: { "*": 2 }, permission: "ssh login", privilege: "WRITE", cls: "plain", res: (c) => `host:${c.svc}-${c.env}-0${(c.svc.length % 4) + 1}.acme.corp`, via: "DIRECT" });
    if (inp.fn === "backup") t.push({ w: { "*": 3 }, permission: "read /var/backups", privilege: "READ", cls: "data", res: (c) => `host:db-${c.env}-0${(c.svc.length % 6) + 1}.acme.corp`, via: "DIRECT", sens: "high" });
    return { templates: t, fixed: false };
  }
  return null;
}

export function generateEntitlements(rng: Rng, inp: EntInput, nowMs: number): EntResult {
  const rows: EntitlementRow[] = [];
  const keys = new Set<string>();
  const res: EntResult = { rows, canChangeInfra: false, canReadSensitive: false, canTriggerDeploy: false, hasAdminEntitlement: false, hasCriticalAccess: false };

  // Template pools: the platform bank, the vendor's own SaaS grants, and for agents and bots a few SaaS tools.
  const pools: Array<{ table: WeightedTable<Template>; weight: number }> = [];
  const special = specialTemplates(inp);
  if (special) {
    pools.push({ table: weightedTable(special.templates.map((t) => [t, Object.values(t.w).reduce((a, b) => a + (b ?? 0), 0)] as const)), weight: 1 });
  } else {
    const ci = inp.src === "manual" && inp.kind === "CI_CD_TOKEN";
    const bank = ci
      ? (inp.hint ? tableFor(`ci:${inp.hint}`, CI.filter((t) => t.sys === inp.hint), inp.fn) : null) ?? tableFor("ci", CI, inp.fn)
      : tableFor(inp.src, BANKS[inp.src], inp.fn);
    if (bank) pools.push({ table: bank, weight: 3 });
    if (inp.vendor && (inp.src === "manual" || inp.kind === "API_KEY" || inp.kind === "OAUTH_APP")) {
      pools.push({ table: weightedTable(SAAS_BY_VENDOR.get(inp.vendor.slug)!.map((t) => [t, 1] as const)), weight: 3 });
    }
    // Agents and chat bots work in SaaS tools; repository bots (GitHub Apps) only in the org.
    if (inp.fn === "agent" || (inp.fn === "bot" && inp.src !== "github") || (inp.src === "manual" && !inp.vendor && !ci)) {
      const slugs = inp.fn === "bot" ? BOT_VENDORS : AGENT_VENDORS;
      const picked = rng.sample(slugs, rng.int(2, 4)).flatMap((s) => SAAS_BY_VENDOR.get(s)!);
      pools.push({ table: weightedTable(picked.map((t) => [t, 1] as const)), weight: inp.src === "manual" ? 3 : 1.5 });
    }
  }
  const live = pools.filter((p) => p.weight > 0);
  const poolTable = live.length ? weightedTable(live.map((p) => [p.table, p.weight] as const)) : null;

  const target = special?.fixed ? 1 : special ? Math.min(pickCount(rng, inp.fn, inp.countFactor ?? 1), special.templates.length, 3) : pickCount(rng, inp.fn, inp.countFactor ?? 1);
  const createdMs = inp.createdAtSource.getTime();
  const endMs = Math.max(createdMs, Math.min(nowMs, inp.seenAt.getTime()));
  const lastUsedMs = inp.lastUsedAt?.getTime() ?? null;
  const usedShare = Math.max(0.02, Math.min(0.95, USED_SHARE[inp.fn] + rng.normal(0, 0.18)));
  const homeEnv: "prod" | "staging" | "dev" = inp.env || (rng.chance(0.7) ? "prod" : "staging");
  const teamServices = inp.team.services;

  let elevatedAllowed = inp.forceElevated === true || special?.fixed === true || rng.chance(ELEVATED[inp.fn]);
  const add = (t: Template, forced = false) => {
    // Mostly the NHI's own service; sometimes a sibling's; now and then another team's (shared data, legacy).
    // Explicit grants (signatures) and tenant-wide SaaS grants are about the NHI's own service.
    const x = forced || t.saas ? 0 : rng.next();
    let svc = inp.svc;
    let team = inp.team;
    if (x > 0.93) [team, svc] = rng.pick(ALL_SERVICES);
    else if (x > 0.7) svc = rng.pick(teamServices);
    // A dev or staging NHI reaching into production is a classic finding, so it happens now and then.
    // SaaS tenants and the directory are production whatever the NHI's environment.
    const env = t.saas ? "prod" : !forced && homeEnv !== "prod" && rng.chance(0.04) ? "prod" : homeEnv;
    const c: ResCtx = { src: inp.src, svc, team, env, self: inp.name };
    const sensitivity = sensitivityOf(t.cls, t.sens, env, t.saas ? "" : svc);
    if (!forced && !elevatedAllowed && sensitivity !== "NORMAL" && t.cls !== "plain") return;
    const resource = t.res(c);
    const key = `${resource}\u0000${t.permission}`;
    if (keys.has(key)) return;
    keys.add(key);

    // Granted mostly at creation, the rest accrued over the NHI's life (privilege creep).
    const grantedMs = rng.chance(0.6)
      ? Math.min(endMs, createdMs + rng.int(0, 3) * DAY_MS)
      : createdMs + rng.next() * (endMs - createdMs);
    let expiresAt: Date | null = null;
    let grantedAt = new Date(grantedMs);
    let lastUsed: number | null = null;
    const jit = t.privilege === "ADMIN" && rng.chance(0.04) && !inp.platformManaged;
    if (jit) {
      // Just-in-time elevation: granted hours ago, expires soon.
      grantedAt = new Date(Math.max(createdMs, endMs - rng.int(1, 72) * 3_600_000));
      expiresAt = new Date(nowMs + rng.int(1, 48) * 3_600_000);
      if (lastUsedMs !== null && lastUsedMs >= grantedAt.getTime()) lastUsed = lastUsedMs;
    } else if (lastUsedMs !== null && lastUsedMs >= grantedMs) {
      const recentFloor = Math.max(grantedMs, nowMs - STALE_MS + DAY_MS);
      if (rng.chance(usedShare) && lastUsedMs >= recentFloor) {
        lastUsed = recentFloor + rng.next() * (lastUsedMs - recentFloor);
      } else if (rng.chance(0.55)) {
        // Used once upon a time: some date between the grant and 90 days ago (or the NHI's last use).
        const hi = Math.min(lastUsedMs, nowMs - STALE_MS - DAY_MS);
        if (hi > grantedMs) lastUsed = grantedMs + rng.next() * (hi - grantedMs);
      }
    }
    const status = !jit && rng.chance(0.015) ? "REVOKED" : "ACTIVE";
    const firstSeenMs = Math.min(endMs, Math.max(grantedAt.getTime(), inp.firstSeenAt.getTime()));
    rows.push({
      id: rng.id(),
      identityId: inp.identityId,
      resource,
      permission: t.permission,
      privilege: t.privilege,
      sensitivity,
      via: t.via,
      viaName: t.viaName ? t.viaName(c) : null,
      grantedAt,
      expiresAt,
      lastUsedAt: lastUsed === null ? null : new Date(Math.floor(lastUsed)),
      status,
      firstSeenAt: new Date(firstSeenMs),
      // A revoked grant was last seen by some import between its first sighting and the latest one.
      lastSeenAt: status === "REVOKED" ? new Date(Math.floor(firstSeenMs + rng.next() * (endMs - firstSeenMs))) : inp.seenAt,
    });
    if (status !== "ACTIVE") return;
    const elevated = sensitivity !== "NORMAL";
    const writes = t.privilege === "ADMIN" || t.privilege === "WRITE";
    if (elevated && writes && (t.cls === "infra" || t.cls === "idp")) res.canChangeInfra = true;
    if (elevated && (t.cls === "data" || t.cls === "pay" || (t.cls === "idp" && !writes))) res.canReadSensitive = true;
    if (elevated && t.cls === "deploy") res.canTriggerDeploy = true;
    if (t.privilege === "ADMIN") res.hasAdminEntitlement = true;
    if (sensitivity === "CRITICAL") res.hasCriticalAccess = true;
  };

  for (const t of inp.extra ?? []) add(t, true);
  if (poolTable) {
    for (let tries = 0; rows.length < target && tries < target * 8; tries++) add(rng.weighted(rng.weighted(poolTable)));
    // Some integrations have nothing but sensitive grants to give: least privilege still means one of them.
    if (rows.length === 0) {
      elevatedAllowed = true;
      for (let tries = 0; rows.length === 0 && tries < 20; tries++) add(rng.weighted(rng.weighted(poolTable)));
    }
  }

  // Nearly every NHI holds something it has not used in 90 days; make sure of it where chance did not.
  const active = rows.filter((e) => e.status === "ACTIVE");
  const allUsed = active.length > 0 && active.every((e) => e.lastUsedAt !== null && e.lastUsedAt.getTime() >= nowMs - STALE_MS);
  if (allUsed && rng.chance(0.7)) {
    const victim = active.find((e) => e.expiresAt === null) ?? null;
    if (victim) victim.lastUsedAt = null;
  }
  return res;
}

export { VENDOR_BY_SLUG };
