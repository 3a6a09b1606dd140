// Risk score of one NHI, 0-100, with the reasons that make it up. Pure: the importer, the rule engine, the seed
// and the tests all call this one function, so the inventory's risk-desc sort means the same thing everywhere.
//
// How it works: each fact adds points (weights below, chosen so that "orphaned, privileged, unused, old
// unvaulted key" outranks any single bad habit), context multiplies (production and criticality raise it;
// a disabled or deleted NHI, or the cloud provider's own agent, lowers it), and the raw sum is squashed with
// 100 * (1 - e^(-raw/55)) so the top of the list keeps an order instead of piling up at 100.
// Reasons are the facts that added points, largest first; multipliers are not listed as reasons.
import { UNUSED_WINDOW_DAYS } from "../identities/rules";

export type RiskKind =
  | "SERVICE_ACCOUNT"
  | "API_KEY"
  | "OAUTH_APP"
  | "CERTIFICATE"
  | "WORKLOAD_IDENTITY"
  | "CI_CD_TOKEN"
  | "SSH_KEY"
  | "BOT"
  | "AI_AGENT";

export interface RiskFacts {
  kind: RiskKind;
  status?: "ACTIVE" | "DISABLED" | "DELETED_AT_SOURCE";
  environment?: "PROD" | "STAGING" | "DEV" | "UNKNOWN";
  criticality?: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
  /** No owner at all (ownerId null). */
  isOrphan: boolean;
  /** Owned, but the owner's account is deactivated (they left). */
  ownerInactive?: boolean;
  platformManaged?: boolean;
  canChangeInfra?: boolean;
  canReadSensitive?: boolean;
  canTriggerDeploy?: boolean;
  /** Any active entitlement with privilege ADMIN. */
  hasAdminEntitlement?: boolean;
  /** Any active entitlement on a CRITICAL-sensitivity resource. */
  hasCriticalAccess?: boolean;
  /** Active entitlements, and those of them not used within the policy window (default 90 days). */
  entitlementCount: number;
  unusedEntitlements: number;
  /** Age in days of the oldest active credential (since creation or last rotation); null if none. */
  oldestCredentialAgeDays?: number | null;
  /** Max age allowed by the matching rotation policy; defaults to 90. */
  rotationMaxAgeDays?: number;
  hasNeverExpiringCredential?: boolean;
  /** An expired credential still attached (status EXPIRED, or expiresAt in the past and not revoked). */
  hasExpiredCredential?: boolean;
  hasUnvaultedCredential?: boolean;
  /** Days since last use; null = never used. undefined = unknown (not counted). */
  lastUsedDaysAgo?: number | null;
  /** AI agents: the human whose authority the agent exercises. */
  hasOnBehalfOf?: boolean;
  onBehalfOfInactive?: boolean;
  shared?: boolean;
  breakGlass?: boolean;
  /** Days since the break-glass procedure was last tested; null = never. */
  breakGlassTestedDaysAgo?: number | null;
  hasPurpose?: boolean;
}

export interface RiskResult {
  score: number;
  reasons: string[];
}

/** Days after which an unused entitlement or an idle NHI counts as stale: the product's one unused window. */
export const STALE_DAYS = UNUSED_WINDOW_DAYS;

const SCALE = 55;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function ageText(days: number): string {
  if (days >= 730) return `${Math.floor(days / 365)} years`;
  if (days >= 365) return "over a year";
  return `${Math.round(days)} days`;
}

export function computeRisk(f: RiskFacts): RiskResult {
  const items: Array<[number, string]> = [];
  const add = (points: number, reason: string) => {
    if (points > 0) items.push([points, reason]);
  };

  // Ownership: nobody to ask, nobody to review.
  if (f.isOrphan && !f.platformManaged) add(22, "No owner");
  else if (f.ownerInactive) add(18, "Owner has left");

  // Privilege: what an attacker gets with it.
  const classes = [f.canChangeInfra, f.canReadSensitive, f.canTriggerDeploy].filter(Boolean).length;
  if (f.canChangeInfra) add(14, "Can change infrastructure");
  if (f.canReadSensitive) add(10, "Can read sensitive data");
  if (f.canTriggerDeploy) add(8, "Can trigger deployments");
  if (classes >= 2) add(4, "Several privileged-access classes");
  if (f.hasAdminEntitlement) add(8, "Holds admin rights");
  if (f.hasCriticalAccess) add(8, "Access to critical resources");

  // Excess privilege: standing rights nobody uses.
  if (f.entitlementCount > 0 && f.unusedEntitlements > 0) {
    const ratio = Math.min(1, f.unusedEntitlements / f.entitlementCount);
    add(Math.round(4 + 12 * ratio), `${f.unusedEntitlements} of ${plural(f.entitlementCount, "entitlement")} unused ${STALE_DAYS}+ days`);
  }

  // Credential hygiene.
  const maxAge = f.rotationMaxAgeDays ?? 90;
  const age = f.oldestCredentialAgeDays;
  if (age != null && age > maxAge) {
    const overdue = age / maxAge;
    const points = age >= 730 ? 18 : age >= 365 ? 14 : overdue >= 2 ? 10 : 6;
    add(points, `Credential not rotated in ${ageText(age)}`);
  }
  if (f.hasUnvaultedCredential) add(12, "Unvaulted credential");
  if (f.hasExpiredCredential) add(4, "Expired credential still attached");
  if (f.hasNeverExpiringCredential) add(5, "Credential never expires");

  // Activity: dormant access is attack surface with no business value.
  if (f.lastUsedDaysAgo === null) add(7, "Never used");
  else if (f.lastUsedDaysAgo !== undefined && f.lastUsedDaysAgo > STALE_DAYS) {
    add(f.lastUsedDaysAgo > 365 ? 9 : 6, `Not used for ${ageText(f.lastUsedDaysAgo)}`);
  }

  // AI agents act with borrowed authority: there must be a named human behind it.
  if (f.kind === "AI_AGENT") {
    if (!f.hasOnBehalfOf) add(16, "AI agent with no delegating human");
    else if (f.onBehalfOfInactive) add(12, "AI agent acts for a departed user");
  }

  if (f.shared) add(6, "Shared by several workloads");
  if (f.breakGlass) {
    const t = f.breakGlassTestedDaysAgo;
    if (t === null || t === undefined) add(8, "Break-glass never tested");
    else if (t > 180) add(6, `Break-glass not tested for ${ageText(t)}`);
  }
  if (f.hasPurpose === false) add(3, "No documented purpose");

  let raw = items.reduce((sum, [p]) => sum + p, 0);

  // Context multipliers.
  const envFactor = f.environment === "PROD" ? 1.15 : f.environment === "DEV" ? 0.8 : 1;
  const critFactor =
    f.criticality === "CRITICAL" ? 1.25 : f.criticality === "HIGH" ? 1.1 : f.criticality === "LOW" ? 0.85 : 1;
  let statusFactor = 1;
  if (f.status === "DISABLED") statusFactor = 0.45;
  else if (f.status === "DELETED_AT_SOURCE") statusFactor = 0.2;
  const managedFactor = f.platformManaged ? 0.6 : 1;
  raw *= envFactor * critFactor * statusFactor * managedFactor;

  const score = Math.max(0, Math.min(100, Math.round(100 * (1 - Math.exp(-raw / SCALE)))));
  const reasons = items
    .map(([p, reason], i) => ({ p, reason, i }))
    .sort((a, b) => b.p - a.p || a.i - b.i)
    .map((x) => x.reason);
  return { score, reasons };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers shared by the seed, the importer and the rule engine: policy matching and turning rows into facts.

export interface RotationPolicyLike {
  kind: string | null;
  environment: string | null;
  criticality: string | null;
  maxAgeDays: number;
  priority: number;
}

/** Max credential age for an NHI: the matching policy with the lowest priority number wins; 90 days if none. */
export function rotationMaxAgeDays(
  policies: readonly RotationPolicyLike[],
  nhi: { kind: string; environment?: string | null; criticality?: string | null },
): number {
  let best: RotationPolicyLike | null = null;
  for (const p of policies) {
    if (p.kind !== null && p.kind !== nhi.kind) continue;
    if (p.environment !== null && p.environment !== nhi.environment) continue;
    if (p.criticality !== null && p.criticality !== nhi.criticality) continue;
    if (!best || p.priority < best.priority) best = p;
  }
  return best?.maxAgeDays ?? 90;
}

export interface CredentialLike {
  status: string;
  createdAt: Date;
  lastRotatedAt: Date | null;
  expiresAt: Date | null;
  storage: string;
  ephemeral: boolean;
}

export interface EntitlementLike {
  status: string;
  privilege: string;
  sensitivity: string;
  lastUsedAt: Date | null;
}

const DAY = 86_400_000;

/** The rollups the Identity row keeps (DESIGN.md 2), computed the one way everything else must compute them. */
export function identityRollups(credentials: readonly CredentialLike[], entitlements: readonly EntitlementLike[], now: Date) {
  const staleBefore = now.getTime() - STALE_DAYS * DAY;
  let oldest: number | null = null;
  let credentialCount = 0;
  for (const c of credentials) {
    if (c.status === "REVOKED") continue;
    credentialCount++;
    if (c.status !== "ACTIVE") continue;
    const t = (c.lastRotatedAt ?? c.createdAt).getTime();
    if (oldest === null || t < oldest) oldest = t;
  }
  let entitlementCount = 0;
  let unusedEntitlements = 0;
  for (const e of entitlements) {
    if (e.status !== "ACTIVE") continue;
    entitlementCount++;
    if (e.lastUsedAt === null || e.lastUsedAt.getTime() < staleBefore) unusedEntitlements++;
  }
  return { credentialCount, entitlementCount, unusedEntitlements, oldestCredentialAt: oldest === null ? null : new Date(oldest) };
}

export interface IdentityLike {
  kind: RiskKind;
  status: "ACTIVE" | "DISABLED" | "DELETED_AT_SOURCE";
  environment: "PROD" | "STAGING" | "DEV" | "UNKNOWN";
  criticality: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
  ownerId: string | null;
  platformManaged: boolean;
  canChangeInfra: boolean;
  canReadSensitive: boolean;
  canTriggerDeploy: boolean;
  onBehalfOfUserId: string | null;
  shared: boolean;
  breakGlass: boolean;
  breakGlassTestedAt: Date | null;
  purpose: string | null;
  lastUsedAt: Date | null;
}

/** Builds RiskFacts from an identity and its rows; `isUserActive` answers for owner and delegating user. */
export function riskFactsFor(
  nhi: IdentityLike,
  credentials: readonly CredentialLike[],
  entitlements: readonly EntitlementLike[],
  opts: { now: Date; rotationMaxAgeDays: number; isUserActive: (userId: string) => boolean },
): RiskFacts {
  const nowMs = opts.now.getTime();
  const roll = identityRollups(credentials, entitlements, opts.now);
  const active = entitlements.filter((e) => e.status === "ACTIVE");
  const activeCreds = credentials.filter((c) => c.status === "ACTIVE");
  const days = (d: Date) => Math.max(0, (nowMs - d.getTime()) / DAY);
  return {
    kind: nhi.kind,
    status: nhi.status,
    environment: nhi.environment,
    criticality: nhi.criticality,
    isOrphan: nhi.ownerId === null,
    ownerInactive: nhi.ownerId !== null && !opts.isUserActive(nhi.ownerId),
    platformManaged: nhi.platformManaged,
    canChangeInfra: nhi.canChangeInfra,
    canReadSensitive: nhi.canReadSensitive,
    canTriggerDeploy: nhi.canTriggerDeploy,
    hasAdminEntitlement: active.some((e) => e.privilege === "ADMIN"),
    hasCriticalAccess: active.some((e) => e.sensitivity === "CRITICAL"),
    entitlementCount: roll.entitlementCount,
    unusedEntitlements: roll.unusedEntitlements,
    oldestCredentialAgeDays: roll.oldestCredentialAt ? days(roll.oldestCredentialAt) : null,
    rotationMaxAgeDays: opts.rotationMaxAgeDays,
    hasNeverExpiringCredential: activeCreds.some((c) => c.expiresAt === null && !c.ephemeral),
    // Short-lived tokens expire by design; only long-lived credentials count.
    hasExpiredCredential: credentials.some(
      (c) => !c.ephemeral && (c.status === "EXPIRED" || (c.status !== "REVOKED" && c.expiresAt !== null && c.expiresAt.getTime() < nowMs)),
    ),
    hasUnvaultedCredential: activeCreds.some((c) => c.storage === "unvaulted"),
    lastUsedDaysAgo: nhi.lastUsedAt ? days(nhi.lastUsedAt) : null,
    hasOnBehalfOf: nhi.onBehalfOfUserId !== null,
    onBehalfOfInactive: nhi.onBehalfOfUserId !== null && !opts.isUserActive(nhi.onBehalfOfUserId),
    shared: nhi.shared,
    breakGlass: nhi.breakGlass,
    breakGlassTestedDaysAgo: nhi.breakGlassTestedAt ? days(nhi.breakGlassTestedAt) : null,
    hasPurpose: nhi.purpose !== null && nhi.purpose.trim() !== "",
  };
}
