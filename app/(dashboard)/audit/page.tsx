import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { getAuditFacets, getChainHead, listAuditEvents } from "@/lib/audit/queries";
import { ZAuditQuery } from "@/lib/audit/schemas";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { formatDateTime, formatNumber } from "@/lib/utils";
import { AuditTable } from "./audit-table";
import { CopyButton } from "./copy-button";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("audit:read");
  const query = ZAuditQuery.parse(await searchParams);
  const [{ rows, total }, head, facets] = await Promise.all([listAuditEvents(viewer, query), getChainHead(viewer), getAuditFacets(viewer)]);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Every change in Steward, sign-in and API token use, append-only and hash-chained: each event stores the SHA-256 of its
          content and of the event before it, so an edited, removed or reordered event breaks the chain.
        </p>
      </div>
      <section aria-label="Chain head" className="rounded-lg border bg-card px-4 py-3 text-sm shadow-xs">
        {head ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <span className="font-medium">Chain head</span>
            <span className="text-muted-foreground">
              event {formatNumber(Number(head.seq))} · {formatDateTime(head.at)}
            </span>
            <code className="min-w-0 break-all text-xs" data-testid="chain-head">
              {head.hash}
            </code>
            <CopyButton text={head.hash} label="Copy chain head hash" />
            <p className="w-full text-xs text-muted-foreground">
              Note this hash; later, <code>npm run steward -- verify-audit --head {head.hash.slice(0, 12)}…</code> proves every event
              up to it is intact and none was cut off the end. Exports carry it too.
            </p>
          </div>
        ) : (
          <span className="text-muted-foreground">The audit log is empty.</span>
        )}
      </section>
      <AuditTable rows={rows} total={total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} facets={facets} />
    </div>
  );
}
