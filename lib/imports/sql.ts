// Set-based statements of the import pipeline. Each takes one batch as column arrays (one bind parameter per
// column, whatever the batch size: `unnest($1::text[], $2::text[], ...)`) and does in ONE statement:
//   1. look up the stored row of each input row by its unique key (LATERAL: one index probe per row, never a scan of
//      the table, however large it grows),
//   2. compute the final values (what an import may change, what it keeps) and whether anything changed,
//   3. INSERT .. ON CONFLICT DO UPDATE only the rows that are new, changed, or not seen for a while (a re-import of
//      the same file writes almost nothing),
//   4. append what changed to ImportChange (field: [before, after]), so drift can be shown per NHI and per import.
// All CTEs of one statement see the same snapshot, so "before" is the row as it was before the statement.
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
export const iso = (d: Date | null | undefined): string | null => (d && !Number.isNaN(d.getTime()) ? d.toISOString() : null);

/** jsonb {field: [before, after]} of the listed columns that differ between `p_<col>` (before) and `<col>` (after). */
function diffJson(cols: string[], after = "d", before = "d"): Prisma.Sql {
  const parts = cols.map(
    (c) => `'${c}', CASE WHEN ${after}."${c}" IS DISTINCT FROM ${before}."p_${c}" THEN jsonb_build_array(to_jsonb(${before}."p_${c}"), to_jsonb(${after}."${c}")) END`,
  );
  return Prisma.raw(`jsonb_strip_nulls(jsonb_build_object(${parts.join(", ")}))`);
}

const tuple = (cols: string[], prefix = "") => Prisma.raw(`(${cols.map((c) => `"${prefix}${c}"`).join(", ")})`);

// ---------------------------------------------------------------------------------------------------------------
// Identities

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
  /**
   * The record lists an ACTIVE credential or entitlement: a new NHI gets accessChangedAt in its INSERT (the
   * transaction's time, as the access triggers would set it), so the triggers on its children find it stamped and
   * do not rewrite the row (migration access_stamp_once).
   */
  hasAccess: boolean[];
  /**
   * The owner the record states (Steward's template owner_email), lower case: a new NHI is inserted with that active
   * user as its owner (and their team), recorded as an ownerId change of the import; applyStatedOwners handles NHIs
   * that already existed. Setting it in the INSERT writes each new NHI once instead of inserting then updating it.
   */
  ownerEmail: (string | null)[];
}

/**
 * Result of an upsert for one input row. `touched` = the row was written (inserted, changed, or its lastSeenAt was
 * refreshed); an unchanged row seen again within SEEN_REFRESH is not written at all.
 */
export interface UpsertRow { id: string; sourceId: string; externalId: string; inserted: boolean; changed: boolean; touched: boolean; ownerSet: boolean }
export interface ChildRow { id: string; identityId: string; inserted: boolean; changed: boolean; touched: boolean }

/** Columns an import sets and records changes of (rollups are derived, lastSeenAt is bookkeeping). */
const IDENTITY_FIELDS = ["name", "kind", "status", "environment", "createdAtSource", "lastUsedAt", "purpose", "platformManaged", "tags", "delegatedScopes"];
const ROLLUPS = ["credentialCount", "oldestCredentialAt", "entitlementCount", "unusedEntitlements"];

export function upsertIdentitiesSql(r: IdentityRows, jobId: string, now: Date, refreshBefore: Date): Prisma.Sql {
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${r.id}::text[], ${r.sourceId}::text[], ${r.externalId}::text[], ${r.name}::text[], ${r.kind}::text[],
        ${r.status}::text[], ${r.environment}::text[], ${r.createdAtSource}::text[], ${r.lastUsedAt}::text[], ${r.purpose}::text[],
        ${r.platformManaged}::boolean[], ${r.tags}::text[], ${r.delegatedScopes}::text[], ${r.rollupKnown}::boolean[],
        ${r.credentialCount}::int[], ${r.oldestCredentialAt}::text[], ${r.entitlementCount}::int[], ${r.unusedEntitlements}::int[],
        ${r.hasAccess}::boolean[], ${r.ownerEmail}::text[])
      AS t(id, "sourceId", "externalId", name, kind, status, environment, "createdAtSource", "lastUsedAt", purpose, "platformManaged", tags,
        "delegatedScopes", "rollupKnown", "credentialCount", "oldestCredentialAt", "entitlementCount", "unusedEntitlements", "hasAccess", "ownerEmail")
    ),
    d AS MATERIALIZED (
      SELECT t.id AS "newId", t."sourceId", t."externalId", t."hasAccess", p.id AS "prevId", p."lastSeenAt" AS "prevSeen",
        CASE WHEN p.id IS NULL THEN so.id END AS "statedOwnerId", CASE WHEN p.id IS NULL THEN so."teamId" END AS "statedTeamId",
        p.name AS "p_name", p.kind AS "p_kind", p.status AS "p_status", p.environment AS "p_environment",
        p."createdAtSource" AS "p_createdAtSource", p."lastUsedAt" AS "p_lastUsedAt", p.purpose AS "p_purpose",
        p."platformManaged" AS "p_platformManaged", p.tags AS "p_tags", p."delegatedScopes" AS "p_delegatedScopes",
        p."credentialCount" AS "p_credentialCount", p."oldestCredentialAt" AS "p_oldestCredentialAt",
        p."entitlementCount" AS "p_entitlementCount", p."unusedEntitlements" AS "p_unusedEntitlements",
        t.name, t.kind::"IdentityKind" AS kind, t.status::"IdentityStatus" AS status,
        -- An import never downgrades a known environment to UNKNOWN.
        CASE WHEN t.environment = 'UNKNOWN' AND p.environment IS NOT NULL THEN p.environment ELSE t.environment::"Environment" END AS environment,
        COALESCE(t."createdAtSource"::timestamp(3), p."createdAtSource") AS "createdAtSource",
        -- Exports differ in what they know of last use (a role unused for 400 days has no date): keep the latest.
        GREATEST(t."lastUsedAt"::timestamp(3), p."lastUsedAt") AS "lastUsedAt",
        -- A purpose entered or confirmed in Steward wins over the platform's description.
        COALESCE(p.purpose, t.purpose) AS purpose,
        t."platformManaged",
        COALESCE(p.tags, '{}'::jsonb) || t.tags::jsonb AS tags,
        CASE WHEN jsonb_array_length(t."delegatedScopes"::jsonb) > 0 OR p.id IS NULL
          THEN ARRAY(SELECT jsonb_array_elements_text(t."delegatedScopes"::jsonb)) ELSE p."delegatedScopes" END AS "delegatedScopes",
        CASE WHEN t."rollupKnown" THEN t."credentialCount" ELSE COALESCE(p."credentialCount", 0) END AS "credentialCount",
        CASE WHEN t."rollupKnown" THEN t."oldestCredentialAt"::timestamp(3) ELSE p."oldestCredentialAt" END AS "oldestCredentialAt",
        CASE WHEN t."rollupKnown" THEN t."entitlementCount" ELSE COALESCE(p."entitlementCount", 0) END AS "entitlementCount",
        CASE WHEN t."rollupKnown" THEN t."unusedEntitlements" ELSE COALESCE(p."unusedEntitlements", 0) END AS "unusedEntitlements"
      FROM input t
      -- LIMIT keeps the planner from turning the lookup into a hash join over the whole table (the key is unique).
      LEFT JOIN LATERAL (SELECT * FROM "Identity" i WHERE i."sourceId" = t."sourceId" AND i."externalId" = t."externalId" LIMIT 1) p ON true
      LEFT JOIN LATERAL (SELECT u.id, u."teamId" FROM ${Prisma.raw(USERS_TABLE)} u WHERE u.email = t."ownerEmail" AND u.active ORDER BY u.id LIMIT 1) so ON true
    ),
    c AS MATERIALIZED (
      SELECT d.*, (d."prevId" IS NOT NULL AND ${tuple(IDENTITY_FIELDS)} IS DISTINCT FROM ${tuple(IDENTITY_FIELDS, "p_")}) AS changed FROM d
    ),
    up AS (
      INSERT INTO "Identity" AS i (id, "sourceId", "externalId", name, kind, status, environment, "createdAtSource", "lastUsedAt", purpose,
        "platformManaged", tags, "delegatedScopes", "credentialCount", "oldestCredentialAt", "entitlementCount", "unusedEntitlements",
        "ownerId", "teamId", "accessChangedAt", "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
      SELECT c."newId", c."sourceId", c."externalId", c.name, c.kind, c.status, c.environment, c."createdAtSource",
        c."lastUsedAt", c.purpose, c."platformManaged", c.tags, c."delegatedScopes", c."credentialCount", c."oldestCredentialAt",
        c."entitlementCount", c."unusedEntitlements", c."statedOwnerId", c."statedTeamId",
        -- Only used when inserted (ON CONFLICT leaves accessChangedAt to the triggers, and the owner to applyStatedOwners).
        CASE WHEN c."hasAccess" THEN (now() AT TIME ZONE 'UTC') END,
        ${now}, ${now}, ${now}, ${now}
      FROM c
      WHERE c."prevId" IS NULL OR c.changed OR c."prevSeen" < ${refreshBefore}
        OR ${tuple(ROLLUPS)} IS DISTINCT FROM ${tuple(ROLLUPS, "p_")}
      ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        name = EXCLUDED.name, kind = EXCLUDED.kind, status = EXCLUDED.status, environment = EXCLUDED.environment,
        "createdAtSource" = EXCLUDED."createdAtSource", "lastUsedAt" = EXCLUDED."lastUsedAt", purpose = EXCLUDED.purpose,
        "platformManaged" = EXCLUDED."platformManaged", tags = EXCLUDED.tags, "delegatedScopes" = EXCLUDED."delegatedScopes",
        "credentialCount" = EXCLUDED."credentialCount", "oldestCredentialAt" = EXCLUDED."oldestCredentialAt",
        "entitlementCount" = EXCLUDED."entitlementCount", "unusedEntitlements" = EXCLUDED."unusedEntitlements",
        "lastSeenAt" = EXCLUDED."lastSeenAt", "updatedAt" = EXCLUDED."updatedAt"
      RETURNING i.id, i."sourceId", i."externalId", (i.xmax = 0) AS inserted
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, change, fields, at)
      SELECT ${jobId}, up.id, 'IDENTITY',
        (CASE WHEN c."prevId" IS NULL THEN 'CREATED'
              WHEN c."p_status" = 'DELETED_AT_SOURCE' AND c.status <> 'DELETED_AT_SOURCE' THEN 'RESTORED'
              ELSE 'UPDATED' END)::"ImportChangeKind",
        CASE WHEN c."prevId" IS NULL THEN NULL ELSE ${diffJson(IDENTITY_FIELDS, "c", "c")} END,
        ${now}::timestamp(3)
      FROM up JOIN c ON c."sourceId" = up."sourceId" AND c."externalId" = up."externalId"
      WHERE c."prevId" IS NULL OR c.changed
      UNION ALL
      -- A new NHI's stated owner: the same change record applyStatedOwners writes for an existing one.
      SELECT ${jobId}, up.id, 'IDENTITY'::"ImportEntity", 'UPDATED'::"ImportChangeKind", jsonb_build_object('ownerId', jsonb_build_array(NULL, c."statedOwnerId")), ${now}::timestamp(3)
      FROM up JOIN c ON c."sourceId" = up."sourceId" AND c."externalId" = up."externalId"
      WHERE up.inserted AND c."statedOwnerId" IS NOT NULL
    )
    SELECT COALESCE(up.id, c."prevId") AS id, c."sourceId", c."externalId", COALESCE(up.inserted, false) AS inserted,
      up.id IS NOT NULL AS touched, c.changed, coalesce(up.inserted AND c."statedOwnerId" IS NOT NULL, false) AS "ownerSet"
    FROM c LEFT JOIN up ON up."sourceId" = c."sourceId" AND up."externalId" = c."externalId"`;
}

export function upsertIdentities(tx: Tx, r: IdentityRows, jobId: string, now: Date, refreshBefore: Date): Promise<UpsertRow[]> {
  return tx.$queryRaw<UpsertRow[]>(upsertIdentitiesSql(r, jobId, now, refreshBefore));
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials

export interface CredentialRows {
  id: string[]; identityId: string[]; identityIsNew: boolean[]; externalId: string[]; type: string[]; name: (string | null)[]; status: string[];
  createdAt: (string | null)[]; fallbackCreatedAt: string[]; lastRotatedAt: (string | null)[]; lastUsedAt: (string | null)[];
  expiresAt: (string | null)[]; fingerprint: (string | null)[]; storage: (string | null)[]; ephemeral: boolean[];
}

const CREDENTIAL_FIELDS = ["type", "name", "status", "createdAt", "lastRotatedAt", "lastUsedAt", "expiresAt", "fingerprint", "storage", "ephemeral"];

export function upsertCredentialsSql(r: CredentialRows, jobId: string, now: Date, refreshBefore: Date): Prisma.Sql {
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${r.id}::text[], ${r.identityId}::text[], ${r.identityIsNew}::boolean[], ${r.externalId}::text[], ${r.type}::text[],
        ${r.name}::text[], ${r.status}::text[], ${r.createdAt}::text[], ${r.fallbackCreatedAt}::text[], ${r.lastRotatedAt}::text[],
        ${r.lastUsedAt}::text[], ${r.expiresAt}::text[], ${r.fingerprint}::text[], ${r.storage}::text[], ${r.ephemeral}::boolean[])
      AS t(id, "identityId", "identityIsNew", "externalId", type, name, status, "createdAt", "fallbackCreatedAt", "lastRotatedAt", "lastUsedAt",
        "expiresAt", fingerprint, storage, ephemeral)
    ),
    d AS MATERIALIZED (
      SELECT t.id AS "newId", t."identityId", t."identityIsNew", t."externalId", p.id AS "prevId", p."lastSeenAt" AS "prevSeen",
        p.type AS "p_type", p.name AS "p_name", p.status AS "p_status", p."createdAt" AS "p_createdAt", p."lastRotatedAt" AS "p_lastRotatedAt",
        p."lastUsedAt" AS "p_lastUsedAt", p."expiresAt" AS "p_expiresAt", p.fingerprint AS "p_fingerprint", p.storage AS "p_storage",
        p.ephemeral AS "p_ephemeral",
        t.type::"CredentialType" AS type, COALESCE(t.name, p.name) AS name, t.status::"CredentialStatus" AS status,
        -- Creation time unknown to the export: keep what an earlier import knew, else the identity's creation time.
        COALESCE(t."createdAt"::timestamp(3), p."createdAt", t."fallbackCreatedAt"::timestamp(3)) AS "createdAt",
        COALESCE(t."lastRotatedAt"::timestamp(3), p."lastRotatedAt") AS "lastRotatedAt",
        GREATEST(t."lastUsedAt"::timestamp(3), p."lastUsedAt") AS "lastUsedAt",
        -- Null is meaningful here: it never expires.
        t."expiresAt"::timestamp(3) AS "expiresAt",
        COALESCE(t.fingerprint, p.fingerprint) AS fingerprint,
        CASE WHEN t.storage IS NULL OR t.storage = 'unknown' THEN COALESCE(p.storage, 'unknown') ELSE t.storage END AS storage,
        t.ephemeral
      FROM input t
      -- A credential of an identity this import created has nothing stored: no lookup (a one-time filter).
      LEFT JOIN LATERAL (
        SELECT * FROM "Credential" x WHERE NOT t."identityIsNew" AND x."identityId" = t."identityId" AND x."externalId" = t."externalId" LIMIT 1
      ) p ON true
    ),
    c AS MATERIALIZED (
      SELECT d.*, (d."prevId" IS NOT NULL AND ${tuple(CREDENTIAL_FIELDS)} IS DISTINCT FROM ${tuple(CREDENTIAL_FIELDS, "p_")}) AS changed FROM d
    ),
    up AS (
      INSERT INTO "Credential" AS x (id, "identityId", "externalId", type, name, status, "createdAt", "lastRotatedAt", "lastUsedAt",
        "expiresAt", fingerprint, storage, ephemeral, "firstSeenAt", "lastSeenAt")
      SELECT c."newId", c."identityId", c."externalId", c.type, c.name, c.status, c."createdAt", c."lastRotatedAt",
        c."lastUsedAt", c."expiresAt", c.fingerprint, c.storage, c.ephemeral, ${now}, ${now}
      FROM c WHERE c."prevId" IS NULL OR c.changed OR c."prevSeen" < ${refreshBefore}
      ON CONFLICT ("identityId", "externalId") DO UPDATE SET
        type = EXCLUDED.type, name = EXCLUDED.name, status = EXCLUDED.status, "createdAt" = EXCLUDED."createdAt",
        "lastRotatedAt" = EXCLUDED."lastRotatedAt", "lastUsedAt" = EXCLUDED."lastUsedAt", "expiresAt" = EXCLUDED."expiresAt",
        fingerprint = EXCLUDED.fingerprint, storage = EXCLUDED.storage, ephemeral = EXCLUDED.ephemeral, "lastSeenAt" = EXCLUDED."lastSeenAt"
      RETURNING x.id, x."identityId", x."externalId", (x.xmax = 0) AS inserted
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, "entityKey", change, fields, at)
      SELECT ${jobId}, c."identityId", 'CREDENTIAL', c."externalId",
        (CASE WHEN c."prevId" IS NULL THEN 'CREATED' ELSE 'UPDATED' END)::"ImportChangeKind",
        CASE WHEN c."prevId" IS NULL THEN NULL ELSE ${diffJson(CREDENTIAL_FIELDS, "c", "c")} END,
        ${now}
      FROM up JOIN c ON c."identityId" = up."identityId" AND c."externalId" = up."externalId"
      -- The credentials of an NHI this import created are implied by its CREATED row.
      WHERE (c."prevId" IS NULL AND NOT c."identityIsNew") OR c.changed
    )
    SELECT COALESCE(up.id, c."prevId") AS id, c."identityId", COALESCE(up.inserted, false) AS inserted, up.id IS NOT NULL AS touched, c.changed
    FROM c LEFT JOIN up ON up."identityId" = c."identityId" AND up."externalId" = c."externalId"`;
}

export function upsertCredentials(tx: Tx, r: CredentialRows, jobId: string, now: Date, refreshBefore: Date): Promise<ChildRow[]> {
  return tx.$queryRaw<ChildRow[]>(upsertCredentialsSql(r, jobId, now, refreshBefore));
}

// ---------------------------------------------------------------------------------------------------------------
// Entitlements

export interface EntitlementRows {
  id: string[]; identityId: string[]; identityIsNew: boolean[]; resource: string[]; permission: string[]; privilege: string[]; sensitivity: string[];
  via: string[]; viaName: (string | null)[]; condition: (string | null)[]; grantedAt: (string | null)[];
  expiresAt: (string | null)[]; lastUsedAt: (string | null)[]; status: string[];
}

const ENTITLEMENT_FIELDS = ["privilege", "sensitivity", "via", "viaName", "condition", "grantedAt", "expiresAt", "lastUsedAt", "status"];

export function upsertEntitlementsSql(r: EntitlementRows, jobId: string, now: Date, refreshBefore: Date): Prisma.Sql {
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${r.id}::text[], ${r.identityId}::text[], ${r.identityIsNew}::boolean[], ${r.resource}::text[], ${r.permission}::text[],
        ${r.privilege}::text[], ${r.sensitivity}::text[], ${r.via}::text[], ${r.viaName}::text[], ${r.condition}::text[], ${r.grantedAt}::text[],
        ${r.expiresAt}::text[], ${r.lastUsedAt}::text[], ${r.status}::text[])
      AS t(id, "identityId", "identityIsNew", resource, permission, privilege, sensitivity, via, "viaName", condition, "grantedAt", "expiresAt",
        "lastUsedAt", status)
    ),
    d AS MATERIALIZED (
      SELECT t.id AS "newId", t."identityId", t."identityIsNew", t.resource, t.permission, p.id AS "prevId", p."lastSeenAt" AS "prevSeen",
        p.privilege AS "p_privilege", p.sensitivity AS "p_sensitivity", p.via AS "p_via", p."viaName" AS "p_viaName", p.condition AS "p_condition",
        p."grantedAt" AS "p_grantedAt", p."expiresAt" AS "p_expiresAt", p."lastUsedAt" AS "p_lastUsedAt", p.status AS "p_status",
        t.privilege::"Privilege" AS privilege, t.sensitivity::"Sensitivity" AS sensitivity, t.via::"GrantVia" AS via, t."viaName",
        t.condition::jsonb AS condition, COALESCE(t."grantedAt"::timestamp(3), p."grantedAt") AS "grantedAt",
        t."expiresAt"::timestamp(3) AS "expiresAt", GREATEST(t."lastUsedAt"::timestamp(3), p."lastUsedAt") AS "lastUsedAt",
        t.status::"EntitlementStatus" AS status
      FROM input t
      LEFT JOIN LATERAL (
        SELECT * FROM "Entitlement" e
        WHERE NOT t."identityIsNew" AND e."identityId" = t."identityId" AND e.resource = t.resource AND e.permission = t.permission LIMIT 1
      ) p ON true
    ),
    c AS MATERIALIZED (
      SELECT d.*, (d."prevId" IS NOT NULL AND ${tuple(ENTITLEMENT_FIELDS)} IS DISTINCT FROM ${tuple(ENTITLEMENT_FIELDS, "p_")}) AS changed FROM d
    ),
    up AS (
      INSERT INTO "Entitlement" AS e (id, "identityId", resource, permission, privilege, sensitivity, via, "viaName", condition,
        "grantedAt", "expiresAt", "lastUsedAt", status, "firstSeenAt", "lastSeenAt")
      SELECT c."newId", c."identityId", c.resource, c.permission, c.privilege, c.sensitivity, c.via, c."viaName",
        c.condition, c."grantedAt", c."expiresAt", c."lastUsedAt", c.status, ${now}, ${now}
      FROM c WHERE c."prevId" IS NULL OR c.changed OR c."prevSeen" < ${refreshBefore}
      ON CONFLICT ("identityId", resource, permission) DO UPDATE SET
        privilege = EXCLUDED.privilege, sensitivity = EXCLUDED.sensitivity, via = EXCLUDED.via, "viaName" = EXCLUDED."viaName",
        condition = EXCLUDED.condition, "grantedAt" = EXCLUDED."grantedAt", "expiresAt" = EXCLUDED."expiresAt",
        "lastUsedAt" = EXCLUDED."lastUsedAt", status = EXCLUDED.status, "lastSeenAt" = EXCLUDED."lastSeenAt"
      RETURNING e.id, e."identityId", e.resource, e.permission, (e.xmax = 0) AS inserted
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, "entityKey", change, fields, at)
      SELECT ${jobId}, c."identityId", 'ENTITLEMENT', c.resource || ' · ' || c.permission,
        (CASE WHEN c."prevId" IS NULL THEN 'CREATED' ELSE 'UPDATED' END)::"ImportChangeKind",
        CASE WHEN c."prevId" IS NULL THEN NULL ELSE ${diffJson(ENTITLEMENT_FIELDS, "c", "c")} END,
        ${now}
      FROM up JOIN c ON c."identityId" = up."identityId" AND c.resource = up.resource AND c.permission = up.permission
      WHERE (c."prevId" IS NULL AND NOT c."identityIsNew") OR c.changed
    )
    SELECT COALESCE(up.id, c."prevId") AS id, c."identityId", COALESCE(up.inserted, false) AS inserted, up.id IS NOT NULL AS touched, c.changed
    FROM c LEFT JOIN up ON up."identityId" = c."identityId" AND up.resource = c.resource AND up.permission = c.permission`;
}

export function upsertEntitlements(tx: Tx, r: EntitlementRows, jobId: string, now: Date, refreshBefore: Date): Promise<ChildRow[]> {
  return tx.$queryRaw<ChildRow[]>(upsertEntitlementsSql(r, jobId, now, refreshBefore));
}

// ---------------------------------------------------------------------------------------------------------------
// Revocations and deletions (recorded as changes)

/** Credentials of complete identities that the file no longer lists: REVOKED. Returns the identities touched. */
export async function revokeMissingCredentials(tx: Tx, jobId: string, now: Date, identityIds: string[], seenIds: string[]): Promise<string[]> {
  if (!identityIds.length) return [];
  const rows = await tx.$queryRaw<{ identityId: string }[]>(Prisma.sql`
    WITH old AS (
      -- OFFSET 0 keeps the lookup per identity (an index probe each), never a scan of the whole table.
      SELECT c.id, c.status FROM unnest(${identityIds}::text[]) AS x(id)
      JOIN LATERAL (SELECT id, status FROM "Credential" WHERE "identityId" = x.id AND status <> 'REVOKED' OFFSET 0) c ON true
      WHERE c.id NOT IN (SELECT unnest(${seenIds}::text[]))
    ),
    r AS (
      UPDATE "Credential" x SET status = 'REVOKED' FROM old WHERE x.id = old.id
      RETURNING x."identityId", x."externalId", old.status AS before
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, "entityKey", change, fields, at)
      SELECT ${jobId}, r."identityId", 'CREDENTIAL', r."externalId", 'REVOKED', jsonb_build_object('status', jsonb_build_array(r.before, 'REVOKED')), ${now}
      FROM r
    )
    SELECT "identityId" FROM r`);
  return rows.map((r) => r.identityId);
}

/**
 * Entitlements of complete identities that the file no longer lists: REVOKED. `scoped` pairs limit it to grants on
 * the resources the file covers (one exported GCP policy says nothing of grants on other resources).
 */
export async function revokeMissingEntitlements(
  tx: Tx, jobId: string, now: Date, wholeIds: string[], scoped: { identityId: string[]; resource: string[] }, seenIds: string[],
): Promise<string[]> {
  if (!wholeIds.length && !scoped.identityId.length) return [];
  const rows = await tx.$queryRaw<{ identityId: string }[]>(Prisma.sql`
    WITH old AS (
      -- OFFSET 0 keeps the lookups per identity (index probes), never a scan of the whole table.
      SELECT e.id, e.status FROM unnest(${wholeIds}::text[]) AS x(id)
      JOIN LATERAL (SELECT id, status FROM "Entitlement" WHERE "identityId" = x.id AND status <> 'REVOKED' OFFSET 0) e ON true
      WHERE e.id NOT IN (SELECT unnest(${seenIds}::text[]))
      UNION
      SELECT e.id, e.status FROM unnest(${scoped.identityId}::text[], ${scoped.resource}::text[]) AS s("identityId", resource)
      JOIN LATERAL (
        SELECT id, status FROM "Entitlement" WHERE "identityId" = s."identityId" AND resource = s.resource AND status <> 'REVOKED' OFFSET 0
      ) e ON true
      WHERE e.id NOT IN (SELECT unnest(${seenIds}::text[]))
    ),
    r AS (
      UPDATE "Entitlement" e SET status = 'REVOKED' FROM old WHERE e.id = old.id
      RETURNING e."identityId", e.resource, e.permission, old.status AS before
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, "entityKey", change, fields, at)
      SELECT ${jobId}, r."identityId", 'ENTITLEMENT', r.resource || ' · ' || r.permission, 'REVOKED',
        jsonb_build_object('status', jsonb_build_array(r.before, 'REVOKED')), ${now}
      FROM r
    )
    SELECT "identityId" FROM r`);
  return rows.map((r) => r.identityId);
}

/**
 * The identities a file listed, staged in a temporary table of the import's transaction (dropped at its end) rather
 * than in memory: counting each identity once and finding those a full export no longer lists (markDeletedAtSource)
 * read it, whatever the size of the file.
 */
export const SEEN_TABLE = "steward_import_seen";

export async function createSeenTable(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE IF NOT EXISTS ${SEEN_TABLE} (id text PRIMARY KEY) ON COMMIT DROP`);
  // A preview rolled back keeps nothing; a table left by an earlier statement of this transaction is emptied.
  await tx.$executeRawUnsafe(`TRUNCATE ${SEEN_TABLE}`);
}

/** Stages a batch's identity ids; returns those not staged before (first met in this file). */
export async function markSeen(tx: Tx, ids: string[]): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO pg_temp.${Prisma.raw(SEEN_TABLE)} (id) SELECT unnest(${ids}::text[])
    ON CONFLICT (id) DO NOTHING RETURNING id`);
  return new Set(rows.map((r) => r.id));
}

/** Identities of a full export's scope that it no longer lists: DELETED_AT_SOURCE (never deleted). */
export async function markDeletedAtSource(tx: Tx, jobId: string, now: Date, where: Prisma.Sql): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH old AS (SELECT id, status FROM "Identity" WHERE ${where}),
    r AS (
      UPDATE "Identity" i SET status = 'DELETED_AT_SOURCE', "updatedAt" = ${now} FROM old WHERE i.id = old.id
      RETURNING i.id, old.status AS before
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, change, fields, at)
      SELECT ${jobId}, r.id, 'IDENTITY', 'DELETED_AT_SOURCE', jsonb_build_object('status', jsonb_build_array(r.before, 'DELETED_AT_SOURCE')), ${now}
      FROM r
    )
    SELECT count(*)::int AS n FROM r`);
  return rows[0]?.n ?? 0;
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

// ---------------------------------------------------------------------------------------------------------------
// Owners: stated owners (Steward's template) and owner suggestions (every other hint).

export const USERS_TABLE = "steward_import_users";

/**
 * The users by lower-cased e-mail, copied once per import into an indexed temporary table: owner hints match e-mails
 * case-insensitively, and lower(User.email) has no index (Prisma cannot declare an expression index), so each batch's
 * lookups read the whole User table (15 of 42 s of a 100,000-row import against 25,000 users).
 */
export async function createUsersTable(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE ${USERS_TABLE} ON COMMIT DROP AS SELECT lower(email) AS email, id, "teamId", active FROM "User"`);
  await tx.$executeRawUnsafe(`CREATE INDEX ON ${USERS_TABLE} (email)`);
  await tx.$executeRawUnsafe(`ANALYZE ${USERS_TABLE}`);
}

export interface StatedOwners { id: string[]; email: string[] }

/**
 * Steward's template states owners outright: an active user so named becomes the owner of an NHI that has none
 * (recorded as a change of this import). An NHI that already has another owner keeps it; the stated owner becomes
 * a suggestion instead. Returns how many owners were set.
 */
export async function applyStatedOwners(tx: Tx, jobId: string, now: Date, rows: StatedOwners): Promise<{ assigned: number; suggested: number }> {
  if (!rows.id.length) return { assigned: 0, suggested: 0 };
  const out = await tx.$queryRaw<{ assigned: number; suggested: number }[]>(Prisma.sql`
    WITH h AS (SELECT * FROM unnest(${rows.id}::text[], ${rows.email}::text[]) AS h(id, email)),
    m AS (
      SELECT DISTINCT ON (h.id) h.id, h.email, u.id AS "userId", u."teamId", i."ownerId" AS "currentOwner"
      FROM h JOIN ${Prisma.raw(USERS_TABLE)} u ON u.email = lower(h.email) AND u.active
      JOIN "Identity" i ON i.id = h.id
      ORDER BY h.id
    ),
    a AS (
      UPDATE "Identity" i SET "ownerId" = m."userId", "teamId" = COALESCE(i."teamId", m."teamId")
      FROM m WHERE i.id = m.id AND m."currentOwner" IS NULL AND i."ownerId" IS NULL
      RETURNING i.id, m."userId"
    ),
    ch AS (
      INSERT INTO "ImportChange" ("jobId", "identityId", entity, change, fields, at)
      SELECT ${jobId}, a.id, 'IDENTITY', 'UPDATED', jsonb_build_object('ownerId', jsonb_build_array(NULL, a."userId")), ${now} FROM a
    ),
    s AS (
      INSERT INTO "OwnerSuggestion" (id, "identityId", "userId", origin, hint, "jobId", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, m.id, m."userId", 'template owner_email', m.email, ${jobId}, ${now}, ${now}
      FROM m WHERE m."currentOwner" IS NOT NULL AND m."currentOwner" <> m."userId"
      ON CONFLICT ("identityId", "userId") DO NOTHING
      RETURNING id
    )
    SELECT (SELECT count(*) FROM a)::int AS assigned, (SELECT count(*) FROM s)::int AS suggested`);
  return out[0] ?? { assigned: 0, suggested: 0 };
}

export interface OwnerHintRows { id: string[]; email: string[]; origin: string[]; ord: number[] }

/**
 * Owner hints that name an active Steward user become PENDING suggestions (never owners): one per NHI and user,
 * not when that user already owns the NHI. A dismissed or accepted suggestion is not raised again. Returns how many
 * new suggestions were made.
 */
export async function suggestOwners(tx: Tx, jobId: string, now: Date, rows: OwnerHintRows): Promise<number> {
  if (!rows.id.length) return 0;
  const out = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH h AS (SELECT * FROM unnest(${rows.id}::text[], ${rows.email}::text[], ${rows.origin}::text[], ${rows.ord}::int[]) AS h(id, email, origin, ord)),
    m AS (
      SELECT DISTINCT ON (h.id, u.id) h.id, u.id AS "userId", h.email, h.origin
      FROM h JOIN ${Prisma.raw(USERS_TABLE)} u ON u.email = lower(h.email) AND u.active
      ORDER BY h.id, u.id, h.ord
    ),
    s AS (
      INSERT INTO "OwnerSuggestion" (id, "identityId", "userId", origin, hint, "jobId", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, m.id, m."userId", m.origin, m.email, ${jobId}, ${now}, ${now}
      FROM m JOIN "Identity" i ON i.id = m.id
      WHERE i."ownerId" IS DISTINCT FROM m."userId"
      ON CONFLICT ("identityId", "userId") DO NOTHING
      RETURNING id
    )
    SELECT count(*)::int AS n FROM s`);
  return out[0]?.n ?? 0;
}

/** AI agents: the human the agent acts for, by e-mail. */
export async function matchOnBehalfOf(tx: Tx, rows: { id: string[]; email: string[] }): Promise<number> {
  if (!rows.id.length) return 0;
  return tx.$executeRaw(Prisma.sql`
    UPDATE "Identity" i SET "onBehalfOfUserId" = u.id
    FROM unnest(${rows.id}::text[], ${rows.email}::text[]) AS h(id, email) JOIN ${Prisma.raw(USERS_TABLE)} u ON u.email = lower(h.email)
    WHERE i.id = h.id AND i."onBehalfOfUserId" IS DISTINCT FROM u.id`);
}
