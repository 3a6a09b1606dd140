// Set-based SQL of campaigns: who reviews what (routing, with the self-review rule) and what they are shown
// (the snapshot, with its suggestions). Launch runs both in one INSERT..SELECT; the preview aggregates the routing.
import { Prisma } from "../db";
import { ROLE_PERMISSIONS } from "../auth/permissions";
import { ROTATION_POLICY_CTES, ageDays, cutoff, ts, unusedGrant } from "../rules/sql";
import { SNAPSHOT_VERSION } from "./snapshot";

/** Roles that may decide reviews: only they can be a reviewer. */
export const REVIEWER_ROLES = Object.entries(ROLE_PERMISSIONS)
  .filter(([, permissions]) => permissions.includes("review:decide"))
  .map(([role]) => role);

const raw = (alias: string) => Prisma.raw(alias);

/** A user row (alias) that can review: active, with a role that may decide. NULL-safe (no row = false). */
function eligible(u: string): Prisma.Sql {
  return Prisma.sql`coalesce(${raw(u)}."active" AND ${raw(u)}."role"::text = ANY(${REVIEWER_ROLES}::text[]), false)`;
}

/**
 * THE self-review rule. Nobody certifies their own authority: a user may not review the ACCESS part of an NHI that
 * acts on their behalf (its machine access executes their authority), nor the DELEGATION part of an agent they own
 * (when the owner is also the human it acts for, that is a delegation to themselves). Such items go to the fallback
 * reviewer, reassignment refuses them, and a decision is refused if the NHI changed since launch so that it applies.
 * `user`: the candidate's id; `x`: an alias with "part", "ownerId" and "onBehalfOfUserId".
 */
export function selfReview(user: Prisma.Sql, x: string): Prisma.Sql {
  return Prisma.sql`coalesce(CASE WHEN ${raw(x)}."part" = 'ACCESS' THEN ${user} = ${raw(x)}."onBehalfOfUserId"
    ELSE ${user} = ${raw(x)}."ownerId" END, false)`;
}

/**
 * CTE `routed` ("identityId", "part", "teamId", "reviewerId", "routedBy"): one row per review item the NHIs in
 * `ids` produce. Platform-managed NHIs (the cloud provider's own) and NHIs deleted at their source are not reviewed.
 * ACCESS part: the owner; an orphan goes to the fallback reviewer; an inactive (or non-reviewing) owner's NHI to its
 * backup owner, else the campaign's backup reviewer, else the fallback. DELEGATION part (an NHI acting for a human):
 * that human, else the fallback. The self-review rule applies at every step; a fallback that cannot take the item
 * leaves it UNASSIGNED for an admin to reassign.
 */
export function routedCte(opts: { ids: string[]; fallbackReviewerId: string | null; backupReviewerId: string | null }): Prisma.Sql {
  const blocked = (user: string) => selfReview(Prisma.sql`${raw(user)}."id"`, "x");
  return Prisma.sql`scope AS (
      SELECT unnest(${opts.ids}::text[]) AS id
    ), parts AS (
      SELECT i."id" AS "identityId", p.part, i."teamId", i."ownerId", i."backupOwnerId", i."onBehalfOfUserId"
      FROM scope s
      JOIN "Identity" i ON i."id" = s.id
      CROSS JOIN (VALUES ('ACCESS'::"ReviewPart"), ('DELEGATION'::"ReviewPart")) p(part)
      WHERE NOT i."platformManaged" AND i."status" <> 'DELETED_AT_SOURCE'
        AND (p.part = 'ACCESS' OR i."onBehalfOfUserId" IS NOT NULL)
    ), chosen AS (
      SELECT x.*, CASE
          WHEN x.part = 'DELEGATION' THEN CASE
            WHEN ${blocked("h")} THEN 'FALLBACK_SELF_REVIEW'
            WHEN ${eligible("h")} THEN 'ON_BEHALF_OF'
            ELSE 'FALLBACK_INACTIVE' END
          WHEN x."ownerId" IS NULL THEN 'FALLBACK_ORPHAN'
          WHEN ${blocked("o")} THEN 'FALLBACK_SELF_REVIEW'
          WHEN ${eligible("o")} THEN 'OWNER'
          WHEN ${eligible("b")} AND NOT ${blocked("b")} THEN 'BACKUP_OWNER'
          WHEN ${eligible("r")} AND NOT ${blocked("r")} THEN 'BACKUP_REVIEWER'
          ELSE 'FALLBACK_INACTIVE'
        END::"ReviewRouting" AS route,
        CASE WHEN ${eligible("f")} AND NOT ${blocked("f")} THEN f."id" END AS fallback
      FROM parts x
      LEFT JOIN "User" o ON o."id" = x."ownerId"
      LEFT JOIN "User" b ON b."id" = x."backupOwnerId"
      LEFT JOIN "User" h ON h."id" = x."onBehalfOfUserId"
      LEFT JOIN "User" r ON r."id" = ${opts.backupReviewerId}
      LEFT JOIN "User" f ON f."id" = ${opts.fallbackReviewerId}
    ), routed AS (
      SELECT c."identityId", c.part, c."teamId",
        CASE c.route WHEN 'OWNER' THEN c."ownerId" WHEN 'BACKUP_OWNER' THEN c."backupOwnerId"
          WHEN 'BACKUP_REVIEWER' THEN ${opts.backupReviewerId} WHEN 'ON_BEHALF_OF' THEN c."onBehalfOfUserId"
          ELSE c.fallback END AS "reviewerId",
        CASE WHEN c.route::text LIKE 'FALLBACK%' AND c.fallback IS NULL THEN 'UNASSIGNED'::"ReviewRouting" ELSE c.route END AS "routedBy"
      FROM chosen c
    )`;
}

/** An ISO-8601 UTC string ("2026-11-23T15:37:02.123Z") of a timestamp(3) column, or JSON null. */
function iso(expr: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** "today", "yesterday", "12 days ago" for a past timestamp. */
function ago(expr: Prisma.Sql, now: Date): Prisma.Sql {
  const d = ageDays(expr, now);
  return Prisma.sql`(CASE ${d} WHEN 0 THEN 'today' WHEN 1 THEN 'yesterday' ELSE ${d}::text || ' days ago' END)`;
}

function person(u: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${raw(u)}."id" IS NULL THEN NULL ELSE json_build_object('id', ${raw(u)}."id", 'name', ${raw(u)}."name",
    'email', ${raw(u)}."email", 'active', ${raw(u)}."active") END`;
}

/** A CASE over (condition, decision, reason) rows, as two columns' worth of expressions: the decision and its reason. */
function suggest(rules: [Prisma.Sql | null, string, Prisma.Sql][]): { decision: Prisma.Sql; reason: Prisma.Sql } {
  const arm = (pick: (r: [Prisma.Sql | null, string, Prisma.Sql]) => Prisma.Sql) =>
    Prisma.sql`CASE ${Prisma.join(
      rules.map((r) => (r[0] ? Prisma.sql`WHEN ${r[0]} THEN ${pick(r)}` : Prisma.sql`ELSE ${pick(r)}`)),
      " ",
    )} END`;
  return { decision: arm((r) => Prisma.sql`${r[1]}::text`), reason: arm((r) => r[2]) };
}

export interface SnapshotParams {
  now: Date;
  unusedWindowDays: number;
  defaultMaxAgeDays: number;
}

/**
 * CTEs (after `routed`) ending in `snap` ("id", "snapshot"): what the reviewer of each NHI is shown, as one json
 * document per NHI, aggregated in SQL (json_agg over grants and credentials, never a query per row). The shape is
 * lib/campaigns/snapshot.ts. Suggestions and their reasons are part of what was shown, so they are frozen here too,
 * and every later use (the inbox, "keep used, revoke unused", the no-response outcome, the demo seed) reads them
 * from the snapshot: grants unused for the window -> REVOKE, else KEEP; credentials expired or unused -> REVOKE,
 * older than their rotation policy -> ROTATE, else KEEP; the NHI: no owner or a departed owner -> REASSIGN, unused
 * -> DECOMMISSION, else CONFIRM. Break-glass NHIs are unused by design: no usage-based suggestion, an attestation.
 */
export function snapshotCtes(p: SnapshotParams): Prisma.Sql {
  const since = cutoff(p.now, p.unusedWindowDays);
  const window = Prisma.sql`${p.unusedWindowDays}::int`;
  const credSince = Prisma.sql`coalesce(c."lastRotatedAt", c."createdAt")`;
  const now = ts(p.now);
  const notUsedFor = (col: Prisma.Sql) => Prisma.sql`'Not used in ' || ${window} || '+ days (last ' || ${ago(col, p.now)} || ')'`;
  const ent = suggest([
    [Prisma.sql`i."breakGlass"`, "KEEP", Prisma.sql`'Break-glass: unused by design; keep if tested and still needed'`],
    [Prisma.sql`u.unused AND e."lastUsedAt" IS NULL`, "REVOKE", Prisma.sql`'Never used'`],
    [Prisma.sql`u.unused`, "REVOKE", notUsedFor(Prisma.sql`e."lastUsedAt"`)],
    [Prisma.sql`e."lastUsedAt" IS NULL`, "KEEP", Prisma.sql`'Granted ' || ${ago(Prisma.sql`e."grantedAt"`, p.now)} || ', not used yet'`],
    [null, "KEEP", Prisma.sql`'Used ' || ${ago(Prisma.sql`e."lastUsedAt"`, p.now)}`],
  ]);
  const cred = suggest([
    [Prisma.sql`k.expired`, "REVOKE", Prisma.sql`'Expired' || coalesce(' on ' || to_char(c."expiresAt", 'FMDD Mon YYYY'), '')`],
    [Prisma.sql`k.unused AND c."lastUsedAt" IS NULL`, "REVOKE", Prisma.sql`'Never used'`],
    [Prisma.sql`k.unused`, "REVOKE", notUsedFor(Prisma.sql`c."lastUsedAt"`)],
    [Prisma.sql`k."overAge"`, "ROTATE", Prisma.sql`k.age || ' days old; the rotation policy allows ' || k."maxAgeDays"`],
    [Prisma.sql`c."ephemeral"`, "KEEP", Prisma.sql`'Short-lived, issued just in time'`],
    [null, "KEEP", Prisma.sql`k.age || ' days old, within the ' || k."maxAgeDays" || '-day rotation policy'`],
  ]);
  const nhi = suggest([
    [Prisma.sql`i."breakGlass"`, "CONFIRM", Prisma.sql`'Break-glass: attest that it was tested and is still needed'`],
    [Prisma.sql`i."ownerId" IS NULL`, "REASSIGN", Prisma.sql`'No owner: name the person accountable for it'`],
    [Prisma.sql`NOT o."active"`, "REASSIGN", Prisma.sql`o."name" || ' has left: hand it to a current owner'`],
    [Prisma.sql`i."lastUsedAt" IS NULL AND coalesce(i."createdAtSource", i."firstSeenAt") < ${since}`, "DECOMMISSION", Prisma.sql`'Never used'`],
    [Prisma.sql`i."lastUsedAt" < ${since}`, "DECOMMISSION", notUsedFor(Prisma.sql`i."lastUsedAt"`)],
    [null, "CONFIRM", Prisma.sql`'In use' || coalesce(' (last used ' || ${ago(Prisma.sql`i."lastUsedAt"`, p.now)} || ')', '')`],
  ]);
  const delegation = suggest([
    [Prisma.sql`NOT h."active"`, "REVOKE", Prisma.sql`h."name" || ' has left; the agent still acts with their authority'`],
    [Prisma.sql`coalesce(i."lastUsedAt", '-infinity'::timestamp) < ${since}`, "REVOKE", Prisma.sql`'The agent has not been used in ' || ${window} || '+ days'`],
    [null, "KEEP", Prisma.sql`'The agent is in use'`],
  ]);
  return Prisma.sql`ids AS (
      SELECT DISTINCT "identityId" AS id FROM routed
    ), ${ROTATION_POLICY_CTES}, ent AS (
      SELECT e."identityId", json_agg(json_build_object(
          'id', e."id", 'resource', e."resource", 'permission', e."permission", 'privilege', e."privilege",
          'sensitivity', e."sensitivity", 'via', e."via", 'viaName', e."viaName", 'grantedAt', ${iso(Prisma.sql`e."grantedAt"`)},
          'expiresAt', ${iso(Prisma.sql`e."expiresAt"`)}, 'lastUsedAt', ${iso(Prisma.sql`e."lastUsedAt"`)}, 'unused', u.unused,
          'suggested', ${ent.decision}, 'reason', ${ent.reason})) AS list
      FROM ids
      JOIN "Identity" i ON i."id" = ids.id
      JOIN "Entitlement" e ON e."identityId" = ids.id
      CROSS JOIN LATERAL (SELECT ${unusedGrant(since)} AS unused) u
      WHERE e."status" = 'ACTIVE'
      GROUP BY e."identityId"
    ), cred AS (
      SELECT c."identityId", json_agg(json_build_object(
          'id', c."id", 'type', c."type", 'name', c."name", 'externalId', c."externalId", 'status', c."status",
          'createdAt', ${iso(Prisma.sql`c."createdAt"`)}, 'lastRotatedAt', ${iso(Prisma.sql`c."lastRotatedAt"`)},
          'lastUsedAt', ${iso(Prisma.sql`c."lastUsedAt"`)}, 'expiresAt', ${iso(Prisma.sql`c."expiresAt"`)}, 'storage', c."storage",
          'ephemeral', c."ephemeral", 'ageDays', k.age, 'maxAgeDays', k."maxAgeDays", 'overAge', k."overAge",
          'expired', k.expired, 'unused', k.unused, 'suggested', ${cred.decision}, 'reason', ${cred.reason})) AS list
      FROM ids
      JOIN "Identity" i ON i."id" = ids.id
      JOIN "Credential" c ON c."identityId" = ids.id
      LEFT JOIN policy pol ON pol.kind = i."kind" AND pol.env = i."environment" AND pol.crit = i."criticality"
      CROSS JOIN LATERAL (
        SELECT a.age, m."maxAgeDays", (NOT c."ephemeral" AND a.age > m."maxAgeDays") AS "overAge",
          (c."status" = 'EXPIRED' OR coalesce(c."expiresAt" < ${now}, false)) AS expired,
          (NOT c."ephemeral" AND NOT i."breakGlass" AND coalesce(c."lastUsedAt", ${credSince}) < ${since}) AS unused
        FROM (SELECT ${ageDays(credSince, p.now)} AS age) a, (SELECT coalesce(pol."maxAgeDays", ${p.defaultMaxAgeDays}::int) AS "maxAgeDays") m
      ) k
      WHERE c."status" <> 'REVOKED'
      GROUP BY c."identityId"
    ), snap AS (
      SELECT i."id", json_build_object(
        'v', ${SNAPSHOT_VERSION}::int, 'takenAt', ${iso(now)}, 'unusedWindowDays', ${window},
        'identity', json_build_object(
          'id', i."id", 'name', i."name", 'externalId', i."externalId", 'kind', i."kind", 'status', i."status",
          'environment', i."environment", 'criticality', i."criticality", 'riskScore', i."riskScore", 'riskReasons', i."riskReasons",
          'isPrivileged', (i."isPrivileged" OR i."canChangeInfra" OR i."canReadSensitive" OR i."canTriggerDeploy"),
          'breakGlass', i."breakGlass", 'breakGlassTestedAt', ${iso(Prisma.sql`i."breakGlassTestedAt"`)}, 'shared', i."shared",
          'purpose', i."purpose", 'purposeConfirmedAt', ${iso(Prisma.sql`i."purposeConfirmedAt"`)},
          'lastUsedAt', ${iso(Prisma.sql`i."lastUsedAt"`)}, 'createdAtSource', ${iso(Prisma.sql`i."createdAtSource"`)},
          'source', json_build_object('key', s."key", 'platform', s."platform", 'name', s."name"),
          'team', CASE WHEN t."id" IS NULL THEN NULL ELSE json_build_object('id', t."id", 'name', t."name") END,
          'owner', ${person("o")}, 'backupOwner', ${person("b")}, 'onBehalfOf', ${person("h")},
          'delegatedScopes', to_json(i."delegatedScopes"),
          'suggested', ${nhi.decision}, 'reason', ${nhi.reason},
          'delegationSuggested', CASE WHEN h."id" IS NULL THEN NULL ELSE ${delegation.decision} END,
          'delegationReason', CASE WHEN h."id" IS NULL THEN NULL ELSE ${delegation.reason} END),
        'entitlements', coalesce(ent.list, '[]'::json),
        'credentials', coalesce(cred.list, '[]'::json)) AS snapshot
      FROM ids
      JOIN "Identity" i ON i."id" = ids.id
      JOIN "Source" s ON s."id" = i."sourceId"
      LEFT JOIN "Team" t ON t."id" = i."teamId"
      LEFT JOIN "User" o ON o."id" = i."ownerId"
      LEFT JOIN "User" b ON b."id" = i."backupOwnerId"
      LEFT JOIN "User" h ON h."id" = i."onBehalfOfUserId"
      LEFT JOIN ent ON ent."identityId" = i."id"
      LEFT JOIN cred ON cred."identityId" = i."id"
    )`;
}
