import "server-only";
import { db, type Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { identityScope } from "../identities/scope";
import { RULE_CATALOG, ruleCatalogEntry } from "../rules/catalog";
import { cursorArgs, pageOf, type TCursorPage } from "../api/paging";
import type { FindingStatus } from "../db/generated/enums";
import type { TFindingFilters, TFindingQuery } from "./schemas";
import { PAGING, TtlCache } from "../identities/paging";
import { readDeepPage, type DeepList } from "../db/deep-page";

export const findingListSelect = {
  id: true,
  ruleId: true,
  owaspId: true,
  severity: true,
  status: true,
  evidence: true,
  firstSeenAt: true,
  lastSeenAt: true,
  resolvedAt: true,
  identity: { select: { id: true, name: true, kind: true, owner: { select: { name: true } }, source: { select: { key: true } } } },
} satisfies Prisma.FindingSelect;

type FindingRow = Prisma.FindingGetPayload<{ select: typeof findingListSelect }>;
export type FindingListRow = FindingRow & { title: string; summary: string };

/** Findings on NHIs the viewer may see (owners: only their own), with the URL filters. */
export function findingsWhere(viewer: Viewer, f: TFindingFilters): Prisma.FindingWhereInput {
  const identity: Prisma.IdentityWhereInput[] = [identityScope(viewer)];
  if (f.team) identity.push({ teamId: f.team });
  if (f.source) identity.push({ sourceId: f.source });
  if (f.owner === "none") identity.push({ ownerId: null });
  else if (f.owner) identity.push({ ownerId: f.owner });
  // No identity condition at all (a role that reads every NHI, no team/source/owner filter): leave the relation
  // filter out, or PostgreSQL joins every finding to its identity for nothing (measured 4x slower at 100,000 NHIs).
  const scoped = identity.filter((w) => Object.keys(w).length > 0);
  return {
    ...(scoped.length ? { identity: { AND: scoped } } : {}),
    ...(f.status !== "ALL" ? { status: f.status as FindingStatus } : {}),
    ...(f.owasp.length ? { owaspId: { in: f.owasp } } : {}),
    ...(f.severity.length ? { severity: { in: f.severity } } : {}),
    ...(f.rule ? { ruleId: f.rule } : {}),
  };
}

const SORTS = {
  // Severity enum order is CRITICAL..INFO, so ascending puts the worst first.
  severity: (dir: Prisma.SortOrder) => [{ severity: dir }, { firstSeenAt: "asc" as const }, { id: dir }],
  firstSeen: (dir: Prisma.SortOrder) => [{ firstSeenAt: dir }, { id: dir }],
  rule: (dir: Prisma.SortOrder) => [{ ruleId: dir }, { severity: "asc" as const }, { id: dir }],
} satisfies Record<TFindingQuery["sort"], (dir: Prisma.SortOrder) => Prisma.FindingOrderByWithRelationInput[]>;

function decorate<T extends { ruleId: string; evidence: unknown }>(r: T): T & { title: string; summary: string } {
  const entry = ruleCatalogEntry(r.ruleId);
  const ev = (r.evidence ?? {}) as { summary?: string };
  return { ...r, title: entry?.title ?? r.ruleId, summary: ev.summary ?? "" };
}

interface FindingTotals { total: number; byOwasp: Record<string, number> }
/** Large totals, as the inventory's (lib/identities/paging.ts): counted once per 30 s per viewer scope and filters. */
const totalsCache = new TtlCache<FindingTotals>(30_000);
/** For tests. */
export const resetFindingsCaches = () => totalsCache.clear();

/** Per OWASP category, with the other filters (the page's category chips). */
async function countByOwasp(viewer: Viewer, q: TFindingQuery): Promise<Record<string, number>> {
  const byOwasp = await db.finding.groupBy({ by: ["owaspId"], where: findingsWhere(viewer, { ...q, owasp: [] }), _count: { _all: true } });
  return Object.fromEntries(byOwasp.map((g) => [g.owaspId, g._count._all]));
}

export async function listFindings(viewer: Viewer, q: TFindingQuery) {
  assertCan(viewer, "finding:read");
  const where = findingsWhere(viewer, q);
  const orderBy = SORTS[q.sort](q.dir);
  const { page: _page, size: _size, sort: _sort, dir: _dir, ...filters } = q;
  const key = JSON.stringify([viewer.id, viewer.role, filters]);
  const known = totalsCache.get(key);
  const skip = (q.page - 1) * q.size;
  const [page, byOwasp] = await Promise.all([
    skip < PAGING.deepOffset
      ? Promise.all([
          db.finding.findMany({ where, select: findingListSelect, orderBy, skip, take: q.size }),
          known?.total ?? db.finding.count({ where }),
        ]).then(([rows, total]) => ({ rows, total }))
      : readDeepPage(deepList(where, orderBy), skip, q.size, known?.total),
    known?.byOwasp ?? countByOwasp(viewer, q),
  ]);
  // Paging through 2 million open findings counted them on every page (most of the page's 160 ms at 500,000 NHIs).
  if (!known && page.total >= PAGING.countCacheMin) totalsCache.set(key, { total: page.total, byOwasp });
  return { rows: page.rows.map(decorate), total: page.total, byOwasp };
}

/** The findings list as lib/db/deep-page.ts reads a deep page of it (2 million open findings at 500,000 NHIs). */
function deepList(where: Prisma.FindingWhereInput, orderBy: Prisma.FindingOrderByWithRelationInput[]): DeepList<FindingRow, Prisma.FindingOrderByWithRelationInput> {
  return {
    orderBy,
    count: (c) => c.finding.count({ where }),
    ids: async (c, order, skip, take) => (await c.finding.findMany({ where, select: { id: true }, orderBy: order, skip, take })).map((r) => r.id),
    rows: (c, ids) => c.finding.findMany({ where: { id: { in: ids } }, select: findingListSelect }),
  };
}

/** Findings of one NHI (the detail page); the caller has already checked the NHI is in scope. */
export async function findingsOfIdentity(identityId: string) {
  const rows = await db.finding.findMany({
    where: { identityId, status: { in: ["OPEN", "EXCEPTED"] } },
    select: { id: true, ruleId: true, owaspId: true, severity: true, status: true, evidence: true, firstSeenAt: true },
    orderBy: [{ severity: "asc" }, { firstSeenAt: "asc" }],
    take: 200,
  });
  return rows.map((r) => {
    const d = decorate(r);
    return { ...d, remediation: ruleCatalogEntry(r.ruleId)?.remediation ?? "" };
  });
}

/** One page of findings for the API, cursor-paged by id (lib/api/paging.ts). */
export async function listFindingsPage(viewer: Viewer, filters: TFindingFilters, page: TCursorPage) {
  assertCan(viewer, "finding:read");
  const { where: after, ...args } = cursorArgs(page);
  const rows = await db.finding.findMany({ where: { AND: [findingsWhere(viewer, filters), after ?? {}] }, select: findingListSelect, ...args });
  const { data, nextCursor } = pageOf(rows, page.limit);
  return { data: data.map(decorate), nextCursor };
}

/** Every finding matching the filters, in batches by id (the CSV export). */
export async function* iterateFindings(viewer: Viewer, filters: TFindingFilters, batchSize = 2000) {
  let cursor: string | undefined;
  for (;;) {
    const { data, nextCursor } = await listFindingsPage(viewer, filters, { cursor, limit: batchSize });
    if (data.length) yield data;
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

/** The rule catalog with, per rule, the viewer's open and excepted findings (owners: on their NHIs only). */
export async function listRulesWithCounts(viewer: Viewer) {
  assertCan(viewer, "finding:read");
  const groups = await db.finding.groupBy({
    by: ["ruleId", "status"],
    where: { status: { in: ["OPEN", "EXCEPTED"] }, identity: identityScope(viewer) },
    _count: { _all: true },
  });
  const count = (ruleId: string, status: FindingStatus) => groups.find((g) => g.ruleId === ruleId && g.status === status)?._count._all ?? 0;
  return RULE_CATALOG.map((r) => ({ ...r, counts: { open: count(r.id, "OPEN"), excepted: count(r.id, "EXCEPTED") } }));
}
