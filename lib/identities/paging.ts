// Inventory paging that stays fast at 500,000 NHIs while the URL keeps plain page numbers (bookmarks, the e2e
// contract, campaign scopes):
// - Seek positions: each served page remembers its first and last sort key (per viewer scope, filters, sort and
//   size, for a short while). Page k+1 after page k (Next), page k-1 (Previous) and a reload read from the
//   remembered key with a keyset range `(sort, id) < (key)` on the sort's index: cost independent of depth. A cold
//   jump to a deep page (bookmark, "last page") skips rows, over ids only and from the nearer end of the list
//   (lib/db/deep-page.ts).
// - Totals: the exact count of a filter is cached for COUNT_TTL_MS, so paging through a result counts it once.
// Caches are per process: with several replicas a miss only costs the OFFSET/count it would have cost anyway.
import type { Prisma } from "../db";
import type { TInventoryQuery, TInventorySort } from "./schemas";

/** Tunables (tests lower them to exercise every path on a small estate). */
export const PAGING = {
  /** Totals at or above this are cached for COUNT_TTL_MS: counting them scans thousands of index entries. */
  countCacheMin: 5000,
  /** Below this offset a plain OFFSET is as cheap as anything else. */
  deepOffset: 1000,
};

const SEEK_TTL_MS = 10 * 60_000;
const COUNT_TTL_MS = 30_000;
const MAX_ENTRIES = 2000;

/** A small LRU map whose entries expire; enough for per-process caches of a few thousand keys. */
export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();
  constructor(private readonly ttlMs: number, private readonly max = MAX_ENTRIES) {}
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    // Re-insert: Map keeps insertion order, so the oldest entry is first.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, expires: Date.now() + this.ttlMs });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  clear(): void {
    this.map.clear();
  }
}

/** The sort key of one row: the sort column's value and the id tie-breaker. */
export type SeekKey = { value: number | string; id: string };

/**
 * Sorts whose order is (one non-null column, id) in one direction: a keyset range is exact for them. The others
 * (mixed directions, nullable dates) page with OFFSET.
 */
const KEYSET_COLUMN: Partial<Record<TInventorySort, "riskScore" | "name" | "unusedEntitlements">> = {
  risk: "riskScore",
  name: "name",
  unused: "unusedEntitlements",
};

export function keysetColumn(sort: TInventorySort) {
  return KEYSET_COLUMN[sort] ?? null;
}

const seeks = new TtlCache<{ first: SeekKey; last: SeekKey }>(SEEK_TTL_MS);
const counts = new TtlCache<number>(COUNT_TTL_MS);

/** Everything that decides a result set, except the page: the viewer's scope (id + role) and the filters. */
export function resultKey(scope: string, q: TInventoryQuery, withSort: boolean): string {
  const { page: _page, size, sort, dir, ...filters } = q;
  return JSON.stringify([scope, filters, withSort ? [sort, dir, size] : null]);
}

export function cachedCount(key: string): number | undefined {
  return counts.get(key);
}
export function rememberCount(key: string, n: number): void {
  counts.set(key, n);
}

/**
 * The keyset condition for `page`, from a remembered neighbour: after the last row of page-1, or from the first row
 * of page itself (a reload). Null when nothing is remembered (the caller uses OFFSET).
 */
export function seekWhere(sortKey: string, q: TInventoryQuery): Prisma.IdentityWhereInput | null {
  const col = keysetColumn(q.sort);
  if (!col || q.page <= 1) return null;
  const before = seeks.get(`${sortKey}#${q.page - 1}`);
  const self = before ? null : seeks.get(`${sortKey}#${q.page}`);
  const key = before?.last ?? self?.first;
  if (!key) return null;
  const inclusive = !before;
  const desc = q.dir === "desc";
  const beyond = desc ? "lt" : "gt";
  const within = desc ? "lte" : "gte";
  // `col <= v AND (col < v OR id < last)`: the first term gives PostgreSQL an index range to start from, the second
  // is exact on ties (row comparison `(col, id) < (v, id)` is not expressible in Prisma's where).
  return {
    AND: [
      { [col]: { [within]: key.value } },
      { OR: [{ [col]: { [beyond]: key.value } }, { id: { [inclusive ? within : beyond]: key.id } }] },
    ],
  };
}

/** Remembers where `page` starts and ends, for the next request of its neighbours. */
export function rememberPage(sortKey: string, q: TInventoryQuery, rows: readonly ({ id: string } & Record<string, unknown>)[]): void {
  const col = keysetColumn(q.sort);
  if (!col || rows.length === 0) return;
  const key = (r: { id: string } & Record<string, unknown>): SeekKey => ({ value: r[col] as number | string, id: r.id });
  seeks.set(`${sortKey}#${q.page}`, { first: key(rows[0]!), last: key(rows[rows.length - 1]!) });
}

/** For tests and the benchmark's cold-jump scenario. */
export function resetInventoryCaches(): void {
  seeks.clear();
  counts.clear();
}
