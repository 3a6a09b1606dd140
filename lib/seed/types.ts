// Plain row shapes produced by the demo-estate generator. Each is assignable to the matching Prisma
// `<Model>CreateManyInput`, so lib/seed/index.ts can hand batches straight to `createMany`. Ids and every
// timestamp are set here (nothing is left to database defaults) so that one seed gives one estate, byte for byte.
// Credential rows carry metadata only: there is deliberately no field that could hold a secret value.
import type {
  Criticality,
  CredentialStatus,
  CredentialType,
  EntitlementStatus,
  Environment,
  GrantVia,
  IdentityKind,
  IdentityStatus,
  Privilege,
  Role,
  Sensitivity,
} from "../db/generated/enums";

export interface TeamRow {
  id: string;
  name: string;
  leadId: string | null;
  createdAt: Date;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  active: boolean;
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SourceRow {
  id: string;
  key: string;
  platform: string;
  name: string;
  environment: Environment;
  lastImportAt: Date | null;
  createdAt: Date;
}

export interface IdentityRow {
  id: string;
  sourceId: string;
  externalId: string;
  name: string;
  kind: IdentityKind;
  status: IdentityStatus;
  environment: Environment;
  criticality: Criticality;
  canChangeInfra: boolean;
  canReadSensitive: boolean;
  canTriggerDeploy: boolean;
  isPrivileged: boolean;
  breakGlass: boolean;
  breakGlassTestedAt: Date | null;
  shared: boolean;
  ownerId: string | null;
  backupOwnerId: string | null;
  teamId: string | null;
  purpose: string | null;
  purposeConfirmedAt: Date | null;
  platformManaged: boolean;
  onBehalfOfUserId: string | null;
  delegatedScopes: string[];
  createdAtSource: Date | null;
  lastUsedAt: Date | null;
  riskScore: number;
  riskReasons: string[];
  tags: Record<string, string>;
  oldestCredentialAt: Date | null;
  unusedEntitlements: number;
  entitlementCount: number;
  credentialCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface CredentialRow {
  id: string;
  identityId: string;
  type: CredentialType;
  externalId: string;
  name: string | null;
  status: CredentialStatus;
  createdAt: Date;
  lastRotatedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  fingerprint: string | null;
  storage: string;
  ephemeral: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface EntitlementRow {
  id: string;
  identityId: string;
  resource: string;
  permission: string;
  privilege: Privilege;
  sensitivity: Sensitivity;
  via: GrantVia;
  viaName: string | null;
  grantedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  status: EntitlementStatus;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface RotationPolicyRow {
  id: string;
  name: string;
  kind: IdentityKind | null;
  environment: Environment | null;
  criticality: Criticality | null;
  maxAgeDays: number;
  priority: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface EstateOptions {
  /** Number of NHIs to generate. */
  identities: number;
  /** PRNG seed: the same seed (and `now`) always gives the same estate, ids included. */
  seed?: number;
  /** The instant the estate is generated "as of"; every date is placed relative to it. */
  now?: Date;
  /**
   * Hash stored for the four demo logins (password `steward-demo`). Hashing is async and slow, so the caller
   * hashes once and passes it in; null leaves the demo users without a password (tests, benchmarks).
   */
  demoPasswordHash?: string | null;
}

/** Rows that do not scale with the number of NHIs: written first, referenced by every identity chunk. */
export interface EstateBase {
  teams: TeamRow[];
  users: UserRow[];
  sources: SourceRow[];
  rotationPolicies: RotationPolicyRow[];
}

export interface IdentityChunk {
  /** Index of the first identity of this chunk in the whole estate. */
  offset: number;
  identities: IdentityRow[];
  credentials: CredentialRow[];
  entitlements: EntitlementRow[];
}

export interface Estate extends EstateBase {
  identities: IdentityRow[];
  credentials: CredentialRow[];
  entitlements: EntitlementRow[];
}

export const DEMO_PASSWORD = "steward-demo";
