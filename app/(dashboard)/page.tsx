import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getOverview } from "@/lib/identities/overview";
import { KIND_LABELS } from "@/lib/identities/labels";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/lib/utils";
import { RiskBadge } from "./inventory/risk-badge";

export const metadata: Metadata = { title: "Overview" };

function pct(n: number, d: number) {
  return d ? `${Math.round((n / d) * 100)}%` : "—";
}

export default async function OverviewPage() {
  const viewer = await requireViewer("identity:read");
  const o = await getOverview(viewer);
  const isOwnerView = !can(viewer, "identity:read-all");
  const tiles = [
    { label: isOwnerView ? "Your active NHIs" : "Active NHIs", value: formatNumber(o.total), href: "/inventory?status=ACTIVE" },
    ...(isOwnerView ? [] : [{ label: "Without an owner", value: formatNumber(o.orphans), note: pct(o.orphans, o.total), href: "/inventory?status=ACTIVE&owner=none", bad: o.orphans > 0 }]),
    { label: "Privileged", value: formatNumber(o.privileged), note: pct(o.privileged, o.total), href: "/inventory?status=ACTIVE&sort=risk" },
    { label: "Hold grants unused for 90 days", value: formatNumber(o.withUnused), note: pct(o.withUnused, o.total), href: "/inventory?status=ACTIVE&unused=1", bad: o.withUnused > 0 },
    { label: "Secret older than a year", value: formatNumber(o.oldSecrets), note: pct(o.oldSecrets, o.total), href: "/inventory?status=ACTIVE&credAgeOver=365&sort=credentialAge&dir=desc", bad: o.oldSecrets > 0 },
    { label: "Purpose missing or unconfirmed for a year", value: formatNumber(o.staleOrMissingPurpose), note: pct(o.staleOrMissingPurpose, o.total), href: "/inventory?status=ACTIVE" },
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{isOwnerView ? `Welcome, ${viewer.name.split(" ")[0]}` : "Overview"}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {isOwnerView ? "The non-human identities you are accountable for." : "Where your non-human identity risk sits today."}
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {tiles.map((t) => (
          <Link key={t.label} href={t.href} className="group rounded-lg focus-visible:outline-2 focus-visible:outline-ring">
            <Card className="h-full gap-1 py-4 transition-colors group-hover:border-primary/40">
              <CardContent>
                <p className="text-sm text-muted-foreground">{t.label}</p>
                <p className="mt-1 flex items-baseline gap-2">
                  <span className={`text-3xl font-semibold tabular-nums ${"bad" in t && t.bad ? "text-critical-foreground" : ""}`}>{t.value}</span>
                  {"note" in t && t.note ? <span className="text-sm text-muted-foreground">{t.note} of active</span> : null}
                </p>
              </CardContent>
            </Card>
          </Link>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Riskiest identities</CardTitle>
          <CardDescription>Start here: the highest risk scores {isOwnerView ? "among your NHIs" : "in the estate"}.</CardDescription>
        </CardHeader>
        <CardContent>
          {o.riskiest.length ? (
            <ul className="divide-y">
              {o.riskiest.map((r) => (
                <li key={r.id} className="flex items-center justify-between gap-4 py-2.5">
                  <div className="min-w-0">
                    <Link href={`/inventory/${r.id}`} className="block truncate font-medium hover:underline">
                      {r.name}
                    </Link>
                    <span className="text-xs text-muted-foreground">
                      {KIND_LABELS[r.kind]} · {r.source.key} · {r.owner ? r.owner.name : "no owner"}
                    </span>
                  </div>
                  <div className="flex shrink-0 items-center gap-2">
                    {!r.owner && !r.platformManaged ? <Badge variant="critical">Orphan</Badge> : null}
                    <RiskBadge score={r.riskScore} />
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">
              {isOwnerView ? "You do not own any NHIs yet." : "No identities yet. Import an inventory or run the demo seed."}
            </p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
