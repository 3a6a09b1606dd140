import "server-only";
// Delegation of reviews: a reviewer (the delegator) lets someone else (the delegate) decide their items for a time
// window, in every campaign or one. The items stay assigned to the delegator, who remains the reviewer of record;
// the delegate sees them in their inbox ("for <name>") and decisions record both (decidedById = the delegate,
// reviewerOfRecordId = the delegator). Whether a delegation applies is decided in SQL at read time (actsFor in
// ./sql.ts), so it starts and ends by itself; revoking ends it early. The self-review rule is checked against the
// delegate at every decision (decisions.ts), and a delegation that would hand the delegate such items is refused.
import { db, Prisma } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { enqueueMessage } from "../notify/outbox";
import { formatDate } from "../utils";
import { ZDelegationInput, type TDelegationInput } from "./schemas";
import { REVIEWER_ROLES, selfReview } from "./sql";
import { ts } from "../rules/sql";

const delegationSelect = {
  id: true,
  delegatorId: true,
  delegateId: true,
  campaignId: true,
  startsAt: true,
  endsAt: true,
  reason: true,
  createdAt: true,
  revokedAt: true,
  delegator: { select: { id: true, name: true, email: true } },
  delegate: { select: { id: true, name: true, email: true } },
  campaign: { select: { id: true, name: true } },
} satisfies Prisma.DelegationSelect;

export type DelegationState = "ACTIVE" | "SCHEDULED" | "ENDED" | "REVOKED";

/** Where a delegation stands at `now`: the one reading of its window. */
export function delegationState(d: { startsAt: Date; endsAt: Date; revokedAt: Date | null }, now: Date): DelegationState {
  if (d.revokedAt) return "REVOKED";
  if (d.endsAt.getTime() <= now.getTime()) return "ENDED";
  if (d.startsAt.getTime() > now.getTime()) return "SCHEDULED";
  return "ACTIVE";
}

function dto<T extends { startsAt: Date; endsAt: Date; revokedAt: Date | null }>(d: T, now: Date) {
  return { ...d, state: delegationState(d, now) };
}

/** Not revoked and not ended at `now` (active or scheduled). */
const live = (now: Date): Prisma.DelegationWhereInput => ({ revokedAt: null, endsAt: { gt: now } });

/** The delegations in force for a delegate at `now` (for Prisma-side scopes: the ids of whom they act for). */
/** Delegations in force at `now` (the Prisma form of the window actsFor checks in SQL). */
export function activeDelegationWhere(now: Date) {
  return { revokedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } satisfies Prisma.DelegationWhereInput;
}

export async function activeDelegationsFor(delegateId: string, now = new Date()) {
  return db.delegation.findMany({
    where: { delegateId, ...activeDelegationWhere(now) },
    select: { delegatorId: true, campaignId: true },
  });
}

/**
 * Records a delegation. The delegator is the viewer (admins may name another). Refused: delegating to oneself, to
 * someone inactive or who may not review, overlapping an existing delegation of the same reviews, a campaign that is
 * over, and a delegate who would be certifying NHIs that act for them (the self-review rule) among the items it covers.
 */
export async function createDelegation(viewer: Viewer, raw: TDelegationInput, now = new Date()) {
  assertCan(viewer, "review:decide");
  const input = ZDelegationInput.parse(raw);
  const delegatorId = input.delegatorId ?? viewer.id;
  if (delegatorId !== viewer.id && !can(viewer, "campaign:manage")) throw new ForbiddenError("Only an admin can delegate someone else's reviews.");
  if (input.delegateId === delegatorId) throw new ValidationError("You cannot delegate your reviews to yourself.", { delegateId: "Choose someone else" });
  if (input.endsAt.getTime() <= now.getTime()) throw new ValidationError("This window has already ended.", { endsAt: "In the past" });

  return db.$transaction(async (tx) => {
    // Serialises delegations of one delegator, so two overlapping ones cannot both pass the overlap check.
    const [delegator] = await tx.$queryRaw<{ id: string; name: string; active: boolean }[]>`SELECT "id", "name", "active" FROM "User" WHERE "id" = ${delegatorId} FOR UPDATE`;
    if (!delegator) throw new NotFoundError("User not found.");
    const delegate = await tx.user.findUnique({ where: { id: input.delegateId }, select: { id: true, name: true, email: true, active: true, role: true } });
    if (!delegate) throw new ValidationError("Choose someone from the list.", { delegateId: "Unknown user" });
    if (!delegate.active) throw new ValidationError(`${delegate.name} is deactivated: choose an active colleague.`, { delegateId: "Deactivated" });
    if (!REVIEWER_ROLES.includes(delegate.role)) throw new ValidationError(`${delegate.name} cannot decide reviews (role).`, { delegateId: "Cannot review" });

    let campaign: { id: string; name: string } | null = null;
    if (input.campaignId) {
      const c = await tx.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true, name: true, status: true } });
      if (!c) throw new ValidationError("Choose a campaign from the list.", { campaignId: "Unknown campaign" });
      if (c.status !== "DRAFT" && c.status !== "ACTIVE") throw new ValidationError(`"${c.name}" is no longer running: there is nothing to delegate.`, { campaignId: "Not running" });
      campaign = { id: c.id, name: c.name };
    }

    // One delegation at a time for the same reviews: "all campaigns" overlaps every single-campaign one.
    const overlap = await tx.delegation.findFirst({
      where: {
        delegatorId,
        revokedAt: null,
        startsAt: { lt: input.endsAt },
        endsAt: { gt: input.startsAt },
        ...(input.campaignId ? { OR: [{ campaignId: null }, { campaignId: input.campaignId }] } : {}),
      },
      select: { endsAt: true, delegate: { select: { name: true } } },
    });
    if (overlap) {
      throw new ValidationError(`These reviews are already delegated to ${overlap.delegate.name} until ${formatDate(overlap.endsAt)}: revoke that delegation first.`, {
        startsAt: "Overlaps another delegation",
      });
    }

    // The self-review rule, for the delegate: the undecided items this delegation would hand them.
    const [{ blocked }] = await tx.$queryRaw<{ blocked: bigint }[]>(Prisma.sql`
      SELECT count(*) AS blocked FROM "ReviewItem" ri
      JOIN "Campaign" c ON c."id" = ri."campaignId" AND c."status" = 'ACTIVE'
      JOIN "Identity" i ON i."id" = ri."identityId"
      CROSS JOIN LATERAL (SELECT ri."part", i."ownerId", i."onBehalfOfUserId") x
      WHERE ri."reviewerId" = ${delegatorId} AND ri."decidedAt" IS NULL
        ${input.campaignId ? Prisma.sql`AND ri."campaignId" = ${input.campaignId}` : Prisma.empty}
        AND ${selfReview(Prisma.sql`${delegate.id}::text`, "x")}`);
    if (Number(blocked) > 0) {
      throw new ValidationError(
        `${delegate.name} cannot certify ${Number(blocked) === 1 ? "one of these items" : `${Number(blocked)} of these items`}: the NHI acts for them (self-review). Choose someone else${input.campaignId ? "" : ", or delegate one campaign"}.`,
        { delegateId: "Self-review" },
      );
    }

    const row = await tx.delegation.create({
      data: { delegatorId, delegateId: delegate.id, campaignId: input.campaignId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, createdById: viewer.id },
      select: delegationSelect,
    });
    await recordAudit(tx, {
      actor: viewer,
      action: "delegation.create",
      targetType: "Delegation",
      targetId: row.id,
      after: { delegatorId, delegateId: delegate.id, campaignId: input.campaignId, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString(), reason: input.reason },
    });
    await enqueueMessage(tx, {
      to: delegate.email,
      subject: `${delegator.name} delegated their reviews to you`,
      body: `${delegator.name} asked you to decide their access reviews (${campaign ? `campaign "${campaign.name}"` : "all campaigns"}) from ${formatDate(input.startsAt)} to ${formatDate(input.endsAt)}.${input.reason ? `\n\nReason: ${input.reason}` : ""}\n\nTheir items appear in your reviews, marked "for ${delegator.name}". Your decisions are recorded as made by you for them.`,
      link: "/reviews",
      dedupKey: `delegation:${row.id}:created`,
    });
    return dto(row, now);
  });
}

/** Ends a delegation now. The delegator, the delegate (declining it) and admins may revoke; an ended one cannot be. */
export async function revokeDelegation(viewer: Viewer, id: string, now = new Date()) {
  assertCan(viewer, "review:decide");
  return db.$transaction(async (tx) => {
    const [d] = await tx.$queryRaw<{ id: string; delegatorId: string; delegateId: string; startsAt: Date; endsAt: Date; revokedAt: Date | null }[]>`
      SELECT "id", "delegatorId", "delegateId", "startsAt", "endsAt", "revokedAt" FROM "Delegation" WHERE "id" = ${id} FOR UPDATE`;
    const mine = d && (d.delegatorId === viewer.id || d.delegateId === viewer.id);
    if (!d || !(mine || can(viewer, "campaign:manage"))) throw new NotFoundError("Delegation not found.");
    const state = delegationState(d, now);
    if (state === "REVOKED" || state === "ENDED") throw new ValidationError(`This delegation has already ${state === "REVOKED" ? "been revoked" : "ended"}.`);
    await tx.delegation.update({ where: { id }, data: { revokedAt: now, revokedById: viewer.id } });
    await recordAudit(tx, { actor: viewer, action: "delegation.revoke", targetType: "Delegation", targetId: id, before: { state }, after: { state: "REVOKED", revokedAt: now.toISOString() } });
    return { id, state: "REVOKED" as const };
  });
}

/** The viewer's delegations in force or scheduled: those they gave and those they received. */
export async function listMyDelegations(viewer: Viewer, now = new Date()) {
  assertCan(viewer, "review:decide");
  const rows = await db.delegation.findMany({
    where: { AND: [live(now), { OR: [{ delegatorId: viewer.id }, { delegateId: viewer.id }] }] },
    select: delegationSelect,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 200,
  });
  return {
    given: rows.filter((r) => r.delegatorId === viewer.id).map((r) => dto(r, now)),
    received: rows.filter((r) => r.delegateId === viewer.id).map((r) => dto(r, now)),
  };
}
export type DelegationRow = Awaited<ReturnType<typeof listMyDelegations>>["given"][number];

/**
 * For the campaign page: delegations that cover this campaign (it alone, or all campaigns of a reviewer with items
 * in it), in force or scheduled, plus those that ended or were revoked while it ran (the record of who acted for whom).
 */
export async function listCampaignDelegations(viewer: Viewer, campaignId: string, now = new Date()) {
  assertCan(viewer, "campaign:read");
  const c = await db.campaign.findUnique({ where: { id: campaignId }, select: { launchedAt: true, createdAt: true } });
  if (!c) throw new NotFoundError("Campaign not found.");
  const since = c.launchedAt ?? c.createdAt;
  const ids = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT d."id" FROM "Delegation" d
    WHERE d."endsAt" > ${ts(since)} AND (d."campaignId" = ${campaignId}
      OR (d."campaignId" IS NULL AND EXISTS (SELECT 1 FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId} AND ri."reviewerId" = d."delegatorId")))
    ORDER BY d."startsAt" DESC LIMIT 200`);
  const rows = await db.delegation.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: delegationSelect, orderBy: [{ startsAt: "desc" }, { id: "asc" }] });
  return rows.map((r) => dto(r, now));
}

/** Campaigns the viewer may delegate one of: running ones in which they have items. */
export async function listDelegableCampaigns(viewer: Viewer) {
  assertCan(viewer, "review:decide");
  return db.$queryRaw<{ id: string; name: string }[]>`
    SELECT c."id", c."name" FROM "Campaign" c
    WHERE c."status" = 'ACTIVE' AND EXISTS (SELECT 1 FROM "ReviewItem" ri WHERE ri."campaignId" = c."id" AND ri."reviewerId" = ${viewer.id})
    ORDER BY c."dueAt", c."id"`;
}
