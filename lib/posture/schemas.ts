import { z } from "zod";
import { firstOf } from "../url-params";

// Dashboard and /api/v1/metrics/* URL contract: time range and team/source filters. Bad values fall back.
export const RANGE_DAYS = [30, 90, 180, 365] as const;
export type TRangeDays = (typeof RANGE_DAYS)[number];
export const DEFAULT_RANGE_DAYS: TRangeDays = 90;

export const ZPostureFilters = z.object({
  range: z
    .preprocess((v) => Number(firstOf(v)), z.union(RANGE_DAYS.map((d) => z.literal(d)) as [z.ZodLiteral<30>, z.ZodLiteral<90>, z.ZodLiteral<180>, z.ZodLiteral<365>]))
    .catch(DEFAULT_RANGE_DAYS),
  team: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  source: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
});
export type TPostureFilters = z.infer<typeof ZPostureFilters>;

/** The filters as URL params (defaults left out), for links that keep them. */
export function postureParams(f: Partial<TPostureFilters>): URLSearchParams {
  const p = new URLSearchParams();
  if (f.range && f.range !== DEFAULT_RANGE_DAYS) p.set("range", String(f.range));
  if (f.team) p.set("team", f.team);
  if (f.source) p.set("source", f.source);
  return p;
}

export const SEVERITY_ORDER = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] as const;

/** Credential age buckets of the secret-age histogram: snapshot column, label, inventory filter. */
export const AGE_BUCKETS = [
  { key: "credAgeUnder30", label: "< 30 d", params: { credAgeUnder: "30" } },
  { key: "credAge30To90", label: "30–90 d", params: { credAgeOver: "30", credAgeUnder: "90" } },
  { key: "credAge90To365", label: "90 d–1 y", params: { credAgeOver: "90", credAgeUnder: "365" } },
  { key: "credAgeOver365", label: "> 1 y", params: { credAgeOver: "365" } },
] as const;

/** The metrics API is strict where the page is forgiving: a bad parameter is a 400, not a silent default. */
export const ZMetricsQuery = z
  .object({
    range: z.coerce
      .number()
      .int()
      .refine((n): n is TRangeDays => (RANGE_DAYS as readonly number[]).includes(n), { message: `range must be one of ${RANGE_DAYS.join(", ")}` })
      .default(DEFAULT_RANGE_DAYS),
    team: z.string().min(1).max(64).optional(),
    source: z.string().min(1).max(64).optional(),
  })
  .strict();

export function parseMetricsQuery(url: string): TPostureFilters {
  const q = ZMetricsQuery.parse(Object.fromEntries(new URL(url).searchParams));
  return { range: q.range as TRangeDays, team: q.team, source: q.source };
}
