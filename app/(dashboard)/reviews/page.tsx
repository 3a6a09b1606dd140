import type { Metadata } from "next";
import Link from "next/link";
import { ClipboardCheck } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { listMyReviewCampaigns } from "@/lib/campaigns/queries";
import { listDelegableCampaigns, listMyDelegations } from "@/lib/campaigns/delegation";
import { listMyTransfers } from "@/lib/ownership/queries";
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_VARIANTS } from "@/lib/campaigns/labels";
import type { CampaignStatus } from "@/lib/db/generated/enums";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatNumber, formatRelative } from "@/lib/utils";
import { ProgressBar } from "../campaigns/progress-bar";
import { DelegateDialog, DelegationList } from "./delegations";
import { Transfers } from "./transfers";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  const viewer = await requireViewer("review:decide");
  const now = new Date();
  const [campaigns, delegations, delegable, transfers] = await Promise.all([
    listMyReviewCampaigns(viewer, now),
    listMyDelegations(viewer, now),
    listDelegableCampaigns(viewer),
    listMyTransfers(viewer),
  ]);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Your reviews</h1>
          <p className="mt-1 text-sm text-muted-foreground">Certify the NHIs you are accountable for: confirm why each exists, and keep, reduce, rotate or revoke what it can do.</p>
        </div>
        <DelegateDialog campaigns={delegable} today={now.toISOString().slice(0, 10)} />
      </div>
      <DelegationList given={delegations.given} received={delegations.received} />
      <Transfers incoming={transfers.incoming} outgoing={transfers.outgoing} />
      <h2 className="text-lg font-semibold">Campaigns</h2>
      {campaigns.length === 0 ? (
        <Card>
          <EmptyState icon={<ClipboardCheck className="size-8 text-muted-foreground" aria-hidden="true" />} title="Nothing to review" description="When an admin launches a campaign that covers NHIs you own, your items appear here." />
        </Card>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Your campaigns">
          {campaigns.map((c) => {
            const percent = c.total ? Math.floor((c.decided / c.total) * 100) : 0;
            const active = c.status === "ACTIVE";
            return (
              <li key={c.id}>
                <Card className="h-full">
                  <CardContent className="flex h-full flex-col gap-3">
                    <div className="flex items-start justify-between gap-2">
                      <h2 className="font-semibold leading-tight">{c.name}</h2>
                      <Badge variant={CAMPAIGN_STATUS_VARIANTS[c.status as CampaignStatus]}>{CAMPAIGN_STATUS_LABELS[c.status as CampaignStatus]}</Badge>
                    </div>
                    <p className="text-sm text-muted-foreground">
                      {active ? `Due ${formatDate(c.dueAt)} (${formatRelative(c.dueAt, now)})` : `Due ${formatDate(c.dueAt)}`}
                    </p>
                    {c.forOthers.length ? <p className="text-sm">Includes items you decide for {c.forOthers.join(", ")}</p> : null}
                    {c.carried ? <p className="text-sm text-muted-foreground">{formatNumber(c.carried)} unchanged since last certified: carried forward, nothing to do</p> : null}
                    <div>
                      <ProgressBar percent={percent} label={`${percent}% of your items decided`} />
                      <p className="mt-1.5 text-sm">
                        {active && c.pending > 0 ? (
                          <>
                            <span className="font-semibold">{formatNumber(c.pending)} left</span> of {formatNumber(c.total)}
                          </>
                        ) : (
                          `${formatNumber(c.decided)} of ${formatNumber(c.total)} decided${c.noResponse ? `, ${formatNumber(c.noResponse)} not reviewed` : ""}`
                        )}
                      </p>
                    </div>
                    <Link href={`/reviews/${c.id}`} className={buttonVariants({ variant: active && c.pending ? "default" : "outline", className: "mt-auto w-fit" })}>
                      {active && c.pending ? (c.decided ? "Continue reviewing" : "Start reviewing") : "Open"}
                    </Link>
                  </CardContent>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
