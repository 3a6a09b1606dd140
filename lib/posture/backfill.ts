// Demo only: a plausible posture history behind today's snapshot, so the dashboard's trends tell a story on first
// start. Today's rows are real (writeDailySnapshot); each earlier day is derived from them in one INSERT .. SELECT:
// the estate was smaller, and every risk figure was worse, improving gradually with a step about two months ago
// (a governance programme: ownership drive, rotation, vault migration), at a pace that differs by team, with a
// little deterministic noise. Every invariant of a real row holds (owned + orphans <= NHIs, used <= granted, age
// buckets sum to the credentials, compliant and vaulted <= credentials). The JSON breakdowns (NHIs by kind, open
// findings by OWASP id) are today's only: the dashboard shows them for the latest day.
import { db, Prisma } from "../db";
import { noJit, teamTotalsSql, utcDay, writeDailySnapshot } from "./snapshot";

export interface BackfillSummary {
  days: number;
  rows: number;
  ms: number;
}

const DAY_MS = 86_400_000;

/** 0..1 per (team, source, environment, day), smooth over days: the day-to-day wobble of a real estate. */
const NOISE = `(0.5 * (0.6 * sin(d.d * 0.13 + 1) + 0.4 * sin(d.d * 0.45))
  + 0.5 * ((abs(hashtext(b."teamId" || b."sourceId" || b."environment" || d.d::text)) % 2001) / 1000.0 - 1))`;

export async function backfillPostureHistory(opts: { days?: number; now?: Date } = {}): Promise<BackfillSummary> {
  const t0 = performance.now();
  const days = opts.days ?? 180;
  const now = opts.now ?? new Date();
  await writeDailySnapshot({ now });
  const today = utcDay(now);
  const first = utcDay(new Date(now.getTime() - days * DAY_MS));
  const rows = await db.$transaction(
    async (tx) => {
      await noJit(tx);
      await tx.$executeRaw`DELETE FROM "PostureSnapshot" WHERE "day" >= ${first}::date AND "day" < ${today}::date`;
      const nhiRows = await tx.$executeRawUnsafe(backfillSql(), days, today);
      // Team totals of every history day, with the team's people a little fewer in the past.
      const teamRows = await tx.$executeRaw(
        teamTotalsSql(
          Prisma.sql`SELECT (${today}::date - g)::date AS "day", t."teamId", round(t."humans" * (1 - 0.08 * g / ${days}::float8))::int AS humans
            FROM "PostureSnapshot" t CROSS JOIN generate_series(1, ${days}::int) g
            WHERE t."day" = ${today}::date AND t."sourceId" = '' AND t."humans" > 0`,
          first,
          utcDay(new Date(now.getTime() - DAY_MS)),
        ),
      );
      return nhiRows + teamRows;
    },
    { timeout: 10 * 60_000 },
  );
  return { days, rows, ms: Math.round(performance.now() - t0) };
}

/** The INSERT .. SELECT of the history's NHI rows; parameters $1 = days, $2 = today (YYYY-MM-DD). */
export function backfillSql(): string {

  // Each stage selects the previous one's columns plus its own, all under the alias x: a day-0 row's columns, and
  // d = days back, p = how far back 0..1, c = how much of the improvement had not happened yet 0..1, tf = the
  // team's pace 0.5..1.5, nz = noise -1..1, s = estate size then / now. No joins; each stage MATERIALIZED, or the
  // planner would inline the stages and repeat every expression wherever a later one uses it.
  const r = (e: string) => `round(${e})::int`;
  const worse = (col: string, k: number, bound?: string) => {
    const v = r(`x."${col}" * x.s * (1 + ${k} * x.c * x.tf)`);
    return bound ? `LEAST(${bound}, ${v})` : v;
  };
  const share = (num: string, den: string, delta: string) =>
    `LEAST(1.0, GREATEST(0.0, CASE WHEN x."${den}" > 0 THEN x."${num}"::float8 / x."${den}" ELSE 0 END ${delta}))`;

  const sql = `
    WITH d AS (
      SELECT g AS d, g / $1::float8 AS p,
        0.55 * (g / $1::float8) + 0.45 * LEAST(1.0, GREATEST(0.0, (g - 60) / 15.0)) AS c
      FROM generate_series(1, $1::int) g
    ), x0 AS MATERIALIZED (
      SELECT b.*, d.d, d.p, d.c,
        0.5 + (abs(hashtext(b."teamId" || 'pace')) % 100) / 100.0 AS tf,
        ${NOISE} AS nz,
        GREATEST(0, round(b."identities" * (1 - 0.22 * d.p) * (1 + 0.012 * ${NOISE})))::int AS ids,
        round(b."humans" * (1 - 0.08 * d.p))::int AS hum
      FROM "PostureSnapshot" b CROSS JOIN d
      WHERE b."day" = $2::date AND b."sourceId" <> ''
    ), x1 AS MATERIALIZED (
      SELECT x.*, CASE WHEN x."identities" > 0 THEN x.ids::float8 / x."identities" ELSE 0 END AS s FROM x0 x
    ), x2 AS MATERIALIZED (
      SELECT x.*,
        GREATEST(0, x.ids - round((x."identities" - x."owned" - x."orphans") * x.s)::int) AS ob,
        ${r(`x."entitlementsGranted" * x.s * (1 + 0.25 * x.c * x.tf)`)} AS granted,
        ${r(`x."credentials" * x.s * (1 + 0.1 * x.c)`)} AS creds
      FROM x1 x
    ), y AS MATERIALIZED (
      SELECT x.*,
        ${r(`x.creds * ${share("credAgeUnder30", "credentials", "* (1 - 0.35 * x.c)")}`)} AS a30,
        ${r(`x.creds * ${share("credAge30To90", "credentials", "* (1 - 0.15 * x.c)")}`)} AS a90,
        ${r(`x.creds * ${share("credAgeOver365", "credentials", "* (1 + 0.6 * x.c * x.tf)")}`)} AS aold,
        ${r(`x.ob * LEAST(0.9, GREATEST(0.0, CASE WHEN x."owned" + x."orphans" > 0 THEN x."orphans"::float8 / (x."owned" + x."orphans") ELSE 0 END
          + 0.22 * x.c * x.tf + 0.01 * x.nz))`)} AS orph
      FROM x2 x
    ), w AS MATERIALIZED (
      -- Age buckets: clamp in order so that they sum to the credentials.
      SELECT x.*, LEAST(x.creds, x.a30) AS b30, LEAST(x.creds - LEAST(x.creds, x.a30), x.a90) AS b90 FROM y x
    ), v AS (
      SELECT x.*, LEAST(x.creds - x.b30 - x.b90, x.aold) AS bold FROM w x
    )
    INSERT INTO "PostureSnapshot" ("id", "day", "teamId", "sourceId", "environment", "humans", "identities",
      "identitiesByKind", "privileged", "orphans", "owned", "overPrivileged", "entitlementsGranted", "entitlementsUsed",
      "privilegedStanding", "privilegedTimeBound", "credentials", "credAgeUnder30", "credAge30To90", "credAge90To365",
      "credAgeOver365", "credNeverExpire", "credentialsCompliant", "credentialsVaulted", "findingsOpen",
      "findingsCritical", "findingsHigh", "findingsMedium", "findingsLow", "findingsInfo", "riskScoreSum", "highRisk",
      "exceptionsActive", "exceptionsExpiring", "campaignItems", "campaignItemsDecided")
    SELECT gen_random_uuid()::text, ($2::date - x.d), x."teamId", x."sourceId", x."environment", x.hum, x.ids,
      '{}'::jsonb,
      ${worse("privileged", 0.15, "x.ids")},
      LEAST(x.ob, x.orph), x.ob - LEAST(x.ob, x.orph),
      ${worse("overPrivileged", 0.3, "x.ids")},
      x.granted,
      ${r(`x.granted * ${share("entitlementsUsed", "entitlementsGranted", "- 0.16 * x.c * x.tf + 0.01 * x.nz")}`)},
      ${worse("privilegedStanding", 0.35)},
      ${r(`x."privilegedTimeBound" * x.s * (1 - 0.6 * x.c)`)},
      x.creds, x.b30, x.b90, x.creds - x.b30 - x.b90 - x.bold, x.bold,
      ${r(`x.creds * ${share("credNeverExpire", "credentials", "* (1 + 0.25 * x.c)")}`)},
      ${r(`x.creds * ${share("credentialsCompliant", "credentials", "- 0.28 * x.c * x.tf + 0.012 * x.nz")}`)},
      ${r(`x.creds * ${share("credentialsVaulted", "credentials", "- 0.2 * x.c * x.tf + 0.008 * x.nz")}`)},
      '{}'::jsonb,
      ${worse("findingsCritical", 1.4)}, ${worse("findingsHigh", 0.9)}, ${worse("findingsMedium", 0.6)},
      ${worse("findingsLow", 0.3)}, ${worse("findingsInfo", 0.1)},
      ${worse("riskScoreSum", 0.25)}, ${worse("highRisk", 0.7, "x.ids")},
      0, 0, 0, 0
    FROM v x`;

  return sql;
}
