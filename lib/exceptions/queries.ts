import "server-only";
import { db, Prisma, type Severity } from "../db";
import { assertCan, can, NotFoundError, type Viewer } from "../auth/permissions";
import { identityScope } from "../identities/scope";
import { ruleCatalogEntry } from "../rules/catalog";
import { canApproveExceptions, mayRevoke } from "./permissions";
import { findingsOfTarget, targetKey, type ReviewTarget } from "./review";
import { exceptionScope } from "./scope";
import { EXPIRING_SOON_DAYS, type ExceptionQueue, type TExceptionApiList, type TExceptionFilters, type TExceptionQuery } from "./schemas";

const DAY_MS = 86_400_000;

export const exceptionListSelect = {
  id: true,
  status: true,
  scope: true,
  ruleId: true,
  severity: true,
  justification: true,
  compensatingControls: true,
  controlsNote: true,
  expiresAt: true,
  createdAt: true,
  decidedAt: true,
  decisionComment: true,
  previousId: true,
  reviewItemId: true,
  revokedAt: true,
  revokeReason: true,
  identity: { select: { id: true, name: true, kind: true, ownerId: true, backupOwnerId: true, owner: { select: { name: true } }, source: { select: { key: true } } } },
  requestedBy: { select: { id: true, name: true, email: true } },
  approvedBy: { select: { id: true, name: true } },
  rejectedBy: { select: { id: true, name: true } },
  revokedBy: { select: { id: true, name: true } },
  findings: { select: { finding: { select: { id: true, ruleId: true } } }, take: 100 },
  _count: { select: { findings: true } },
} satisfies Prisma.RiskExceptionSelect;

type ExceptionRow = Prisma.RiskExceptionGetPayload<{ select: typeof exceptionListSelect }>;

export type ExceptionListRow = Omit<ExceptionRow, "findings" | "_count" | "compensatingControls"> & {
  controls: string[];
  findingIds: string[];
  findingCount: number;
  /** "Unvaulted secret", "Every 'Unvaulted secret' finding", "3 findings: ...". */
  scopeLabel: string;
};

const ruleTitle = (id: string) => ruleCatalogEntry(id)?.title ?? id;

function decorate(r: ExceptionRow): ExceptionListRow {
  const { findings, _count, compensatingControls, ...rest } = r;
  const titles = [...new Set(findings.map((f) => ruleTitle(f.finding.ruleId)))];
  const scopeLabel =
    r.scope === "RULE"
      ? `Every "${ruleTitle(r.ruleId ?? "")}" finding`
      : _count.findings === 1
        ? (titles[0] ?? "1 finding")
        : `${_count.findings} findings: ${titles.join(", ")}`;
  return {
    ...rest,
    controls: Array.isArray(compensatingControls) ? (compensatingControls as string[]) : [],
    findingIds: findings.map((f) => f.finding.id),
    findingCount: r.scope === "RULE" ? 0 : _count.findings,
    scopeLabel,
  };
}

function queueWhere(queue: ExceptionQueue, now: Date): Prisma.RiskExceptionWhereInput {
  switch (queue) {
    case "pending":
      return { status: "PROPOSED" };
    case "active":
      return { status: "APPROVED" };
    case "expiring":
      return { status: "APPROVED", expiresAt: { lte: new Date(now.getTime() + EXPIRING_SOON_DAYS * DAY_MS) } };
    case "expired":
      return { status: "EXPIRED" };
    case "closed":
      return { status: { in: ["REJECTED", "REVOKED"] } };
    case "all":
      return {};
  }
}

/** The queue a viewer lands on: approvers triage what waits for them; everyone else sees the whole register. */
export function defaultQueue(isApprover: boolean): ExceptionQueue {
  return isApprover ? "pending" : "all";
}

/** Filters (except the queue) ANDed with the viewer's scope. */
function filtersWhere(viewer: Viewer, f: TExceptionFilters): Prisma.RiskExceptionWhereInput[] {
  const and: Prisma.RiskExceptionWhereInput[] = [exceptionScope(viewer)];
  if (f.severity.length) and.push({ severity: { in: f.severity } });
  if (f.identity) and.push({ identityId: f.identity });
  if (f.q) and.push({ identity: { name: { contains: f.q, mode: "insensitive" } } });
  return and;
}

export function exceptionsWhere(viewer: Viewer, f: TExceptionFilters, queue: ExceptionQueue, now = new Date()): Prisma.RiskExceptionWhereInput {
  return { AND: [...filtersWhere(viewer, f), queueWhere(queue, now)] };
}

const SORTS = {
  // Severity enum order is CRITICAL..INFO: ascending puts the worst first, oldest request first within it.
  severity: (dir: Prisma.SortOrder) => [{ severity: dir }, { createdAt: "asc" as const }, { id: dir }],
  requested: (dir: Prisma.SortOrder) => [{ createdAt: dir }, { id: dir }],
  expires: (dir: Prisma.SortOrder) => [{ expiresAt: dir }, { id: dir }],
} satisfies Record<TExceptionQuery["sort"], (dir: Prisma.SortOrder) => Prisma.RiskExceptionOrderByWithRelationInput[]>;

/** A page of the register for the triage page, with the count of every queue under the same filters. */
export async function listExceptions(viewer: Viewer, q: TExceptionQuery, queue: ExceptionQueue, now = new Date()) {
  assertCan(viewer, "exception:read");
  const where = exceptionsWhere(viewer, q, queue, now);
  const [rows, total, counts] = await Promise.all([
    db.riskException.findMany({ where, select: exceptionListSelect, orderBy: SORTS[q.sort](q.dir), skip: (q.page - 1) * q.size, take: q.size }),
    db.riskException.count({ where }),
    queueCounts(viewer, q, now),
  ]);
  const decorated = rows.map(decorate);
  const links = await reviewLinksOf(viewer, decorated.map((r) => r.reviewItemId));
  return { rows: decorated.map((r) => ({ ...r, review: r.reviewItemId ? (links.get(r.reviewItemId) ?? null) : null })), total, counts };
}

/** The campaign review an exception was requested from, and where the viewer can open it (null: nowhere for them). */
export interface ExceptionReviewLink {
  itemId: string;
  campaignId: string;
  campaignName: string;
  href: string | null;
}

/**
 * Links back to the review items exceptions were requested from, in one query: the campaign's item page for those
 * who read campaigns, the reviewer's inbox for the item's own reviewer, no link for anyone else.
 */
export async function reviewLinksOf(viewer: Viewer, reviewItemIds: ReadonlyArray<string | null>): Promise<Map<string, ExceptionReviewLink>> {
  const ids = [...new Set(reviewItemIds.filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const items = await db.reviewItem.findMany({
    where: { id: { in: ids } },
    select: { id: true, campaignId: true, reviewerId: true, delegatedFromId: true, campaign: { select: { name: true } } },
  });
  const readsCampaigns = can(viewer, "campaign:read");
  return new Map(
    items.map((i) => {
      const isReviewer = i.reviewerId === viewer.id || i.delegatedFromId === viewer.id;
      const href = readsCampaigns ? `/campaigns/${i.campaignId}/items/${i.id}` : isReviewer ? `/reviews/${i.campaignId}?item=${i.id}` : null;
      return [i.id, { itemId: i.id, campaignId: i.campaignId, campaignName: i.campaign.name, href }];
    }),
  );
}

async function queueCounts(viewer: Viewer, f: TExceptionFilters, now: Date): Promise<Record<ExceptionQueue, number>> {
  const base = filtersWhere(viewer, f);
  const [byStatus, expiring] = await Promise.all([
    db.riskException.groupBy({ by: ["status"], where: { AND: base }, _count: { _all: true } }),
    db.riskException.count({ where: { AND: [...base, queueWhere("expiring", now)] } }),
  ]);
  const n = (s: string) => byStatus.find((g) => g.status === s)?._count._all ?? 0;
  return {
    pending: n("PROPOSED"),
    expiring,
    active: n("APPROVED"),
    expired: n("EXPIRED"),
    closed: n("REJECTED") + n("REVOKED"),
    all: byStatus.reduce((s, g) => s + g._count._all, 0),
  };
}

/** The filtered register in batches (CSV export, evidence packs), never all in memory. */
export async function* iterateExceptions(viewer: Viewer, f: TExceptionFilters, queue: ExceptionQueue, batchSize = 1000, now = new Date()) {
  assertCan(viewer, "exception:read");
  const where = exceptionsWhere(viewer, f, queue, now);
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.riskException.findMany({
      where,
      select: exceptionListSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (!batch.length) return;
    yield batch.map(decorate);
    if (batch.length < batchSize) return;
    cursor = batch[batch.length - 1]!.id;
  }
}

/** API DTO: the register row without internal joins. */
export function toApiException(r: ExceptionListRow) {
  return {
    id: r.id,
    status: r.status,
    scope: r.scope,
    ruleId: r.ruleId,
    findingIds: r.scope === "FINDINGS" ? r.findingIds : [],
    severity: r.severity,
    identity: { id: r.identity?.id ?? null, name: r.identity?.name ?? null },
    justification: r.justification,
    compensatingControls: r.controls,
    controlsNote: r.controlsNote,
    expiresAt: r.expiresAt,
    requestedBy: r.requestedBy && { id: r.requestedBy.id, name: r.requestedBy.name },
    requestedAt: r.createdAt,
    approvedBy: r.approvedBy,
    rejectedBy: r.rejectedBy,
    decidedAt: r.decidedAt,
    decisionComment: r.decisionComment,
    revokedBy: r.revokedBy,
    revokedAt: r.revokedAt,
    revokeReason: r.revokeReason,
    previousId: r.previousId,
    reviewItemId: r.reviewItemId,
  };
}
export type ApiException = ReturnType<typeof toApiException>;

/** Cursor page for the API: newest first, stable under inserts (createdAt + id). */
export async function listExceptionsPage(viewer: Viewer, q: TExceptionApiList) {
  assertCan(viewer, "exception:read");
  const and: Prisma.RiskExceptionWhereInput[] = [exceptionScope(viewer)];
  if (q.status.length) and.push({ status: { in: q.status } });
  if (q.severity.length) and.push({ severity: { in: q.severity } });
  if (q.identityId) and.push({ identityId: q.identityId });
  const rows = await db.riskException.findMany({
    where: { AND: and },
    select: exceptionListSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > q.limit;
  const data = rows.slice(0, q.limit).map((r) => toApiException(decorate(r)));
  return { data, nextCursor: hasMore ? data[data.length - 1]!.id : null };
}

/**
 * One exception with what it covers, its extension chain, its history (audit events) and what the viewer may do
 * with it. Another owner's exception is "not found".
 */
export async function getException(viewer: Viewer, id: string) {
  assertCan(viewer, "exception:read");
  const row = await db.riskException.findFirst({
    where: { AND: [{ id }, exceptionScope(viewer)] },
    select: {
      ...exceptionListSelect,
      previous: { select: { id: true, status: true, expiresAt: true } },
      extensions: { select: { id: true, status: true, createdAt: true, expiresAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw new NotFoundError("Exception not found.");
  const { previous, extensions, ...listed } = row;
  const ex = decorate(listed);
  const [covered, history, isApprover] = await Promise.all([
    db.finding.findMany({
      where:
        ex.scope === "RULE"
          ? { identityId: ex.identity?.id ?? "", ruleId: ex.ruleId ?? "" }
          : { exceptionLinks: { some: { exceptionId: ex.id } } },
      select: { id: true, ruleId: true, owaspId: true, severity: true, status: true, evidence: true, firstSeenAt: true, resolvedAt: true },
      orderBy: [{ severity: "asc" }, { firstSeenAt: "asc" }],
      take: 200,
    }),
    db.auditEvent.findMany({
      where: { targetType: "RiskException", targetId: ex.id },
      select: { id: true, at: true, action: true, actorEmail: true, after: true },
      orderBy: { seq: "asc" },
      take: 100,
    }),
    canApproveExceptions(viewer),
  ]);
  const review = ex.reviewItemId ? ((await reviewLinksOf(viewer, [ex.reviewItemId])).get(ex.reviewItemId) ?? null) : null;
  const isOwnRequest = ex.requestedBy.id === viewer.id;
  const live = ex.status === "PROPOSED" || ex.status === "APPROVED";
  return {
    exception: ex,
    review,
    previous,
    extensions,
    findings: covered.map((f) => ({ ...f, title: ruleTitle(f.ruleId), summary: ((f.evidence ?? {}) as { summary?: string }).summary ?? "" })),
    history,
    abilities: {
      isApprover,
      isOwnRequest,
      canDecide: isApprover && ex.status === "PROPOSED" && !isOwnRequest,
      canRevoke: live && mayRevoke(viewer, { requestedById: ex.requestedBy.id, identity: ex.identity }, isApprover),
      // One extension at a time: not once one is pending or approved.
      canExtend:
        can(viewer, "exception:request") &&
        (ex.status === "APPROVED" || ex.status === "EXPIRED") &&
        !extensions.some((e) => e.status === "PROPOSED" || e.status === "APPROVED"),
    },
  };
}
export type ExceptionDetail = Awaited<ReturnType<typeof getException>>;

/** The exceptions of one NHI (its detail page), live ones first. */
export async function exceptionsOfIdentity(viewer: Viewer, identityId: string) {
  assertCan(viewer, "exception:read");
  const rows = await db.riskException.findMany({
    where: { AND: [{ identityId }, exceptionScope(viewer)] },
    select: exceptionListSelect,
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: 50,
  });
  return rows.map(decorate);
}

export interface FindingException {
  id: string;
  status: "PROPOSED" | "APPROVED";
  expiresAt: Date;
}

/**
 * For rows of findings: the live exception (approved, else pending) covering each, keyed by finding id, so a
 * finding row can say "accepted until ..." or "pending approval" instead of offering a new request.
 */
export async function liveExceptionsOfFindings(
  viewer: Viewer,
  findings: ReadonlyArray<{ id: string; ruleId: string; identityId: string }>,
  now = new Date(),
): Promise<Record<string, FindingException>> {
  if (!findings.length || !can(viewer, "exception:read")) return {};
  const findingIds = findings.map((f) => f.id);
  const exceptions = await db.riskException.findMany({
    where: {
      AND: [
        exceptionScope(viewer),
        { identityId: { in: [...new Set(findings.map((f) => f.identityId))] } },
        { OR: [{ status: "PROPOSED" }, { status: "APPROVED", expiresAt: { gt: now } }] },
        { OR: [{ scope: "RULE" }, { findings: { some: { findingId: { in: findingIds } } } }] },
      ],
    },
    select: { id: true, status: true, expiresAt: true, identityId: true, scope: true, ruleId: true, findings: { where: { findingId: { in: findingIds } }, select: { findingId: true } } },
  });
  const out: Record<string, FindingException> = {};
  for (const f of findings) {
    const covering = exceptions.filter((e) =>
      e.scope === "RULE" ? e.identityId === f.identityId && e.ruleId === f.ruleId : e.findings.some((l) => l.findingId === f.id),
    );
    const best = covering.find((e) => e.status === "APPROVED") ?? covering[0];
    if (best) out[f.id] = { id: best.id, status: best.status as FindingException["status"], expiresAt: best.expiresAt };
  }
  return out;
}

export interface RequestableFinding {
  id: string;
  ruleId: string;
  subjectKey: string;
  severity: Severity;
  title: string;
  summary: string;
}

/**
 * The open findings of an NHI a viewer may request an exception for (no pending or approved exception yet). The
 * request form from an NHI and the campaign review (KEEP on a credential: the findings whose subjectKey is its id)
 * pick from these.
 */
export async function requestableFindings(viewer: Viewer, identityId: string, now = new Date()): Promise<RequestableFinding[]> {
  assertCan(viewer, "exception:request");
  const identity = await db.identity.findFirst({ where: { AND: [{ id: identityId }, identityScope(viewer)] }, select: { id: true } });
  if (!identity) throw new NotFoundError("NHI not found.");
  const open = await db.finding.findMany({
    where: { identityId, status: "OPEN" },
    select: { id: true, ruleId: true, subjectKey: true, severity: true, evidence: true },
    orderBy: [{ severity: "asc" }, { firstSeenAt: "asc" }],
    take: 200,
  });
  const live = await liveExceptionsOfFindings(viewer, open.map((f) => ({ ...f, identityId })), now);
  return open
    .filter((f) => !live[f.id])
    .map((f) => ({ id: f.id, ruleId: f.ruleId, subjectKey: f.subjectKey, severity: f.severity, title: ruleTitle(f.ruleId), summary: ((f.evidence ?? {}) as { summary?: string }).summary ?? "" }));
}

/**
 * Live exceptions (approved and unexpired, or pending) of these NHIs, for campaign snapshots and evidence packs:
 * what a reviewer is shown as "accepted risk" next to an NHI, frozen into the snapshot JSON.
 */
export async function exceptionsForSnapshot(viewer: Viewer, identityIds: readonly string[], now = new Date()) {
  assertCan(viewer, "exception:read");
  if (!identityIds.length) return {};
  const rows = await db.riskException.findMany({
    where: { AND: [exceptionScope(viewer), { identityId: { in: [...identityIds] } }, { OR: [{ status: "PROPOSED" }, { status: "APPROVED", expiresAt: { gt: now } }] }] },
    select: exceptionListSelect,
    orderBy: [{ createdAt: "asc" }],
  });
  const out: Record<string, Array<Pick<ApiException, "id" | "status" | "scope" | "ruleId" | "findingIds" | "severity" | "justification" | "compensatingControls" | "controlsNote" | "expiresAt" | "approvedBy"> & { scopeLabel: string }>> = {};
  for (const r of rows.map(decorate)) {
    const a = toApiException(r);
    (out[r.identity!.id] ??= []).push({
      id: a.id, status: a.status, scope: a.scope, ruleId: a.ruleId, findingIds: a.findingIds, severity: a.severity, justification: a.justification,
      compensatingControls: a.compensatingControls, controlsNote: a.controlsNote, expiresAt: a.expiresAt, approvedBy: a.approvedBy, scopeLabel: r.scopeLabel,
    });
  }
  return out;
}

/** What a campaign review item shows about exceptions (lib/campaigns/queries.ts getReviewItem). */
export interface ReviewItemExceptions {
  /** Live exceptions (approved and unexpired, or pending) of the NHI, as the viewer may see them. */
  live: Array<{ id: string; status: string; scopeLabel: string; severity: Severity; expiresAt: Date; reviewItemId: string | null }>;
  /** Exceptions requested from this review item, whatever their status now. */
  fromItem: Array<{ id: string; status: string; scopeLabel: string; expiresAt: Date }>;
  /**
   * Per decision target ("ENTITLEMENT:<id>", "CREDENTIAL:<id>"): the open findings a KEEP could be excepted from
   * (none with a live exception yet). Empty when the viewer may not request exceptions for this NHI.
   */
  requestable: Record<string, RequestableFinding[]>;
}

/**
 * The exception side of a review item: what is already accepted, what was requested from this item, and which
 * findings each grant or credential carries that a "Keep and request an exception" would cover. Scoped by the
 * viewer like every exception read (an owner: their NHIs); a fixed number of queries whatever the item's size.
 */
export async function reviewItemExceptions(
  viewer: Viewer,
  item: { id: string; identityId: string; targets: readonly ReviewTarget[] },
  now = new Date(),
): Promise<ReviewItemExceptions> {
  const out: ReviewItemExceptions = { live: [], fromItem: [], requestable: {} };
  if (!can(viewer, "exception:read")) return out;
  const [rows, mayRequest] = await Promise.all([
    db.riskException.findMany({
      where: {
        AND: [
          exceptionScope(viewer),
          { identityId: item.identityId },
          { OR: [{ reviewItemId: item.id }, { status: "PROPOSED" }, { status: "APPROVED", expiresAt: { gt: now } }] },
        ],
      },
      select: exceptionListSelect,
      orderBy: [{ createdAt: "asc" }],
      take: 100,
    }),
    can(viewer, "exception:request") && item.targets.length
      ? db.identity.count({ where: { AND: [{ id: item.identityId }, identityScope(viewer)] } }).then((n) => n > 0)
      : Promise.resolve(false),
  ]);
  for (const r of rows.map(decorate)) {
    const isLive = r.status === "PROPOSED" || (r.status === "APPROVED" && r.expiresAt > now);
    if (isLive) out.live.push({ id: r.id, status: r.status, scopeLabel: r.scopeLabel, severity: r.severity, expiresAt: r.expiresAt, reviewItemId: r.reviewItemId });
    if (r.reviewItemId === item.id) out.fromItem.push({ id: r.id, status: r.status, scopeLabel: r.scopeLabel, expiresAt: r.expiresAt });
  }
  if (!mayRequest) return out;
  const open = await db.finding.findMany({
    where: { identityId: item.identityId, status: "OPEN" },
    select: { id: true, ruleId: true, subjectKey: true, severity: true, evidence: true },
    orderBy: [{ severity: "asc" }, { firstSeenAt: "asc" }],
    take: 200,
  });
  const live = await liveExceptionsOfFindings(viewer, open.map((f) => ({ ...f, identityId: item.identityId })), now);
  const candidates = open
    .filter((f) => !live[f.id])
    .map((f) => ({ ...f, evidenceText: JSON.stringify(f.evidence ?? {}) }));
  for (const t of item.targets) {
    const related = findingsOfTarget(candidates, t);
    if (related.length) {
      out.requestable[targetKey(t)] = related.map((f) => ({
        id: f.id, ruleId: f.ruleId, subjectKey: f.subjectKey, severity: f.severity, title: ruleTitle(f.ruleId), summary: ((f.evidence ?? {}) as { summary?: string }).summary ?? "",
      }));
    }
  }
  return out;
}

/**
 * The exceptions a campaign's evidence pack lists (exceptions.csv), a batch at a time: on the campaign's NHIs,
 * either requested from one of its review items, or approved and in force at some point of the review period
 * (`from` launch, `to` the review's close or now). Keyset paging over one indexed semi-join per batch.
 */
export async function* iterateCampaignExceptions(viewer: Viewer, campaignId: string, period: { from: Date; to: Date }, batchSize = 500) {
  assertCan(viewer, "exception:read");
  let after = "";
  for (;;) {
    const ids = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
      SELECT x."id" FROM "RiskException" x
      WHERE x."identityId" IN (SELECT ri."identityId" FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId})
        AND (
          x."reviewItemId" IN (SELECT ri."id" FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId})
          OR (x."approvedById" IS NOT NULL AND x."decidedAt" <= ${period.to} AND x."expiresAt" >= ${period.from}
              AND (x."revokedAt" IS NULL OR x."revokedAt" >= ${period.from}))
        )
        AND x."id" > ${after}
      ORDER BY x."id" LIMIT ${batchSize}`);
    if (!ids.length) return;
    const rows = await db.riskException.findMany({
      where: { AND: [{ id: { in: ids.map((r) => r.id) } }, exceptionScope(viewer)] },
      select: exceptionListSelect,
      orderBy: { id: "asc" },
    });
    yield rows.map(decorate);
    if (ids.length < batchSize) return;
    after = ids[ids.length - 1]!.id;
  }
}
