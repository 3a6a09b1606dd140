import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { redirect } from "next/navigation";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listCampaigns } from "@/lib/campaigns/queries";
import { ZCampaignListQuery } from "@/lib/campaigns/schemas";
import { buildSearchParams, lastPage, type SearchParamsRecord } from "@/components/data-table/url-state";
import { buttonVariants } from "@/components/ui/button";
import { CampaignsTable } from "./campaigns-table";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("campaign:read");
  const sp = await searchParams;
  const query = ZCampaignListQuery.parse(sp);
  const { rows, total } = await listCampaigns(viewer, query);
  const last = lastPage(total, query.size);
  if (query.page > last && total > 0) redirect(`/campaigns?${buildSearchParams(sp, { page: last })}`);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Campaigns</h1>
          <p className="mt-1 text-sm text-muted-foreground">Attestation campaigns: owners certify that each NHI, its access and its credentials are still needed.</p>
        </div>
        {can(viewer, "campaign:manage") ? (
          <Link href="/campaigns/new" className={buttonVariants()}>
            <Plus aria-hidden="true" /> New campaign
          </Link>
        ) : null}
      </div>
      <CampaignsTable rows={rows} total={total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} />
    </div>
  );
}
