import { z } from "zod";

/*
 * Pure helpers for table state kept in the URL (no React, safe on the server and in tests).
 * Params: `page` (1-based), `size`, `sort` (a column id), `dir` (asc|desc); every other param is a filter
 * owned by the page and is carried through untouched.
 */

export const PAGE_SIZE_OPTIONS = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** Guards against absurd offsets from hand-edited URLs; the page clamps to its real last page anyway. */
const MAX_PAGE = 1_000_000;

export type SortDir = "asc" | "desc";

/** The shape of Next's awaited `searchParams` page prop. */
export type SearchParamsRecord = Record<string, string | string[] | undefined>;

/** `null`, `undefined` or `""` deletes the key; an array writes the key once per value (multi-select filters). */
export type ParamUpdates = Record<string, string | number | boolean | readonly string[] | null | undefined>;

export type BuildOptions = {
  /** Delete `page` (go back to page 1). Filters and sorting must do this: page 7 of the old result is meaningless. */
  resetPage?: boolean;
};

function toURLSearchParams(current: string | URLSearchParams | SearchParamsRecord | null | undefined): URLSearchParams {
  if (!current) return new URLSearchParams();
  if (typeof current === "string" || current instanceof URLSearchParams) return new URLSearchParams(current);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(current)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else if (value !== undefined) params.append(key, value);
  }
  return params;
}

/** Applies `updates` to `current` and returns the query string without the leading "?". */
export function buildSearchParams(
  current: string | URLSearchParams | SearchParamsRecord | null | undefined,
  updates: ParamUpdates,
  { resetPage = false }: BuildOptions = {},
): string {
  const params = toURLSearchParams(current);
  for (const [key, value] of Object.entries(updates)) {
    params.delete(key);
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.set(key, String(value));
  }
  if (resetPage) params.delete("page");
  // Page 1 is the default: leave it out so "first page" URLs are canonical and shareable.
  if (params.get("page") === "1") params.delete("page");
  return params.toString();
}

/** `pathname` plus the updated query string ("?..." only when there is one). */
export function hrefWithParams(
  pathname: string,
  current: string | URLSearchParams | SearchParamsRecord | null | undefined,
  updates: ParamUpdates,
  options?: BuildOptions,
): string {
  const qs = buildSearchParams(current, updates, options);
  return qs ? `${pathname}?${qs}` : pathname;
}

/** URL updates for a sort change; sorting always returns to page 1. */
export function sortUpdates(sort: string | null, dir: SortDir): ParamUpdates {
  return sort ? { sort, dir, page: null } : { sort: null, dir: null, page: null };
}

/** URL updates for a pagination change; a new page size returns to page 1. */
export function paginationUpdates(
  current: { page: number; size: number },
  next: { page: number; size: number },
): ParamUpdates {
  if (next.size !== current.size) return { size: next.size, page: null };
  return { page: next.page };
}

// Next gives string[] for a repeated key; table params are single-valued, so the first one wins.
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export type TableParamsConfig<TSort extends string> = {
  /** Allowed sort keys (column ids). Anything else in the URL falls back to `defaultSort`. */
  sortable: readonly [TSort, ...TSort[]];
  defaultSort: NoInfer<TSort>;
  defaultDir?: SortDir;
  defaultSize?: number;
  pageSizes?: readonly number[];
};

/**
 * Zod schema for the table part of a page's search params. Invalid values never throw: each param falls back
 * to its default (`.catch`), because a bad bookmark should show the table, not an error page.
 * Extend it with the page's own filters: `tableParamsSchema({...}).extend({ q: z.string().optional() })`.
 */
export function tableParamsSchema<TSort extends string>(config: TableParamsConfig<TSort>) {
  const { sortable, defaultSort, defaultDir = "asc", defaultSize = DEFAULT_PAGE_SIZE, pageSizes = PAGE_SIZE_OPTIONS } = config;
  return z.object({
    page: z.preprocess(first, z.coerce.number().int().min(1).max(MAX_PAGE)).catch(1),
    size: z
      .preprocess(first, z.coerce.number().int())
      .refine((n) => pageSizes.includes(n))
      .catch(defaultSize),
    sort: z.preprocess(first, z.enum(sortable)).catch(defaultSort),
    dir: z.preprocess(first, z.enum(["asc", "desc"])).catch(defaultDir),
  });
}

export type TableParams<TSort extends string> = {
  page: number;
  size: number;
  sort: TSort;
  dir: SortDir;
  /** Rows to skip for the query: (page - 1) * size. */
  skip: number;
  /** Rows to take for the query: size. */
  take: number;
};

/** Parses the table params from Next's `searchParams` and adds `skip`/`take` for the query. */
export function parseTableParams<TSort extends string>(
  searchParams: SearchParamsRecord,
  config: TableParamsConfig<TSort>,
): TableParams<TSort> {
  const { page, size, sort, dir } = tableParamsSchema(config).parse(searchParams);
  return { page, size, sort: sort as TSort, dir, skip: (page - 1) * size, take: size };
}

/** Last valid page for a row count (at least 1). Use it to clamp `page` after counting. */
export function lastPage(rowCount: number, size: number): number {
  return Math.max(1, Math.ceil(rowCount / size));
}

/** Rows shown on a page, for "Showing 51–100 of 4,812"; both 0 when the page has no rows. */
export function pageRange(page: number, size: number, rowCount: number): { from: number; to: number } {
  const start = (page - 1) * size;
  if (rowCount <= 0 || start >= rowCount) return { from: 0, to: 0 };
  return { from: start + 1, to: Math.min(start + size, rowCount) };
}
