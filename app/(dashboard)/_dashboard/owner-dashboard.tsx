import type { Viewer } from "@/lib/auth/permissions";
import { getOwnerPosture } from "@/lib/posture/queries";
import { findingsHref, inventoryHref } from "@/lib/posture/links";
import { FindingsByOwaspChart, SecretAgeChart } from "@/components/charts/posture-charts";
import { KpiTiles } from "./kpi-tiles";
import { TopRisky } from "./top-risky";

// Owners' links: the inventory and findings already scope to their NHIs; owner=me narrows to those they own.
const OWNER_LINKS: Record<string, string> = {
  identities: inventoryHref({}),
  rotationCompliance: findingsHref({}, { rule: "credential-rotation-overdue" }),
  vaultCoverage: findingsHref({}, { rule: "unvaulted-credential" }),
  entitlementsUnused: inventoryHref({}, { unused: "1", sort: "unused", dir: "desc" }),
  privilegedShare: inventoryHref({}, { privileged: "1" }),
  criticalFindings: findingsHref({}, { severity: "CRITICAL" }),
};

/** An owner's home page: the figures of the NHIs they own or back up, computed live. */
export async function OwnerDashboard({ viewer }: { viewer: Viewer }) {
  const o = await getOwnerPosture(viewer);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Welcome, {viewer.name.split(" ")[0]}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          The non-human identities you own or back up: {o.current.identities.toLocaleString("en-US")} NHIs, figures as of now.
        </p>
      </div>
      <KpiTiles kpis={o.kpis} hrefOf={(k) => OWNER_LINKS[k] ?? null} sinceLabel={null} />
      <div className="grid gap-4 lg:grid-cols-2">
        <SecretAgeChart buckets={o.ageHistogram} scope={{}} />
        <FindingsByOwaspChart rows={o.findingsByOwasp} scope={{}} />
      </div>
      <TopRisky rows={o.topRisky} allHref={inventoryHref({}, { sort: "risk", dir: "desc" })} description="Your NHIs with the highest risk scores: start here." />
    </div>
  );
}
