import "server-only";
import { db, Prisma, type Tx } from "../db";
import { recordAudit, recordAuditMany } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError, ValidationError } from "../errors";
import { inventoryWhere } from "../identities/queries";
import { loadRuleContext } from "../rules/context";
import type { CampaignStatus } from "../db/generated/enums";
import { compactScope, parseScope, ZCampaignInput, ZReassign, type TCampaignInput, type TReassign } from "./schemas";
import { deltaCtes, REVIEWER_ROLES, selfReview, type SnapshotParams } from "./sql";
import { buildLaunchItems, dropStagedItems, launchItemsCtes, stageLaunchItems, stagesLaunchItems, tuneLaunchSession } from "./launch-items";
import { allowedFrom, assertAllowed, closeTarget, type CampaignAction } from "./state";
import { SNAPSHOT_VERSION } from "./snapshot";
import { openTransfers } from "../ownership/mutations";
import { createRemediationTasks } from "../remediation/create";
import { emitEvents, emitEventsFrom } from "../webhooks/emit";
import { instanceDueAt } from "./automation";
import { applyGraduatedNoResponse } from "./no-response";

// Launch and close touch every item of a campaign (100,000 and more); the default 5 s interactive-transaction
// limit is for requests.
const BULK_TX = { timeout: 10 * 60_000, maxWait: 30_000 } as const;

/** A person who can review: exists, active, with a role that may decide reviews. */
async function assertReviewer(tx: Tx, userId: string, field: string, label: string) {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { active: true, role: true, name: true } });
  if (!u) throw new ValidationError(`The ${label} does not exist.`, { [field]: "Choose someone from the list" });
  if (!u.active) throw new ValidationError(`${u.name} is no longer active: choose another ${label}.`, { [field]: "No longer active" });
  if (!REVIEWER_ROLES.includes(u.role)) throw new ValidationError(`${u.name} cannot review (role ${u.role.toLowerCase()}): choose another ${label}.`, { [field]: "This role cannot review" });
}

function settingsFrom(raw: TCampaignInput, now: Date) {
  const input = ZCampaignInput.parse(raw);
  const scope = compactScope(parseScope(input.scope));
  // A recurring definition is never launched itself: its dueAt only previews its first instance's.
  const dueAt = input.recurrence ? instanceDueAt(now, input.durationDays!) : input.dueAt!;
  if (dueAt.getTime() <= now.getTime()) throw new ValidationError("The due date must be in the future.", { dueAt: "Choose a date in the future" });
  if (!input.recurrence && Object.values(input.noResponseAction).includes("REQUEUE")) {
    throw new ValidationError("Re-queueing needs a next cycle: make the campaign recurring, or choose another action.", { "noResponseAction": "Re-queued items go to the next run of a recurring campaign" });
  }
  if (input.backupReviewerId && input.backupReviewerId === input.fallbackReviewerId) {
    throw new ValidationError("The backup reviewer must be someone other than the fallback reviewer.", { backupReviewerId: "Choose someone else, or nobody" });
  }
  return {
    name: input.name,
    description: input.description,
    scope: scope as Prisma.InputJsonValue,
    fallbackReviewerId: input.fallbackReviewerId,
    backupReviewerId: input.backupReviewerId,
    dueAt,
    commentRequired: input.commentRequired,
    noResponseOutcome: input.noResponseOutcome,
    deltaReview: input.deltaReview,
    remediationDays: input.remediationDays,
    reminderDays: input.reminderDays,
    escalation: input.escalation as Prisma.InputJsonValue,
    noResponseAction: input.noResponseAction as Prisma.InputJsonValue,
    recurrence: input.recurrence,
    recurrencePerTeam: input.recurrence ? input.recurrencePerTeam : false,
    durationDays: input.recurrence ? input.durationDays : null,
  };
}

async function assertReviewers(tx: Tx, s: { fallbackReviewerId: string | null; backupReviewerId: string | null }) {
  if (s.fallbackReviewerId) await assertReviewer(tx, s.fallbackReviewerId, "fallbackReviewerId", "fallback reviewer");
  else throw new ValidationError("Choose a fallback reviewer.", { fallbackReviewerId: "Required" });
  if (s.backupReviewerId) await assertReviewer(tx, s.backupReviewerId, "backupReviewerId", "backup reviewer");
}

export async function createCampaign(viewer: Viewer, raw: TCampaignInput, now = new Date()) {
  assertCan(viewer, "campaign:manage");
  const data = settingsFrom(raw, now);
  return db.$transaction(async (tx) => {
    await assertReviewers(tx, data);
    const c = await tx.campaign.create({ data: { ...data, createdById: viewer.id }, select: { id: true, name: true, status: true } });
    await recordAudit(tx, { actor: viewer, action: "campaign.create", targetType: "Campaign", targetId: c.id, after: { ...data, status: "DRAFT" } });
    return c;
  });
}

/** Changes a draft's settings; a launched campaign's are frozen (what its reviewers were asked must not move). */
export async function updateCampaign(viewer: Viewer, id: string, raw: TCampaignInput, now = new Date()) {
  assertCan(viewer, "campaign:manage");
  const data = settingsFrom(raw, now);
  return db.$transaction(async (tx) => {
    const before = await lockCampaign(tx, id);
    assertAllowed("edit", before.status);
    await assertReviewers(tx, data);
    const after = await tx.campaign.update({ where: { id }, data, select: { id: true, name: true, status: true } });
    const changed = Object.keys(data).filter((k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((data as Record<string, unknown>)[k]));
    await recordAudit(tx, {
      actor: viewer,
      action: "campaign.update",
      targetType: "Campaign",
      targetId: id,
      before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k] ?? null])),
      after: Object.fromEntries(changed.map((k) => [k, (data as Record<string, unknown>)[k] ?? null])),
    });
    return after;
  });
}

const lockedSelect = {
  id: true,
  name: true,
  status: true,
  scope: true,
  fallbackReviewerId: true,
  backupReviewerId: true,
  dueAt: true,
  noResponseOutcome: true,
  deltaReview: true,
  remediationDays: true,
  commentRequired: true,
  description: true,
  noResponseAction: true,
  recurrence: true,
} satisfies Prisma.CampaignSelect;

async function lockCampaign(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM "Campaign" WHERE "id" = ${id} FOR UPDATE`;
  const c = await tx.campaign.findUnique({ where: { id }, select: lockedSelect });
  if (!c) throw new NotFoundError("Campaign not found.");
  return c;
}

/**
 * The status change of `action`, guarded by a conditional UPDATE (`WHERE status IN (allowed)`): of two admins
 * pressing the button at once, the second waits on the row lock, then finds the status moved and is refused with
 * the reason, so nothing is done twice.
 */
async function transition(tx: Tx, id: string, action: CampaignAction, to: CampaignStatus, data: Prisma.CampaignUpdateManyMutationInput = {}) {
  const moved = await tx.campaign.updateMany({ where: { id, status: { in: allowedFrom(action) } }, data: { ...data, status: to } });
  if (moved.count === 1) return;
  const current = await tx.campaign.findUnique({ where: { id }, select: { status: true } });
  if (!current) throw new NotFoundError("Campaign not found.");
  assertAllowed(action, current.status);
  throw new ValidationError("The campaign changed meanwhile; reload and try again.");
}

/** What must hold for a draft to launch (checked before the snapshots are built, and again under the lock). */
function assertLaunchable(c: { recurrence: string | null; dueAt: Date }, now: Date) {
  if (c.recurrence) throw new ValidationError("A recurring campaign launches one instance per period by itself (job campaigns.recur); it is not launched by hand.");
  if (c.dueAt.getTime() <= now.getTime()) throw new ValidationError("The due date has passed: move it before launching.", { dueAt: "In the past" });
}

/**
 * Launches a draft: one transaction that moves it to ACTIVE (guarded: only one launch gets past it, so a draft has no
 * items yet) and creates one review item per NHI in its scope (two for an agent acting for a human), each with the
 * frozen snapshot built in SQL. A crash mid-launch rolls it all back: the campaign is still a draft and can be launched.
 * The scope is read once, before the transaction; on PostgreSQL a large scope's items are built then too, on two
 * connections (launch-items.ts). The transaction refuses the launch if the draft was edited in between.
 */
export async function launchCampaign(viewer: Viewer, id: string, now = new Date(), opts: { include?: readonly string[]; trigger?: string } = {}) {
  assertCan(viewer, "campaign:manage");
  const ctx = await loadRuleContext({ now });
  const snapshot: SnapshotParams = { now, unusedWindowDays: ctx.unusedWindowDays, defaultMaxAgeDays: ctx.defaultMaxAgeDays };
  const draft = await db.campaign.findUnique({ where: { id }, select: lockedSelect });
  if (!draft) throw new NotFoundError("Campaign not found.");
  assertAllowed("launch", draft.status);
  assertLaunchable(draft, now);
  await assertReviewers(db, draft);
  const inScope = await db.identity.findMany({ where: inventoryWhere(viewer, parseScope(draft.scope), now), select: { id: true } });
  // A recurring instance also reviews what the previous run re-queued (left undecided), even if now out of scope.
  const ids = [...new Set([...inScope.map((r) => r.id), ...(opts.include ?? [])])];
  const reviewers = { fallbackReviewerId: draft.fallbackReviewerId, backupReviewerId: draft.backupReviewerId };
  const staged = stagesLaunchItems(ids.length) ? stageLaunchItems(ids, reviewers, snapshot) : null;
  try {
    return await db.$transaction(async (tx) => {
      await tuneLaunchSession(tx);
      await transition(tx, id, "launch", "ACTIVE", { launchedAt: now, unusedWindowDays: ctx.unusedWindowDays });
      const c = await tx.campaign.findUniqueOrThrow({ where: { id }, select: lockedSelect });
      if (JSON.stringify({ ...c, status: draft.status }) !== JSON.stringify(draft)) throw new ValidationError("The campaign changed meanwhile; reload and try again.");
      assertLaunchable(c, now);
      await assertReviewers(tx, c);
      const delta = c.deltaReview;
      const tables = staged?.tables ?? (await buildLaunchItems(tx, ids, reviewers, snapshot));
      // Each table of items as soon as it is built (the staged ones are still being built on other connections).
      const routing = new Map<string, number>();
      for (const table of tables) {
        await table.ready;
        for (const r of await insertItems(tx, { campaignId: id, table: table.name, now, delta })) routing.set(r.routedBy, (routing.get(r.routedBy) ?? 0) + r.n);
      }
      const created = [...routing.values()].reduce((sum, n) => sum + n, 0);
      const carried = delta ? await recordCarryForward(tx, id, now) : 0;
      if (created === 0) throw new ValidationError("The scope matches no NHIs to review (platform-managed and deleted NHIs are never reviewed): change it before launching.");
      await tx.campaign.update({ where: { id }, data: { itemCount: created } });
      await recordAudit(tx, {
        actor: viewer,
        action: "campaign.launch",
        targetType: "Campaign",
        targetId: id,
        before: { status: "DRAFT" },
        after: { status: "ACTIVE", items: created },
        meta: { nhis: ids.length, requeued: opts.include?.length ?? 0, trigger: opts.trigger ?? "manual", routing: Object.fromEntries(routing), unusedWindowDays: ctx.unusedWindowDays, ...(delta ? { carriedForward: carried } : {}) },
      });
      await emitEvents(tx, "campaign.launched", [{
        dedupKey: `campaign:${id}:launched`,
        data: { campaign: { id, name: c.name, status: "ACTIVE", dueAt: c.dueAt.toISOString(), items: created, launchedAt: now.toISOString() }, link: `/campaigns/${id}` },
      }], now);
      return { id, items: created, carried };
    }, BULK_TX);
  } finally {
    // Not awaited: dropping the tables is no part of the launch (a table left by a crash is dropped by a later launch).
    if (staged) void dropStagedItems(staged);
  }
}

/**
 * Inserts one table of built items as review items of the campaign and returns how many went to each routing.
 * Delta review: the ACCESS items of NHIs unchanged since their last certification are created already decided
 * (carried forward, deltaCtes); the others point at that baseline so the reviewer sees what changed.
 */
async function insertItems(tx: Tx, o: { campaignId: string; table: string; now: Date; delta: boolean }): Promise<{ routedBy: string; n: number }[]> {
  const { campaignId, now, delta } = o;
  return tx.$queryRaw<{ routedBy: string; n: number }[]>(Prisma.sql`
    WITH ${launchItemsCtes(o.table)}${delta ? Prisma.sql`, ${deltaCtes()}` : Prisma.empty}, ins AS (
    INSERT INTO "ReviewItem" ("id", "campaignId", "identityId", "part", "reviewerId", "routedBy", "teamId", "snapshotVersion",
      "identitySnapshot", "entitlementSnapshot", "credentialSnapshot", "exceptionSnapshot", "createdAt"${delta ? Prisma.sql`, "baselineItemId", "carriedForward", "decision", "purposeConfirmed", "decidedAt", "lastActivityAt"` : Prisma.empty})
    SELECT 'ri_' || replace(gen_random_uuid()::text, '-', ''), ${campaignId}, r."identityId", r.part, r."reviewerId", r."routedBy", r."teamId",
      ${SNAPSHOT_VERSION}, r.identity, r.entitlements, r.credentials, r.exceptions, ${now}${
        delta
          ? Prisma.sql`, dl."baselineItemId", coalesce(dl.carry, false), CASE WHEN dl.carry THEN 'CONFIRM'::"IdentityDecision" END,
            CASE WHEN dl.carry THEN (r.identity)."purpose" END, CASE WHEN dl.carry THEN ${now}::timestamp(3) END, CASE WHEN dl.carry THEN ${now}::timestamp(3) END`
          : Prisma.empty
      }
    FROM routed r
    ${delta ? Prisma.sql`LEFT JOIN delta dl ON dl."identityId" = r."identityId" AND r.part = 'ACCESS'` : Prisma.empty}
    RETURNING "routedBy")
    SELECT "routedBy"::text AS "routedBy", count(*)::int AS n FROM ins GROUP BY 1`);
}

/**
 * The decisions of carried-forward items, set-based: the NHI confirmed and every grant and credential kept, as source
 * CARRY_FORWARD with nobody as the decider and the item's reviewer as reviewer of record; the comment names the
 * certification carried (the evidence pack shows it).
 */
async function recordCarryForward(tx: Tx, campaignId: string, now: Date): Promise<number> {
  await tx.$executeRaw`
    INSERT INTO "ReviewDecision" ("id", "campaignId", "itemId", "target", "targetId", "decision", "comment", "source", "reviewerOfRecordId", "decidedAt")
    SELECT 'rd_' || replace(gen_random_uuid()::text, '-', ''), ${campaignId}, ri."id", t.target, t."targetId", t.decision,
      'Unchanged since certified in review item ' || ri."baselineItemId", 'CARRY_FORWARD', ri."reviewerId", ${now}
    FROM "ReviewItem" ri
    CROSS JOIN LATERAL (
      SELECT 'IDENTITY'::"DecisionTarget" AS target, '' AS "targetId", 'CONFIRM' AS decision
      UNION ALL SELECT 'ENTITLEMENT', e.id, 'KEEP' FROM unnest(ri."entitlementSnapshot") e
      UNION ALL SELECT 'CREDENTIAL', c.id, 'KEEP' FROM unnest(ri."credentialSnapshot") c
    ) t
    WHERE ri."campaignId" = ${campaignId} AND ri."carriedForward"`;
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ReviewItem" WHERE "campaignId" = ${campaignId} AND "carriedForward"`;
  return n;
}

/**
 * Closes the review: undecided items get the campaign's no-response outcome, ownership moves where reviewers said
 * REASSIGN, confirmed NHIs are stamped certified, and every revoke / reduce / rotate / decommission decision
 * becomes a remediation task. All set-based, in one guarded transaction.
 */
export async function closeCampaign(viewer: Viewer, id: string, now = new Date()) {
  assertCan(viewer, "campaign:manage");
  return db.$transaction(async (tx) => {
    await transition(tx, id, "close", "REMEDIATION", { reviewClosedAt: now });
    const c = await tx.campaign.findUniqueOrThrow({ where: { id }, select: lockedSelect });

    const noResponse = await tx.$executeRaw`
      UPDATE "ReviewItem" SET "noResponse" = true WHERE "campaignId" = ${id} AND "decidedAt" IS NULL`;
    // Each undecided item's action by its risk tier at launch (no-response.ts), then the decisions those imply.
    const graduated = await applyGraduatedNoResponse(tx, { id, noResponseAction: c.noResponseAction, noResponseOutcome: c.noResponseOutcome, remediationDays: c.remediationDays }, now);
    const outcomeDecisions = (await applyNoResponseOutcome(tx, id, c.noResponseOutcome, now, c.noResponseOutcome)) + (await applyNoResponseOutcome(tx, id, "REVOKE_ALL", now, "REVOKE"));
    const reassigned = await applyReassignments(tx, viewer, id, now);
    const certified = await tx.$executeRaw`
      UPDATE "Identity" i SET "lastCertifiedAt" = ${now}
      FROM "ReviewItem" ri
      WHERE ri."campaignId" = ${id} AND ri."part" = 'ACCESS' AND ri."decidedAt" IS NOT NULL AND ri."decision" = 'CONFIRM'
        AND i."id" = ri."identityId"`;
    const tasks = (await createRemediationTasks(tx, { campaignId: id, now, dueDays: c.remediationDays })) + graduated.disableTasks;
    const status = closeTarget(tasks);
    if (status === "CLOSED") await tx.campaign.update({ where: { id }, data: { status, closedAt: now } });
    await recordAudit(tx, {
      actor: viewer,
      action: "campaign.close",
      targetType: "Campaign",
      targetId: id,
      before: { status: "ACTIVE" },
      after: { status },
      meta: { noResponse, noResponseOutcome: c.noResponseOutcome, noResponseByAction: graduated.byAction, outcomeDecisions, reassigned, certified, remediationTasks: tasks },
    });
    await emitEvents(tx, "campaign.closed", [{
      dedupKey: `campaign:${id}:closed`,
      data: { campaign: { id, name: c.name, status, closedAt: now.toISOString(), noResponse, reassigned, certified, remediationTasks: tasks }, link: `/campaigns/${id}` },
    }], now);
    await emitEventsFrom(tx, "remediation.task.created", Prisma.sql`
      SELECT 'remediation-task:' || t."id" || ':created' AS "dedupKey", jsonb_build_object(
        'task', jsonb_build_object('id', t."id", 'action', t."action", 'title', t."title", 'reason', t."reason", 'status', t."status",
          'targetType', t."targetType", 'targetId', t."targetId", 'dueAt', t."dueAt", 'campaignId', t."campaignId", 'assigneeId', t."assigneeId",
          'assigneeEmail', u."email"),
        'identity', jsonb_build_object('id', i."id", 'name', i."name", 'kind', i."kind", 'environment', i."environment"),
        'link', '/remediation') AS "data"
      FROM "RemediationTask" t JOIN "Identity" i ON i."id" = t."identityId" LEFT JOIN "User" u ON u."id" = t."assigneeId"
      WHERE t."campaignId" = ${id}`, now);
    return { id, status, noResponse, remediationTasks: tasks, reassigned, certified };
  }, BULK_TX);
}

/**
 * Decisions for what reviewers left undecided, from what they were shown (the snapshot's flags), recorded as
 * source NO_RESPONSE with nobody as the decider. Decisions a reviewer did make stay as they are.
 */
async function applyNoResponseOutcome(tx: Tx, campaignId: string, outcome: string, now: Date, itemAction: string): Promise<number> {
  // Only the items whose graduated action (ReviewItem.noResponseAction) is this one.
  if (outcome === "NO_CHANGE") return 0;
  const proposals =
    outcome === "DECOMMISSION"
      ? Prisma.sql`SELECT ri."id" AS "itemId", 'IDENTITY'::"DecisionTarget" AS target, '' AS "targetId", 'DECOMMISSION' AS decision
          FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId} AND ri."noResponse" AND ri."part" = 'ACCESS'`
      : Prisma.sql`SELECT ri."id" AS "itemId", 'ENTITLEMENT'::"DecisionTarget" AS target, e.id AS "targetId", 'REVOKE' AS decision
          FROM "ReviewItem" ri CROSS JOIN LATERAL unnest(ri."entitlementSnapshot") e
          WHERE ri."campaignId" = ${campaignId} AND ri."noResponse" AND ri."part" = 'ACCESS'
            AND (${outcome}::text = 'REVOKE_ALL' OR e.unused)
        UNION ALL
        SELECT ri."id", 'CREDENTIAL'::"DecisionTarget", c.id, 'REVOKE'
          FROM "ReviewItem" ri CROSS JOIN LATERAL unnest(ri."credentialSnapshot") c
          WHERE ri."campaignId" = ${campaignId} AND ri."noResponse" AND ri."part" = 'ACCESS'
            AND (${outcome}::text = 'REVOKE_ALL' OR c.unused OR c.expired)`;
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO "ReviewDecision" ("id", "campaignId", "itemId", "target", "targetId", "decision", "source", "reviewerOfRecordId", "decidedAt")
    SELECT 'rd_' || replace(gen_random_uuid()::text, '-', ''), ${campaignId}, p."itemId", p.target, p."targetId", p.decision,
      'NO_RESPONSE', coalesce(ri."delegatedFromId", ri."reviewerId"), ${now}
    FROM (${proposals}
      UNION ALL
      SELECT ri."id", 'DELEGATION'::"DecisionTarget", '', 'REVOKE' FROM "ReviewItem" ri
      WHERE ri."campaignId" = ${campaignId} AND ri."noResponse" AND ri."part" = 'DELEGATION'
        AND (${outcome}::text <> 'REVOKE_UNUSED' OR (ri."identitySnapshot")."delegationSuggested" = 'REVOKE')
    ) p
    JOIN "ReviewItem" ri ON ri."id" = p."itemId" AND ri."noResponseAction" = ${itemAction}
    ON CONFLICT ("itemId", "target", "targetId") DO NOTHING`);
}

/**
 * Where a reviewer decided REASSIGN, asks the new owner to take the NHI (a pending OwnershipTransfer, lib/ownership):
 * the NHI moves only when they accept; until then its owner stays accountable. Set-based; audited per transfer.
 */
async function applyReassignments(tx: Tx, viewer: Viewer, campaignId: string, now: Date): Promise<number> {
  const moves = await tx.$queryRaw<{ identityId: string; fromOwnerId: string | null; toOwnerId: string; itemId: string; decidedById: string | null; comment: string | null; campaign: string }[]>`
    SELECT DISTINCT ON (ri."identityId") ri."identityId", ri."id" AS "itemId", d."reassignToId" AS "toOwnerId", cur."ownerId" AS "fromOwnerId",
      d."decidedById", d."comment", c."name" AS campaign
    FROM "ReviewItem" ri
    JOIN "Campaign" c ON c."id" = ri."campaignId"
    JOIN "ReviewDecision" d ON d."itemId" = ri."id" AND d."target" = 'IDENTITY' AND d."decision" = 'REASSIGN'
    JOIN "User" u ON u."id" = d."reassignToId" AND u."active"
    JOIN "Identity" cur ON cur."id" = ri."identityId"
    WHERE ri."campaignId" = ${campaignId} AND ri."decidedAt" IS NOT NULL AND cur."ownerId" IS DISTINCT FROM d."reassignToId"
    ORDER BY ri."identityId", d."decidedAt" DESC`;
  return openTransfers(
    tx,
    viewer,
    moves.map((m) => ({
      identityId: m.identityId,
      fromUserId: m.fromOwnerId,
      toUserId: m.toOwnerId,
      origin: "REVIEW" as const,
      reason: `Review "${m.campaign}"${m.comment ? `: ${m.comment}` : ""}`,
      requestedById: m.decidedById,
      reviewItemId: m.itemId,
    })),
    now,
  );
}

/** REMEDIATION -> CLOSED: the admin declares the campaign done (open tasks stay open on the remediation page). */
export async function completeCampaign(viewer: Viewer, id: string, now = new Date()) {
  assertCan(viewer, "campaign:manage");
  return db.$transaction(async (tx) => {
    await transition(tx, id, "complete", "CLOSED", { closedAt: now });
    const open = await tx.remediationTask.count({ where: { campaignId: id, status: { in: ["OPEN", "IN_PROGRESS"] } } });
    await recordAudit(tx, { actor: viewer, action: "campaign.complete", targetType: "Campaign", targetId: id, before: { status: "REMEDIATION" }, after: { status: "CLOSED" }, meta: { openTasks: open } });
    return { id, status: "CLOSED" as const, openTasks: open };
  });
}

/** Cancels a draft or a running review; its items and decisions stay as the record of what happened. */
export async function cancelCampaign(viewer: Viewer, id: string, now = new Date()) {
  assertCan(viewer, "campaign:manage");
  return db.$transaction(async (tx) => {
    const before = await tx.campaign.findUnique({ where: { id }, select: { status: true } });
    if (!before) throw new NotFoundError("Campaign not found.");
    await transition(tx, id, "cancel", "CANCELLED", { cancelledAt: now });
    await recordAudit(tx, { actor: viewer, action: "campaign.cancel", targetType: "Campaign", targetId: id, before: { status: before.status }, after: { status: "CANCELLED" } });
    return { id, status: "CANCELLED" as const };
  });
}

/**
 * Hands undecided items to another reviewer (picked items, or every undecided item of one reviewer). The new
 * reviewer becomes the reviewer of record. Items the self-review rule keeps from them are left where they are and
 * counted, so the admin can send them elsewhere.
 */
export async function reassignItems(viewer: Viewer, campaignId: string, raw: TReassign) {
  assertCan(viewer, "campaign:manage");
  const input = ZReassign.parse(raw);
  return db.$transaction(async (tx) => {
    const c = await lockCampaign(tx, campaignId);
    assertAllowed("reassign", c.status);
    await assertReviewer(tx, input.toUserId, "toUserId", "new reviewer");
    const pick = input.itemIds?.length
      ? Prisma.sql`ri."id" = ANY(${input.itemIds}::text[])`
      : input.fromReviewerId === "none"
        ? Prisma.sql`ri."reviewerId" IS NULL`
        : Prisma.sql`ri."reviewerId" = ${input.fromReviewerId ?? ""}`;
    const candidates = await tx.$queryRaw<{ id: string; reviewerId: string | null; delegatedFromId: string | null; blocked: boolean; decided: boolean }[]>(Prisma.sql`
      SELECT ri."id", ri."reviewerId", ri."delegatedFromId", ${selfReview(Prisma.sql`${input.toUserId}::text`, "x")} AS blocked,
        ri."decidedAt" IS NOT NULL AS decided
      FROM "ReviewItem" ri JOIN "Identity" i ON i."id" = ri."identityId"
      CROSS JOIN LATERAL (SELECT ri."part", i."ownerId", i."onBehalfOfUserId") x
      WHERE ri."campaignId" = ${campaignId} AND ${pick}
      FOR UPDATE OF ri`);
    if (input.itemIds?.length && candidates.length !== new Set(input.itemIds).size) throw new NotFoundError("Some selected items are not in this campaign.");
    const movable = candidates.filter((r) => !r.blocked && !r.decided && r.reviewerId !== input.toUserId);
    if (movable.length) {
      await tx.$executeRaw`
        UPDATE "ReviewItem" SET "reviewerId" = ${input.toUserId}, "delegatedFromId" = NULL, "routedBy" = 'REASSIGNED'
        WHERE "id" = ANY(${movable.map((m) => m.id)}::text[])`;
      await recordAuditMany(
        tx,
        movable.map((m) => ({
          actor: viewer,
          action: "review.reassign",
          targetType: "ReviewItem",
          targetId: m.id,
          before: { reviewerId: m.reviewerId, delegatedFromId: m.delegatedFromId },
          after: { reviewerId: input.toUserId, delegatedFromId: null },
          meta: { campaignId },
        })),
      );
    }
    return {
      reassigned: movable.length,
      selfReview: candidates.filter((r) => r.blocked && !r.decided).length,
      alreadyDecided: candidates.filter((r) => r.decided).length,
    };
  });
}
