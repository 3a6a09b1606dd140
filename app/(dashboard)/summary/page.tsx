import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/auth/session";
import { getPostureDashboard } from "@/lib/posture/queries";
import { formatKpi } from "@/lib/posture/metrics";
import { postureParams, ZPostureFilters } from "@/lib/posture/schemas";
import { ENVIRONMENT_LABELS, KIND_LABELS } from "@/lib/identities/labels";
import { buttonVariants } from "@/components/ui/button";
import { DriftChart, OwnershipTrendChart, SeverityTrendChart } from "@/components/charts/posture-charts";
import { cn } from "@/lib/utils";
import { fmtDayLong } from "../_dashboard/format";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Executive summary" };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`);
const TONE = { good: "text-success-foreground", bad: "text-critical-foreground", neutral: "text-muted-foreground" };

/** One printable page (A4/Letter landscape) with the dashboard's figures: the board-pack version. */
export default async function SummaryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer("dashboard:read");
  const filters = ZPostureFilters.parse(await searchParams);
  const d = await getPostureDashboard(viewer, filters);
  const qs = postureParams(filters).toString();
  const team = d.options.teams.find((t) => t.id === filters.team)?.name;
  const source = d.options.sources.find((s) => s.id === filters.source)?.key;
  const scope = [team ? `Team ${team}` : null, source ? `Source ${source}` : null].filter(Boolean).join(" · ") || "Whole estate";
  const linkScope = { team: filters.team, source: filters.source };

  if (!d.asOf) {
    return <p className="text-sm text-muted-foreground">No posture snapshot yet: run <code>npm run steward -- snapshot</code>.</p>;
  }
  const rotationLatest = d.rotation.points.at(-1) ?? {};
  const behind = d.rotation.teams
    .map((t) => ({ name: t.name, v: (rotationLatest as Record<string, unknown>)[t.key] as number | undefined }))
    .filter((t) => t.v !== undefined)
    .sort((a, b) => a.v! - b.v!)
    .slice(0, 4);
  const hotspots = [...d.riskCells].sort((a, b) => b.avgRisk - a.avgRisk).slice(0, 4);
  const topOwasp = [...d.findingsByOwasp].sort((a, b) => b.count - a.count).slice(0, 3);

  return (
    <article className="summary-page mx-auto max-w-[1120px] space-y-4 text-sm print:space-y-3">
      <div className="flex items-center justify-end gap-2 print:hidden">
        <Link href={`/${qs ? `?${qs}` : ""}`} className={buttonVariants({ variant: "outline", size: "sm" })}>
          Back to dashboard
        </Link>
        <PrintButton />
      </div>
      <header className="flex items-end justify-between border-b pb-3">
        <div>
          <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Steward · Executive summary</p>
          <h1 className="text-xl font-semibold tracking-tight">Non-human identity posture</h1>
          <p className="text-muted-foreground">{scope}</p>
        </div>
        <div className="text-right text-xs text-muted-foreground">
          <p>As of {fmtDayLong(d.asOf)}</p>
          {d.since ? <p>Change vs {fmtDayLong(d.since)} ({filters.range} days)</p> : null}
        </div>
      </header>

      <section aria-labelledby="kf">
        <h2 id="kf" className="sr-only">Key figures</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b text-left text-xs text-muted-foreground">
              <th className="py-1 font-medium">Measure</th>
              <th className="py-1 text-right font-medium">Now</th>
              <th className="py-1 text-right font-medium">{filters.range} days ago</th>
              <th className="py-1 text-right font-medium">Change</th>
              <th className="py-1 pl-4 font-medium">What it means</th>
            </tr>
          </thead>
          <tbody>
            {d.kpis.map((k) => (
              <tr key={k.key} className="border-b last:border-0">
                <td className="py-1 font-medium print:py-0.5">{k.label}</td>
                <td className="py-1 text-right font-semibold tabular-nums">{formatKpi(k.unit, k.value)}</td>
                <td className="py-1 text-right text-muted-foreground tabular-nums">{formatKpi(k.unit, k.previous)}</td>
                <td className={cn("py-1 text-right tabular-nums", k.trend ? TONE[k.trend.tone] : "")}>{k.trend?.text ?? "—"}</td>
                <td className="py-1 pl-4 text-xs text-muted-foreground">{k.hint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="grid grid-cols-3 gap-3 [&_[data-slot=card-description]]:text-xs" aria-label="Trends">
        <DriftChart series={d.series} scope={linkScope} height={170} />
        <OwnershipTrendChart series={d.series} scope={linkScope} height={170} />
        <SeverityTrendChart series={d.series} scope={linkScope} height={170} />
      </section>

      <section className="grid grid-cols-3 gap-4" aria-label="Where the risk is and who is behind">
        <div>
          <h2 className="mb-1 font-semibold">Where the risk is</h2>
          <ul className="space-y-0.5">
            {hotspots.map((c) => (
              <li key={`${c.sourceId}-${c.environment}`} className="flex justify-between gap-2">
                <span className="truncate">{c.source} · {ENVIRONMENT_LABELS[c.environment as keyof typeof ENVIRONMENT_LABELS] ?? c.environment}</span>
                <span className="shrink-0 tabular-nums">avg {Math.round(c.avgRisk)} · {c.highRisk} critical</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-muted-foreground">
            Top categories: {topOwasp.map((o) => `${o.id} ${o.name} (${o.count.toLocaleString("en-US")})`).join("; ")}.
          </p>
        </div>
        <div>
          <h2 className="mb-1 font-semibold">Who is behind on rotation</h2>
          <ul className="space-y-0.5">
            {behind.map((t) => (
              <li key={t.name} className="flex justify-between gap-2">
                <span className="truncate">{t.name}</span>
                <span className="tabular-nums">{pct(t.v)} compliant</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h2 className="mb-1 font-semibold">Riskiest NHIs</h2>
          <ol className="space-y-0.5">
            {d.topRisky.slice(0, 5).map((r) => (
              <li key={r.id} className="flex justify-between gap-2">
                <span className="truncate">{r.name} <span className="text-xs text-muted-foreground">({KIND_LABELS[r.kind]}, {r.owner?.name ?? "no owner"})</span></span>
                <span className="tabular-nums">{r.riskScore}</span>
              </li>
            ))}
          </ol>
        </div>
      </section>
      <footer className="border-t pt-2 text-[11px] text-muted-foreground">
        Figures from Steward&apos;s daily posture snapshots; risk findings follow the OWASP Non-Human Identities Top 10 (2025).
        Prepared for {viewer.name} on {fmtDayLong(new Date().toISOString().slice(0, 10))}.
      </footer>
    </article>
  );
}
