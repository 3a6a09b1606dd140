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
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO "RemediationTask" ("id", "campaignId", "identityId", "reviewItemId", "decisionId", "action", "targetType", "targetId",
      "title", "reason", "assigneeId", "status", "dueAt", "createdAt", "updatedAt")
    SELECT 'rt_' || replace(gen_random_uuid()::text, '-', ''), d."campaignId", ri."identityId", ri."id", d."id", a.action, a."targetType",
      nullif(d."targetId", ''),
      CASE d."target"
        WHEN 'ENTITLEMENT' THEN coalesce(el.label, d."targetId")
        WHEN 'CREDENTIAL' THEN coalesce(el.label, d."targetId")
        WHEN 'DELEGATION' THEN 'Delegation of ' || coalesce((ri."identitySnapshot")."onBehalfOfName", 'a human')
          || coalesce(' (' || nullif(array_to_string((ri."identitySnapshot")."delegatedScopes", ', '), '') || ')', '')
        ELSE (ri."identitySnapshot")."name"
      END,
      CASE WHEN d."source" = 'NO_RESPONSE' THEN 'No response by the due date: the campaign''s outcome for unreviewed items'
        ELSE d."comment" END,
      CASE WHEN own."active" THEN own."id" WHEN rev."active" THEN rev."id" END,
      'OPEN', ${due}, ${opts.now}, ${opts.now}
    FROM "ReviewDecision" d
    JOIN "ReviewItem" ri ON ri."id" = d."itemId"
    JOIN "Identity" i ON i."id" = ri."identityId"
    LEFT JOIN "User" own ON own."id" = i."ownerId"
    LEFT JOIN "User" rev ON rev."id" = coalesce(d."reviewerOfRecordId", ri."reviewerId")
    LEFT JOIN "ReviewDecision" idd ON idd."itemId" = ri."id" AND idd."target" = 'IDENTITY'
    CROSS JOIN LATERAL (
      SELECT CASE d."target"::text || ':' || d."decision"
          WHEN 'ENTITLEMENT:REVOKE' THEN 'REVOKE_ENTITLEMENT' WHEN 'ENTITLEMENT:REDUCE' THEN 'REDUCE_ENTITLEMENT'
          WHEN 'CREDENTIAL:ROTATE' THEN 'ROTATE_CREDENTIAL' WHEN 'CREDENTIAL:REVOKE' THEN 'REVOKE_CREDENTIAL'
          WHEN 'IDENTITY:DECOMMISSION' THEN 'DECOMMISSION_IDENTITY'
          WHEN 'DELEGATION:REVOKE' THEN 'REVOKE_DELEGATION' WHEN 'DELEGATION:REDUCE' THEN 'REDUCE_DELEGATION'
        END AS action,
        CASE d."target" WHEN 'ENTITLEMENT' THEN 'Entitlement' WHEN 'CREDENTIAL' THEN 'Credential' WHEN 'DELEGATION' THEN 'Delegation' ELSE 'Identity' END AS "targetType"
    ) a
    LEFT JOIN LATERAL (
      SELECT x.permission || ' on ' || x.resource AS label FROM unnest(ri."entitlementSnapshot") x WHERE d."target" = 'ENTITLEMENT' AND x.id = d."targetId"
      UNION ALL
      SELECT x.type::text || ' ' || coalesce(x.name, x."externalId") FROM unnest(ri."credentialSnapshot") x WHERE d."target" = 'CREDENTIAL' AND x.id = d."targetId"
      LIMIT 1
    ) el ON true
    WHERE d."campaignId" = ${opts.campaignId} AND a.action IS NOT NULL
      AND NOT (d."target" IN ('ENTITLEMENT', 'CREDENTIAL') AND coalesce(idd."decision", '') = 'DECOMMISSION')`);
}
