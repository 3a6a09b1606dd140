import "server-only";
import { db, Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import type { TAuditFilters, TAuditQuery } from "./schemas";

export const auditEventSelect = {
  seq: true,
  id: true,
  at: true,
  actorId: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  meta: true,
  prevHash: true,
  hash: true,
} as const;

export function auditWhere(f: TAuditFilters): Prisma.AuditEventWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (f.from) at.gte = new Date(`${f.from}T00:00:00Z`);
  if (f.to) at.lt = new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000);
  return {
    ...(f.actor ? { actorEmail: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { at } : {}),
  };
}

/** JSON-safe row (seq is a bigint in the database). */
function toDto<T extends { seq: bigint }>(r: T) {
  return { ...r, seq: r.seq.toString() };
}

/** One page of the audit log for the audit page (ADMIN, AUDITOR), newest first by default. */
export async function listAuditEvents(viewer: Viewer, q: TAuditQuery) {
  assertCan(viewer, "audit:read");
  const where = auditWhere(q);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, select: auditEventSelect, orderBy: { seq: q.dir }, skip: (q.page - 1) * q.size, take: q.size }),
    db.auditEvent.count({ where }),
  ]);
  return { rows: rows.map(toDto), total };
}
export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>["rows"][number];

/** Cursor page for the API: newest first; the cursor is the last seq returned. */
export async function listAuditEventsPage(viewer: Viewer, filters: TAuditFilters, cursor: string | undefined, limit: number) {
  assertCan(viewer, "audit:read");
  const before = cursor && /^\d{1,19}$/.test(cursor) ? BigInt(cursor) : undefined;
  const rows = await db.auditEvent.findMany({
    where: { AND: [auditWhere(filters), before !== undefined ? { seq: { lt: before } } : {}] },
    select: auditEventSelect,
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  const data = rows.slice(0, limit).map(toDto);
  return { data, nextCursor: rows.length > limit ? data[data.length - 1]!.seq : null };
}

/** The newest event: its hash commits to the whole chain before it. */
export async function getChainHead(viewer: Viewer) {
  assertCan(viewer, "audit:read");
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, at: true } });
  return head ? toDto(head) : null;
}

/**
 * Distinct actions and target types for the filter menus. A loose index scan (one index probe per distinct
 * value) instead of SELECT DISTINCT, which would read the whole table.
 */
export async function getAuditFacets(viewer: Viewer) {
  assertCan(viewer, "audit:read");
  const [actions, targetTypes] = await Promise.all([
    db.$queryRaw<{ v: string }[]>`
      WITH RECURSIVE t(v) AS (
        (SELECT action FROM "AuditEvent" ORDER BY action LIMIT 1)
        UNION ALL
        SELECT (SELECT action FROM "AuditEvent" WHERE action > t.v ORDER BY action LIMIT 1) FROM t WHERE t.v IS NOT NULL
      )
      SELECT v FROM t WHERE v IS NOT NULL LIMIT 500`,
    db.$queryRaw<{ v: string }[]>`
      WITH RECURSIVE t(v) AS (
        (SELECT "targetType" FROM "AuditEvent" WHERE "targetType" IS NOT NULL ORDER BY "targetType" LIMIT 1)
        UNION ALL
        SELECT (SELECT "targetType" FROM "AuditEvent" WHERE "targetType" > t.v ORDER BY "targetType" LIMIT 1) FROM t WHERE t.v IS NOT NULL
      )
      SELECT v FROM t WHERE v IS NOT NULL LIMIT 500`,
  ]);
  return { actions: actions.map((r) => r.v), targetTypes: targetTypes.map((r) => r.v) };
}
