import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getInventoryFacets, listIdentities } from "@/lib/identities/queries";
import { ZInventoryQuery } from "@/lib/identities/schemas";
import { buildSearchParams, lastPage, type SearchParamsRecord } from "@/components/data-table/url-state";
import { redirect } from "next/navigation";
import { InventoryTable } from "../inventory-table";

export const metadata: Metadata = { title: "Inventory" };

export default async function InventoryPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("identity:read");
  const sp = await searchParams;
  // Malformed params fall back to their defaults (the schema never throws).
  const query = ZInventoryQuery.parse(sp);
  const [{ rows, total }, facets] = await Promise.all([listIdentities(viewer, query), getInventoryFacets(viewer)]);
  // A bookmarked page past the end (the estate shrank) goes to the last real page.
  const last = lastPage(total, query.size);
  if (query.page > last && total > 0) redirect(`/inventory?${buildSearchParams(sp, { page: last })}`);
  const isOwnerView = !can(viewer, "identity:read-all");
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Inventory</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {isOwnerView
              ? "The non-human identities you own or back up."
              : "Every non-human identity across your platforms, riskiest first."}
          </p>
        </div>
      </div>
      <InventoryTable
        rows={rows}
        total={total}
        page={query.page}
        size={query.size}
        sort={query.sort}
        dir={query.dir}
        facets={facets}
        canBulkAssign={can(viewer, "identity:bulk-assign")}
        canFilterByOwner={!isOwnerView}
      />
    </div>
  );
}
