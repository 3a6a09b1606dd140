import Link from "next/link";
import type { IdentityListRow } from "@/lib/identities/queries";
import { KIND_LABELS } from "@/lib/identities/labels";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RiskBadge } from "../inventory/risk-badge";

export function TopRisky({ rows, allHref, description }: { rows: IdentityListRow[]; allHref: string; description: string }) {
  return (
    <Card className="gap-3 break-inside-avoid">
      <CardHeader>
        <CardTitle>Top 10 riskiest NHIs</CardTitle>
        <CardDescription>{description}</CardDescription>
        <CardAction>
          <Link href={allHref} className="text-xs text-primary hover:underline print:hidden">
            All by risk
          </Link>
        </CardAction>
      </CardHeader>
      <CardContent>
        {rows.length ? (
          <ol className="divide-y">
            {rows.map((r, i) => (
              <li key={r.id} className="flex items-center gap-3 py-2">
                <span className="w-5 shrink-0 text-right text-xs text-muted-foreground tabular-nums">{i + 1}</span>
                <div className="min-w-0 flex-1">
                  <Link href={`/inventory/${r.id}`} className="block truncate text-sm font-medium hover:underline">
                    {r.name}
                  </Link>
                  <span className="block truncate text-xs text-muted-foreground">
                    {KIND_LABELS[r.kind]} · {r.source.key} · {r.owner ? r.owner.name : "no owner"}
                  </span>
                </div>
                {!r.owner && !r.platformManaged ? <Badge variant="critical">Orphan</Badge> : null}
                <RiskBadge score={r.riskScore} />
              </li>
            ))}
          </ol>
        ) : (
          <p className="py-6 text-center text-sm text-muted-foreground">No NHIs for these filters.</p>
        )}
      </CardContent>
    </Card>
  );
}
