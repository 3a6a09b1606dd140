// The rollups the Identity row keeps (DESIGN.md 2: oldest active credential, counts, unused entitlements), computed
// the one way the seed generator and its tests compute them; the importer keeps them in SQL with the same meaning.
import { UNUSED_WINDOW_DAYS } from "../identities/rules";

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
  const staleBefore = now.getTime() - UNUSED_WINDOW_DAYS * DAY;
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

