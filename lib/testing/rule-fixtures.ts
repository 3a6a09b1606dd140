// Builders for rule-engine tests. Defaults describe a well-governed NHI that breaks no rule: an active owner and
// backup, a confirmed purpose, recent use, vaulted credentials that are young and expire, read-only grants that are
// used. Each test then changes exactly what one rule looks at.
import crypto from "node:crypto";
import { db } from "../db";
import type {
  Criticality,
  CredentialStatus,
  CredentialType,
  EntitlementStatus,
  Environment,
  IdentityKind,
  IdentityStatus,
  Privilege,
  Sensitivity,
} from "../db/generated/enums";

const DAY = 86_400_000;
const uid = () => crypto.randomBytes(5).toString("hex");
export const ago = (days: number, now = Date.now()) => new Date(now - days * DAY);
export const ahead = (days: number, now = Date.now()) => new Date(now + days * DAY);

export interface RuleWorld {
  sourceId: string;
  ownerId: string;
  backupId: string;
}

/** One source and two active users (owner and backup) shared by the clean NHIs. */
export async function makeRuleWorld(): Promise<RuleWorld> {
  const id = uid();
  const source = await db.source.create({ data: { key: `aws:${id}`, platform: "aws", name: `aws ${id}`, environment: "PROD" } });
  const owner = await makeRuleUser(true);
  const backup = await makeRuleUser(true);
  return { sourceId: source.id, ownerId: owner.id, backupId: backup.id };
}

export async function makeRuleUser(active: boolean, teamId: string | null = null) {
  const id = uid();
  return db.user.create({ data: { email: `rules-${id}@test.local`, name: `Rules ${id}`, role: "OWNER", active, teamId }, select: { id: true } });
}

export async function makeRuleTeam() {
  return db.team.create({ data: { name: `team-${uid()}` }, select: { id: true } });
}

export interface CleanNhiOver {
  name: string;
  kind: IdentityKind;
  status: IdentityStatus;
  environment: Environment;
  criticality: Criticality;
  ownerId: string | null;
  backupOwnerId: string | null;
  teamId: string | null;
  purpose: string | null;
  purposeConfirmedAt: Date | null;
  lastUsedAt: Date | null;
  createdAtSource: Date | null;
  platformManaged: boolean;
  shared: boolean;
  breakGlass: boolean;
  breakGlassTestedAt: Date | null;
  canChangeInfra: boolean;
  onBehalfOfUserId: string | null;
  tags: Record<string, string>;
}

export async function makeCleanNhi(w: RuleWorld, over: Partial<CleanNhiOver> = {}) {
  const id = uid();
  return db.identity.create({
    data: {
      sourceId: w.sourceId,
      externalId: `ext-${id}`,
      name: over.name ?? `nhi-${id}`,
      kind: over.kind ?? "SERVICE_ACCOUNT",
      status: over.status ?? "ACTIVE",
      environment: over.environment ?? "PROD",
      criticality: over.criticality ?? "MEDIUM",
      ownerId: over.ownerId === undefined ? w.ownerId : over.ownerId,
      backupOwnerId: over.backupOwnerId === undefined ? w.backupId : over.backupOwnerId,
      teamId: over.teamId ?? null,
      purpose: over.purpose === undefined ? "Posts settled payments to the ledger" : over.purpose,
      purposeConfirmedAt: over.purposeConfirmedAt === undefined ? ago(30) : over.purposeConfirmedAt,
      lastUsedAt: over.lastUsedAt === undefined ? ago(1) : over.lastUsedAt,
      createdAtSource: over.createdAtSource === undefined ? ago(400) : over.createdAtSource,
      platformManaged: over.platformManaged ?? false,
      shared: over.shared ?? false,
      breakGlass: over.breakGlass ?? false,
      breakGlassTestedAt: over.breakGlassTestedAt ?? null,
      canChangeInfra: over.canChangeInfra ?? false,
      isPrivileged: over.canChangeInfra ?? false,
      onBehalfOfUserId: over.onBehalfOfUserId === undefined ? (over.kind === "AI_AGENT" ? w.ownerId : null) : over.onBehalfOfUserId,
      tags: over.tags ?? {},
    },
    select: { id: true, name: true },
  });
}

export interface CredentialOver {
  type: CredentialType;
  status: CredentialStatus;
  createdAt: Date;
  lastRotatedAt: Date | null;
  expiresAt: Date | null;
  storage: string;
  ephemeral: boolean;
}

export async function addCredential(identityId: string, over: Partial<CredentialOver> = {}) {
  // One clock reading: the default key lives exactly 90 days, the edge of "long-lived", and two readings a
  // millisecond apart would push it over.
  const now = Date.now();
  return db.credential.create({
    data: {
      identityId,
      externalId: `cred-${uid()}`,
      type: over.type ?? "ACCESS_KEY",
      status: over.status ?? "ACTIVE",
      createdAt: over.createdAt ?? ago(10, now),
      lastRotatedAt: over.lastRotatedAt ?? null,
      expiresAt: over.expiresAt === undefined ? ahead(80, now) : over.expiresAt,
      storage: over.storage ?? "hashicorp-vault",
      ephemeral: over.ephemeral ?? false,
    },
    select: { id: true },
  });
}

export interface EntitlementOver {
  resource: string;
  permission: string;
  privilege: Privilege;
  sensitivity: Sensitivity;
  status: EntitlementStatus;
  grantedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export async function addEntitlement(identityId: string, over: Partial<EntitlementOver> = {}) {
  return db.entitlement.create({
    data: {
      identityId,
      resource: over.resource ?? `arn:aws:s3:::ledger-exports-${uid()}`,
      permission: over.permission ?? "s3:GetObject",
      privilege: over.privilege ?? "READ",
      sensitivity: over.sensitivity ?? "NORMAL",
      status: over.status ?? "ACTIVE",
      grantedAt: over.grantedAt === undefined ? ago(300) : over.grantedAt,
      expiresAt: over.expiresAt ?? null,
      lastUsedAt: over.lastUsedAt === undefined ? ago(2) : over.lastUsedAt,
    },
    select: { id: true },
  });
}
