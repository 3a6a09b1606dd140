import { Prisma, type Tx } from "../db";

/**
 * Turns a closed review's decisions into remediation tasks, set-based: every REVOKE / REDUCE / ROTATE of a grant,
 * credential or delegation and every DECOMMISSION. A decommissioned NHI gets one task, not one per grant. The owner
 * of the work is the NHI's (current) owner, else the reviewer of record, else nobody (an admin assigns it). The
 * title is taken from the snapshot: the grant or key may be gone by the time someone reads the task.
 * Runs once per campaign, inside the close transaction (its status guard is what keeps it from running twice).
 */
export async function createRemediationTasks(tx: Tx, opts: { campaignId: string; now: Date; dueDays: number }): Promise<number> {
  const due = new Date(opts.now.getTime() + opts.dueDays * 86_400_000);
  const c = opts.campaignId;
  // Each item's snapshot arrays are unnested once and joined to its decisions (not searched per decision).
  const work = Prisma.sql`
    SELECT d."id" AS "decisionId", ri."id" AS "itemId", ri."identityId", d."targetId",
      CASE d."decision" WHEN 'REVOKE' THEN 'REVOKE_ENTITLEMENT' WHEN 'REDUCE' THEN 'REDUCE_ENTITLEMENT' END AS action, 'Entitlement' AS "targetType",
      x.permission || ' on ' || x.resource AS title, d."source", d."comment", d."reviewerOfRecordId", ri."reviewerId"
    FROM "ReviewItem" ri CROSS JOIN LATERAL unnest(ri."entitlementSnapshot") x
    JOIN "ReviewDecision" d ON d."itemId" = ri."id" AND d."target" = 'ENTITLEMENT' AND d."targetId" = x.id
    WHERE ri."campaignId" = ${c} AND d."decision" IN ('REVOKE', 'REDUCE')
    UNION ALL
    SELECT d."id", ri."id", ri."identityId", d."targetId",
      CASE d."decision" WHEN 'REVOKE' THEN 'REVOKE_CREDENTIAL' WHEN 'ROTATE' THEN 'ROTATE_CREDENTIAL' END, 'Credential',
      x.type::text || ' ' || coalesce(x.name, x."externalId"), d."source", d."comment", d."reviewerOfRecordId", ri."reviewerId"
    FROM "ReviewItem" ri CROSS JOIN LATERAL unnest(ri."credentialSnapshot") x
    JOIN "ReviewDecision" d ON d."itemId" = ri."id" AND d."target" = 'CREDENTIAL' AND d."targetId" = x.id
    WHERE ri."campaignId" = ${c} AND d."decision" IN ('REVOKE', 'ROTATE')
    UNION ALL
    SELECT d."id", ri."id", ri."identityId", d."targetId",
      CASE WHEN d."target" = 'IDENTITY' THEN 'DECOMMISSION_IDENTITY' WHEN d."decision" = 'REVOKE' THEN 'REVOKE_DELEGATION' ELSE 'REDUCE_DELEGATION' END,
      CASE WHEN d."target" = 'IDENTITY' THEN 'Identity' ELSE 'Delegation' END,
      CASE WHEN d."target" = 'IDENTITY' THEN (ri."identitySnapshot")."name"
        ELSE 'Delegation of ' || coalesce((ri."identitySnapshot")."onBehalfOfName", 'a human')
          || coalesce(' (' || nullif(array_to_string((ri."identitySnapshot")."delegatedScopes", ', '), '') || ')', '') END,
      d."source", d."comment", d."reviewerOfRecordId", ri."reviewerId"
    FROM "ReviewItem" ri JOIN "ReviewDecision" d ON d."itemId" = ri."id"
    WHERE ri."campaignId" = ${c}
      AND ((d."target" = 'IDENTITY' AND d."decision" = 'DECOMMISSION') OR (d."target" = 'DELEGATION' AND d."decision" IN ('REVOKE', 'REDUCE')))`;
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO "RemediationTask" ("id", "campaignId", "identityId", "reviewItemId", "decisionId", "action", "targetType", "targetId",
      "title", "reason", "assigneeId", "status", "dueAt", "createdAt", "updatedAt")
    SELECT 'rt_' || replace(gen_random_uuid()::text, '-', ''), ${c}, w."identityId", w."itemId", w."decisionId", w.action, w."targetType",
      nullif(w."targetId", ''), w.title,
      CASE WHEN w."source" = 'NO_RESPONSE' THEN 'No response by the due date: the campaign''s outcome for unreviewed items' ELSE w."comment" END,
      CASE WHEN own."active" THEN own."id" WHEN rev."active" THEN rev."id" END,
      'OPEN', ${due}, ${opts.now}, ${opts.now}
    FROM (${work}) w
    JOIN "Identity" i ON i."id" = w."identityId"
    LEFT JOIN "User" own ON own."id" = i."ownerId"
    LEFT JOIN "User" rev ON rev."id" = coalesce(w."reviewerOfRecordId", w."reviewerId")
    -- A decommissioned NHI is one task: its grants and keys go with it.
    WHERE w."targetType" IN ('Identity', 'Delegation')
      OR NOT EXISTS (SELECT 1 FROM "ReviewDecision" idd WHERE idd."itemId" = w."itemId" AND idd."target" = 'IDENTITY' AND idd."decision" = 'DECOMMISSION')`);
}
