// A page far into a large list, asked for by number (a bookmark, "last page", a typed page) with no neighbouring page
// to seek from (lib/identities/paging.ts remembers those): rows before it must be skipped, and this skips as few as it
// can, as cheaply as it can.
// - Over ids only: the skip reads the sort's index (an index-only scan), not the skipped rows; the page's rows are
//   then read by id.
// - From the nearer end of the list: the last page skips nothing. Where the end is comes from an exact count read in
//   the same snapshot as the page, so a page counted from the end is exactly the page counted from the start.
// - A page in the first half of a list whose size the caller already knows (a cached count) skips from the start
//   without counting.
// Measured at 500,000 NHIs, 90% deep: 50 ms p50 against 67-79 ms skipping from the start beside a count; 2,070,000
// open findings, halfway: ids-only 181 ms against 2.9 s for OFFSET over whole rows.
import { db, type Prisma, type Tx } from ".";

/** How the deep-page reader reads one list (its where and select are the caller's; the reader reverses the sort). */
export interface DeepList<Row extends { id: string }, Order extends object> {
  orderBy: Order[];
  count: (client: Tx) => Promise<number>;
  /** Ids of `take` rows after `skip` in `orderBy` (the list's sort, or its reverse). */
  ids: (client: Tx, orderBy: Order[], skip: number, take: number) => Promise<string[]>;
  rows: (client: Tx, ids: string[]) => Promise<Row[]>;
}

export async function readDeepPage<Row extends { id: string }, Order extends object>(
  list: DeepList<Row, Order>,
  skip: number,
  size: number,
  knownTotal?: number,
): Promise<{ rows: Row[]; total: number }> {
  if (knownTotal !== undefined && skip + size <= knownTotal / 2) return { rows: await byIds(db, list, skip, size, false), total: knownTotal };
  return db.$transaction(
    async (tx) => {
      const total = await list.count(tx);
      const take = Math.min(size, total - skip);
      if (take <= 0) return { rows: [], total };
      const skipFromEnd = total - skip - take;
      const rows = skipFromEnd < skip ? await byIds(tx, list, skipFromEnd, take, true) : await byIds(tx, list, skip, take, false);
      return { rows, total };
    },
    { isolationLevel: "RepeatableRead" },
  );
}

async function byIds<Row extends { id: string }, Order extends object>(client: Tx, list: DeepList<Row, Order>, skip: number, take: number, reversed: boolean): Promise<Row[]> {
  const ids = await list.ids(client, reversed ? reverseOrderBy(list.orderBy) : list.orderBy, skip, take);
  if (reversed) ids.reverse();
  const at = new Map(ids.map((id, i) => [id, i]));
  return (await list.rows(client, ids)).sort((a, b) => at.get(a.id)! - at.get(b.id)!);
}

const flip = (d: Prisma.SortOrder): Prisma.SortOrder => (d === "asc" ? "desc" : "asc");

/**
 * The exact reverse of a sort on columns of the model itself: each column's direction flipped, and its nulls' place
 * where the sort names it (otherwise PostgreSQL's default, last ascending and first descending, flips with the
 * direction).
 */
export function reverseOrderBy<T extends object>(orderBy: T[]): T[] {
  return orderBy.map(
    (term) =>
      Object.fromEntries(
        Object.entries(term).map(([col, o]: [string, unknown]) => {
          if (o === "asc" || o === "desc") return [col, flip(o)];
          const { sort, nulls } = (o ?? {}) as Partial<Prisma.SortOrderInput>;
          if (sort !== "asc" && sort !== "desc") throw new Error(`reverseOrderBy: ${col} is not a column sort`);
          return [col, { sort: flip(sort), ...(nulls ? { nulls: nulls === "first" ? "last" : "first" } : {}) }];
        }),
      ) as T,
  );
}
