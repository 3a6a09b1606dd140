import { z } from "zod";

// Cursor paging for every /api/v1 list: `?cursor=<id of the last row>&limit=N`, answered as { data, nextCursor }.
// Lists are ordered by id, which never changes, so a walk through the pages neither repeats nor skips a row that
// existed when it started, whatever is inserted meanwhile.
export const ZCursorPage = z.object({
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TCursorPage = z.infer<typeof ZCursorPage>;

/** Prisma findMany arguments for one page: one row more than asked, to know whether another page follows. */
export function cursorArgs(page: TCursorPage) {
  return {
    orderBy: { id: "asc" as const },
    take: page.limit + 1,
    ...(page.cursor ? { where: { id: { gt: page.cursor } } } : {}),
  };
}

export function pageOf<T extends { id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? data[data.length - 1]!.id : null };
}
