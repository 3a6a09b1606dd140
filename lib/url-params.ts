import { z } from "zod";

// Parsers for URL filter params shared by every list page: bad values never throw, they fall back.

/** Next gives string[] for a repeated key; single-valued params take the first. */
export const firstOf = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** A multi-valued filter (`?kind=A&kind=B` or `?kind=A,B`); unknown values are dropped one by one. */
export function manyOf<T extends z.ZodType>(item: T) {
  return z
    .preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")), z.array(z.unknown()))
    .transform((values) =>
      values.flatMap((v) => {
        const r = item.safeParse(v);
        return r.success ? [r.data as z.infer<T>] : [];
      }),
    )
    .catch([]);
}

/** A request URL's query as Next gives page searchParams: repeated keys become arrays. */
export function paramsOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
