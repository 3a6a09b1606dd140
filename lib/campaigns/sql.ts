// Set-based SQL of campaigns: who reviews what (routing, with the self-review rule) and what they are shown
// (the snapshot, with its suggestions). Launch runs both in one INSERT..SELECT; the preview aggregates the routing.
import { Prisma } from "../db";
import { ROLE_PERMISSIONS } from "../auth/permissions";
import { ageDays, cutoff, ts, unusedGrant } from "../rules/sql";
import { rotationPolicyCtes } from "../rules/rotation";

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
export function routedCte(opts: { ids: string[] | Prisma.Sql; identities?: string; fallbackReviewerId: string | null; backupReviewerId: string | null }): Prisma.Sql {
  const blocked = (user: string) => selfReview(Prisma.sql`${raw(user)}."id"`, "x");
  // `ids`: the NHIs, or a SELECT of their "id"; `identities`: a table holding their Identity rows (launch-items.ts),
  // which the planner has statistics for, instead of "Identity".
  const scope = Array.isArray(opts.ids) ? Prisma.sql`SELECT unnest(${opts.ids}::text[]) AS id` : opts.ids;
  return Prisma.sql`scope AS (
      ${scope}
    ), parts AS (
      SELECT i."id" AS "identityId", p.part, i."teamId", i."ownerId", i."backupOwnerId", i."onBehalfOfUserId"
      FROM scope s
      JOIN ${raw(opts.identities ?? '"Identity"')} i ON i."id" = s.id
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

/** A CASE over (condition, code) arms: the suggested decision or its reason code. */
function cases(arms: [Prisma.Sql | null, string][]): Prisma.Sql {
  return Prisma.sql`CASE ${Prisma.join(arms.map(([when, v]) => (when ? Prisma.sql`WHEN ${when} THEN ${v}::text` : Prisma.sql`ELSE ${v}::text`)), " ")} END`;
}

/** One suggestion rule as (condition, decision, reason code) rows, first match wins; null condition = otherwise. */
function suggestion(rules: [Prisma.Sql | null, string, string][]) {
  return { decision: cases(rules.map(([w, d]) => [w, d])), why: cases(rules.map(([w, , y]) => [w, y])) };
}

export interface SnapshotParams {
  now: Date;
  unusedWindowDays: number;
  defaultMaxAgeDays: number;
}

/**
 * CTEs (after `routed`) ending in `snap` ("id", identity, entitlements, credentials): what the reviewer of each NHI
 * is shown, as typed composite values (snapshot_identity, snapshot_entitlement[], snapshot_credential[]; see the
 * campaigns migration) aggregated in SQL, never a query per row. lib/campaigns/snapshot.ts reads them as JSON.
 * `scope`: a SELECT of the NHIs' "id" and a table of their Identity rows (by default the NHIs `routed` names).
 *
 * The suggestions are part of what was shown, so they are frozen here, as a decision and a reason code (the words
 * are in snapshot.ts), and every later use reads them from the snapshot (the inbox, "keep used, revoke unused", the
 * no-response outcome, the demo seed): grants unused for the window -> REVOKE, else KEEP; credentials expired or
 * unused -> REVOKE, older than their rotation policy -> ROTATE, else KEEP; the NHI: no owner or a departed owner ->
 * REASSIGN, unused -> DECOMMISSION, else CONFIRM. Break-glass NHIs are unused by design: an attestation instead.
 */
export function snapshotCtes(p: SnapshotParams, scope: { ids?: Prisma.Sql; identities?: string } = {}): Prisma.Sql {
  const ids = scope.ids ?? Prisma.sql`SELECT DISTINCT "identityId" AS id FROM routed`;
  // The NHIs' Identity rows: read once into a CTE, or a table of them the caller made (with statistics, so that the
  // joins below hash the scope's side, not 3 million grants: a CTE has none).
  const nhis = raw(scope.identities ?? "nhi");
  const nhiCte = scope.identities
    ? Prisma.empty
    : Prisma.sql`nhi AS MATERIALIZED (SELECT i.* FROM "Identity" i WHERE i."id" IN (SELECT id FROM ids)), `;
  const since = cutoff(p.now, p.unusedWindowDays);
  const credSince = Prisma.sql`coalesce(c."lastRotatedAt", c."createdAt")`;
  const now = ts(p.now);
  const ent = suggestion([
    [Prisma.sql`i."breakGlass"`, "KEEP", "BREAK_GLASS"],
    [Prisma.sql`u.unused AND e."lastUsedAt" IS NULL`, "REVOKE", "NEVER_USED"],
    [Prisma.sql`u.unused`, "REVOKE", "UNUSED"],
    [Prisma.sql`e."lastUsedAt" IS NULL`, "KEEP", "NOT_YET_USED"],
    [null, "KEEP", "USED"],
  ]);
  const cred = suggestion([
    [Prisma.sql`k.expired`, "REVOKE", "EXPIRED"],
    [Prisma.sql`k.unused AND c."lastUsedAt" IS NULL`, "REVOKE", "NEVER_USED"],
    [Prisma.sql`k.unused`, "REVOKE", "UNUSED"],
    [Prisma.sql`k."overAge"`, "ROTATE", "OVER_AGE"],
    [Prisma.sql`c."ephemeral"`, "KEEP", "EPHEMERAL"],
    [null, "KEEP", "WITHIN_POLICY"],
  ]);
  const nhi = suggestion([
    [Prisma.sql`i."breakGlass"`, "CONFIRM", "BREAK_GLASS"],
    [Prisma.sql`i."ownerId" IS NULL`, "REASSIGN", "NO_OWNER"],
    [Prisma.sql`NOT o."active"`, "REASSIGN", "OWNER_LEFT"],
    [Prisma.sql`i."lastUsedAt" IS NULL AND coalesce(i."createdAtSource", i."firstSeenAt") < ${since}`, "DECOMMISSION", "NEVER_USED"],
    [Prisma.sql`i."lastUsedAt" < ${since}`, "DECOMMISSION", "UNUSED"],
    [null, "CONFIRM", "IN_USE"],
  ]);
  const delegation = suggestion([
    [Prisma.sql`h."id" IS NULL`, "", ""],
    [Prisma.sql`NOT h."active"`, "REVOKE", "HUMAN_LEFT"],
    [Prisma.sql`coalesce(i."lastUsedAt", '-infinity'::timestamp) < ${since}`, "REVOKE", "AGENT_UNUSED"],
    [null, "KEEP", "IN_USE"],
  ]);
  return Prisma.sql`ids AS (
      ${ids}
    ), ${nhiCte}${rotationPolicyCtes()}, ent AS (
      SELECT e."identityId", array_agg(ROW(e."id", e."resource", e."permission", e."privilege", e."sensitivity", e."via", e."viaName",
          e."grantedAt", e."expiresAt", e."lastUsedAt", u.unused, ${ent.decision}, ${ent.why})::snapshot_entitlement) AS list
      FROM ${nhis} i
      JOIN "Entitlement" e ON e."identityId" = i."id"
      CROSS JOIN LATERAL (SELECT ${unusedGrant(since)} AS unused) u
      WHERE e."status" = 'ACTIVE'
      GROUP BY e."identityId"
    ), cred AS (
      SELECT c."identityId", array_agg(ROW(c."id", c."type", c."name", c."externalId", c."status", c."createdAt", c."lastRotatedAt",
          c."lastUsedAt", c."expiresAt", c."storage", c."ephemeral", k.age, k."maxAgeDays", k."overAge", k.expired, k.unused,
          ${cred.decision}, ${cred.why})::snapshot_credential) AS list
      FROM ${nhis} i
      JOIN "Credential" c ON c."identityId" = i."id"
      LEFT JOIN policy pol ON pol.kind = i."kind" AND pol.env = i."environment" AND pol.crit = i."criticality"
      CROSS JOIN LATERAL (
        SELECT a.age, m."maxAgeDays", (NOT c."ephemeral" AND a.age > m."maxAgeDays") AS "overAge",
          (c."status" = 'EXPIRED' OR coalesce(c."expiresAt" < ${now}, false)) AS expired,
          (NOT c."ephemeral" AND NOT i."breakGlass" AND coalesce(c."lastUsedAt", ${credSince}) < ${since}) AS unused
        FROM (SELECT ${ageDays(credSince, p.now)} AS age) a, (SELECT coalesce(pol."maxAgeDays", ${p.defaultMaxAgeDays}::int) AS "maxAgeDays") m
      ) k
      WHERE c."status" <> 'REVOKED'
      GROUP BY c."identityId"
    ), exc AS (
      -- Live exceptions (issue 5.5): few NHIs have any, so this aggregates a handful of rows, not the estate.
      SELECT x."identityId", jsonb_agg(jsonb_build_object('id', x."id", 'status', x."status", 'scope', x."scope", 'ruleId', x."ruleId",
          'severity', x."severity", 'expiresAt', x."expiresAt", 'findings', (SELECT count(*) FROM "RiskExceptionFinding" xf WHERE xf."exceptionId" = x."id"))
          ORDER BY x."createdAt", x."id") AS list
      FROM ids JOIN "RiskException" x ON x."identityId" = ids.id
      WHERE x."status" = 'PROPOSED' OR (x."status" = 'APPROVED' AND x."expiresAt" > ${now})
      GROUP BY x."identityId"
    ), snap AS (
      SELECT i."id", ROW(${now}, ${p.unusedWindowDays}::int, i."id", i."name", i."externalId", i."kind", i."status", i."environment",
          i."criticality", i."riskScore", i."riskReasons",
          (i."isPrivileged" OR i."canChangeInfra" OR i."canReadSensitive" OR i."canTriggerDeploy"), i."breakGlass", i."breakGlassTestedAt",
          i."shared", i."purpose", i."purposeConfirmedAt", i."lastUsedAt", i."createdAtSource", s."key", s."platform", s."name", t."id", t."name",
          o."id", o."name", o."email", o."active", b."id", b."name", b."email", b."active", h."id", h."name", h."email", h."active",
          i."delegatedScopes", ${nhi.decision}, ${nhi.why}, nullif(${delegation.decision}, ''), nullif(${delegation.why}, ''))::snapshot_identity AS identity,
        coalesce(ent.list, '{}') AS entitlements, coalesce(cred.list, '{}') AS credentials, coalesce(exc.list, '[]'::jsonb) AS exceptions
      FROM ${nhis} i
      JOIN "Source" s ON s."id" = i."sourceId"
      LEFT JOIN "Team" t ON t."id" = i."teamId"
      LEFT JOIN "User" o ON o."id" = i."ownerId"
      LEFT JOIN "User" b ON b."id" = i."backupOwnerId"
      LEFT JOIN "User" h ON h."id" = i."onBehalfOfUserId"
      LEFT JOIN ent ON ent."identityId" = i."id"
      LEFT JOIN cred ON cred."identityId" = i."id"
      LEFT JOIN exc ON exc."identityId" = i."id"
    )`;
}

/** The snapshot columns of a ReviewItem (alias) as one JSON value, for lib/campaigns/snapshot.ts readSnapshot. */
export function snapshotJson(alias: string): Prisma.Sql {
  return Prisma.sql`json_build_object('identity', to_json(${raw(alias)}."identitySnapshot"),
    'entitlements', coalesce(to_json(${raw(alias)}."entitlementSnapshot"), '[]'::json),
    'credentials', coalesce(to_json(${raw(alias)}."credentialSnapshot"), '[]'::json),
    'exceptions', to_json(${raw(alias)}."exceptionSnapshot"))`;
}

/**
 * THE delegation rule (lib/campaigns/delegation.ts): `viewer` may act on an item assigned to `reviewer` (a column) in
 * `campaign` (a column) at `now` when it is theirs, or the reviewer delegated to them for that campaign (or all
 * campaigns) and the delegation is in its window and not revoked. Reads check the window: a delegation ends by itself.
 */
export function actsFor(viewerId: string, reviewer: Prisma.Sql, campaign: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`(${reviewer} = ${viewerId} OR EXISTS (SELECT 1 FROM "Delegation" dg
    WHERE dg."delegateId" = ${viewerId} AND dg."delegatorId" = ${reviewer} AND (dg."campaignId" IS NULL OR dg."campaignId" = ${campaign})
      AND dg."revokedAt" IS NULL AND dg."startsAt" <= ${ts(now)} AND dg."endsAt" > ${ts(now)}))`;
}

/** What must not have changed for a certification to carry forward: the access itself, not its usage figures. */
function entitlementPrint(arr: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(string_agg(concat_ws('|', e.id, e.resource, e.permission, e.privilege, e.via, e."viaName", e."expiresAt"), ',' ORDER BY e.id), '')
    FROM unnest(${arr}) e)`;
}
function credentialPrint(arr: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(string_agg(concat_ws('|', c.id, c.type, c.status, c."createdAt", c."lastRotatedAt", c."expiresAt", c.storage), ',' ORDER BY c.id), '')
    FROM unnest(${arr}) c)`;
}

/**
 * CTEs (after `snap`) for delta review, ending in `delta` ("identityId", "baselineItemId", carry): each ACCESS item's
 * baseline is the NHI's last decided ACCESS item in a closed (or remediating) campaign. The certification carries
 * forward (carry = true) when that item was a clean certification (CONFIRM, every grant and credential KEEP, decided by
 * a reviewer or itself carried), and since then the owner, the purpose, the grants and the credentials are the same,
 * no finding opened, and nothing now suggests a change (a grant gone unused, a key past its policy): what a reviewer
 * would be asked to look at. Break-glass NHIs are attested every time. All set-based: one pass over the scope.
 */
export function deltaCtes(): Prisma.Sql {
  return Prisma.sql`base AS (
      SELECT DISTINCT ON (ri."identityId") ri."identityId", ri."id" AS "itemId", ri."decidedAt", ri."decision",
        ri."identitySnapshot" AS pi, ri."entitlementSnapshot" AS pe, ri."credentialSnapshot" AS pc
      FROM "ReviewItem" ri
      JOIN "Campaign" pc ON pc."id" = ri."campaignId" AND pc."status" IN ('REMEDIATION', 'CLOSED')
      WHERE ri."identityId" IN (SELECT id FROM ids) AND ri."part" = 'ACCESS' AND ri."decidedAt" IS NOT NULL AND NOT ri."noResponse"
      ORDER BY ri."identityId", ri."decidedAt" DESC, ri."id"
    ), delta AS (
      SELECT b."identityId", b."itemId" AS "baselineItemId",
        (b."decision" = 'CONFIRM'
          AND NOT EXISTS (SELECT 1 FROM "ReviewDecision" d WHERE d."itemId" = b."itemId" AND d."decision" NOT IN ('CONFIRM', 'KEEP'))
          AND NOT coalesce((s.identity)."breakGlass", false)
          AND (s.identity)."ownerId" IS NOT DISTINCT FROM (b.pi)."ownerId"
          AND (s.identity)."purpose" IS NOT DISTINCT FROM (b.pi)."purpose"
          AND (s.identity)."suggested" = 'CONFIRM'
          AND ${entitlementPrint(Prisma.sql`s.entitlements`)} = ${entitlementPrint(Prisma.sql`b.pe`)}
          AND ${credentialPrint(Prisma.sql`s.credentials`)} = ${credentialPrint(Prisma.sql`b.pc`)}
          AND NOT EXISTS (SELECT 1 FROM unnest(s.entitlements) e WHERE e.suggested <> 'KEEP')
          AND NOT EXISTS (SELECT 1 FROM unnest(s.credentials) c WHERE c.suggested <> 'KEEP')
          AND NOT EXISTS (SELECT 1 FROM "Finding" f WHERE f."identityId" = b."identityId" AND f."status" = 'OPEN' AND f."firstSeenAt" > b."decidedAt")
        ) AS carry
      FROM base b JOIN snap s ON s."id" = b."identityId"
    )`;
}
