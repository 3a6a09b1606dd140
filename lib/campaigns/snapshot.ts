// What a review item's reviewer was shown, frozen at launch. Stored as typed composite values (snapshot_identity,
// snapshot_entitlement[], snapshot_credential[]: the campaigns migration), built by lib/campaigns/sql.ts snapshotCtes,
// read as JSON through snapshotJson and turned here into the shape the inbox, the item pages and the evidence pack
// use. The suggested decisions and their reason codes are frozen in SQL; the words for the codes are here.
// A change of shape bumps SNAPSHOT_VERSION (ReviewItem.snapshotVersion) and keeps a reader for the old one.
import type { DecisionValue } from "./state";
import { formatRiskReason } from "../rules/risk";

export const SNAPSHOT_VERSION = 1;

export interface SnapshotPerson {
  id: string;
  name: string;
  email: string;
  active: boolean;
}

export interface SnapshotIdentity {
  id: string;
  name: string;
  externalId: string;
  kind: string;
  status: string;
  environment: string;
  criticality: string;
  riskScore: number;
  riskReasons: string[];
  isPrivileged: boolean;
  breakGlass: boolean;
  breakGlassTestedAt: string | null;
  shared: boolean;
  purpose: string | null;
  purposeConfirmedAt: string | null;
  lastUsedAt: string | null;
  createdAtSource: string | null;
  source: { key: string; platform: string; name: string };
  team: { id: string; name: string } | null;
  owner: SnapshotPerson | null;
  backupOwner: SnapshotPerson | null;
  onBehalfOf: SnapshotPerson | null;
  delegatedScopes: string[];
  /** The suggested decision for the NHI and why, as shown. */
  suggested: DecisionValue<"IDENTITY">;
  reason: string;
  /** For an NHI acting for a human: the suggested delegation decision and why. */
  delegationSuggested: DecisionValue<"DELEGATION"> | null;
  delegationReason: string | null;
}

export interface SnapshotEntitlement {
  id: string;
  resource: string;
  permission: string;
  privilege: string;
  sensitivity: string;
  via: string;
  viaName: string | null;
  grantedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  unused: boolean;
  suggested: DecisionValue<"ENTITLEMENT">;
  reason: string;
}

export interface SnapshotCredential {
  id: string;
  type: string;
  name: string | null;
  externalId: string;
  status: string;
  createdAt: string;
  lastRotatedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  storage: string;
  ephemeral: boolean;
  ageDays: number;
  maxAgeDays: number;
  overAge: boolean;
  expired: boolean;
  unused: boolean;
  suggested: DecisionValue<"CREDENTIAL">;
  reason: string;
}

/** A risk exception live on the NHI at launch (approved and unexpired, or pending), as shown then. */
export interface SnapshotException {
  id: string;
  status: string;
  scope: string;
  ruleId: string | null;
  severity: string;
  expiresAt: string;
  /** Findings listed (FINDINGS scope); 0 for a RULE exception. */
  findings: number;
}

export interface ReviewSnapshot {
  v: number;
  takenAt: string;
  unusedWindowDays: number;
  identity: SnapshotIdentity;
  entitlements: SnapshotEntitlement[];
  credentials: SnapshotCredential[];
  /** null: the item was launched before exceptions were frozen into snapshots (not known). */
  exceptions: SnapshotException[] | null;
}

// ── Reading the stored form ──────────────────────────────────────────────────────────────────────────────────────

/** The composite values as to_json renders them: flat fields, timestamps without a zone (they are UTC). */
interface RawIdentity {
  takenAt: string;
  unusedWindowDays: number;
  id: string;
  name: string;
  externalId: string;
  kind: string;
  status: string;
  environment: string;
  criticality: string;
  riskScore: number;
  riskReasons: unknown;
  isPrivileged: boolean;
  breakGlass: boolean;
  breakGlassTestedAt: string | null;
  shared: boolean;
  purpose: string | null;
  purposeConfirmedAt: string | null;
  lastUsedAt: string | null;
  createdAtSource: string | null;
  sourceKey: string;
  sourcePlatform: string;
  sourceName: string;
  teamId: string | null;
  teamName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  ownerActive: boolean | null;
  backupOwnerId: string | null;
  backupOwnerName: string | null;
  backupOwnerEmail: string | null;
  backupOwnerActive: boolean | null;
  onBehalfOfId: string | null;
  onBehalfOfName: string | null;
  onBehalfOfEmail: string | null;
  onBehalfOfActive: boolean | null;
  delegatedScopes: string[] | null;
  suggested: string;
  why: string;
  delegationSuggested: string | null;
  delegationWhy: string | null;
}
type RawEntitlement = Omit<SnapshotEntitlement, "reason"> & { why: string };
type RawCredential = Omit<SnapshotCredential, "reason"> & { why: string };

export interface RawSnapshot {
  identity: RawIdentity;
  entitlements: RawEntitlement[] | null;
  credentials: RawCredential[] | null;
  exceptions?: SnapshotException[] | null;
}

const DAY_MS = 86_400_000;
/** Timestamps come without a zone; they are UTC wall time like every timestamp(3) column. */
const utc = (s: string | null | undefined): string | null => (s ? (/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`) : null);
const daysBetween = (from: string | null, to: string) => (from ? Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS)) : 0);
const ago = (d: string | null, now: string) => {
  const n = daysBetween(d, now);
  return n === 0 ? "today" : n === 1 ? "yesterday" : `${n} days ago`;
};
const fmt = (d: string | null) => (d ? new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(d)) : "");

function person(id: string | null, name: string | null, email: string | null, active: boolean | null): SnapshotPerson | null {
  return id ? { id, name: name ?? "", email: email ?? "", active: !!active } : null;
}

/** The words for a suggestion's reason code, from the facts frozen with it (so they read as they did at launch). */
function entitlementReason(code: string, e: RawEntitlement, takenAt: string, windowDays: number): string {
  switch (code) {
    case "BREAK_GLASS":
      return "Break-glass: unused by design; keep if tested and still needed";
    case "NEVER_USED":
      return "Never used";
    case "UNUSED":
      return `Not used in ${windowDays}+ days (last ${ago(utc(e.lastUsedAt), takenAt)})`;
    case "NOT_YET_USED":
      return `Granted ${ago(utc(e.grantedAt), takenAt)}, not used yet`;
    default:
      return `Used ${ago(utc(e.lastUsedAt), takenAt)}`;
  }
}

function credentialReason(code: string, c: RawCredential, takenAt: string, windowDays: number): string {
  switch (code) {
    case "EXPIRED":
      return `Expired${c.expiresAt ? ` on ${fmt(utc(c.expiresAt))}` : ""}`;
    case "NEVER_USED":
      return "Never used";
    case "UNUSED":
      return `Not used in ${windowDays}+ days (last ${ago(utc(c.lastUsedAt), takenAt)})`;
    case "OVER_AGE":
      return `${c.ageDays} days old; the rotation policy allows ${c.maxAgeDays}`;
    case "EPHEMERAL":
      return "Short-lived, issued just in time";
    default:
      return `${c.ageDays} days old, within the ${c.maxAgeDays}-day rotation policy`;
  }
}

function identityReason(code: string, i: RawIdentity, takenAt: string): string {
  switch (code) {
    case "BREAK_GLASS":
      return "Break-glass: attest that it was tested and is still needed";
    case "NO_OWNER":
      return "No owner: name the person accountable for it";
    case "OWNER_LEFT":
      return `${i.ownerName ?? "The owner"} has left: hand it to a current owner`;
    case "NEVER_USED":
      return "Never used";
    case "UNUSED":
      return `Not used in ${i.unusedWindowDays}+ days (last ${ago(utc(i.lastUsedAt), takenAt)})`;
    default:
      return i.lastUsedAt ? `In use (last used ${ago(utc(i.lastUsedAt), takenAt)})` : "In use";
  }
}

function delegationReason(code: string | null, i: RawIdentity): string | null {
  if (code === "HUMAN_LEFT") return `${i.onBehalfOfName ?? "The human"} has left; the agent still acts with their authority`;
  if (code === "AGENT_UNUSED") return `The agent has not been used in ${i.unusedWindowDays}+ days`;
  if (code === "IN_USE") return "The agent is in use";
  return null;
}

const PRIVILEGE_ORDER: Record<string, number> = { ADMIN: 0, WRITE: 1, READ: 2, UNKNOWN: 3 };

/** The stored snapshot (as snapshotJson renders it) in the shape every reader uses; lists in a stable order. */
export function readSnapshot(json: unknown): ReviewSnapshot {
  const raw = json as RawSnapshot;
  const i = raw.identity;
  const takenAt = utc(i.takenAt)!;
  const w = i.unusedWindowDays;
  return {
    v: SNAPSHOT_VERSION,
    takenAt,
    unusedWindowDays: w,
    identity: {
      id: i.id,
      name: i.name,
      externalId: i.externalId,
      kind: i.kind,
      status: i.status,
      environment: i.environment,
      criticality: i.criticality,
      riskScore: i.riskScore,
      // Shown as text ("+25 Secret 3.2 years old", "×1.15 production"): the one formatter of lib/rules/risk.ts.
      riskReasons: Array.isArray(i.riskReasons) ? (i.riskReasons as unknown[]).map(formatRiskReason).filter(Boolean) : [],
      isPrivileged: i.isPrivileged,
      breakGlass: i.breakGlass,
      breakGlassTestedAt: utc(i.breakGlassTestedAt),
      shared: i.shared,
      purpose: i.purpose,
      purposeConfirmedAt: utc(i.purposeConfirmedAt),
      lastUsedAt: utc(i.lastUsedAt),
      createdAtSource: utc(i.createdAtSource),
      source: { key: i.sourceKey, platform: i.sourcePlatform, name: i.sourceName },
      team: i.teamId ? { id: i.teamId, name: i.teamName ?? "" } : null,
      owner: person(i.ownerId, i.ownerName, i.ownerEmail, i.ownerActive),
      backupOwner: person(i.backupOwnerId, i.backupOwnerName, i.backupOwnerEmail, i.backupOwnerActive),
      onBehalfOf: person(i.onBehalfOfId, i.onBehalfOfName, i.onBehalfOfEmail, i.onBehalfOfActive),
      delegatedScopes: i.delegatedScopes ?? [],
      suggested: i.suggested as SnapshotIdentity["suggested"],
      reason: identityReason(i.why, i, takenAt),
      delegationSuggested: (i.delegationSuggested as SnapshotIdentity["delegationSuggested"]) ?? null,
      delegationReason: delegationReason(i.delegationWhy, i),
    },
    entitlements: (raw.entitlements ?? [])
      .map(({ why, ...e }) => ({
        ...e,
        grantedAt: utc(e.grantedAt),
        expiresAt: utc(e.expiresAt),
        lastUsedAt: utc(e.lastUsedAt),
        reason: entitlementReason(why, { ...e, why }, takenAt, w),
      }))
      .sort((a, b) => (PRIVILEGE_ORDER[a.privilege] ?? 9) - (PRIVILEGE_ORDER[b.privilege] ?? 9) || a.resource.localeCompare(b.resource) || a.id.localeCompare(b.id)),
    credentials: (raw.credentials ?? [])
      .map(({ why, ...c }) => ({
        ...c,
        createdAt: utc(c.createdAt)!,
        lastRotatedAt: utc(c.lastRotatedAt),
        lastUsedAt: utc(c.lastUsedAt),
        expiresAt: utc(c.expiresAt),
        reason: credentialReason(why, { ...c, why }, takenAt, w),
      }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    exceptions: Array.isArray(raw.exceptions) ? raw.exceptions.map((x) => ({ ...x, expiresAt: utc(x.expiresAt)!, findings: Number(x.findings ?? 0) })) : null,
  };
}
