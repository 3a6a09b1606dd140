import "server-only";
import { db, Prisma } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { identityListSelect } from "../identities/queries";
import { identityScope } from "../identities/scope";
import { loadRuleContext } from "../rules/context";
import { postureFiguresSql } from "./figures";
import { KPIS, SUM_COLUMNS, ageHistogram, groupBy, owaspBars, sumByKey, sumFigures, trendOf, type Figures, type KpiKey } from "./metrics";
import type { TPostureFilters } from "./schemas";

// The CISO dashboard reads PostureSnapshot rows only (plus the ten riskiest NHIs by index): its cost depends on
// days x teams x sources x environments, never on the number of NHIs.

// Two kinds of row (prisma/schema.prisma PostureSnapshot): NHI rows per team x source x environment, and team total
// rows (sourceId '') that sum them and carry `humans`. Unfiltered by source, the series read the team totals (one row
// per team per day); filtered by source, that source's NHI rows (plus the team totals for `humans`).

/** Which rows hold the NHI figures for these filters. */
function nhiRowCond(f: TPostureFilters): Prisma.Sql {
  return f.source ? Prisma.sql`"sourceId" = ${f.source}` : Prisma.sql`"sourceId" = ''`;
}
function teamCond(f: TPostureFilters): Prisma.Sql {
  return f.team ? Prisma.sql`AND "teamId" = ${f.team}` : Prisma.empty;
}

const NHI_SUMS = SUM_COLUMNS.filter((c) => c !== "humans");

export type DayFigures = Figures & { day: string };

export async function latestSnapshotDay(): Promise<string | null> {
  const [row] = await db.$queryRaw<[{ day: string | null }]>`SELECT to_char(max("day"), 'YYYY-MM-DD') AS day FROM "PostureSnapshot"`;
  return row?.day ?? null;
}

/** The rows a series reads (team totals, or one source's NHI rows plus the team totals for `humans`) over the range. */
function seriesWhere(f: TPostureFilters, last: string): Prisma.Sql {
  return Prisma.sql`${f.source ? Prisma.sql`"sourceId" IN ('', ${f.source})` : Prisma.sql`"sourceId" = ''`}
    AND "day" > ${last}::date - ${f.range}::int AND "day" <= ${last}::date ${teamCond(f)}`;
}

/** Totals per day over the range ending on the latest snapshot day: one row per day leaves the database. */
async function dailySeries(f: TPostureFilters, last: string): Promise<DayFigures[]> {
  const cond = nhiRowCond(f);
  const sums = Prisma.join(
    [
      ...NHI_SUMS.map((c) => Prisma.sql`coalesce(sum(${Prisma.raw(`"${c}"`)}) FILTER (WHERE ${cond}), 0)::float8 AS ${Prisma.raw(`"${c}"`)}`),
      Prisma.sql`coalesce(sum("humans") FILTER (WHERE "sourceId" = ''), 0)::float8 AS "humans"`,
    ],
    ", ",
  );
  return db.$queryRaw<DayFigures[]>`
    SELECT to_char("day", 'YYYY-MM-DD') AS day, ${sums}
    FROM "PostureSnapshot" WHERE ${seriesWhere(f, last)}
    GROUP BY "day" ORDER BY "day"`;
}

/** Rotation compliance per team per day (only the two columns the chart needs). */
async function rotationByTeamDay(f: TPostureFilters, last: string) {
  const cond = nhiRowCond(f);
  return db.$queryRaw<Array<{ day: string; teamId: string; credentials: number; compliant: number }>>`
    SELECT to_char("day", 'YYYY-MM-DD') AS day, "teamId",
      coalesce(sum("credentials") FILTER (WHERE ${cond}), 0)::float8 AS credentials,
      coalesce(sum("credentialsCompliant") FILTER (WHERE ${cond}), 0)::float8 AS compliant
    FROM "PostureSnapshot" WHERE ${seriesWhere(f, last)}
    GROUP BY "day", "teamId" ORDER BY "day"`;
}

interface BreakdownRow extends Figures {
  teamId: string;
  sourceId: string;
  environment: string;
  findingsOpen: Record<string, number>;
}

/** The latest day's NHI rows, one per team x source x environment (a few hundred at most). */
async function latestRows(f: TPostureFilters, last: string): Promise<BreakdownRow[]> {
  return db.$queryRaw<BreakdownRow[]>`
    SELECT "teamId", "sourceId", "environment", "findingsOpen", ${Prisma.raw(SUM_COLUMNS.map((c) => `"${c}"`).join(", "))}
    FROM "PostureSnapshot"
    WHERE "day" = ${last}::date AND "sourceId" <> '' ${teamCond(f)} ${f.source ? Prisma.sql`AND "sourceId" = ${f.source}` : Prisma.empty}`;
}

export async function postureFilterOptions() {
  const [teams, sources] = await Promise.all([
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.source.findMany({ select: { id: true, key: true, name: true, environment: true }, orderBy: { key: "asc" } }),
  ]);
  return { teams, sources };
}

function kpisOf(current: Figures, previous: Figures | null) {
  return KPIS.map((k) => {
    const value = k.value(current);
    const prev = previous ? k.value(previous) : null;
    return { key: k.key, label: k.label, unit: k.unit, better: k.better, hint: k.hint, value, previous: prev, trend: trendOf(k, value, prev) };
  });
}
export type KpiValue = ReturnType<typeof kpisOf>[number];

const NO_TEAM = { id: "", name: "No team" };

/** Everything the CISO dashboard and the executive summary show, for the filters. */
export async function getPostureDashboard(viewer: Viewer, f: TPostureFilters) {
  assertCan(viewer, "dashboard:read");
  const riskyWhere: Prisma.IdentityWhereInput = {
    AND: [identityScope(viewer), { status: { not: "DELETED_AT_SOURCE" } }, f.team ? { teamId: f.team } : {}, f.source ? { sourceId: f.source } : {}],
  };
  const [last, options, topRisky] = await Promise.all([
    latestSnapshotDay(),
    postureFilterOptions(),
    db.identity.findMany({ where: riskyWhere, select: identityListSelect, orderBy: [{ riskScore: "desc" }, { id: "asc" }], take: 10 }),
  ]);
  if (!last) return { asOf: null, filters: f, options, topRisky } as const;

  const [series, rows, rotation] = await Promise.all([dailySeries(f, last), latestRows(f, last), rotationByTeamDay(f, last)]);
  const teamName = new Map<string, string>([[NO_TEAM.id, NO_TEAM.name], ...options.teams.map((t) => [t.id, t.name] as const)]);
  const source = new Map(options.sources.map((s) => [s.id, s]));
  const nhiRows = rows;
  const current = series.at(-1) ?? sumFigures([]);
  const first = series[0] && series[0].day !== last ? series[0] : null;

  // Latest-day breakdowns.
  const byTeam = groupBy(nhiRows, (r) => r.teamId);
  const bySource = groupBy(nhiRows, (r) => r.sourceId);
  const orphansBySource = [...bySource.entries()]
    .map(([id, rs]) => {
      const s = sumFigures(rs);
      return { sourceId: id, source: source.get(id)?.key ?? id, orphans: s.orphans, identities: s.identities };
    })
    .sort((a, b) => b.orphans - a.orphans || a.source.localeCompare(b.source));
  const riskCells = [...groupBy(nhiRows, (r) => `${r.sourceId}|${r.environment}`).values()].map((rs) => {
        const s = sumFigures(rs);
        return {
          sourceId: rs[0]!.sourceId,
          source: source.get(rs[0]!.sourceId)?.key ?? rs[0]!.sourceId,
          environment: rs[0]!.environment,
          identities: s.identities,
          avgRisk: s.identities ? s.riskScoreSum / s.identities : 0,
          highRisk: s.highRisk,
        };
      });
  const campaignByTeam = [...byTeam.entries()]
    .map(([id, rs]) => {
      const s = sumFigures(rs);
      return { teamId: id, team: teamName.get(id) ?? id, items: s.campaignItems, decided: s.campaignItemsDecided };
    })
    .filter((t) => t.items > 0)
    .sort((a, b) => a.decided / a.items - b.decided / b.items);

  // Rotation compliance by team: one series per team (teams with credentials), as fractions.
  const rotationTeams = [...new Set(rotation.filter((r) => r.credentials > 0).map((r) => r.teamId))]
    .map((id) => ({ id, name: teamName.get(id) ?? id }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const rotationPoints = [...groupBy(rotation, (r) => r.day).entries()].map(([day, rs]) => ({
    day,
    ...Object.fromEntries(rs.filter((r) => r.credentials > 0).map((r) => [r.teamId || "none", r.compliant / r.credentials])),
  }));

  return {
    asOf: last,
    filters: f,
    options,
    topRisky,
    kpis: kpisOf(current, first),
    current,
    since: first?.day ?? null,
    series: series.map((d) => ({ ...d })),
    rotation: { teams: rotationTeams.map((t) => ({ key: t.id || "none", id: t.id, name: t.name })), points: rotationPoints },
    ageHistogram: ageHistogram(current),
    orphansBySource,
    findingsByOwasp: owaspBars(sumByKey(rows.map((r) => r.findingsOpen))),
    riskCells,
    campaignByTeam,
  } as const;
}
export type PostureDashboard = Awaited<ReturnType<typeof getPostureDashboard>>;

/**
 * An owner's figures, computed live over the NHIs they own or back up with the snapshot's own SQL (one set-based
 * SELECT over a few dozen NHIs: cheaper than a per-owner snapshot table, and never a day old). No history: owners
 * see where they stand today; trends are the CISO's view.
 */
export async function getOwnerPosture(viewer: Viewer) {
  assertCan(viewer, "identity:read");
  const ctx = await loadRuleContext();
  const scope = can(viewer, "identity:read-all")
    ? Prisma.sql`TRUE`
    : Prisma.sql`(i."ownerId" = ${viewer.id} OR i."backupOwnerId" = ${viewer.id})`;
  const rows = await db.$queryRaw<Array<Figures & { findingsOpen: Record<string, number> }>>`SELECT * FROM (${postureFiguresSql(ctx, scope)}) f`;
  const current = sumFigures(rows);
  const topRisky = await db.identity.findMany({
    where: { AND: [identityScope(viewer), { status: { not: "DELETED_AT_SOURCE" } }] },
    select: identityListSelect,
    orderBy: [{ riskScore: "desc" }, { id: "asc" }],
    take: 10,
  });
  const pick = (keys: KpiKey[]) => kpisOf(current, null).filter((k) => keys.includes(k.key));
  return {
    current,
    kpis: pick(["identities", "rotationCompliance", "vaultCoverage", "entitlementsUnused", "privilegedShare", "criticalFindings"]),
    ageHistogram: ageHistogram(current),
    findingsByOwasp: owaspBars(sumByKey(rows.map((r) => r.findingsOpen))),
    topRisky,
    unusedWindowDays: ctx.unusedWindowDays,
  };
}
export type OwnerPosture = Awaited<ReturnType<typeof getOwnerPosture>>;

// ------------------------------------------------------------------------------------------ /api/v1/metrics/*

const ratioOrNull = (n: number, d: number) => (d > 0 ? n / d : null);

async function seriesFor(viewer: Viewer, f: TPostureFilters) {
  assertCan(viewer, "dashboard:read");
  const last = await latestSnapshotDay();
  return { last, series: last ? await dailySeries(f, last) : [] };
}

/** GET /api/v1/metrics/posture: the KPIs now and at the start of the range, and the daily totals. */
export async function getPostureMetrics(viewer: Viewer, f: TPostureFilters) {
  const { last, series } = await seriesFor(viewer, f);
  const current = series.at(-1) ?? null;
  const first = series.length > 1 ? series[0]! : null;
  return {
    asOf: last,
    range: f.range,
    filters: { team: f.team ?? null, source: f.source ?? null },
    kpis: current ? kpisOf(current, first).map(({ key, label, unit, value, previous, trend }) => ({ key, label, unit, value, previous, trend })) : [],
    series: series.map((d) => ({
      day: d.day, identities: d.identities, humans: d.humans, owned: d.owned, orphans: d.orphans, privileged: d.privileged,
      findings: { critical: d.findingsCritical, high: d.findingsHigh, medium: d.findingsMedium, low: d.findingsLow, info: d.findingsInfo },
      exceptionsActive: d.exceptionsActive, exceptionsExpiring: d.exceptionsExpiring,
      campaignItems: d.campaignItems, campaignItemsDecided: d.campaignItemsDecided,
      ownershipCoverage: ratioOrNull(d.owned, d.owned + d.orphans),
    })),
  };
}

/** GET /api/v1/metrics/drift: entitlements granted vs used per day (the privilege-drift pair). */
export async function getDriftMetrics(viewer: Viewer, f: TPostureFilters) {
  const { last, series } = await seriesFor(viewer, f);
  return {
    asOf: last,
    range: f.range,
    filters: { team: f.team ?? null, source: f.source ?? null },
    series: series.map((d) => ({
      day: d.day, granted: d.entitlementsGranted, used: d.entitlementsUsed, unused: d.entitlementsGranted - d.entitlementsUsed,
      identities: d.identities, overPrivileged: d.overPrivileged, privilegedStanding: d.privilegedStanding,
      privilegedTimeBound: d.privilegedTimeBound,
    })),
  };
}

/** GET /api/v1/metrics/rotation: rotation compliance and vault coverage per day and per team, and secret ages. */
export async function getRotationMetrics(viewer: Viewer, f: TPostureFilters) {
  const { last, series } = await seriesFor(viewer, f);
  const [rotation, { teams }] = await Promise.all([last ? rotationByTeamDay(f, last) : [], postureFilterOptions()]);
  const byTeam = rotation.filter((r) => r.credentials > 0);
  const name = new Map<string, string>([[NO_TEAM.id, NO_TEAM.name], ...teams.map((t) => [t.id, t.name] as const)]);
  const current = series.at(-1);
  return {
    asOf: last,
    range: f.range,
    filters: { team: f.team ?? null, source: f.source ?? null },
    series: series.map((d) => ({
      day: d.day, credentials: d.credentials, compliant: d.credentialsCompliant, vaulted: d.credentialsVaulted,
      compliance: ratioOrNull(d.credentialsCompliant, d.credentials), vaultCoverage: ratioOrNull(d.credentialsVaulted, d.credentials),
    })),
    byTeam: byTeam.map((r) => ({ day: r.day, teamId: r.teamId || null, team: name.get(r.teamId) ?? r.teamId, credentials: r.credentials, compliant: r.compliant, compliance: ratioOrNull(r.compliant, r.credentials) })),
    ageHistogram: current ? ageHistogram(current) : [],
  };
}
