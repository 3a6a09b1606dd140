// Remediation tasks closed by the evidence (DESIGN.md: "closed when a later import shows it done"). After every
// import (inside its transaction) and in the daily rules job, one set-based UPDATE closes the open tasks whose work
// the inventory now shows done:
//   REVOKE_ENTITLEMENT / REDUCE_ENTITLEMENT  the grant is revoked at source (or gone);
//   REVOKE_CREDENTIAL                         the credential is revoked, inactive or expired (or gone);
//   ROTATE_CREDENTIAL                         rotated (lastRotatedAt, or a credential created, after the task) or retired;
//   REVOKE_DELEGATION                         the NHI no longer acts for a human;
//   DECOMMISSION_IDENTITY, and any task       the NHI is deleted at source.
// REDUCE_DELEGATION cannot be verified from the inventory (a narrower scope looks like any other): people close it.
// Closed tasks get status DONE, closedById null, a note saying what verified them; one audit event each. A campaign
// in REMEDIATION whose last task this closes becomes CLOSED, as when a person closes its last task.
import { Prisma, type Tx } from "../db";
import { recordAuditMany, type AuditActor } from "../audit/log";
import { allowedFrom } from "../campaigns/state";

export interface VerifiedTasks {
  closed: number;
  campaignsClosed: number;
}

/** Why a task counts as done, in words (the note and the audit event), as SQL over t (task), i, e, c. */
const DONE_REASON = Prisma.sql`CASE
    WHEN i."status" = 'DELETED_AT_SOURCE' THEN 'the NHI is deleted at source'
    WHEN t."action" IN ('REVOKE_ENTITLEMENT', 'REDUCE_ENTITLEMENT') AND e."id" IS NULL THEN 'the grant is gone at source'
    WHEN t."action" IN ('REVOKE_ENTITLEMENT', 'REDUCE_ENTITLEMENT') AND e."status" = 'REVOKED' THEN 'the grant is revoked at source'
    WHEN t."action" IN ('REVOKE_CREDENTIAL', 'ROTATE_CREDENTIAL') AND c."id" IS NULL THEN 'the credential is gone at source'
    WHEN t."action" = 'REVOKE_CREDENTIAL' THEN 'the credential is ' || lower(c."status"::text) || ' at source'
    WHEN t."action" = 'ROTATE_CREDENTIAL' AND c."status" = 'REVOKED' THEN 'the credential is retired at source'
    WHEN t."action" = 'ROTATE_CREDENTIAL' THEN 'the credential was rotated on ' || to_char(greatest(c."lastRotatedAt", c."createdAt"), 'YYYY-MM-DD')
    WHEN t."action" = 'REVOKE_DELEGATION' THEN 'the NHI no longer acts for a human'
  END`;

/** The open tasks whose work the inventory shows done (t, i, e, c as in DONE_REASON). */
const IS_DONE = Prisma.sql`(
    i."status" = 'DELETED_AT_SOURCE'
    OR (t."action" IN ('REVOKE_ENTITLEMENT', 'REDUCE_ENTITLEMENT') AND (e."id" IS NULL OR e."status" = 'REVOKED'))
    OR (t."action" = 'REVOKE_CREDENTIAL' AND (c."id" IS NULL OR c."status" <> 'ACTIVE'))
    OR (t."action" = 'ROTATE_CREDENTIAL' AND (c."id" IS NULL OR c."status" = 'REVOKED' OR greatest(c."lastRotatedAt", c."createdAt") > t."createdAt"))
    OR (t."action" = 'REVOKE_DELEGATION' AND i."onBehalfOfUserId" IS NULL)
  )`;

/**
 * Closes the open tasks the inventory shows done. `importJobId`: the import that showed it (null for the daily
 * check). Runs in the caller's transaction; the statements are set-based, whatever the number of tasks.
 */
export async function closeVerifiedTasks(tx: Tx, opts: { now: Date; importJobId: string | null; actor?: AuditActor | null }): Promise<VerifiedTasks> {
  const by = opts.importJobId ? `import ${opts.importJobId}` : "the daily check";
  const closed = await tx.$queryRaw<{ id: string; campaignId: string | null; before: string; note: string }[]>(Prisma.sql`
    WITH done AS (
      SELECT t."id", t."status"::text AS before, 'Verified by ' || ${by} || ': ' || ${DONE_REASON} AS note
      FROM "RemediationTask" t
      JOIN "Identity" i ON i."id" = t."identityId"
      LEFT JOIN "Entitlement" e ON t."targetType" = 'Entitlement' AND e."id" = t."targetId"
      LEFT JOIN "Credential" c ON t."targetType" = 'Credential' AND c."id" = t."targetId"
      WHERE t."status" IN ('OPEN', 'IN_PROGRESS') AND ${IS_DONE}
      FOR UPDATE OF t
    )
    UPDATE "RemediationTask" t
    SET "status" = 'DONE', "closedAt" = ${opts.now}, "closedById" = NULL, "closedNote" = done.note,
        "verifiedByImportId" = ${opts.importJobId}, "updatedAt" = ${opts.now}
    FROM done WHERE t."id" = done."id"
    RETURNING t."id", t."campaignId", done.before, done.note`);
  if (!closed.length) return { closed: 0, campaignsClosed: 0 };

  // Campaigns in remediation with nothing left to do are finished.
  const campaignIds = [...new Set(closed.map((t) => t.campaignId).filter((id): id is string => !!id))];
  const finished = campaignIds.length
    ? await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
        UPDATE "Campaign" c SET "status" = 'CLOSED', "closedAt" = ${opts.now}, "updatedAt" = ${opts.now}
        WHERE c."id" IN (${Prisma.join(campaignIds)}) AND c."status"::text IN (${Prisma.join(allowedFrom("complete"))})
          AND NOT EXISTS (SELECT 1 FROM "RemediationTask" t WHERE t."campaignId" = c."id" AND t."status" IN ('OPEN', 'IN_PROGRESS'))
        RETURNING c."id"`)
    : [];

  const actor = opts.actor ?? null;
  await recordAuditMany(tx, [
    ...closed.map((t) => ({
      actor,
      action: "remediation.verified",
      targetType: "RemediationTask",
      targetId: t.id,
      before: { status: t.before },
      after: { status: "DONE" },
      meta: { note: t.note, importJobId: opts.importJobId },
    })),
    ...finished.map((c) => ({
      actor,
      action: "campaign.complete",
      targetType: "Campaign",
      targetId: c.id,
      before: { status: "REMEDIATION" },
      after: { status: "CLOSED" },
      meta: { reason: `last remediation task verified done by ${by}` },
    })),
  ]);
  return { closed: closed.length, campaignsClosed: finished.length };
}
