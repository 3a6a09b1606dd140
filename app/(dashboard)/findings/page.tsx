import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listFindings } from "@/lib/findings/queries";
import { ZFindingQuery } from "@/lib/findings/schemas";
import { getInventoryFacets } from "@/lib/identities/queries";
import { RULE_CATALOG } from "@/lib/rules/catalog";
import { OWASP_NHI } from "@/lib/rules/types";
import { hrefWithParams, type SearchParamsRecord } from "@/components/data-table/url-state";
import { cn, formatNumber } from "@/lib/utils";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { liveExceptionsOfFindings } from "@/lib/exceptions/queries";
import { utcDay } from "@/lib/exceptions/schemas";
import { getExceptionPolicy } from "@/lib/settings/exception-policy";
import { FindingsTable } from "./findings-table";

export const metadata: Metadata = { title: "Findings" };

export default async function FindingsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("finding:read");
  const sp = await searchParams;
  const query = ZFindingQuery.parse(sp);
  // Accepted risk that has expired must show as open here, even before the jobs scheduler ran.
  await ensureExceptionsCurrent();
  const [{ rows, total, byOwasp }, facets, policy] = await Promise.all([listFindings(viewer, query), getInventoryFacets(viewer), getExceptionPolicy()]);
  const live = await liveExceptionsOfFindings(viewer, rows.map((r) => ({ id: r.id, ruleId: r.ruleId, identityId: r.identity.id })));
  const isOwnerView = !can(viewer, "identity:read-all");
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Findings</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {isOwnerView ? "What is wrong with the NHIs you own, " : "What is wrong across the estate, "}
          mapped to the OWASP Non-Human Identities Top 10 (2025).
        </p>
      </div>
      <nav aria-label="Findings by OWASP NHI risk" className="grid grid-cols-2 gap-2 sm:grid-cols-5">
        {(Object.keys(OWASP_NHI) as (keyof typeof OWASP_NHI)[]).map((id) => {
          const active = query.owasp.length === 1 && query.owasp[0] === id;
          return (
            <Link
              key={id}
              href={hrefWithParams("/findings", sp, { owasp: active ? null : id }, { resetPage: true })}
              aria-current={active ? "true" : undefined}
              className={cn(
                "rounded-lg border bg-card px-3 py-2 transition-colors hover:border-primary/40",
                active && "border-primary bg-info-subtle",
              )}
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className="text-xs font-semibold text-muted-foreground">{id}</span>
                <span className="text-lg font-semibold tabular-nums">{formatNumber(byOwasp[id] ?? 0)}</span>
              </span>
              <span className="block truncate text-xs" title={OWASP_NHI[id]}>
                {OWASP_NHI[id]}
              </span>
            </Link>
          );
        })}
      </nav>
      <FindingsTable
        rows={rows.map((r) => ({ ...r, exception: live[r.id] ?? null }))}
        total={total}
        page={query.page}
        size={query.size}
        sort={query.sort}
        dir={query.dir}
        rules={RULE_CATALOG.map((r) => ({ id: r.id, title: r.title }))}
        teams={facets.teams}
        sources={facets.sources}
        canFilterByOwner={!isOwnerView}
        exceptions={{ policy, today: utcDay(new Date()), canRequest: can(viewer, "exception:request") }}
      />
    </div>
  );
}
