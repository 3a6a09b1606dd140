import "server-only";
import { db, Prisma, type Tx } from "../db";
import { recordAuditMany, type AuditInput } from "../audit/log";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { CampaignStatus, DecisionTarget, ReviewPart } from "../db/generated/enums";
import { ZBulkDecision, ZDecisionInput, type TBulkDecision, type TDecision, type TDecisionInput } from "./schemas";
import { actsFor, selfReview } from "./sql";
import { assertAllowed, decisionKey, itemProgress, needsComment, type CommentPolicy, type ItemState } from "./state";

/** What a save needs to know about the item, read with the row locked. */
interface LockedItem {
  id: string;
  campaignId: string;
  identityId: string;
  part: ReviewPart;
  reviewerId: string | null;
  delegatedFromId: string | null;
  purposeConfirmed: string | null;
  comment: string | null;
  breakGlassAttestedAt: Date | null;
  status: CampaignStatus;
  commentRequired: CommentPolicy;
  blocked: boolean;
  /** The viewer acts for the item's reviewer under a delegation in force (actsFor in ./sql.ts). */
  delegated: boolean;
  currentOwnerId: string | null;
  currentPurpose: string | null;
  shownPurpose: string | null;
  breakGlass: boolean;
  entitlementIds: string[];
  credentialIds: string[];
  /** The decisions made so far, read in the same round trip. */
  existing: { target: DecisionTarget; targetId: string; decision: string; reassignToId: string | null }[];
}

// One round trip: a decision save is on the reviewer's critical path (100 ms at p95 on the server).
function lockItem(tx: Tx, itemId: string, viewerId: string, now: Date) {
  return tx.$queryRaw<LockedItem[]>(Prisma.sql`
    SELECT ri."id", ri."campaignId", ri."identityId", ri."part", ri."reviewerId", ri."delegatedFromId", ri."purposeConfirmed",
      ri."comment", ri."breakGlassAttestedAt", c."status"::text AS status, c."commentRequired",
      ${selfReview(Prisma.sql`${viewerId}::text`, "x")} AS blocked,
      (ri."reviewerId" <> ${viewerId} AND ${actsFor(viewerId, Prisma.sql`ri."reviewerId"`, Prisma.sql`ri."campaignId"`, now)}) AS delegated,
      i."ownerId" AS "currentOwnerId", i."purpose" AS "currentPurpose", (ri."identitySnapshot")."purpose" AS "shownPurpose",
      coalesce((ri."identitySnapshot")."breakGlass", false) AS "breakGlass",
      ARRAY(SELECT e.id FROM unnest(ri."entitlementSnapshot") e) AS "entitlementIds",
      ARRAY(SELECT c.id FROM unnest(ri."credentialSnapshot") c) AS "credentialIds",
      coalesce((SELECT json_agg(json_build_object('target', d."target", 'targetId', d."targetId", 'decision', d."decision", 'reassignToId', d."reassignToId"))
        FROM "ReviewDecision" d WHERE d."itemId" = ri."id"), '[]'::json) AS existing
    FROM "ReviewItem" ri
    JOIN "Campaign" c ON c."id" = ri."campaignId"
    JOIN "Identity" i ON i."id" = ri."identityId"
    CROSS JOIN LATERAL (SELECT ri."part", i."ownerId", i."onBehalfOfUserId") x
    WHERE ri."id" = ${itemId}
    FOR UPDATE OF ri`);
}

function commentMessage(policy: CommentPolicy) {
  return policy === "ALWAYS"
    ? "This campaign asks for a comment on every decision: add one to save."
    : "A comment is required to revoke, reduce or decommission: say why before saving.";
}

/** Refuses what the item cannot take, with a message the reviewer can act on. */
async function validateDecisions(tx: Tx, item: LockedItem, decisions: TDecision[]) {
  const ents = new Set(item.entitlementIds);
  const creds = new Set(item.credentialIds);
  for (const d of decisions) {
    if (item.part === "DELEGATION" && d.target !== "DELEGATION") {
      throw new ValidationError("This item covers the delegation only: keep, reduce or revoke what the human authorised.");
    }
    if (item.part === "ACCESS" && d.target === "DELEGATION") {
      throw new ValidationError("This item covers the NHI's own access; the delegation is reviewed by the human it acts for.");
    }
    if (d.target === "ENTITLEMENT" && !ents.has(d.id)) throw new ValidationError(`Entitlement ${d.id} is not part of this review.`);
    if (d.target === "CREDENTIAL" && !creds.has(d.id)) throw new ValidationError(`Credential ${d.id} is not part of this review.`);
    if (d.target === "IDENTITY" && d.decision === "REASSIGN") {
      if (!d.reassignToId) throw new ValidationError("Choose the new owner to reassign this NHI to.", { reassignToId: "Choose the new owner" });
      if (d.reassignToId === item.currentOwnerId) throw new ValidationError("Choose someone other than the current owner.", { reassignToId: "Already the owner" });
      const u = await tx.user.findUnique({ where: { id: d.reassignToId }, select: { active: true, name: true } });
      if (!u?.active) throw new ValidationError("The new owner must be an active user.", { reassignToId: "Choose an active user" });
    }
  }
}

const targetOf = (d: TDecision): { target: DecisionTarget; targetId: string } =>
  d.target === "ENTITLEMENT" || d.target === "CREDENTIAL" ? { target: d.target, targetId: d.id } : { target: d.target, targetId: "" };

/**
 * Saves part of a review: decisions, the purpose (confirmed as shown or rewritten), the break-glass attestation,
 * the comment. Saved as the reviewer goes; the item counts as decided once nothing is missing (state.ts
 * itemProgress). The item row is locked, so two tabs saving at once apply one after the other: one decision per
 * target remains (the later one) and both attempts are in the audit log, with what each changed.
 */
export async function decide(viewer: Viewer, itemId: string, raw: TDecisionInput, now = new Date()) {
  assertCan(viewer, "review:decide");
  const input = ZDecisionInput.parse(raw);
  return db.$transaction(async (tx) => {
    const [item] = await lockItem(tx, itemId, viewer.id, now);
    // The delegate of the item's reviewer decides for them: the reviewer stays the reviewer of record.
    const isReviewer = item?.reviewerId === viewer.id || !!item?.delegated;
    // Another owner's item and a missing one look the same, so ids cannot be probed.
    if (!item || !(isReviewer || item.delegatedFromId === viewer.id || can(viewer, "campaign:read"))) throw new NotFoundError("Review item not found.");
    if (!isReviewer) {
      throw new ForbiddenError(
        item.reviewerId ? "This item is assigned to someone else: only its reviewer can decide it." : "This item has no reviewer yet: an admin must assign it first.",
      );
    }
    assertAllowed("decide", item.status);
    if (item.blocked) {
      throw new ForbiddenError(
        item.part === "ACCESS"
          ? "You cannot certify this NHI: it acts on your behalf (self-review). An admin will route it to another reviewer."
          : "You cannot certify this delegation: the agent acting for you is yours (self-review). An admin will route it to another reviewer.",
      );
    }
    await validateDecisions(tx, item, input.decisions);

    const before = new Map(item.existing.map((d) => [decisionKey(d.target, d.targetId), d]));
    const requested = new Map<string, { target: DecisionTarget; targetId: string; decision: string; reassignToId: string | null }>();
    for (const d of input.decisions) {
      const t = targetOf(d);
      requested.set(decisionKey(t.target, t.targetId), { ...t, decision: d.decision, reassignToId: d.target === "IDENTITY" && d.decision === "REASSIGN" ? (d.reassignToId ?? null) : null });
    }
    const changed = [...requested.entries()].filter(([k, d]) => before.get(k)?.decision !== d.decision || (before.get(k)?.reassignToId ?? null) !== d.reassignToId);
    const merged = new Map([...before].map(([k, d]) => [k, d.decision]));
    for (const [k, d] of requested) merged.set(k, d.decision);

    // Confirming the NHI confirms its purpose: the text the reviewer sent, else the purpose they were shown.
    let purpose = item.purposeConfirmed;
    let purposeConfirmedNow = false;
    if (input.purpose !== undefined) {
      purpose = input.purpose;
      purposeConfirmedNow = true;
    } else if (requested.get(decisionKey("IDENTITY"))?.decision === "CONFIRM" && !purpose) {
      if (!item.shownPurpose || item.shownPurpose.trim().length < 10) {
        throw new ValidationError("This NHI has no stated purpose: write one before confirming it.", { purpose: "Describe the purpose in at least 10 characters" });
      }
      purpose = item.shownPurpose;
      purposeConfirmedNow = true;
    }
    const comment = input.comment !== undefined ? input.comment || null : item.comment;
    const attestedAt = item.breakGlassAttestedAt ?? (input.breakGlassTested ? now : null);
    const policy = item.commentRequired;
    if (!comment && [...merged.values()].some((d) => needsComment(policy, d))) throw new ValidationError(commentMessage(policy), { comment: "Required" });

    const reviewerOfRecordId = item.delegatedFromId ?? item.reviewerId;
    const progress = itemProgress({
      part: item.part,
      breakGlass: item.breakGlass,
      entitlementIds: item.entitlementIds,
      credentialIds: item.credentialIds,
      decisions: merged,
      purposeConfirmed: purpose,
      breakGlassAttested: !!attestedAt,
      comment,
      commentPolicy: policy,
    } satisfies ItemState);
    const identityDecision = merged.get(decisionKey("IDENTITY")) ?? null;
    const reassignToId = requested.get(decisionKey("IDENTITY"))?.reassignToId ?? (identityDecision === "REASSIGN" ? (before.get(decisionKey("IDENTITY"))?.reassignToId ?? null) : null);
    const rows = changed.map(([, d]) => d);
    // The changed decisions and the item's rollups in one statement (one round trip).
    const upsert = rows.length
      ? Prisma.sql`WITH upsert AS (
          INSERT INTO "ReviewDecision" ("id", "campaignId", "itemId", "target", "targetId", "decision", "reassignToId", "comment", "source",
            "decidedById", "reviewerOfRecordId", "decidedAt")
          SELECT 'rd_' || replace(gen_random_uuid()::text, '-', ''), ${item.campaignId}, ${itemId}, t.target::"DecisionTarget", t."targetId",
            t.decision, t."reassignToId", ${comment}, 'REVIEWER', ${viewer.id}, ${reviewerOfRecordId}, ${now}
          FROM unnest(${rows.map((r) => r.target)}::text[], ${rows.map((r) => r.targetId)}::text[], ${rows.map((r) => r.decision)}::text[],
            ${rows.map((r) => r.reassignToId)}::text[]) AS t(target, "targetId", decision, "reassignToId")
          ON CONFLICT ("itemId", "target", "targetId") DO UPDATE SET "decision" = EXCLUDED."decision", "reassignToId" = EXCLUDED."reassignToId",
            "comment" = EXCLUDED."comment", "source" = 'REVIEWER', "decidedById" = EXCLUDED."decidedById",
            "reviewerOfRecordId" = EXCLUDED."reviewerOfRecordId", "decidedAt" = EXCLUDED."decidedAt"
          RETURNING 1) `
      : Prisma.empty;
    await tx.$executeRaw(Prisma.sql`${upsert}UPDATE "ReviewItem" SET "decision" = ${identityDecision}::"IdentityDecision", "reassignToId" = ${reassignToId},
        "purposeConfirmed" = ${purpose}, "comment" = ${comment}, "breakGlassAttestedAt" = ${attestedAt}, "lastActivityAt" = ${now},
        "decidedAt" = ${progress.complete ? now : null}, "decidedById" = ${progress.complete ? viewer.id : null}
      WHERE "id" = ${itemId}`);

    const events: AuditInput[] = [
      {
        actor: viewer,
        action: "review.decide",
        targetType: "ReviewItem",
        targetId: itemId,
        before: {
          decisions: Object.fromEntries(changed.map(([k]) => [k, before.get(k)?.decision ?? null])),
          ...(purposeConfirmedNow ? { purposeConfirmed: item.purposeConfirmed } : {}),
          ...(comment !== item.comment ? { comment: item.comment } : {}),
        },
        after: {
          decisions: Object.fromEntries(changed.map(([k, d]) => [k, d.reassignToId ? `${d.decision} -> ${d.reassignToId}` : d.decision])),
          ...(purposeConfirmedNow ? { purposeConfirmed: purpose } : {}),
          ...(comment !== item.comment ? { comment } : {}),
          ...(attestedAt && !item.breakGlassAttestedAt ? { breakGlassAttestedAt: attestedAt.toISOString() } : {}),
        },
        meta: {
          campaignId: item.campaignId,
          identityId: item.identityId,
          reviewerOfRecordId,
          ...(item.delegated ? { onBehalfOf: item.reviewerId } : {}),
          requested: requested.size,
          unchanged: requested.size - changed.length,
          complete: progress.complete,
        },
      },
    ];
    if (purposeConfirmedNow) {
      // The owner's confirmation is the NHI's too: its purpose and when it was last confirmed.
      await tx.identity.update({ where: { id: item.identityId }, data: { purpose, purposeConfirmedAt: now } });
      events.push({
        actor: viewer,
        action: "identity.update",
        targetType: "Identity",
        targetId: item.identityId,
        before: { purpose: item.currentPurpose },
        after: { purpose, purposeConfirmedAt: now.toISOString() },
        meta: { reviewItemId: itemId, campaignId: item.campaignId },
      });
    }
    await recordAuditMany(tx, events);

    return {
      id: itemId,
      complete: progress.complete,
      missing: progress.missing,
      decidedAt: progress.complete ? now : null,
      purposeConfirmed: purpose,
      comment,
      breakGlassAttested: !!attestedAt,
      decisions: [...merged.entries()].map(([key, decision]) => ({ key, decision })),
      changed: changed.length,
    };
  });
}
export type DecideResult = Awaited<ReturnType<typeof decide>>;

// ── Bulk: keep what is used, revoke what is unused ───────────────────────────────────────────────────────────────

/**
 * CTE `proposed` ("itemId", target, "targetId", decision): for the viewer's undecided items in one campaign, every
 * grant and credential not decided yet, with the usage-based suggestion they were shown (lib/campaigns/sql.ts):
 * unused grants -> REVOKE, used -> KEEP; credentials unused or expired -> REVOKE, used but past their rotation
 * policy -> ROTATE, else KEEP. Break-glass NHIs (unused by design, attested one by one) and items the viewer may not certify are left
 * out, as are NHIs already reassigned or decommissioned (their grants need no decision).
 */
function proposedCte(viewer: Viewer, campaignId: string, itemIds: string[] | undefined, now: Date): Prisma.Sql {
  const only = itemIds?.length ? Prisma.sql`AND ri."id" = ANY(${itemIds}::text[])` : Prisma.empty;
  return Prisma.sql`items AS (
      SELECT ri."id", ri."entitlementSnapshot", ri."credentialSnapshot" FROM "ReviewItem" ri
      JOIN "Identity" i ON i."id" = ri."identityId"
      CROSS JOIN LATERAL (SELECT ri."part", i."ownerId", i."onBehalfOfUserId") x
      WHERE ri."campaignId" = ${campaignId} AND ${actsFor(viewer.id, Prisma.sql`ri."reviewerId"`, Prisma.sql`ri."campaignId"`, now)}
        AND ri."part" = 'ACCESS' AND ri."decidedAt" IS NULL
        AND NOT coalesce((ri."identitySnapshot")."breakGlass", false)
        AND NOT ${selfReview(Prisma.sql`${viewer.id}::text`, "x")}
        AND coalesce(ri."decision"::text, 'CONFIRM') = 'CONFIRM' ${only}
    ), all_proposed AS (
      SELECT it."id" AS "itemId", 'ENTITLEMENT'::"DecisionTarget" AS target, e.id AS "targetId", e.suggested AS decision
      FROM items it CROSS JOIN LATERAL unnest(it."entitlementSnapshot") e
      UNION ALL
      SELECT it."id", 'CREDENTIAL'::"DecisionTarget", c.id, c.suggested
      FROM items it CROSS JOIN LATERAL unnest(it."credentialSnapshot") c
    ), proposed AS (
      SELECT p.* FROM all_proposed p
      WHERE NOT EXISTS (SELECT 1 FROM "ReviewDecision" d WHERE d."itemId" = p."itemId" AND d."target" = p.target AND d."targetId" = p."targetId")
    )`;
}

export interface BulkCounts {
  items: number;
  keep: number;
  revoke: number;
  rotate: number;
}

async function campaignForBulk(viewer: Viewer, campaignId: string, now: Date) {
  const c = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true, commentRequired: true } });
  const [{ mine }] = c
    ? await db.$queryRaw<{ mine: boolean }[]>(Prisma.sql`SELECT EXISTS (SELECT 1 FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId}
        AND ${actsFor(viewer.id, Prisma.sql`ri."reviewerId"`, Prisma.sql`ri."campaignId"`, now)}) AS mine`)
    : [{ mine: false }];
  if (!c || (!mine && !can(viewer, "campaign:read"))) throw new NotFoundError("Campaign not found.");
  return { status: c.status, policy: c.commentRequired as CommentPolicy };
}

/** What "keep all used, revoke all unused" would decide now, for the confirmation. */
export async function previewBulkDecision(viewer: Viewer, campaignId: string, itemIds?: string[], now = new Date()): Promise<BulkCounts & { commentRequired: boolean }> {
  assertCan(viewer, "review:decide");
  const { policy } = await campaignForBulk(viewer, campaignId, now);
  const rows = await db.$queryRaw<{ decision: string; n: bigint; items: bigint }[]>(Prisma.sql`
    WITH ${proposedCte(viewer, campaignId, itemIds, now)}
    SELECT decision, count(*) AS n, count(DISTINCT "itemId") AS items FROM proposed GROUP BY ROLLUP (decision)`);
  const by = (d: string | null) => rows.find((r) => r.decision === d);
  const counts = { items: Number(by(null)?.items ?? 0), keep: Number(by("KEEP")?.n ?? 0), revoke: Number(by("REVOKE")?.n ?? 0), rotate: Number(by("ROTATE")?.n ?? 0) };
  const commentRequired = (["KEEP", "REVOKE", "ROTATE"] as const).some((d) => counts[d.toLowerCase() as "keep"] > 0 && needsComment(policy, d));
  return { ...counts, commentRequired };
}

/**
 * Applies "keep all used, revoke all unused" to the viewer's undecided grants and credentials in one campaign
 * (or the picked items), set-based. Decisions already made are never overwritten. One audit event per item.
 */
export async function bulkKeepUsedRevokeUnused(viewer: Viewer, campaignId: string, raw: TBulkDecision, now = new Date()): Promise<BulkCounts & { completed: number }> {
  assertCan(viewer, "review:decide");
  const input = ZBulkDecision.parse(raw);
  const { status, policy } = await campaignForBulk(viewer, campaignId, now);
  assertAllowed("decide", status);
  return db.$transaction(async (tx) => {
    // Same lock order as decide(): the campaign's items of this reviewer, then the decisions.
    await tx.$executeRaw(Prisma.sql`SELECT 1 FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId}
      AND ${actsFor(viewer.id, Prisma.sql`ri."reviewerId"`, Prisma.sql`ri."campaignId"`, now)} AND ri."decidedAt" IS NULL ORDER BY ri."id" FOR UPDATE`);
    const current = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } });
    assertAllowed("decide", current.status);
    const needs = await tx.$queryRaw<{ needs: boolean }[]>(Prisma.sql`
      WITH ${proposedCte(viewer, campaignId, input.itemIds, now)}
      SELECT EXISTS (SELECT 1 FROM proposed p JOIN "ReviewItem" ri ON ri."id" = p."itemId"
        WHERE coalesce(ri."comment", '') = '' AND (${policy}::text = 'ALWAYS' OR (${policy}::text = 'ON_REVOKE' AND p.decision = 'REVOKE'))) AS needs`);
    if (needs[0]?.needs && !input.comment) throw new ValidationError(commentMessage(policy), { comment: "Required" });

    const inserted = await tx.$queryRaw<{ itemId: string; decision: string }[]>(Prisma.sql`
      WITH ${proposedCte(viewer, campaignId, input.itemIds, now)}
      INSERT INTO "ReviewDecision" ("id", "campaignId", "itemId", "target", "targetId", "decision", "comment", "source", "decidedById",
        "reviewerOfRecordId", "decidedAt")
      SELECT 'rd_' || replace(gen_random_uuid()::text, '-', ''), ${campaignId}, p."itemId", p.target, p."targetId", p.decision,
        coalesce(nullif(ri."comment", ''), ${input.comment ?? null}), 'BULK', ${viewer.id}, coalesce(ri."delegatedFromId", ri."reviewerId"), ${now}
      FROM proposed p JOIN "ReviewItem" ri ON ri."id" = p."itemId"
      ON CONFLICT ("itemId", "target", "targetId") DO NOTHING
      RETURNING "itemId", "decision"`);
    const perItem = new Map<string, { KEEP: number; REVOKE: number; ROTATE: number }>();
    for (const r of inserted) {
      const c = perItem.get(r.itemId) ?? { KEEP: 0, REVOKE: 0, ROTATE: 0 };
      c[r.decision as "KEEP"]++;
      perItem.set(r.itemId, c);
    }
    const itemIds = [...perItem.keys()];
    if (input.comment && itemIds.length) {
      await tx.$executeRaw`UPDATE "ReviewItem" SET "comment" = ${input.comment} WHERE "id" = ANY(${itemIds}::text[]) AND coalesce("comment", '') = ''`;
    }
    const completed = await refreshCompletion(tx, itemIds, viewer.id, now);
    await recordAuditMany(
      tx,
      itemIds.map((id) => ({
        actor: viewer,
        action: "review.bulk-decide",
        targetType: "ReviewItem",
        targetId: id,
        after: { keep: perItem.get(id)!.KEEP, revoke: perItem.get(id)!.REVOKE, rotate: perItem.get(id)!.ROTATE },
        meta: { campaignId, rule: "keep used, revoke unused", ...(input.comment ? { comment: input.comment } : {}) },
      })),
    );
    const sum = (k: "KEEP" | "REVOKE" | "ROTATE") => inserted.filter((r) => r.decision === k).length;
    return { items: itemIds.length, keep: sum("KEEP"), revoke: sum("REVOKE"), rotate: sum("ROTATE"), completed };
  });
}

/** Recomputes decidedAt of items after decisions were added in bulk, with the one completeness rule. */
async function refreshCompletion(tx: Tx, itemIds: string[], viewerId: string, now: Date): Promise<number> {
  if (!itemIds.length) return 0;
  const rows = await tx.$queryRaw<
    (Omit<ItemState, "decisions" | "breakGlassAttested"> & { id: string; decided: { k: string; d: string }[]; breakGlassAttestedAt: Date | null })[]
  >(Prisma.sql`
    SELECT ri."id", ri."part", coalesce((ri."identitySnapshot")."breakGlass", false) AS "breakGlass",
      ARRAY(SELECT e.id FROM unnest(ri."entitlementSnapshot") e) AS "entitlementIds",
      ARRAY(SELECT c.id FROM unnest(ri."credentialSnapshot") c) AS "credentialIds",
      ri."purposeConfirmed", ri."breakGlassAttestedAt", ri."comment", c."commentRequired" AS "commentPolicy",
      coalesce((SELECT jsonb_agg(jsonb_build_object('k', d."target"::text || ':' || d."targetId", 'd', d."decision"))
        FROM "ReviewDecision" d WHERE d."itemId" = ri."id"), '[]'::jsonb) AS decided
    FROM "ReviewItem" ri JOIN "Campaign" c ON c."id" = ri."campaignId"
    WHERE ri."id" = ANY(${itemIds}::text[])`);
  const done = rows
    .filter((r) => itemProgress({ ...r, breakGlassAttested: !!r.breakGlassAttestedAt, decisions: new Map(r.decided.map((x) => [x.k, x.d])) }).complete)
    .map((r) => r.id);
  await tx.$executeRaw`UPDATE "ReviewItem" SET "lastActivityAt" = ${now} WHERE "id" = ANY(${itemIds}::text[])`;
  if (done.length) {
    await tx.$executeRaw`UPDATE "ReviewItem" SET "decidedAt" = ${now}, "decidedById" = ${viewerId} WHERE "id" = ANY(${done}::text[])`;
  }
  return done.length;
}
