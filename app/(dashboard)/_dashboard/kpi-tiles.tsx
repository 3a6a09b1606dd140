import { ArrowDownRight, ArrowRight, ArrowUpRight } from "lucide-react";
import Link from "next/link";
import type { KpiValue } from "@/lib/posture/queries";
import { formatKpi } from "@/lib/posture/metrics";
import { cn } from "@/lib/utils";

const TONE = { good: "text-success-foreground bg-success-subtle", bad: "text-critical-foreground bg-critical-subtle", neutral: "text-muted-foreground bg-muted" };

/** KPI tiles with the change since the start of the range; each opens the list behind the figure. */
export function KpiTiles({ kpis, hrefOf, sinceLabel, compact = false }: {
  kpis: readonly KpiValue[];
  hrefOf: (key: string) => string | null;
  sinceLabel: string | null;
  compact?: boolean;
}) {
  return (
    <ul className={cn("grid gap-3", compact ? "grid-cols-3" : "grid-cols-2 md:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-6")} aria-label="Key figures">
      {kpis.map((k) => {
        const href = hrefOf(k.key);
        const Arrow = k.trend?.direction === "up" ? ArrowUpRight : k.trend?.direction === "down" ? ArrowDownRight : ArrowRight;
        const body = (
          <div className={cn("h-full rounded-lg border bg-card px-4 py-3 shadow-xs transition-colors", href && "group-hover:border-primary/40")}>
            <p className="text-xs font-medium text-muted-foreground">{k.label}</p>
            <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums" data-kpi={k.key}>
              {formatKpi(k.unit, k.value)}
            </p>
            <div className="mt-1 flex min-h-5 items-center gap-1.5 text-xs">
              {k.trend ? (
                <span className={cn("inline-flex items-center gap-0.5 rounded px-1 py-0.5 font-medium tabular-nums", TONE[k.trend.tone])}>
                  <Arrow className="size-3.5" aria-hidden="true" />
                  <span className="sr-only">{k.trend.tone === "good" ? "improved" : k.trend.tone === "bad" ? "worsened" : "changed"}: </span>
                  {k.trend.text}
                </span>
              ) : null}
              {k.trend && sinceLabel ? <span className="text-muted-foreground">{sinceLabel}</span> : null}
            </div>
            {!compact ? <p className="mt-1.5 text-[11px] leading-snug text-muted-foreground">{k.hint}</p> : null}
          </div>
        );
        return (
          <li key={k.key}>
            {href ? (
              <Link href={href} className="group block h-full rounded-lg focus-visible:outline-2 focus-visible:outline-ring">
                {body}
              </Link>
            ) : (
              body
            )}
          </li>
        );
      })}
    </ul>
  );
}
