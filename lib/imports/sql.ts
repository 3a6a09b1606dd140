// Set-based statements of the import pipeline. Each takes one batch as column arrays (one bind parameter per
// column, whatever the batch size: `unnest($1::text[], $2::text[], ...)`), upserts it with INSERT .. ON CONFLICT on
// the schema's unique keys, and reports per row whether it was inserted or changed: the `prev` CTE reads the rows
// as they were before the statement (all CTEs of one statement see the same snapshot).
import crypto from "node:crypto";
import { Prisma, type Tx } from "../db";

let idCounter = 0;

/**
 * Ids for new rows (Prisma's cuid() default is client-side, so raw inserts bring their own): time-ordered like a
 * cuid (timestamp, counter, random), so a batch lands in neighbouring primary-key index pages.
 */
export function newIds(n: number): string[] {
  const ts = Date.now().toString(36).padStart(9, "0");
  const bytes = crypto.randomBytes(n * 5);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    idCounter = (idCounter + 1) % 2_176_782_336; // 36^6
    out[i] = `c${ts}${idCounter.toString(36).padStart(6, "0")}${bytes.toString("hex", i * 5, i * 5 + 5)}`;
  }
  return out;
}

/** Strings bound for PostgreSQL: NUL characters are not allowed in text or jsonb. */
export const clean = (s: string | null | undefined): string | null => (s == null ? null : s.includes("\u0000") ? s.replace(/\u0000/g, "") : s);
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface IdentityRows {
  id: string[]; sourceId: string[]; externalId: string[]; name: string[]; kind: string[]; status: string[];
  environment: string[]; createdAtSource: (string | null)[]; lastUsedAt: (string | null)[]; purpose: (string | null)[];
  platformManaged: boolean[]; tags: string[]; delegatedScopes: string[];
  /**
   * Rollups computed from the file, used when `rollupKnown` (the file lists all the identity's credentials and
   * entitlements): a new identity is then written once, not inserted and updated again. Otherwise the stored values
   * are kept and recomputeRollups fixes them.
   */
  rollupKnown: boolean[]; credentialCount: number[]; oldestCredentialAt: (string | null)[]; entitlementCount: number[]; unusedEntitlements: number[];
}


/**
 * Result of an upsert for one input row. `touched` = the row was written (inserted, changed, or its lastSeenAt was
 * refreshed); an unchanged row seen again within SEEN_REFRESH is not written at all, so re-importing the same file
 * is mostly reads.
 */
export interface UpsertRow { id: string; sourceId: string; externalId: string; inserted: boolean; changed: boolean; touched: boolean }
export interface ChildRow { id: string; identityId: string; inserted: boolean; changed: boolean; touched: boolean }

/**
 * The INSERT's SELECT computes each row's final values from the input and the stored row (`p`), so ON CONFLICT only
 * copies EXCLUDED and its WHERE can skip rows whose values would not change.
 */
export async function upsertIdentities(tx: Tx, r: IdentityRows, now: Date, refreshBefore: Date): Promise<UpsertRow[]> {
  return tx.$queryRaw<UpsertRow[]>(Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${r.id}::text[], ${r.sourceId}::text[], ${r.externalId}::text[], ${r.name}::text[], ${r.kind}::text[],
        ${r.status}::text[], ${r.environment}::text[], ${r.createdAtSource}::text[], ${r.lastUsedAt}::text[], ${r.purpose}::text[],
        ${r.platformManaged}::boolean[], ${r.tags}::text[], ${r.delegatedScopes}::text[], ${r.rollupKnown}::boolean[],
        ${r.credentialCount}::int[], ${r.oldestCredentialAt}::text[], ${r.entitlementCount}::int[], ${r.unusedEntitlements}::int[])
      AS t(id, "sourceId", "externalId", name, kind, status, environment, "createdAtSource", "lastUsedAt", purpose, "platformManaged", tags,
        "delegatedScopes", "rollupKnown", "credentialCount", "oldestCredentialAt", "entitlementCount", "unusedEntitlements")
    ),
    prev AS (
      SELECT i.id, i."sourceId", i."externalId", i.name, i.kind, i.status, i.environment, i."createdAtSource", i."lastUsedAt", i.purpose,
             i."platformManaged", i.tags, i."delegatedScopes", i."credentialCount", i."oldestCredentialAt", i."entitlementCount", i."unusedEntitlements"
      FROM "Identity" i JOIN input t ON i."sourceId" = t."sourceId" AND i."externalId" = t."externalId"
    ),
    up AS (
      INSERT INTO "Identity" AS i (id, "sourceId", "externalId", name, kind, status, environment, "createdAtSource", "lastUsedAt", purpose,
        "platformManaged", tags, "delegatedScopes", "credentialCount", "oldestCredentialAt", "entitlementCount", "unusedEntitlements",
        "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
      SELECT t.id, t."sourceId", t."externalId", t.name, t.kind::"IdentityKind", t.status::"IdentityStatus",
        -- An import never downgrades a known environment to UNKNOWN.
        CASE WHEN t.environment = 'UNKNOWN' AND p.environment IS NOT NULL THEN p.environment ELSE t.environment::"Environment" END,
        COALESCE(t."createdAtSource"::timestamp(3), p."createdAtSource"),
        -- Exports differ in what they know of last use (a role unused for 400 days has no date): keep the latest.
        GREATEST(t."lastUsedAt"::timestamp(3), p."lastUsedAt"),
        -- A purpose entered or confirmed in Steward wins over the platform's description.
        COALESCE(p.purpose, t.purpose),
        t."platformManaged",
        COALESCE(p.tags, '{}'::jsonb) || t.tags::jsonb,
        CASE WHEN jsonb_array_length(t."delegatedScopes"::jsonb) > 0 OR p.id IS NULL
          THEN ARRAY(SELECT jsonb_array_elements_text(t."delegatedScopes"::jsonb)) ELSE p."delegatedScopes" END,
        CASE WHEN t."rollupKnown" THEN t."credentialCount" ELSE COALESCE(p."credentialCount", 0) END,
        CASE WHEN t."rollupKnown" THEN t."oldestCredentialAt"::timestamp(3) ELSE p."oldestCredentialAt" END,
        CASE WHEN t."rollupKnown" THEN t."entitlementCount" ELSE COALESCE(p."entitlementCount", 0) END,
        CASE WHEN t."rollupKnown" THEN t."unusedEntitlements" ELSE COALESCE(p."unusedEntitlements", 0) END,
        ${now}, ${now}, ${now}, ${now}
      FROM input t LEFT JOIN prev p ON p."sourceId" = t."sourceId" AND p."externalId" = t."externalId"
      ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        name = EXCLUDED.name, kind = EXCLUDED.kind, status = EXCLUDED.status, environment = EXCLUDED.environment,
        "createdAtSource" = EXCLUDED."createdAtSource", "lastUsedAt" = EXCLUDED."lastUsedAt", purpose = EXCLUDED.purpose,
        "platformManaged" = EXCLUDED."platformManaged", tags = EXCLUDED.tags, "delegatedScopes" = EXCLUDED."delegatedScopes",
        "credentialCount" = EXCLUDED."credentialCount", "oldestCredentialAt" = EXCLUDED."oldestCredentialAt",
        "entitlementCount" = EXCLUDED."entitlementCount", "unusedEntitlements" = EXCLUDED."unusedEntitlements",
        "lastSeenAt" = EXCLUDED."lastSeenAt", "updatedAt" = EXCLUDED."updatedAt"
      WHERE i."lastSeenAt" < ${refreshBefore}
        OR (i.name, i.kind, i.status, i.environment, i."createdAtSource", i."lastUsedAt", i.purpose, i."platformManaged", i.tags,
            i."delegatedScopes", i."credentialCount", i."oldestCredentialAt", i."entitlementCount", i."unusedEntitlements")
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.status, EXCLUDED.environment, EXCLUDED."createdAtSource",
            EXCLUDED."lastUsedAt", EXCLUDED.purpose, EXCLUDED."platformManaged", EXCLUDED.tags, EXCLUDED."delegatedScopes",
            EXCLUDED."credentialCount", EXCLUDED."oldestCredentialAt", EXCLUDED."entitlementCount", EXCLUDED."unusedEntitlements")
      RETURNING i.id, i."sourceId", i."externalId", (i.xmax = 0) AS inserted, i.name, i.kind, i.status, i.environment,
        i."createdAtSource", i."lastUsedAt", i.purpose, i."platformManaged", i.tags, i."delegatedScopes"
    )
    SELECT COALESCE(up.id, p.id) AS id, t."sourceId", t."externalId", COALESCE(up.inserted, false) AS inserted, up.id IS NOT NULL AS touched,
      (up.id IS NOT NULL AND NOT up.inserted AND (up.name, up.kind, up.status, up.environment, up."createdAtSource", up."lastUsedAt",
        up.purpose, up."platformManaged", up.tags, up."delegatedScopes")
        IS DISTINCT FROM (p.name, p.kind, p.status, p.environment, p."createdAtSource", p."lastUsedAt", p.purpose,
        p."platformManaged", p.tags, p."delegatedScopes")) AS changed
    FROM input t
    LEFT JOIN up ON up."sourceId" = t."sourceId" AND up."externalId" = t."externalId"
    LEFT JOIN prev p ON p."sourceId" = t."sourceId" AND p."externalId" = t."externalId"`);
}

export interface CredentialRows {
  id: string[]; identityId: string[]; externalId: string[]; type: string[]; name: (string | null)[]; status: string[];
  createdAt: (string | null)[]; fallbackCreatedAt: string[]; lastRotatedAt: (string | null)[]; lastUsedAt: (string | null)[];
  expiresAt: (string | null)[]; fingerprint: (string | null)[]; storage: (string | null)[]; ephemeral: boolean[];
}

export async function upsertCredentials(tx: Tx, r: CredentialRows, now: Date, refreshBefore: Date): Promise<ChildRow[]> {
  return tx.$queryRaw<ChildRow[]>(Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${r.id}::text[], ${r.identityId}::text[], ${r.externalId}::text[], ${r.type}::text[], ${r.name}::text[],
        ${r.status}::text[], ${r.createdAt}::text[], ${r.fallbackCreatedAt}::text[], ${r.lastRotatedAt}::text[], ${r.lastUsedAt}::text[],
        ${r.expiresAt}::text[], ${r.fingerprint}::text[], ${r.storage}::text[], ${r.ephemeral}::boolean[])
      AS t(id, "identityId", "externalId", type, name, status, "createdAt", "fallbackCreatedAt", "lastRotatedAt", "lastUsedAt",
        "expiresAt", fingerprint, storage, ephemeral)
    ),
    prev AS (
      SELECT c.id, c."identityId", c."externalId", c.type, c.name, c.status, c."createdAt", c."lastRotatedAt", c."lastUsedAt", c."expiresAt",
             c.fingerprint, c.storage, c.ephemeral
      FROM "Credential" c JOIN input t ON c."identityId" = t."identityId" AND c."externalId" = t."externalId"
    ),
    up AS (
      INSERT INTO "Credential" AS c (id, "identityId", "externalId", type, name, status, "createdAt", "lastRotatedAt", "lastUsedAt",
        "expiresAt", fingerprint, storage, ephemeral, "firstSeenAt", "lastSeenAt")
      SELECT t.id, t."identityId", t."externalId", t.type::"CredentialType", COALESCE(t.name, p.name), t.status::"CredentialStatus",
        -- Creation time unknown to the export: keep what an earlier import knew, else the identity's creation time.
        COALESCE(t."createdAt"::timestamp(3), p."createdAt", t."fallbackCreatedAt"::timestamp(3)),
        COALESCE(t."lastRotatedAt"::timestamp(3), p."lastRotatedAt"),
        GREATEST(t."lastUsedAt"::timestamp(3), p."lastUsedAt"),
        -- Null is meaningful here: it never expires.
        t."expiresAt"::timestamp(3),
        COALESCE(t.fingerprint, p.fingerprint),
        CASE WHEN t.storage IS NULL OR t.storage = 'unknown' THEN COALESCE(p.storage, 'unknown') ELSE t.storage END,
        t.ephemeral, ${now}, ${now}
      FROM input t LEFT JOIN prev p ON p."identityId" = t."identityId" AND p."externalId" = t."externalId"
      ON CONFLICT ("identityId", "externalId") DO UPDATE SET
        type = EXCLUDED.type, name = EXCLUDED.name, status = EXCLUDED.status, "createdAt" = EXCLUDED."createdAt",
        "lastRotatedAt" = EXCLUDED."lastRotatedAt", "lastUsedAt" = EXCLUDED."lastUsedAt", "expiresAt" = EXCLUDED."expiresAt",
        fingerprint = EXCLUDED.fingerprint, storage = EXCLUDED.storage, ephemeral = EXCLUDED.ephemeral, "lastSeenAt" = EXCLUDED."lastSeenAt"
      WHERE c."lastSeenAt" < ${refreshBefore}
        OR (c.type, c.name, c.status, c."createdAt", c."lastRotatedAt", c."lastUsedAt", c."expiresAt", c.fingerprint, c.storage, c.ephemeral)
          IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.name, EXCLUDED.status, EXCLUDED."createdAt", EXCLUDED."lastRotatedAt",
            EXCLUDED."lastUsedAt", EXCLUDED."expiresAt", EXCLUDED.fingerprint, EXCLUDED.storage, EXCLUDED.ephemeral)
      RETURNING c.id, c."identityId", c."externalId", (c.xmax = 0) AS inserted, c.type, c.name, c.status, c."createdAt", c."lastRotatedAt",
        c."lastUsedAt", c."expiresAt", c.fingerprint, c.storage, c.ephemeral
    )
    SELECT COALESCE(up.id, p.id) AS id, t."identityId", COALESCE(up.inserted, false) AS inserted, up.id IS NOT NULL AS touched,
      (up.id IS NOT NULL AND NOT up.inserted AND (up.type, up.name, up.status, up."createdAt", up."lastRotatedAt", up."lastUsedAt",
        up."expiresAt", up.fingerprint, up.storage, up.ephemeral)
        IS DISTINCT FROM (p.type, p.name, p.status, p."createdAt", p."lastRotatedAt", p."lastUsedAt", p."expiresAt", p.fingerprint,
        p.storage, p.ephemeral)) AS changed
    FROM input t
    LEFT JOIN up ON up."identityId" = t."identityId" AND up."externalId" = t."externalId"
    LEFT JOIN prev p ON p."identityId" = t."identityId" AND p."externalId" = t."externalId"`);
}

export interface EntitlementRows {
  id: string[]; identityId: string[]; resource: string[]; permission: string[]; privilege: string[]; sensitivity: string[];
  via: string[]; viaName: (string | null)[]; condition: (string | null)[]; grantedAt: (string | null)[];
  expiresAt: (string | null)[]; lastUsedAt: (string | null)[]; status: string[];
}

export async function upsertEntitlements(tx: Tx, r: EntitlementRows, now: Date, refreshBefore: Date): Promise<ChildRow[]> {
  return tx.$queryRaw<ChildRow[]>(Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${r.id}::text[], ${r.identityId}::text[], ${r.resource}::text[], ${r.permission}::text[], ${r.privilege}::text[],
        ${r.sensitivity}::text[], ${r.via}::text[], ${r.viaName}::text[], ${r.condition}::text[], ${r.grantedAt}::text[],
        ${r.expiresAt}::text[], ${r.lastUsedAt}::text[], ${r.status}::text[])
      AS t(id, "identityId", resource, permission, privilege, sensitivity, via, "viaName", condition, "grantedAt", "expiresAt", "lastUsedAt", status)
    ),
    prev AS (
      SELECT e.id, e."identityId", e.resource, e.permission, e.privilege, e.sensitivity, e.via, e."viaName", e.condition, e."grantedAt",
             e."expiresAt", e."lastUsedAt", e.status
      FROM "Entitlement" e JOIN input t ON e."identityId" = t."identityId" AND e.resource = t.resource AND e.permission = t.permission
    ),
    up AS (
      INSERT INTO "Entitlement" AS e (id, "identityId", resource, permission, privilege, sensitivity, via, "viaName", condition,
        "grantedAt", "expiresAt", "lastUsedAt", status, "firstSeenAt", "lastSeenAt")
      SELECT t.id, t."identityId", t.resource, t.permission, t.privilege::"Privilege", t.sensitivity::"Sensitivity", t.via::"GrantVia",
        t."viaName", t.condition::jsonb, COALESCE(t."grantedAt"::timestamp(3), p."grantedAt"), t."expiresAt"::timestamp(3),
        GREATEST(t."lastUsedAt"::timestamp(3), p."lastUsedAt"), t.status::"EntitlementStatus", ${now}, ${now}
      FROM input t LEFT JOIN prev p ON p."identityId" = t."identityId" AND p.resource = t.resource AND p.permission = t.permission
      ON CONFLICT ("identityId", resource, permission) DO UPDATE SET
        privilege = EXCLUDED.privilege, sensitivity = EXCLUDED.sensitivity, via = EXCLUDED.via, "viaName" = EXCLUDED."viaName",
        condition = EXCLUDED.condition, "grantedAt" = EXCLUDED."grantedAt", "expiresAt" = EXCLUDED."expiresAt",
        "lastUsedAt" = EXCLUDED."lastUsedAt", status = EXCLUDED.status, "lastSeenAt" = EXCLUDED."lastSeenAt"
      WHERE e."lastSeenAt" < ${refreshBefore}
        OR (e.privilege, e.sensitivity, e.via, e."viaName", e.condition, e."grantedAt", e."expiresAt", e."lastUsedAt", e.status)
          IS DISTINCT FROM (EXCLUDED.privilege, EXCLUDED.sensitivity, EXCLUDED.via, EXCLUDED."viaName", EXCLUDED.condition,
            EXCLUDED."grantedAt", EXCLUDED."expiresAt", EXCLUDED."lastUsedAt", EXCLUDED.status)
      RETURNING e.id, e."identityId", e.resource, e.permission, (e.xmax = 0) AS inserted, e.privilege, e.sensitivity, e.via, e."viaName",
        e.condition, e."grantedAt", e."expiresAt", e."lastUsedAt", e.status
    )
    SELECT COALESCE(up.id, p.id) AS id, t."identityId", COALESCE(up.inserted, false) AS inserted, up.id IS NOT NULL AS touched,
      (up.id IS NOT NULL AND NOT up.inserted AND (up.privilege, up.sensitivity, up.via, up."viaName", up.condition, up."grantedAt",
        up."expiresAt", up."lastUsedAt", up.status)
        IS DISTINCT FROM (p.privilege, p.sensitivity, p.via, p."viaName", p.condition, p."grantedAt", p."expiresAt", p."lastUsedAt", p.status)) AS changed
    FROM input t
    LEFT JOIN up ON up."identityId" = t."identityId" AND up.resource = t.resource AND up.permission = t.permission
    LEFT JOIN prev p ON p."identityId" = t."identityId" AND p.resource = t.resource AND p.permission = t.permission`);
}

/** Credentials of complete identities that the file no longer lists: REVOKED. Returns the identities touched. */
export async function revokeMissingCredentials(tx: Tx, identityIds: string[], seenIds: string[]): Promise<string[]> {
  if (!identityIds.length) return [];
  const rows = await tx.$queryRaw<{ identityId: string }[]>(Prisma.sql`
    UPDATE "Credential" SET status = 'REVOKED'
    WHERE "identityId" = ANY(${identityIds}::text[]) AND status <> 'REVOKED' AND id NOT IN (SELECT unnest(${seenIds}::text[]))
    RETURNING "identityId"`);
  return rows.map((r) => r.identityId);
}

/**
 * Entitlements of complete identities that the file no longer lists: REVOKED. `scoped` pairs limit it to grants on
 * the resources the file covers (one exported GCP policy says nothing of grants on other resources).
 */
export async function revokeMissingEntitlements(tx: Tx, wholeIds: string[], scoped: { identityId: string[]; resource: string[] }, seenIds: string[]): Promise<string[]> {
  const out: string[] = [];
  if (wholeIds.length) {
    const rows = await tx.$queryRaw<{ identityId: string }[]>(Prisma.sql`
      UPDATE "Entitlement" SET status = 'REVOKED'
      WHERE "identityId" = ANY(${wholeIds}::text[]) AND status <> 'REVOKED' AND id NOT IN (SELECT unnest(${seenIds}::text[]))
      RETURNING "identityId"`);
    out.push(...rows.map((r) => r.identityId));
  }
  if (scoped.identityId.length) {
    const rows = await tx.$queryRaw<{ identityId: string }[]>(Prisma.sql`
      UPDATE "Entitlement" e SET status = 'REVOKED'
      FROM unnest(${scoped.identityId}::text[], ${scoped.resource}::text[]) AS s("identityId", resource)
      WHERE e."identityId" = s."identityId" AND e.resource = s.resource AND e.status <> 'REVOKED' AND e.id NOT IN (SELECT unnest(${seenIds}::text[]))
      RETURNING e."identityId"`);
    out.push(...rows.map((r) => r.identityId));
  }
  return out;
}

/**
 * Rollup columns of the given identities, in one statement: credentialCount (not revoked), oldestCredentialAt
 * (ACTIVE, non-ephemeral: coalesce(lastRotatedAt, createdAt)), entitlementCount (ACTIVE) and unusedEntitlements
 * (ACTIVE, never used or not within the window).
 */
export async function recomputeRollups(tx: Tx, identityIds: string[], unusedBefore: Date): Promise<void> {
  if (!identityIds.length) return;
  await tx.$executeRaw(Prisma.sql`
    UPDATE "Identity" i SET
      "credentialCount" = COALESCE(c.n, 0),
      "oldestCredentialAt" = c.oldest,
      "entitlementCount" = COALESCE(e.n, 0),
      "unusedEntitlements" = COALESCE(e.unused, 0)
    FROM unnest(${identityIds}::text[]) AS x(id)
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status <> 'REVOKED') AS n,
             min(COALESCE("lastRotatedAt", "createdAt")) FILTER (WHERE status = 'ACTIVE' AND NOT ephemeral) AS oldest
      FROM "Credential" WHERE "identityId" = x.id
    ) c ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status = 'ACTIVE') AS n,
             count(*) FILTER (WHERE status = 'ACTIVE' AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${unusedBefore})) AS unused
      FROM "Entitlement" WHERE "identityId" = x.id
    ) e ON true
    WHERE i.id = x.id
      -- Only rows whose rollups actually change are written (re-imports mostly change nothing).
      AND (i."credentialCount", i."oldestCredentialAt", i."entitlementCount", i."unusedEntitlements")
        IS DISTINCT FROM (COALESCE(c.n, 0)::int, c.oldest, COALESCE(e.n, 0)::int, COALESCE(e.unused, 0)::int)`);
}

/** Owner hints → ownerId (only where the NHI has no owner yet; the first matching hint wins) and its team. */
export async function matchOwners(tx: Tx, hints: { id: string[]; email: string[]; ord: number[] }): Promise<number> {
  if (!hints.id.length) return 0;
  return tx.$executeRaw(Prisma.sql`
    WITH h AS (SELECT * FROM unnest(${hints.id}::text[], ${hints.email}::text[], ${hints.ord}::int[]) AS h(id, email, ord)),
    m AS (
      SELECT DISTINCT ON (h.id) h.id, u.id AS "userId", u."teamId"
      FROM h JOIN "User" u ON lower(u.email) = lower(h.email)
      ORDER BY h.id, h.ord, u.active DESC
    )
    UPDATE "Identity" i SET "ownerId" = m."userId", "teamId" = COALESCE(i."teamId", m."teamId")
    FROM m WHERE i.id = m.id AND i."ownerId" IS NULL`);
}

/** AI agents: the human the agent acts for, by e-mail. */
export async function matchOnBehalfOf(tx: Tx, rows: { id: string[]; email: string[] }): Promise<number> {
  if (!rows.id.length) return 0;
  return tx.$executeRaw(Prisma.sql`
    UPDATE "Identity" i SET "onBehalfOfUserId" = u.id
    FROM unnest(${rows.id}::text[], ${rows.email}::text[]) AS h(id, email) JOIN "User" u ON lower(u.email) = lower(h.email)
    WHERE i.id = h.id AND i."onBehalfOfUserId" IS DISTINCT FROM u.id`);
}
