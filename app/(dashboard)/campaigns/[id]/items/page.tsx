import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { getCampaign, listCampaignItems } from "@/lib/campaigns/queries";
import { ZCampaignItemsQuery } from "@/lib/campaigns/schemas";
import { getInventoryFacets } from "@/lib/identities/queries";
import { buildSearchParams, lastPage, type SearchParamsRecord } from "@/components/data-table/url-state";
import { ItemsTable } from "./items-table";

export const metadata: Metadata = { title: "Campaign items" };

export default async function CampaignItemsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("campaign:read");
  const { id } = await params;
  const sp = await searchParams;
  const query = ZCampaignItemsQuery.parse(sp);
  let campaign;
  try {
    campaign = await getCampaign(viewer, id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const canReassign = can(viewer, "campaign:manage") && campaign.status === "ACTIVE";
  const [{ rows, total }, facets] = await Promise.all([listCampaignItems(viewer, id, query), getInventoryFacets(viewer)]);
  const last = lastPage(total, query.size);
  if (query.page > last && total > 0) redirect(`/campaigns/${id}/items?${buildSearchParams(sp, { page: last })}`);
  const reviewerName = query.reviewer && query.reviewer !== "none" ? (rows.find((r) => r.reviewerId === query.reviewer)?.reviewer?.name ?? null) : null;
  return (
    <div className="space-y-5">
      <div>
        <Link href={`/campaigns/${id}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> {campaign.name}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Review items</h1>
        <p className="mt-1 text-sm text-muted-foreground">One item per NHI (an AI agent&apos;s delegation is its own item), with who reviews it and why.</p>
      </div>
      <ItemsTable
        campaignId={id}
        rows={rows}
        total={total}
        page={query.page}
        size={query.size}
        sort={query.sort}
        dir={query.dir}
        teams={facets.teams}
        reviewerFilter={query.reviewer ? { id: query.reviewer, name: query.reviewer === "none" ? "Unassigned" : (reviewerName ?? "this reviewer") } : null}
        canReassign={canReassign}
      />
    </div>
  );
}
