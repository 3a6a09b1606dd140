// The shape of ReviewItem.snapshot: what the reviewer was shown, frozen at launch and built in SQL
// (lib/campaigns/sql.ts snapshotSql). Version 1. Dates are ISO strings in UTC. Read by the inbox, the admin's item
// view and the evidence pack; a change of shape bumps SNAPSHOT_VERSION and keeps a reader for the old one.
import type { DecisionValue } from "./state";

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

export interface ReviewSnapshot {
  v: number;
  takenAt: string;
  unusedWindowDays: number;
  identity: SnapshotIdentity;
  entitlements: SnapshotEntitlement[];
  credentials: SnapshotCredential[];
}

/** Snapshots come out of a Json column: this is the one cast, with defaults for arrays a reader relies on. */
export function readSnapshot(json: unknown): ReviewSnapshot {
  const s = json as ReviewSnapshot;
  return { ...s, entitlements: s.entitlements ?? [], credentials: s.credentials ?? [] };
}
