import "server-only";
import { RISK_TIERS, type RiskTier } from "./automation";
import { riskTierSql } from "./no-response";
import { db, Prisma } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { ForbiddenError, NotFoundError } from "../errors";
import { inventoryWhere } from "../identities/queries";
import { loadRuleContext } from "../rules/context";
import type { ReviewRouting } from "../db/generated/enums";
import { compactScope, parseScope, type TCampaignItemsQuery, type TCampaignListQuery } from "./schemas";
import { reviewItemExceptions } from "../exceptions/queries";
import type { ReviewTarget } from "../exceptions/review";
import { readSnapshot } from "./snapshot";
import { activeDelegationsFor } from "./delegation";
import { actsFor, deltaCtes, routedCte, selfReview, snapshotCtes, snapshotJson } from "./sql";
import { decisionKey, itemProgress, type CommentPolicy } from "./state";

// ── Who sees what ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The review items a viewer may read (DESIGN.md section 3): admins, security viewers and auditors every item; a
 * reviewer the items assigned or delegated to them, and those they delegated on (they stay the reviewer of record).
 */
export function reviewItemScope(viewer: Viewer, delegations: { delegatorId: string; campaignId: string | null }[] = []): Prisma.ReviewItemWhereInput {
  if (can(viewer, "campaign:read")) return {};
  if (can(viewer, "review:decide")) {
    // A delegate also sees the items of whom they act for (delegations in force: activeDelegationsFor).
    const forOthers = delegations.map((d) => ({ reviewerId: d.delegatorId, ...(d.campaignId ? { campaignId: d.campaignId } : {}) }));
    return { OR: [{ reviewerId: viewer.id }, { delegatedFromId: viewer.id }, ...forOthers] };
  }
  return { id: { in: [] } };
}

/** The viewer's items: theirs, handed on by them, or of someone they act for now (actsFor). */
function mine(viewer: Viewer, now: Date): Prisma.Sql {
  return Prisma.sql`(${actsFor(viewer.id, Prisma.sql`ri."reviewerId"`, Prisma.sql`ri."campaignId"`, now)} OR ri."delegatedFromId" = ${viewer.id})`;
}

// ── Campaigns ────────────────────────────────────────────────────────────────────────────────────────────────────

export const campaignSelect = {
  id: true,
  name: true,
  description: true,
  scope: true,
  status: true,
  dueAt: true,
  commentRequired: true,
  noResponseOutcome: true,
  remediationDays: true,
  deltaReview: true,
  reminderDays: true,
  escalation: true,
  noResponseAction: true,
  recurrence: true,
  recurrencePerTeam: true,
  durationDays: true,
  definitionId: true,
  period: true,
  fallbackReviewerId: true,
  backupReviewerId: true,
  createdById: true,
  unusedWindowDays: true,
  itemCount: true,
  launchedAt: true,
  reviewClosedAt: true,
  closedAt: true,
  cancelledAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CampaignSelect;

type CampaignRow = Prisma.CampaignGetPayload<{ select: typeof campaignSelect }>;

async function peopleById(ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, { id: string; name: string; email: string; active: boolean }>();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true, active: true } });
  return new Map(users.map((u) => [u.id, u]));
}

/** Decided / no-response / total counts per campaign, for lists. */
async function countsFor(campaignIds: string[]) {
  if (!campaignIds.length) return new Map<string, { total: number; decided: number; noResponse: number }>();
  const rows = await db.$queryRaw<{ campaignId: string; total: bigint; decided: bigint; noResponse: bigint }[]>(Prisma.sql`
    SELECT "campaignId", count(*) AS total, count("decidedAt") AS decided, count(*) FILTER (WHERE "noResponse") AS "noResponse"
    FROM "ReviewItem" WHERE "campaignId" = ANY(${campaignIds}::text[]) GROUP BY "campaignId"`);
  return new Map(rows.map((r) => [r.campaignId, { total: Number(r.total), decided: Number(r.decided), noResponse: Number(r.noResponse) }]));
}

function decorate(c: CampaignRow, counts: { total: number; decided: number; noResponse: number } | undefined, people: Awaited<ReturnType<typeof peopleById>>) {
  const total = counts?.total ?? 0;
  const decided = counts?.decided ?? 0;
  return {
    ...c,
    commentRequired: c.commentRequired as CommentPolicy,
    scope: compactScope(parseScope(c.scope)),
    fallbackReviewer: c.fallbackReviewerId ? (people.get(c.fallbackReviewerId) ?? null) : null,
    backupReviewer: c.backupReviewerId ? (people.get(c.backupReviewerId) ?? null) : null,
    createdBy: people.get(c.createdById) ?? null,
    progress: { total, decided, noResponse: counts?.noResponse ?? 0, percent: total ? Math.floor((decided / total) * 100) : 0 },
  };
}
export type CampaignDto = ReturnType<typeof decorate>;

const LIST_SORTS = {
  created: (dir: Prisma.SortOrder) => [{ createdAt: dir }, { id: dir }],
  due: (dir: Prisma.SortOrder) => [{ dueAt: dir }, { id: dir }],
  name: (dir: Prisma.SortOrder) => [{ name: dir }, { id: dir }],
} satisfies Record<TCampaignListQuery["sort"], (dir: Prisma.SortOrder) => Prisma.CampaignOrderByWithRelationInput[]>;

function listWhere(q: Pick<TCampaignListQuery, "status">): Prisma.CampaignWhereInput {
  if (q.status === "all") return {};
  if (q.status === "open") return { status: { in: ["DRAFT", "ACTIVE", "REMEDIATION"] } };
  return { status: q.status };
}

export async function listCampaigns(viewer: Viewer, q: TCampaignListQuery) {
  assertCan(viewer, "campaign:read");
  const where = listWhere(q);
  const [rows, total] = await Promise.all([
    db.campaign.findMany({ where, select: campaignSelect, orderBy: LIST_SORTS[q.sort](q.dir), skip: (q.page - 1) * q.size, take: q.size }),
    db.campaign.count({ where }),
  ]);
  const [counts, people] = await Promise.all([
    countsFor(rows.map((r) => r.id)),
    peopleById(rows.flatMap((r) => [r.createdById, r.fallbackReviewerId, r.backupReviewerId])),
  ]);
  return { rows: rows.map((r) => decorate(r, counts.get(r.id), people)), total };
}
export type CampaignListRow = Awaited<ReturnType<typeof listCampaigns>>["rows"][number];

/** Cursor page for the API: newest first. */
export async function listCampaignsPage(viewer: Viewer, cursor: string | undefined, limit: number) {
  assertCan(viewer, "campaign:read");
  const rows = await db.campaign.findMany({
    select: campaignSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  const [counts, people] = await Promise.all([countsFor(page.map((r) => r.id)), peopleById(page.flatMap((r) => [r.createdById, r.fallbackReviewerId, r.backupReviewerId]))]);
  return { data: page.map((r) => decorate(r, counts.get(r.id), people)), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export async function getCampaign(viewer: Viewer, id: string) {
  assertCan(viewer, "campaign:read");
  const c = await db.campaign.findUnique({ where: { id }, select: campaignSelect });
  if (!c) throw new NotFoundError("Campaign not found.");
  const [counts, people] = await Promise.all([countsFor([id]), peopleById([c.createdById, c.fallbackReviewerId, c.backupReviewerId])]);
  return decorate(c, counts.get(id), people);
}

const tierSql = riskTierSql(Prisma.sql`i."riskScore"`);

// ── Preview (before launch) ──────────────────────────────────────────────────────────────────────────────────────

export interface RoutingCount {
  routedBy: ReviewRouting;
  count: number;
}

/**
 * What launching would create, now: how many items, for whom (by routing reason, by reviewer, by team). Runs the
 * launch's own routing SQL, so the preview and the launch cannot disagree on the rule.
 */
export async function previewCampaign(viewer: Viewer, id: string, now = new Date()) {
  assertCan(viewer, "campaign:read");
  const c = await db.campaign.findUnique({ where: { id }, select: { scope: true, fallbackReviewerId: true, backupReviewerId: true, deltaReview: true } });
  if (!c) throw new NotFoundError("Campaign not found.");
  const scope = parseScope(c.scope);
  const ids = (await db.identity.findMany({ where: inventoryWhere(viewer, scope), select: { id: true } })).map((r) => r.id);
  const rows = await db.$queryRaw<{ reviewerId: string | null; routedBy: ReviewRouting; teamId: string | null; part: string; n: bigint }[]>(Prisma.sql`
    WITH ${routedCte({ ids, fallbackReviewerId: c.fallbackReviewerId, backupReviewerId: c.backupReviewerId })}
    SELECT "reviewerId", "routedBy", "teamId", part::text AS part, count(*) AS n FROM routed GROUP BY 1, 2, 3, 4`);
  const byRouting = new Map<ReviewRouting, number>();
  const byReviewer = new Map<string, number>();
  const byTeam = new Map<string, number>();
  let total = 0;
  let delegations = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    if (r.part === "DELEGATION") delegations += n;
    byRouting.set(r.routedBy, (byRouting.get(r.routedBy) ?? 0) + n);
    if (r.reviewerId) byReviewer.set(r.reviewerId, (byReviewer.get(r.reviewerId) ?? 0) + n);
    byTeam.set(r.teamId ?? "", (byTeam.get(r.teamId ?? "") ?? 0) + n);
  }
  const topReviewers = [...byReviewer.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const [people, teams] = await Promise.all([
    peopleById(topReviewers.map(([rid]) => rid)),
    db.team.findMany({ where: { id: { in: [...byTeam.keys()].filter(Boolean) } }, select: { id: true, name: true } }),
  ]);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  // NHIs by risk tier (the tier is frozen at launch): what the no-response rule would do to each if left undecided.
  const tiers = ids.length
    ? await db.$queryRaw<{ tier: RiskTier; n: bigint }[]>(Prisma.sql`
        SELECT ${tierSql} AS tier, count(*) AS n FROM "Identity" i WHERE i."id" = ANY(${ids}::text[]) GROUP BY 1`)
    : [];
  return {
    byTier: Object.fromEntries(RISK_TIERS.map((t) => [t, Number(tiers.find((x) => x.tier === t)?.n ?? 0)])) as Record<RiskTier, number>,
    nhis: ids.length,
    total,
    delegations,
    // Delta review: how many items the launch would create already certified (carried forward), by the launch's own SQL.
    carried: c.deltaReview ? await countCarryForward(ids, c, now) : null,
    reviewers: byReviewer.size,
    byRouting: [...byRouting.entries()].map(([routedBy, count]) => ({ routedBy, count })).sort((a, b) => b.count - a.count),
    topReviewers: topReviewers.map(([rid, count]) => ({ reviewer: people.get(rid) ?? { id: rid, name: "(unknown)", email: "", active: false }, count })),
    byTeam: [...byTeam.entries()].map(([tid, count]) => ({ team: tid ? (teamName.get(tid) ?? "(removed team)") : "No team", count })).sort((a, b) => b.count - a.count),
  };
}
export type CampaignPreview = Awaited<ReturnType<typeof previewCampaign>>;

async function countCarryForward(ids: string[], c: { fallbackReviewerId: string | null; backupReviewerId: string | null }, now: Date) {
  const ctx = await loadRuleContext({ now });
  const [row] = await db.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH ${routedCte({ ids, fallbackReviewerId: c.fallbackReviewerId, backupReviewerId: c.backupReviewerId })},
    ${snapshotCtes({ now, unusedWindowDays: ctx.unusedWindowDays, defaultMaxAgeDays: ctx.defaultMaxAgeDays })}, ${deltaCtes()}
    SELECT count(*)::int AS n FROM delta WHERE carry`);
  return row.n;
}

// ── Progress ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Percent decided overall, by team and by reviewer (non-responders: reviewers with nothing decided yet). */
export async function getCampaignProgress(viewer: Viewer, id: string) {
  assertCan(viewer, "campaign:read");
  const exists = await db.campaign.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw new NotFoundError("Campaign not found.");
  const [byReviewer, byTeam, byRouting] = await Promise.all([
    db.$queryRaw<{ reviewerId: string | null; total: bigint; decided: bigint; noResponse: bigint; lastActivityAt: Date | null }[]>(Prisma.sql`
      SELECT "reviewerId", count(*) AS total, count("decidedAt") AS decided, count(*) FILTER (WHERE "noResponse") AS "noResponse",
        max("lastActivityAt") AS "lastActivityAt"
      FROM "ReviewItem" WHERE "campaignId" = ${id} GROUP BY "reviewerId"`),
    db.$queryRaw<{ teamId: string | null; name: string | null; total: bigint; decided: bigint }[]>(Prisma.sql`
      SELECT ri."teamId", t."name", count(*) AS total, count(ri."decidedAt") AS decided
      FROM "ReviewItem" ri LEFT JOIN "Team" t ON t."id" = ri."teamId"
      WHERE ri."campaignId" = ${id} GROUP BY ri."teamId", t."name"`),
    db.$queryRaw<{ routedBy: ReviewRouting; total: bigint; decided: bigint }[]>(Prisma.sql`
      SELECT "routedBy", count(*) AS total, count("decidedAt") AS decided FROM "ReviewItem" WHERE "campaignId" = ${id} GROUP BY "routedBy"`),
  ]);
  const people = await peopleById(byReviewer.map((r) => r.reviewerId));
  const teamsOf = await db.user.findMany({
    where: { id: { in: [...people.keys()] } },
    select: { id: true, team: { select: { name: true } } },
  });
  const teamOfUser = new Map(teamsOf.map((u) => [u.id, u.team?.name ?? null]));
  const pct = (d: number, t: number) => (t ? Math.floor((d / t) * 100) : 0);
  const reviewers = byReviewer
    .map((r) => {
      const total = Number(r.total);
      const decided = Number(r.decided);
      return {
        reviewer: r.reviewerId ? (people.get(r.reviewerId) ?? null) : null,
        team: r.reviewerId ? (teamOfUser.get(r.reviewerId) ?? null) : null,
        total,
        decided,
        pending: total - decided - Number(r.noResponse),
        percent: pct(decided, total),
        lastActivityAt: r.lastActivityAt,
      };
    })
    .sort((a, b) => b.pending - a.pending || a.percent - b.percent);
  const total = reviewers.reduce((n, r) => n + r.total, 0);
  const decided = reviewers.reduce((n, r) => n + r.decided, 0);
  return {
    total,
    decided,
    percent: pct(decided, total),
    teams: byTeam
      .map((t) => ({ teamId: t.teamId, name: t.name ?? "No team", total: Number(t.total), decided: Number(t.decided), percent: pct(Number(t.decided), Number(t.total)) }))
      .sort((a, b) => a.percent - b.percent || b.total - a.total),
    reviewers,
    /** Reviewers who have not decided a single item yet, and the items waiting on nobody (unassigned). */
    nonResponders: reviewers.filter((r) => r.reviewer && r.decided === 0 && r.pending > 0),
    unassigned: reviewers.find((r) => !r.reviewer)?.pending ?? 0,
    routing: byRouting.map((r) => ({ routedBy: r.routedBy, total: Number(r.total), decided: Number(r.decided) })).sort((a, b) => b.total - a.total),
  };
}
export type CampaignProgress = Awaited<ReturnType<typeof getCampaignProgress>>;

// ── Items ────────────────────────────────────────────────────────────────────────────────────────────────────────

const itemListSelect = {
  id: true,
  campaignId: true,
  identityId: true,
  part: true,
  reviewerId: true,
  delegatedFromId: true,
  routedBy: true,
  teamId: true,
  decision: true,
  decidedAt: true,
  decidedById: true,
  noResponse: true,
  lastActivityAt: true,
  identity: { select: { name: true, kind: true, riskScore: true, environment: true, breakGlass: true } },
  reviewer: { select: { id: true, name: true, email: true, active: true } },
} satisfies Prisma.ReviewItemSelect;

/** A reviewer's scope includes the items of whom they act for now (delegations in force). */
async function scopeOf(viewer: Viewer) {
  return reviewItemScope(viewer, can(viewer, "campaign:read") ? [] : await activeDelegationsFor(viewer.id));
}

function itemsWhere(scope: Prisma.ReviewItemWhereInput, campaignId: string, q: Partial<TCampaignItemsQuery>): Prisma.ReviewItemWhereInput {
  const and: Prisma.ReviewItemWhereInput[] = [{ campaignId }, scope];
  if (q.state === "pending") and.push({ decidedAt: null, noResponse: false });
  if (q.state === "decided") and.push({ decidedAt: { not: null } });
  if (q.state === "noResponse") and.push({ noResponse: true });
  if (q.reviewer === "none") and.push({ reviewerId: null });
  else if (q.reviewer) and.push({ reviewerId: q.reviewer });
  if (q.team) and.push({ teamId: q.team });
  if (q.routedBy) and.push({ routedBy: q.routedBy });
  if (q.part) and.push({ part: q.part });
  if (q.q) and.push({ identity: { name: { contains: q.q, mode: "insensitive" } } });
  return { AND: and };
}

const ITEM_SORTS = {
  nhi: (dir: Prisma.SortOrder) => [{ identity: { name: dir } }, { id: dir }],
  risk: (dir: Prisma.SortOrder) => [{ identity: { riskScore: dir } }, { id: dir }],
  reviewer: (dir: Prisma.SortOrder) => [{ reviewer: { name: dir } }, { id: dir }],
  decided: (dir: Prisma.SortOrder) => [{ decidedAt: { sort: dir, nulls: "last" as const } }, { id: dir }],
} satisfies Record<TCampaignItemsQuery["sort"], (dir: Prisma.SortOrder) => Prisma.ReviewItemOrderByWithRelationInput[]>;

/** The items table of one campaign (admins and auditors: every item; a reviewer: theirs). */
export async function listCampaignItems(viewer: Viewer, campaignId: string, q: TCampaignItemsQuery) {
  if (!can(viewer, "campaign:read")) assertCan(viewer, "review:decide");
  const where = itemsWhere(await scopeOf(viewer), campaignId, q);
  const [rows, total] = await Promise.all([
    db.reviewItem.findMany({ where, select: itemListSelect, orderBy: ITEM_SORTS[q.sort](q.dir), skip: (q.page - 1) * q.size, take: q.size }),
    db.reviewItem.count({ where }),
  ]);
  return { rows, total };
}
export type CampaignItemRow = Awaited<ReturnType<typeof listCampaignItems>>["rows"][number];

/** Cursor page of a campaign's items for the API, with the decisions made. */
export async function listCampaignItemsPage(viewer: Viewer, campaignId: string, cursor: string | undefined, limit: number) {
  if (!can(viewer, "campaign:read")) assertCan(viewer, "review:decide");
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } });
  if (!campaign) throw new NotFoundError("Campaign not found.");
  // A reviewer with nothing in the campaign gets what its inbox page gives: not found (ids cannot be probed).
  if (!can(viewer, "campaign:read") && !(await db.reviewItem.count({ where: { AND: [{ campaignId }, reviewItemScope(viewer)] }, take: 1 }))) {
    throw new NotFoundError("Campaign not found.");
  }
  const rows = await db.reviewItem.findMany({
    where: itemsWhere(await scopeOf(viewer), campaignId, {}),
    select: { ...itemListSelect, comment: true, purposeConfirmed: true, reassignToId: true, decisions: { select: decisionSelect, orderBy: [{ target: "asc" }, { targetId: "asc" }] } },
    orderBy: { id: "asc" },
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return { data: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export const decisionSelect = {
  target: true,
  targetId: true,
  decision: true,
  reassignToId: true,
  comment: true,
  source: true,
  decidedById: true,
  reviewerOfRecordId: true,
  decidedAt: true,
} satisfies Prisma.ReviewDecisionSelect;

/**
 * One review item with what the reviewer is shown and the decisions so far. NotFoundError outside the viewer's
 * scope (another owner's item looks like a missing one). `canDecide`: the viewer is its reviewer, the campaign is
 * running and the self-review rule does not apply.
 */
export async function getReviewItem(viewer: Viewer, id: string, now = new Date()) {
  if (!can(viewer, "campaign:read")) assertCan(viewer, "review:decide");
  const delegations = can(viewer, "campaign:read") ? [] : await activeDelegationsFor(viewer.id, now);
  const item = await db.reviewItem.findFirst({
    where: { AND: [{ id }, reviewItemScope(viewer, delegations)] },
    select: {
      ...itemListSelect,
      snapshotVersion: true,
      purposeConfirmed: true,
      reassignToId: true,
      breakGlassAttestedAt: true,
      comment: true,
      campaign: { select: { id: true, name: true, status: true, dueAt: true, commentRequired: true } },
      decisions: { select: decisionSelect },
    },
  });
  if (!item) throw new NotFoundError("Review item not found.");
  const [[row], changes] = await Promise.all([
    db.$queryRaw<{ snapshot: unknown }[]>(Prisma.sql`SELECT ${snapshotJson("ri")} AS snapshot FROM "ReviewItem" ri WHERE ri."id" = ${id}`),
    changesSinceBaseline(id),
  ]);
  const detail = await decorateItem(viewer, { ...item, snapshot: row.snapshot }, now);
  // Exceptions are live state, not part of the frozen snapshot: what is accepted now, what this review requested,
  // and which findings a KEEP on each grant or credential could be excepted from.
  const targets: ReviewTarget[] =
    item.part === "ACCESS"
      ? [
          ...detail.snapshot.entitlements.map((e) => ({ target: "ENTITLEMENT" as const, id: e.id, unused: e.unused })),
          ...detail.snapshot.credentials.map((c) => ({ target: "CREDENTIAL" as const, id: c.id, type: c.type })),
        ]
      : [];
  const exceptions = await reviewItemExceptions(viewer, { id: item.id, identityId: item.identityId, targets });
  return { ...detail, exceptions, changes };
}

/**
 * Delta review: what changed since the NHI's last certification (the item's baseline, chosen at launch): grants and
 * credentials added, changed (same id, different access) or removed, and whether the owner or the purpose moved.
 * Null when the item has no baseline (a full review, or a first certification).
 */
async function changesSinceBaseline(itemId: string) {
  const [c] = await db.$queryRaw<
    {
      baselineItemId: string;
      certifiedAt: Date | null;
      campaignId: string;
      campaignName: string;
      carriedForward: boolean;
      addedEntitlements: string[];
      changedEntitlements: string[];
      removedEntitlements: string[];
      addedCredentials: string[];
      changedCredentials: string[];
      removedCredentials: string[];
      ownerChanged: boolean;
      purposeChanged: boolean;
    }[]
  >(Prisma.sql`
    SELECT b."id" AS "baselineItemId", b."decidedAt" AS "certifiedAt", b."campaignId", bc."name" AS "campaignName", cur."carriedForward",
      ARRAY(SELECT e.id FROM unnest(cur."entitlementSnapshot") e WHERE NOT EXISTS (SELECT 1 FROM unnest(b."entitlementSnapshot") x WHERE x.id = e.id)) AS "addedEntitlements",
      ARRAY(SELECT e.id FROM unnest(cur."entitlementSnapshot") e JOIN unnest(b."entitlementSnapshot") x ON x.id = e.id
        WHERE (e.resource, e.permission, e.privilege, e.via, e."expiresAt") IS DISTINCT FROM (x.resource, x.permission, x.privilege, x.via, x."expiresAt")) AS "changedEntitlements",
      ARRAY(SELECT x.permission || ' on ' || x.resource FROM unnest(b."entitlementSnapshot") x WHERE NOT EXISTS (SELECT 1 FROM unnest(cur."entitlementSnapshot") e WHERE e.id = x.id)) AS "removedEntitlements",
      ARRAY(SELECT k.id FROM unnest(cur."credentialSnapshot") k WHERE NOT EXISTS (SELECT 1 FROM unnest(b."credentialSnapshot") x WHERE x.id = k.id)) AS "addedCredentials",
      ARRAY(SELECT k.id FROM unnest(cur."credentialSnapshot") k JOIN unnest(b."credentialSnapshot") x ON x.id = k.id
        WHERE (k.status, k."createdAt", k."lastRotatedAt", k."expiresAt", k.storage) IS DISTINCT FROM (x.status, x."createdAt", x."lastRotatedAt", x."expiresAt", x.storage)) AS "changedCredentials",
      ARRAY(SELECT coalesce(x.name, x."externalId", x.id) FROM unnest(b."credentialSnapshot") x WHERE NOT EXISTS (SELECT 1 FROM unnest(cur."credentialSnapshot") k WHERE k.id = x.id)) AS "removedCredentials",
      (cur."identitySnapshot")."ownerId" IS DISTINCT FROM (b."identitySnapshot")."ownerId" AS "ownerChanged",
      (cur."identitySnapshot")."purpose" IS DISTINCT FROM (b."identitySnapshot")."purpose" AS "purposeChanged"
    FROM "ReviewItem" cur
    JOIN "ReviewItem" b ON b."id" = cur."baselineItemId"
    JOIN "Campaign" bc ON bc."id" = b."campaignId"
    WHERE cur."id" = ${itemId}`);
  return c ?? null;
}
export type BaselineChanges = NonNullable<Awaited<ReturnType<typeof changesSinceBaseline>>>;

async function decorateItem<
  T extends {
    id: string;
    part: "ACCESS" | "DELEGATION";
    identityId: string;
    reviewerId: string | null;
    delegatedFromId: string | null;
    snapshot: unknown;
    purposeConfirmed: string | null;
    breakGlassAttestedAt: Date | null;
    comment: string | null;
    campaign: { status: string; commentRequired: string };
    decisions: { target: "IDENTITY" | "ENTITLEMENT" | "CREDENTIAL" | "DELEGATION"; targetId: string; decision: string; decidedById: string | null; reassignToId: string | null; reviewerOfRecordId: string | null }[];
  },
>(viewer: Viewer, item: T, now: Date) {
  const snapshot = readSnapshot(item.snapshot);
  const [blocked] = await db.$queryRaw<{ blocked: boolean; delegated: boolean }[]>(Prisma.sql`
    SELECT ${selfReview(Prisma.sql`${viewer.id}::text`, "x")} AS blocked,
      (ri."reviewerId" <> ${viewer.id} AND ${actsFor(viewer.id, Prisma.sql`ri."reviewerId"`, Prisma.sql`ri."campaignId"`, now)}) AS delegated
    FROM "ReviewItem" ri JOIN "Identity" i ON i."id" = ri."identityId"
    CROSS JOIN LATERAL (SELECT ri."part", i."ownerId", i."onBehalfOfUserId") x
    WHERE ri."id" = ${item.id}`);
  const people = await peopleById([item.reviewerId, item.delegatedFromId, ...item.decisions.flatMap((d) => [d.decidedById, d.reassignToId, d.reviewerOfRecordId])]);
  const progress = itemProgress({
    part: item.part,
    breakGlass: snapshot.identity.breakGlass,
    entitlementIds: snapshot.entitlements.map((e) => e.id),
    credentialIds: snapshot.credentials.map((c) => c.id),
    decisions: new Map(item.decisions.map((d) => [decisionKey(d.target, d.targetId), d.decision])),
    purposeConfirmed: item.purposeConfirmed,
    breakGlassAttested: !!item.breakGlassAttestedAt,
    comment: item.comment,
    commentPolicy: item.campaign.commentRequired as CommentPolicy,
  });
  // A delegate decides as the reviewer would; `actingFor` names whom they decide for.
  const isReviewer = item.reviewerId === viewer.id || Boolean(blocked?.delegated);
  return {
    ...item,
    snapshot,
    progress,
    actingFor: blocked?.delegated ? item.reviewerId : null,
    selfReview: Boolean(blocked?.blocked) && isReviewer,
    canDecide: isReviewer && item.campaign.status === "ACTIVE" && !blocked?.blocked && can(viewer, "review:decide"),
    people: Object.fromEntries(people),
  };
}
export type ReviewItemDetail = Awaited<ReturnType<typeof getReviewItem>>;

// ── The reviewer's side ──────────────────────────────────────────────────────────────────────────────────────────

/** Campaigns in which the viewer has items: running ones first, with their own counts. */
export async function listMyReviewCampaigns(viewer: Viewer, now = new Date()) {
  assertCan(viewer, "review:decide");
  const rows = await db.$queryRaw<
    { id: string; name: string; status: string; dueAt: Date; total: bigint; decided: bigint; noResponse: bigint; carried: bigint; forOthers: string[] | null }[]
  >(Prisma.sql`
    SELECT c."id", c."name", c."status"::text AS status, c."dueAt", count(*) AS total, count(ri."decidedAt") AS decided,
      count(*) FILTER (WHERE ri."noResponse") AS "noResponse", count(*) FILTER (WHERE ri."carriedForward") AS carried,
      array_agg(DISTINCT u."name") FILTER (WHERE ri."reviewerId" <> ${viewer.id} AND ri."delegatedFromId" IS DISTINCT FROM ${viewer.id}) AS "forOthers"
    FROM "ReviewItem" ri JOIN "Campaign" c ON c."id" = ri."campaignId"
    LEFT JOIN "User" u ON u."id" = ri."reviewerId"
    WHERE ${mine(viewer, now)}
    GROUP BY c."id"
    ORDER BY (c."status" = 'ACTIVE') DESC, c."dueAt" ASC, c."id"`);
  return rows.map((r) => ({
    ...r,
    total: Number(r.total),
    decided: Number(r.decided),
    noResponse: Number(r.noResponse),
    carried: Number(r.carried),
    forOthers: r.forOthers ?? [],
    pending: Number(r.total) - Number(r.decided) - Number(r.noResponse),
  }));
}

/** At most this many items in one sitting of the inbox; past it the inbox says how many more are waiting. */
export const INBOX_LIMIT = 500;

/**
 * The viewer's items in one campaign, for the inbox list: light rows (no snapshot), undecided first, riskiest first.
 * Only items assigned or delegated to the viewer, whatever their role.
 */
export async function listMyItems(viewer: Viewer, campaignId: string, now = new Date()) {
  assertCan(viewer, "review:decide");
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { id: true, name: true, description: true, status: true, dueAt: true, commentRequired: true },
  });
  if (!campaign) throw new NotFoundError("Campaign not found.");
  // Items certified by carrying the last certification forward (delta review) are not work: counted, not listed.
  const [rows, [counts]] = await Promise.all([
    db.$queryRaw<
      {
        id: string;
        part: "ACCESS" | "DELEGATION";
        name: string;
        kind: string;
        riskScore: number;
        breakGlass: boolean;
        entitlements: number;
        credentials: number;
        unused: number;
        decidedAt: Date | null;
        noResponse: boolean;
        decisions: number;
        reviewerId: string | null;
        forName: string | null;
        changed: boolean;
      }[]
    >(Prisma.sql`
      SELECT ri."id", ri."part", (ri."identitySnapshot")."name" AS name, (ri."identitySnapshot")."kind"::text AS kind,
        (ri."identitySnapshot")."riskScore" AS "riskScore", (ri."identitySnapshot")."breakGlass" AS "breakGlass",
        coalesce(cardinality(ri."entitlementSnapshot"), 0) AS entitlements, coalesce(cardinality(ri."credentialSnapshot"), 0) AS credentials,
        (SELECT count(*)::int FROM unnest(ri."entitlementSnapshot") e WHERE e.unused) AS unused,
        ri."decidedAt", ri."noResponse", ri."reviewerId",
        (SELECT count(*)::int FROM "ReviewDecision" d WHERE d."itemId" = ri."id") AS decisions,
        CASE WHEN ri."reviewerId" <> ${viewer.id} AND ri."delegatedFromId" IS DISTINCT FROM ${viewer.id} THEN u."name" END AS "forName",
        ri."baselineItemId" IS NOT NULL AS changed
      FROM "ReviewItem" ri
      LEFT JOIN "User" u ON u."id" = ri."reviewerId"
      WHERE ri."campaignId" = ${campaignId} AND ${mine(viewer, now)} AND NOT ri."carriedForward"
      ORDER BY (ri."decidedAt" IS NOT NULL), (ri."identitySnapshot")."riskScore" DESC, ri."id"
      LIMIT ${INBOX_LIMIT}`),
    db.$queryRaw<{ total: bigint; decided: bigint; carried: bigint }[]>(Prisma.sql`
      SELECT count(*) FILTER (WHERE NOT ri."carriedForward") AS total, count(ri."decidedAt") FILTER (WHERE NOT ri."carriedForward") AS decided,
        count(*) FILTER (WHERE ri."carriedForward") AS carried
      FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId} AND ${mine(viewer, now)}`),
  ]);
  return {
    campaign: { ...campaign, commentRequired: campaign.commentRequired as CommentPolicy },
    rows,
    total: Number(counts.total),
    decided: Number(counts.decided),
    carried: Number(counts.carried),
  };
}
export type InboxRow = Awaited<ReturnType<typeof listMyItems>>["rows"][number];

/** Owner check used by the pages: a reviewer opening a campaign page they have no items in gets a 404. */
export async function assertHasItems(viewer: Viewer, campaignId: string, now = new Date()) {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId} AND ${mine(viewer, now)}`);
  if (!n && !can(viewer, "campaign:read")) throw new NotFoundError("Campaign not found.");
  if (!n) throw new ForbiddenError("You have no items to review in this campaign.");
}

/** The unused window the next launch will use (shown in the form), from the rules' settings. */
export async function currentUnusedWindowDays() {
  return (await loadRuleContext()).unusedWindowDays;
}
