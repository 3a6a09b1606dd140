import { BarChart3 } from "lucide-react";
import type { Viewer } from "@/lib/auth/permissions";
import { getPostureDashboard } from "@/lib/posture/queries";
import { inventoryHref, kpiHref, type LinkScope } from "@/lib/posture/links";
import { postureParams, type TPostureFilters } from "@/lib/posture/schemas";
import { UrlStateProvider } from "@/components/data-table/use-url-state";
import { EmptyState } from "@/components/ui/empty-state";
import {
  CampaignProgressChart, DriftChart, FindingsByOwaspChart, OrphansBySourceChart, OwnershipTrendChart, RiskHeatmap,
  RotationTrendChart, SecretAgeChart, SeverityTrendChart,
} from "@/components/charts/posture-charts";
import { fmtDayLong } from "./format";
import { KpiTiles } from "./kpi-tiles";
import { PostureFilters } from "./posture-filters";
import { TopRisky } from "./top-risky";

/** The CISO's home page: are we getting better, where is the risk, who is behind. */
export async function CisoDashboard({ viewer, filters }: { viewer: Viewer; filters: TPostureFilters }) {
  const d = await getPostureDashboard(viewer, filters);
  const scope: LinkScope = { team: filters.team, source: filters.source };
  const teamName = d.options.teams.find((t) => t.id === filters.team)?.name;
  const sourceKey = d.options.sources.find((s) => s.id === filters.source)?.key;
  const scopeText = [teamName ? `team ${teamName}` : null, sourceKey ? `source ${sourceKey}` : null].filter(Boolean).join(", ");
  const summaryQs = postureParams(filters).toString();
  return (
    <UrlStateProvider>
      <div className="space-y-5">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Security posture</h1>
            <p className="mt-1 text-sm text-muted-foreground">
              Non-human identities{scopeText ? `, ${scopeText}` : " across the estate"}
              {d.asOf ? ` · as of ${fmtDayLong(d.asOf)}` : ""}
              {d.asOf && d.since ? ` · trends vs ${fmtDayLong(d.since)}` : ""}
            </p>
          </div>
        </div>
        <PostureFilters teams={d.options.teams} sources={d.options.sources} summaryHref={`/summary${summaryQs ? `?${summaryQs}` : ""}`} />
        {!d.asOf ? (
          <EmptyState
            className="rounded-lg border bg-card"
            icon={<BarChart3 className="size-8 text-muted-foreground" aria-hidden="true" />}
            title="No posture snapshot yet"
            description={
              <>
                The dashboard reads daily snapshots. The daily job writes one; to write today&apos;s now, run{" "}
                <code className="rounded bg-muted px-1">npm run steward -- snapshot</code>.
              </>
            }
          />
        ) : (
          <>
            <KpiTiles kpis={d.kpis} hrefOf={(k) => kpiHref(k, scope)} sinceLabel={d.since ? `vs ${filters.range} d ago` : null} />
            <div className="grid gap-4 lg:grid-cols-3">
              <DriftChart series={d.series} scope={scope} />
              <SecretAgeChart buckets={d.ageHistogram} scope={scope} />
              <RotationTrendChart teams={d.rotation.teams} points={d.rotation.points} scope={scope} />
            </div>
            <div className="grid gap-4 lg:grid-cols-3">
              <OwnershipTrendChart series={d.series} scope={scope} />
              <OrphansBySourceChart rows={d.orphansBySource} scope={scope} />
              <SeverityTrendChart series={d.series} scope={scope} />
            </div>
            <div className="grid gap-4 lg:grid-cols-2">
              <FindingsByOwaspChart rows={d.findingsByOwasp} scope={scope} />
              <RiskHeatmap cells={d.riskCells} scope={scope} />
            </div>
            <div className="grid gap-4 lg:grid-cols-2">
              <TopRisky
                rows={d.topRisky}
                allHref={inventoryHref(scope, { sort: "risk", dir: "desc" })}
                description="Highest risk scores now (live), with their owners."
              />
              <CampaignProgressChart rows={d.campaignByTeam} scope={scope} />
            </div>
          </>
        )}
      </div>
    </UrlStateProvider>
  );
}
