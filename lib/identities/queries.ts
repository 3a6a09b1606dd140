import "server-only";
import { db, type Prisma } from "../db";
import { readDeepPage, type DeepList } from "../db/deep-page";
import { assertCan, NotFoundError, type Viewer } from "../auth/permissions";
import { daysAgo, UNUSED_WINDOW_DAYS } from "./rules";
import { identityScope } from "./scope";
import { cachedCount, PAGING, rememberCount, rememberPage, resultKey, seekWhere } from "./paging";
import type { TInventoryFilters, TInventoryQuery, TInventorySort } from "./schemas";
import { cursorArgs, pageOf, type TCursorPage } from "../api/paging";

export const identityListSelect = {
  id: true,
  name: true,
  externalId: true,
  kind: true,
  status: true,
  environment: true,
  criticality: true,
  riskScore: true,
  isPrivileged: true,
  platformManaged: true,
  lastUsedAt: true,
  oldestCredentialAt: true,
  unusedEntitlements: true,
  entitlementCount: true,
  credentialCount: true,
  owner: { select: { id: true, name: true, active: true } },
  source: { select: { id: true, key: true, platform: true } },
} satisfies Prisma.IdentitySelect;

export type IdentityListRow = Prisma.IdentityGetPayload<{ select: typeof identityListSelect }>;

/** Filters from the URL as a Prisma where, ANDed with the viewer's scope. */
export function inventoryWhere(viewer: Viewer, f: TInventoryFilters, now = new Date()): Prisma.IdentityWhereInput {
  const and: Prisma.IdentityWhereInput[] = [identityScope(viewer)];
  if (f.q) {
    and.push({
      OR: [
        { name: { contains: f.q, mode: "insensitive" } },
        { externalId: { contains: f.q, mode: "insensitive" } },
        { purpose: { contains: f.q, mode: "insensitive" } },
      ],
    });
  }
  if (f.kind.length) and.push({ kind: { in: f.kind } });
  if (f.source.length) and.push({ sourceId: { in: f.source } });
  if (f.env.length) and.push({ environment: { in: f.env } });
  if (f.status.length) and.push({ status: { in: f.status } });
  if (f.criticality.length) and.push({ criticality: { in: f.criticality } });
  if (f.owner === "none") and.push({ ownerId: null });
  else if (f.owner === "me") and.push({ ownerId: viewer.id });
  else if (f.owner) and.push({ ownerId: f.owner });
  if (f.team.length) and.push({ teamId: { in: f.team } });
  if (f.riskMin !== undefined) and.push({ riskScore: { gte: f.riskMin } });
  if (f.riskMax !== undefined) and.push({ riskScore: { lte: f.riskMax } });
  if (f.credAgeOver !== undefined) and.push({ oldestCredentialAt: { lt: daysAgo(f.credAgeOver, now) } });
  if (f.credAgeUnder !== undefined) and.push({ oldestCredentialAt: { gte: daysAgo(f.credAgeUnder, now) } });
  if (f.unused) and.push({ unusedEntitlements: { gt: 0 } });
  if (f.privileged) {
    and.push({
      OR: [
        { isPrivileged: true }, { canChangeInfra: true }, { canReadSensitive: true }, { canTriggerDeploy: true },
        { entitlements: { some: { status: "ACTIVE", privilege: "ADMIN" } } },
      ],
    });
  }
  if (f.neverExpires) and.push({ credentials: { some: { status: "ACTIVE", ephemeral: false, expiresAt: null } } });
  if (f.changed) and.push({ OR: [{ lastCertifiedAt: null }, { accessChangedAt: { gt: db.identity.fields.lastCertifiedAt } }] });
  return { AND: and };
}

// Allowlisted sorts; every order ends with id so pages are stable.
const SORTS: Record<TInventorySort, (dir: Prisma.SortOrder) => Prisma.IdentityOrderByWithRelationInput[]> = {
  risk: (dir) => [{ riskScore: dir }, { id: dir }],
  name: (dir) => [{ name: dir }, { id: dir }],
  kind: (dir) => [{ kind: dir }, { riskScore: "desc" }, { id: dir }],
  environment: (dir) => [{ environment: dir }, { riskScore: "desc" }, { id: dir }],
  lastUsed: (dir) => [{ lastUsedAt: { sort: dir, nulls: dir === "asc" ? "first" : "last" } }, { id: dir }],
  // Oldest credential first when descending by age, i.e. ascending by date.
  credentialAge: (dir) => [
    { oldestCredentialAt: { sort: dir === "desc" ? "asc" : "desc", nulls: "last" } },
    { id: dir },
  ],
  unused: (dir) => [{ unusedEntitlements: dir }, { id: dir }],
};

export function inventoryOrderBy(sort: TInventorySort, dir: "asc" | "desc") {
  return SORTS[sort](dir);
}

export async function listIdentities(viewer: Viewer, query: TInventoryQuery) {
  assertCan(viewer, "identity:read");
  const where = inventoryWhere(viewer, query);
  const orderBy = inventoryOrderBy(query.sort, query.dir);
  const scope = `${viewer.id}:${viewer.role}`;
  const countKey = resultKey(scope, query, false);
  const sortKey = resultKey(scope, query, true);
  const seek = seekWhere(sortKey, query);
  const skip = (query.page - 1) * query.size;
  const known = cachedCount(countKey);
  let page: { rows: IdentityListRow[]; total: number };
  if (seek || skip < PAGING.deepOffset) {
    const [rows, total] = await Promise.all([
      seek
        ? db.identity.findMany({ where: { AND: [where, seek] }, select: identityListSelect, orderBy, take: query.size })
        : db.identity.findMany({ where, select: identityListSelect, orderBy, skip, take: query.size }),
      known ?? db.identity.count({ where }),
    ]);
    page = { rows, total };
  } else page = await readDeepPage(deepList(where, orderBy), skip, query.size, known);
  // Large totals are cached briefly (paging through them counts once); small ones are exact on every request.
  if (known === undefined && page.total >= PAGING.countCacheMin) rememberCount(countKey, page.total);
  rememberPage(sortKey, query, page.rows);
  return page;
}

/** The inventory as lib/db/deep-page.ts reads a deep page of it. */
function deepList(where: Prisma.IdentityWhereInput, orderBy: Prisma.IdentityOrderByWithRelationInput[]): DeepList<IdentityListRow, Prisma.IdentityOrderByWithRelationInput> {
  return {
    orderBy,
    count: (c) => c.identity.count({ where }),
    ids: async (c, order, skip, take) => (await c.identity.findMany({ where, select: { id: true }, orderBy: order, skip, take })).map((r) => r.id),
    rows: (c, ids) => c.identity.findMany({ where: { id: { in: ids } }, select: identityListSelect }),
  };
}

/** Yields the filtered inventory in the current sort, in batches, so an export never holds the estate in memory. */
export async function* iterateIdentities(viewer: Viewer, query: TInventoryQuery, batchSize = 1000) {
  assertCan(viewer, "identity:export");
  const where = inventoryWhere(viewer, query);
  const orderBy = inventoryOrderBy(query.sort, query.dir);
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.identity.findMany({
      where,
      select: { ...identityListSelect, purpose: true, backupOwner: { select: { name: true } }, createdAtSource: true },
      orderBy,
      take: batchSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (!batch.length) return;
    yield batch;
    if (batch.length < batchSize) return;
    cursor = batch[batch.length - 1].id;
  }
}

const detailSelect = {
  id: true,
  externalId: true,
  name: true,
  kind: true,
  status: true,
  environment: true,
  criticality: true,
  canChangeInfra: true,
  canReadSensitive: true,
  canTriggerDeploy: true,
  isPrivileged: true,
  breakGlass: true,
  breakGlassTestedAt: true,
  shared: true,
  purpose: true,
  purposeConfirmedAt: true,
  platformManaged: true,
  delegatedScopes: true,
  createdAtSource: true,
  lastUsedAt: true,
  riskScore: true,
  riskReasons: true,
  tags: true,
  firstSeenAt: true,
  lastSeenAt: true,
  unusedEntitlements: true,
  entitlementCount: true,
  credentialCount: true,
  ownerId: true,
  backupOwnerId: true,
  owner: { select: { id: true, name: true, email: true, active: true } },
  backupOwner: { select: { id: true, name: true, email: true, active: true } },
  onBehalfOf: { select: { id: true, name: true, email: true, active: true } },
  team: { select: { id: true, name: true } },
  source: { select: { id: true, key: true, name: true, platform: true, environment: true, lastImportAt: true } },
} satisfies Prisma.IdentitySelect;

export const DETAIL_LIST_LIMIT = 500;

/** One NHI with its credentials, entitlements and activity; NotFoundError when absent or outside the scope. */
export async function getIdentityDetail(viewer: Viewer, id: string) {
  assertCan(viewer, "identity:read");
  const identity = await db.identity.findFirst({ where: { AND: [{ id }, identityScope(viewer)] }, select: detailSelect });
  if (!identity) throw new NotFoundError("NHI not found.");
  const [credentials, entitlements, activity] = await Promise.all([
    db.credential.findMany({
      where: { identityId: id },
      select: {
        id: true, type: true, externalId: true, name: true, status: true, createdAt: true, lastRotatedAt: true,
        lastUsedAt: true, expiresAt: true, fingerprint: true, storage: true, ephemeral: true,
      },
      orderBy: [{ status: "asc" }, { createdAt: "asc" }],
      take: DETAIL_LIST_LIMIT,
    }),
    db.entitlement.findMany({
      where: { identityId: id },
      select: {
        id: true, resource: true, permission: true, privilege: true, sensitivity: true, via: true, viaName: true,
        grantedAt: true, expiresAt: true, lastUsedAt: true, status: true,
      },
      orderBy: [{ status: "asc" }, { privilege: "asc" }, { lastUsedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      take: DETAIL_LIST_LIMIT,
    }),
    db.auditEvent.findMany({
      where: { targetType: "Identity", targetId: id },
      select: { id: true, at: true, actorEmail: true, action: true, before: true, after: true },
      orderBy: { seq: "desc" },
      take: 50,
    }),
  ]);
  // Owner changes are stored as user ids; show names.
  const personIds = new Set<string>();
  for (const e of activity) {
    for (const side of [e.before, e.after] as Record<string, unknown>[]) {
      for (const k of ["ownerId", "backupOwnerId"]) if (typeof side?.[k] === "string") personIds.add(side[k] as string);
    }
  }
  const people = personIds.size
    ? Object.fromEntries(
        (await db.user.findMany({ where: { id: { in: [...personIds] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
      )
    : {};
  return { identity, credentials, entitlements, activity, people, unusedWindowDays: UNUSED_WINDOW_DAYS };
}
export type IdentityDetail = Awaited<ReturnType<typeof getIdentityDetail>>;

/** Options for the inventory filters: sources and owners the viewer can filter by. */
export async function getInventoryFacets(viewer: Viewer) {
  assertCan(viewer, "identity:read");
  const [sources, teams] = await Promise.all([
    db.source.findMany({ select: { id: true, key: true, name: true }, orderBy: { key: "asc" } }),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { sources, teams };
}

// ---- /api/v1: cursor-paged reads (ordered by id, so a walk neither repeats nor skips a row that existed) --------

/** The inventory with the inventory page's filters, one cursor page at a time (GET /api/v1/identities). */
export async function listIdentitiesPage(viewer: Viewer, filters: TInventoryFilters, page: TCursorPage, now = new Date()) {
  assertCan(viewer, "identity:read");
  const { where: after, ...args } = cursorArgs(page);
  const rows = await db.identity.findMany({
    where: after ? { AND: [inventoryWhere(viewer, filters, now), after] } : inventoryWhere(viewer, filters, now),
    select: identityListSelect,
    ...args,
  });
  return pageOf(rows, page.limit);
}

/** One NHI's attributes (no credentials, entitlements or activity); NotFoundError outside the viewer's scope. */
export async function getIdentity(viewer: Viewer, id: string) {
  assertCan(viewer, "identity:read");
  const identity = await db.identity.findFirst({ where: { AND: [{ id }, identityScope(viewer)] }, select: detailSelect });
  if (!identity) throw new NotFoundError("NHI not found.");
  return identity;
}

/** Credential metadata only: the schema has no column for a secret value, and none is ever selected. */
export const credentialSelect = {
  id: true, type: true, externalId: true, name: true, status: true, createdAt: true, lastRotatedAt: true,
  lastUsedAt: true, expiresAt: true, fingerprint: true, storage: true, ephemeral: true,
} satisfies Prisma.CredentialSelect;

export const entitlementSelect = {
  id: true, resource: true, permission: true, privilege: true, sensitivity: true, via: true, viaName: true,
  grantedAt: true, expiresAt: true, lastUsedAt: true, status: true,
} satisfies Prisma.EntitlementSelect;

async function assertVisible(viewer: Viewer, identityId: string) {
  assertCan(viewer, "identity:read");
  const found = await db.identity.findFirst({ where: { AND: [{ id: identityId }, identityScope(viewer)] }, select: { id: true } });
  if (!found) throw new NotFoundError("NHI not found.");
}

export async function listCredentialsPage(viewer: Viewer, identityId: string, page: TCursorPage) {
  await assertVisible(viewer, identityId);
  const { where: after, ...args } = cursorArgs(page);
  const rows = await db.credential.findMany({ where: { identityId, ...after }, select: credentialSelect, ...args });
  return pageOf(rows, page.limit);
}

export async function listEntitlementsPage(viewer: Viewer, identityId: string, page: TCursorPage) {
  await assertVisible(viewer, identityId);
  const { where: after, ...args } = cursorArgs(page);
  const rows = await db.entitlement.findMany({ where: { identityId, ...after }, select: entitlementSelect, ...args });
  return pageOf(rows, page.limit);
}
