"use client";

// The dashboard's charts. Each is a ChartCard (title, units, tooltip, table alternative) whose click leads to the
// inventory or findings filtered to what was clicked (lib/posture/links.ts).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { MouseHandlerDataParam } from "recharts/types/synchronisation/types";
import { findingsHref, inventoryHref, type LinkScope } from "@/lib/posture/links";
import { ENVIRONMENT_LABELS } from "@/lib/identities/labels";
import { cn } from "@/lib/utils";
import { CHART_COLORS, ChartCard, ChartTooltip, SERIES_COLORS, fmtDay, fmtInt, fmtPct } from "./chart-card";

const AXIS = { fontSize: 11, fill: "var(--muted-foreground)" } as const;
const GRID = <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />;
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };

/** Long source keys (an Azure tenant id) shortened for an axis; the table and tooltip keep the full key. */
const shortKey = (k: string) => (k.length > 22 ? `${k.slice(0, 20)}…` : k);

/** Chart-level click (areas, lines): the index of the category under the pointer -> a link. */
function useClickThrough<T>(rows: readonly T[], hrefOf: (row: T) => string | null) {
  const router = useRouter();
  return (state: MouseHandlerDataParam) => {
    const i = typeof state?.activeTooltipIndex === "number" ? state.activeTooltipIndex : Number(state?.activeTooltipIndex);
    const row = Number.isInteger(i) ? rows[i] : undefined;
    const href = row ? hrefOf(row) : null;
    if (href) router.push(href);
  };
}

/** Bar click: the bar's own index, so the link never depends on where the pointer was last hovered. */
function useBarClick<T>(rows: readonly T[], hrefOf: (row: T) => string | null) {
  const router = useRouter();
  return (_entry: unknown, index: number) => {
    const row = rows[index];
    const href = row ? hrefOf(row) : null;
    if (href) router.push(href);
  };
}

const DAY_AXIS = { dataKey: "day", tickFormatter: fmtDay, minTickGap: 28, interval: "preserveStartEnd" as const, tick: AXIS, tickLine: false, axisLine: false };

export interface DayPoint {
  day: string;
  [k: string]: number | string;
}

// ---------------------------------------------------------------------------------------------- privilege drift

export function DriftChart({ series, scope, height = 260 }: { series: readonly DayPoint[]; scope: LinkScope; height?: number }) {
  const rows = series.map((d) => ({ day: d.day, used: Number(d.entitlementsUsed), unused: Number(d.entitlementsGranted) - Number(d.entitlementsUsed) }));
  const onClick = useClickThrough(rows, () => inventoryHref(scope, { unused: "1", sort: "unused", dir: "desc" }));
  const last = rows.at(-1);
  return (
    <ChartCard
      title="Privilege drift"
      unit="Active entitlements granted vs used in the review window, per day"
      summary={last ? `${fmtInt(last.used + last.unused)} granted, ${fmtInt(last.unused)} unused on ${fmtDay(last.day)}` : ""}
      rows={rows}
      rowHref={() => inventoryHref(scope, { unused: "1" })}
      columns={[
        { header: "Day", cell: (r) => r.day },
        { header: "Granted", cell: (r) => fmtInt(r.used + r.unused), numeric: true },
        { header: "Used", cell: (r) => fmtInt(r.used), numeric: true },
        { header: "Unused", cell: (r) => fmtInt(r.unused), numeric: true },
      ]}
      height={height}
    >
      <AreaChart data={rows} margin={MARGIN} onClick={onClick} className="cursor-pointer">
        {GRID}
        <XAxis {...DAY_AXIS} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtInt} width={52} />
        <Tooltip content={<ChartTooltip format={fmtInt} labelFormat={(l) => fmtDay(String(l))} />} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        <Area type="monotone" dataKey="used" name="Used" stackId="g" stroke={CHART_COLORS.primary} fill={CHART_COLORS.primary} fillOpacity={0.55} isAnimationActive={false} />
        <Area type="monotone" dataKey="unused" name="Granted, unused" stackId="g" stroke={CHART_COLORS.high} fill={CHART_COLORS.high} fillOpacity={0.35} isAnimationActive={false} />
      </AreaChart>
    </ChartCard>
  );
}

// ------------------------------------------------------------------------------------------ rotation by team

export function RotationTrendChart({
  teams, points, scope,
}: { teams: readonly { key: string; id: string; name: string }[]; points: readonly DayPoint[]; scope: LinkScope }) {
  const router = useRouter();
  const last = points.at(-1);
  const rows = teams.map((t) => ({ ...t, latest: last ? (last[t.key] as number | undefined) : undefined, first: points[0]?.[t.key] as number | undefined }));
  const teamHref = (t: { id: string }) => findingsHref({ ...scope, team: t.id || undefined }, { rule: "credential-rotation-overdue" });
  return (
    <ChartCard
      title="Rotation compliance by team"
      unit="% of static secrets within their rotation policy's maximum age"
      summary={rows.map((r) => `${r.name} ${r.latest !== undefined ? fmtPct(r.latest) : "n/a"}`).join(", ")}
      rows={rows}
      rowHref={teamHref}
      columns={[
        { header: "Team", cell: (r) => r.name },
        { header: "Start of range", cell: (r) => (r.first !== undefined ? fmtPct(r.first) : "—"), numeric: true },
        { header: "Latest", cell: (r) => (r.latest !== undefined ? fmtPct(r.latest) : "—"), numeric: true },
      ]}
      height={300}
    >
      <LineChart data={points as DayPoint[]} margin={MARGIN}>
        {GRID}
        <XAxis {...DAY_AXIS} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtPct} domain={[(min: number) => Math.max(0, Math.floor(min * 10) / 10 - 0.05), 1]} width={40} />
        <Tooltip
          content={<ChartTooltip format={fmtPct} labelFormat={(l) => fmtDay(String(l))} />}
          itemSorter={(item) => -Number(item.value ?? 0)}
        />
        <Legend iconType="plainline" iconSize={10} wrapperStyle={{ fontSize: 10, lineHeight: "14px", cursor: "pointer" }} onClick={(e) => { const t = teams.find((x) => x.key === e.dataKey); if (t) router.push(teamHref(t)); }} />
        {teams.map((t, i) => (
          <Line
            key={t.key}
            type="monotone"
            dataKey={t.key}
            name={t.name}
            stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
            strokeWidth={1.75}
            dot={false}
            activeDot={{ r: 4, cursor: "pointer", onClick: () => router.push(teamHref(t)) }}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ChartCard>
  );
}

// ------------------------------------------------------------------------------------------ secret age

const AGE_PARAMS: Record<string, Record<string, string>> = {
  credAgeUnder30: { credAgeUnder: "30", sort: "credentialAge", dir: "desc" },
  credAge30To90: { credAgeOver: "30", credAgeUnder: "90", sort: "credentialAge", dir: "desc" },
  credAge90To365: { credAgeOver: "90", credAgeUnder: "365", sort: "credentialAge", dir: "desc" },
  credAgeOver365: { credAgeOver: "365", sort: "credentialAge", dir: "desc" },
  credNeverExpire: { neverExpires: "1", sort: "credentialAge", dir: "desc" },
};
const AGE_COLORS: Record<string, string> = {
  credAgeUnder30: CHART_COLORS.success,
  credAge30To90: CHART_COLORS.low,
  credAge90To365: CHART_COLORS.medium,
  credAgeOver365: CHART_COLORS.critical,
  credNeverExpire: CHART_COLORS.high,
};

export function SecretAgeChart({ buckets, scope }: { buckets: readonly { key: string; label: string; count: number }[]; scope: LinkScope }) {
  const rows = buckets.some((b) => b.count > 0) ? buckets : [];
  const hrefOf = (b: { key: string }) => inventoryHref(scope, AGE_PARAMS[b.key] ?? {});
  const onBar = useBarClick(rows, hrefOf);
  return (
    <ChartCard
      title="Secret age"
      unit="Active static secrets by age since created or rotated; never-expiring shown apart"
      summary={rows.map((b) => `${b.label}: ${fmtInt(b.count)}`).join(", ")}
      rows={rows}
      rowHref={hrefOf}
      columns={[
        { header: "Age", cell: (r) => r.label },
        { header: "Secrets", cell: (r) => fmtInt(r.count), numeric: true },
      ]}
      height={260}
      footer="Bars open the NHIs whose oldest active secret is in that age range."
    >
      <BarChart data={rows as { key: string; label: string; count: number }[]} margin={MARGIN}>
        {GRID}
        <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} interval={0} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtInt} width={44} />
        <Tooltip cursor={{ fill: "var(--accent)" }} content={<ChartTooltip format={(v) => `${fmtInt(v)} secrets`} />} />
        <Bar dataKey="count" name="Secrets" radius={[3, 3, 0, 0]} isAnimationActive={false} onClick={onBar} cursor="pointer">
          {rows.map((b) => (
            <Cell key={b.key} fill={AGE_COLORS[b.key] ?? CHART_COLORS.primary} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}

// ------------------------------------------------------------------------------------------ ownership

export function OwnershipTrendChart({ series, scope, height = 260 }: { series: readonly DayPoint[]; scope: LinkScope; height?: number }) {
  const rows = series.map((d) => {
    const owned = Number(d.owned);
    const orphans = Number(d.orphans);
    return { day: d.day, coverage: owned + orphans ? owned / (owned + orphans) : null, orphans };
  });
  const onClick = useClickThrough(rows, () => inventoryHref(scope, { owner: "none" }));
  const last = rows.at(-1);
  return (
    <ChartCard
      title="Ownership coverage"
      unit="% of NHIs with an accountable owner (provider agents excluded), per day"
      summary={last ? `${last.coverage !== null ? fmtPct(last.coverage) : "n/a"} owned, ${fmtInt(last.orphans)} orphans on ${fmtDay(last.day)}` : ""}
      rows={rows}
      rowHref={() => inventoryHref(scope, { owner: "none" })}
      columns={[
        { header: "Day", cell: (r) => r.day },
        { header: "Coverage", cell: (r) => (r.coverage !== null ? fmtPct(r.coverage) : "—"), numeric: true },
        { header: "Orphans", cell: (r) => fmtInt(r.orphans), numeric: true },
      ]}
      height={height}
    >
      <AreaChart data={rows} margin={MARGIN} onClick={onClick} className="cursor-pointer">
        {GRID}
        <XAxis {...DAY_AXIS} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtPct} domain={[(min: number) => Math.max(0, Math.floor(min * 10) / 10 - 0.1), 1]} width={40} />
        <Tooltip content={<ChartTooltip format={(v, e) => (e.dataKey === "coverage" ? fmtPct(v) : fmtInt(v))} labelFormat={(l) => fmtDay(String(l))} />} />
        <Area type="monotone" dataKey="coverage" name="Owned" stroke={CHART_COLORS.success} fill={CHART_COLORS.success} fillOpacity={0.18} strokeWidth={2} isAnimationActive={false} />
      </AreaChart>
    </ChartCard>
  );
}

export function OrphansBySourceChart({ rows, scope }: { rows: readonly { sourceId: string; source: string; orphans: number; identities: number }[]; scope: LinkScope }) {
  const data = rows.filter((r) => r.orphans > 0).slice(0, 10);
  const hrefOf = (r: { sourceId: string }) => inventoryHref({ ...scope, source: r.sourceId }, { owner: "none" });
  const onBar = useBarClick(data, hrefOf);
  return (
    <ChartCard
      title="Orphans by source"
      unit="NHIs with no owner, today, per platform account"
      summary={data.map((r) => `${r.source}: ${fmtInt(r.orphans)}`).join(", ")}
      rows={data}
      rowHref={hrefOf}
      columns={[
        { header: "Source", cell: (r) => r.source },
        { header: "Orphans", cell: (r) => fmtInt(r.orphans), numeric: true },
        { header: "Of NHIs", cell: (r) => fmtInt(r.identities), numeric: true },
      ]}
      height={260}
      empty="No orphaned NHIs: every NHI has an owner."
    >
      <BarChart data={[...data]} layout="vertical" margin={{ ...MARGIN, left: 8 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtInt} allowDecimals={false} />
        <YAxis type="category" dataKey="source" tick={AXIS} tickLine={false} axisLine={false} width={132} tickFormatter={shortKey} />
        <Tooltip cursor={{ fill: "var(--accent)" }} content={<ChartTooltip format={(v) => `${fmtInt(v)} NHIs`} />} />
        <Bar dataKey="orphans" name="Orphans" fill={CHART_COLORS.critical} radius={[0, 3, 3, 0]} barSize={14} isAnimationActive={false} onClick={onBar} cursor="pointer" />
      </BarChart>
    </ChartCard>
  );
}

// ------------------------------------------------------------------------------------------ findings

export function FindingsByOwaspChart({ rows, scope }: { rows: readonly { id: string; name: string; count: number }[]; scope: LinkScope }) {
  const data = rows.some((r) => r.count > 0) ? rows.map((r) => ({ ...r, label: r.id })) : [];
  const hrefOf = (r: { id: string }) => findingsHref(scope, { owasp: r.id });
  const onBar = useBarClick(data, hrefOf);
  return (
    <ChartCard
      title="Open findings by OWASP NHI Top 10"
      unit="Open findings today, by OWASP Non-Human Identities Top 10 (2025) category"
      summary={data.filter((r) => r.count).map((r) => `${r.id} ${r.name}: ${fmtInt(r.count)}`).join(", ")}
      rows={data}
      rowHref={hrefOf}
      columns={[
        { header: "Category", cell: (r) => `${r.id} ${r.name}` },
        { header: "Open findings", cell: (r) => fmtInt(r.count), numeric: true },
      ]}
      height={260}
      empty="No open findings."
    >
      <BarChart data={data} margin={MARGIN}>
        {GRID}
        <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} interval={0} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtInt} width={44} />
        <Tooltip
          cursor={{ fill: "var(--accent)" }}
          content={<ChartTooltip format={(v) => `${fmtInt(v)} open`} labelFormat={(l) => `${l} ${data.find((d) => d.id === l)?.name ?? ""}`} />}
        />
        <Bar dataKey="count" name="Open findings" fill={CHART_COLORS.primary} radius={[3, 3, 0, 0]} isAnimationActive={false} onClick={onBar} cursor="pointer" />
      </BarChart>
    </ChartCard>
  );
}

const SEVERITIES = [
  { key: "findingsCritical", sev: "CRITICAL", name: "Critical", color: CHART_COLORS.critical },
  { key: "findingsHigh", sev: "HIGH", name: "High", color: CHART_COLORS.high },
  { key: "findingsMedium", sev: "MEDIUM", name: "Medium", color: CHART_COLORS.medium },
  { key: "findingsLow", sev: "LOW", name: "Low", color: CHART_COLORS.low },
] as const;

export function SeverityTrendChart({ series, scope, height = 260 }: { series: readonly DayPoint[]; scope: LinkScope; height?: number }) {
  const router = useRouter();
  const rows = series.map((d) => ({ day: d.day, ...Object.fromEntries(SEVERITIES.map((s) => [s.key, Number(d[s.key])])) })) as Array<Record<string, number | string> & { day: string }>;
  const onClick = useClickThrough(rows, () => findingsHref(scope, { severity: ["CRITICAL", "HIGH"] }));
  const last = rows.at(-1);
  return (
    <ChartCard
      title="Open findings by severity"
      unit="Open findings per day, stacked by severity (informational left out)"
      summary={last ? SEVERITIES.map((s) => `${s.name} ${fmtInt(Number(last[s.key]))}`).join(", ") : ""}
      rows={rows}
      rowHref={() => findingsHref(scope, {})}
      columns={[
        { header: "Day", cell: (r) => r.day },
        ...SEVERITIES.map((s) => ({ header: s.name, cell: (r: (typeof rows)[number]) => fmtInt(Number(r[s.key])), numeric: true })),
      ]}
      height={height}
    >
      <AreaChart data={rows} margin={MARGIN} onClick={onClick} className="cursor-pointer">
        {GRID}
        <XAxis {...DAY_AXIS} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtInt} width={52} />
        <Tooltip content={<ChartTooltip format={fmtInt} labelFormat={(l) => fmtDay(String(l))} />} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12, cursor: "pointer" }} onClick={(e) => { const s = SEVERITIES.find((x) => x.key === e.dataKey); if (s) router.push(findingsHref(scope, { severity: s.sev })); }} />
        {[...SEVERITIES].reverse().map((s) => (
          <Area key={s.key} type="monotone" dataKey={s.key} name={s.name} stackId="s" stroke={s.color} fill={s.color} fillOpacity={0.5} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ChartCard>
  );
}

// ------------------------------------------------------------------------------------------ risk heat map

export interface RiskCell {
  sourceId: string;
  source: string;
  environment: string;
  identities: number;
  avgRisk: number;
  highRisk: number;
}

/** Risk score 0..100 -> a background from the theme's severity scale. */
function heat(avg: number): string {
  if (avg >= 60) return "var(--critical)";
  if (avg >= 45) return "var(--high)";
  if (avg >= 35) return "color-mix(in oklch, var(--high) 70%, white)";
  if (avg >= 25) return "var(--medium-border)";
  return "var(--low-border)";
}

const ENV_ORDER = ["PROD", "STAGING", "DEV", "UNKNOWN"];

export function RiskHeatmap({ cells, scope }: { cells: readonly RiskCell[]; scope: LinkScope }) {
  const sources = [...new Map(cells.map((c) => [c.sourceId, c.source])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const envs = ENV_ORDER.filter((e) => cells.some((c) => c.environment === e));
  const at = (s: string, e: string) => cells.find((c) => c.sourceId === s && c.environment === e);
  const hrefOf = (c: RiskCell) => inventoryHref({ ...scope, source: c.sourceId }, { env: c.environment, sort: "risk", dir: "desc" });
  const sorted = [...cells].sort((a, b) => b.avgRisk - a.avgRisk);
  return (
    <ChartCard
      title="Risk by source and environment"
      unit="Average risk score (0–100) of the NHIs in each cell; count of critical-band NHIs (75+) below"
      summary={sorted.slice(0, 3).map((c) => `${c.source} ${ENVIRONMENT_LABELS[c.environment as keyof typeof ENVIRONMENT_LABELS] ?? c.environment}: ${Math.round(c.avgRisk)}`).join(", ")}
      rows={sorted}
      rowHref={hrefOf}
      columns={[
        { header: "Source · environment", cell: (r) => `${r.source} · ${ENVIRONMENT_LABELS[r.environment as keyof typeof ENVIRONMENT_LABELS] ?? r.environment}` },
        { header: "NHIs", cell: (r) => fmtInt(r.identities), numeric: true },
        { header: "Avg risk", cell: (r) => Math.round(r.avgRisk), numeric: true },
        { header: "Critical-band NHIs", cell: (r) => fmtInt(r.highRisk), numeric: true },
      ]}
      height={Math.max(200, 34 * sources.length + 30)}
      raw
    >
      <div className="h-full overflow-x-auto">
        <table className="w-full border-separate border-spacing-1 text-xs" aria-hidden="true">
          <thead>
            <tr>
              <th />
              {envs.map((e) => (
                <th key={e} className="pb-1 text-center font-medium text-muted-foreground">
                  {ENVIRONMENT_LABELS[e as keyof typeof ENVIRONMENT_LABELS] ?? e}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sources.map(([id, key]) => (
              <tr key={id}>
                <th scope="row" className="max-w-40 truncate pr-2 text-left font-normal text-muted-foreground" title={key}>
                  {key}
                </th>
                {envs.map((e) => {
                  const c = at(id, e);
                  if (!c) return <td key={e} className="h-7 rounded bg-muted/50" />;
                  return (
                    <td key={e} className="h-7 p-0">
                      <Link
                        href={hrefOf(c)}
                        tabIndex={-1}
                        title={`${key} · ${e}: ${fmtInt(c.identities)} NHIs, average risk ${Math.round(c.avgRisk)}, ${fmtInt(c.highRisk)} critical-band`}
                        className={cn(
                          "flex h-7 items-center justify-center gap-1 rounded font-medium tabular-nums transition-opacity hover:opacity-80 focus-visible:outline-2 focus-visible:outline-ring",
                          c.avgRisk >= 35 ? "text-white" : "text-foreground",
                        )}
                        style={{ background: heat(c.avgRisk) }}
                      >
                        {Math.round(c.avgRisk)}
                        {c.highRisk ? <span className="text-[10px] font-normal opacity-90">· {fmtInt(c.highRisk)}</span> : null}
                      </Link>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}

// ------------------------------------------------------------------------------------------ campaigns

export function CampaignProgressChart({ rows, scope }: { rows: readonly { teamId: string; team: string; items: number; decided: number }[]; scope: LinkScope }) {
  const data = rows.map((r) => ({ ...r, open: r.items - r.decided, pct: r.items ? r.decided / r.items : 0 }));
  const hrefOf = (r: { teamId: string }) => inventoryHref({ ...scope, team: r.teamId || undefined });
  const onBar = useBarClick(data, hrefOf);
  return (
    <ChartCard
      title="Active campaign progress by team"
      unit="Review items of active access-review campaigns: decided vs still open"
      summary={data.map((r) => `${r.team} ${fmtPct(r.pct)}`).join(", ")}
      rows={data}
      rowHref={hrefOf}
      columns={[
        { header: "Team", cell: (r) => r.team },
        { header: "Decided", cell: (r) => fmtInt(r.decided), numeric: true },
        { header: "Open", cell: (r) => fmtInt(r.open), numeric: true },
        { header: "Complete", cell: (r) => fmtPct(r.pct), numeric: true },
      ]}
      height={Math.max(200, data.length * 28 + 40)}
      empty="No access-review campaign is active."
    >
      <BarChart data={data} layout="vertical" margin={{ ...MARGIN, left: 8 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tick={AXIS} tickLine={false} axisLine={false} tickFormatter={fmtInt} allowDecimals={false} />
        <YAxis type="category" dataKey="team" tick={AXIS} tickLine={false} axisLine={false} width={130} />
        <Tooltip cursor={{ fill: "var(--accent)" }} content={<ChartTooltip format={(v) => `${fmtInt(v)} items`} />} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="decided" name="Decided" stackId="c" fill={CHART_COLORS.success} barSize={14} isAnimationActive={false} onClick={onBar} cursor="pointer" />
        <Bar dataKey="open" name="Open" stackId="c" fill="var(--input)" barSize={14} radius={[0, 3, 3, 0]} isAnimationActive={false} onClick={onBar} cursor="pointer" />
      </BarChart>
    </ChartCard>
  );
}
