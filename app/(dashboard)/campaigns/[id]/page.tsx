import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Download, ExternalLink, ListChecks, Wrench } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { getCampaign, getCampaignProgress, previewCampaign, type CampaignDto } from "@/lib/campaigns/queries";
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_VARIANTS, COMMENT_POLICY_LABELS, NO_RESPONSE_LABELS, ROUTING_LABELS } from "@/lib/campaigns/labels";
import { getInventoryFacets } from "@/lib/identities/queries";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS } from "@/lib/identities/labels";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate, formatDateTime, formatNumber, formatRelative } from "@/lib/utils";
import { CampaignActions } from "./campaign-actions";
import { AutomationFacts, RecurrenceCard, UndecidedPreview, noResponseSummary } from "./automation";
import { getRecurrence } from "@/lib/campaigns/recurrence";
import { RECURRENCE_LABELS } from "@/lib/campaigns/automation";
import { ProgressBar } from "../progress-bar";
import { ReviewersTable } from "./reviewers-table";
import { DelegationsCard, QualityCard } from "./quality-card";
import { getReviewQuality } from "@/lib/campaigns/quality";
import { listCampaignDelegations } from "@/lib/campaigns/delegation";

export const metadata: Metadata = { title: "Campaign" };

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer("campaign:read");
  const { id } = await params;
  let c: CampaignDto;
  try {
    c = await getCampaign(viewer, id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const isDraft = c.status === "DRAFT";
  const canManage = can(viewer, "campaign:manage");
  const [recurrence, definition] = await Promise.all([
    c.recurrence ? getRecurrence(viewer, id) : Promise.resolve(null),
    c.definitionId ? getCampaign(viewer, c.definitionId).catch(() => null) : Promise.resolve(null),
  ]);
  const [facets, preview, progress, quality, delegations] = await Promise.all([
    getInventoryFacets(viewer),
    isDraft ? previewCampaign(viewer, id) : Promise.resolve(null),
    isDraft ? Promise.resolve(null) : getCampaignProgress(viewer, id),
    isDraft ? Promise.resolve(null) : getReviewQuality(viewer, id),
    isDraft ? Promise.resolve([]) : listCampaignDelegations(viewer, id),
  ]);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/campaigns" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Campaigns
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight">{c.name}</h1>
              {recurrence ? (
                <Badge variant={c.status === "DRAFT" ? "info" : CAMPAIGN_STATUS_VARIANTS[c.status]}>{c.status === "DRAFT" ? `Recurring · ${RECURRENCE_LABELS[recurrence.recurrence]}` : CAMPAIGN_STATUS_LABELS[c.status]}</Badge>
              ) : (
                <Badge variant={CAMPAIGN_STATUS_VARIANTS[c.status]}>{CAMPAIGN_STATUS_LABELS[c.status]}</Badge>
              )}
            </div>
            {c.description ? <p className="mt-1 max-w-3xl text-sm text-muted-foreground">{c.description}</p> : null}
            {definition ? (
              <p className="mt-1 text-sm text-muted-foreground">
                Run {c.period} of the recurring campaign{" "}
                <Link href={`/campaigns/${definition.id}`} className="text-primary hover:underline">
                  {definition.name}
                </Link>
              </p>
            ) : null}
            <p className="mt-2 text-sm text-muted-foreground">
              {recurrence ? `Recurring definition: each run is due ${c.durationDays} days after its launch` : `Due ${formatDate(c.dueAt)}`}
              {c.launchedAt ? ` · launched ${formatDateTime(c.launchedAt)}` : ""}
              {c.reviewClosedAt ? ` · review closed ${formatDateTime(c.reviewClosedAt)}` : ""}
              {c.closedAt ? ` · closed ${formatDateTime(c.closedAt)}` : ""}
              {c.cancelledAt ? ` · cancelled ${formatDateTime(c.cancelledAt)}` : ""}
              {c.createdBy ? ` · created by ${c.createdBy.name}` : ""}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {!isDraft && can(viewer, "campaign:evidence") ? (
              <a href={`/campaigns/${id}/evidence`} className={buttonVariants({ variant: "outline" })} download>
                <Download aria-hidden="true" /> Evidence pack
              </a>
            ) : null}
            {canManage ? <CampaignActions id={id} status={c.status} name={c.name} preview={preview ? { total: preview.total, reviewers: preview.reviewers } : null} progress={progress ? { total: progress.total, decided: progress.decided } : null} noResponse={noResponseSummary(c)} recurring={!!c.recurrence} /> : null}
          </div>
        </div>
      </div>

      {recurrence ? <RecurrenceCard recurrence={recurrence} canManage={canManage} /> : null}

      {preview ? <PreviewCard preview={preview} c={c} recurring={!!recurrence} /> : null}

      {progress ? (
        <>
          <div className="grid gap-4 md:grid-cols-4">
            <Stat label="Decided" value={`${progress.percent}%`} detail={`${formatNumber(progress.decided)} of ${formatNumber(progress.total)} items`}>
              <ProgressBar percent={progress.percent} label="Percent decided" className="mt-2" />
            </Stat>
            <Stat label="Waiting" value={formatNumber(progress.reviewers.reduce((n, r) => n + r.pending, 0))} detail={`${formatNumber(progress.reviewers.filter((r) => r.pending > 0).length)} reviewers with items left`} />
            <Stat label="Non-responders" value={formatNumber(progress.nonResponders.length)} detail="reviewers who have decided nothing yet" />
            <Stat label="Unassigned" value={formatNumber(progress.unassigned)} detail="items no eligible reviewer could take" />
          </div>

          <div className="grid gap-6 xl:grid-cols-3">
            <Card className="xl:col-span-2">
              <CardHeader>
                <CardTitle>By reviewer</CardTitle>
                <CardDescription>Who still has items to decide. Reassign a reviewer&apos;s undecided items when they cannot respond.</CardDescription>
              </CardHeader>
              <CardContent>
                <ReviewersTable campaignId={id} rows={progress.reviewers} canReassign={canManage && c.status === "ACTIVE"} />
              </CardContent>
            </Card>
            <div className="space-y-6">
              <Card>
                <CardHeader>
                  <CardTitle>By team</CardTitle>
                </CardHeader>
                <CardContent>
                  <ul className="space-y-2.5">
                    {progress.teams.map((t) => (
                      <li key={t.teamId ?? "none"} className="text-sm">
                        <span className="flex items-baseline justify-between gap-2">
                          <Link href={`/campaigns/${id}/items?team=${t.teamId ?? ""}`} className="truncate hover:underline">
                            {t.name}
                          </Link>
                          <span className="whitespace-nowrap text-xs tabular-nums text-muted-foreground">
                            {t.percent}% · {formatNumber(t.decided)}/{formatNumber(t.total)}
                          </span>
                        </span>
                        <ProgressBar percent={t.percent} label={`${t.name}: ${t.percent}% decided`} className="mt-1" />
                      </li>
                    ))}
                  </ul>
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>How items were routed</CardTitle>
                  <CardDescription>Self-review is blocked: such items go to the fallback reviewer.</CardDescription>
                </CardHeader>
                <CardContent>
                  <ul className="space-y-1.5 text-sm">
                    {progress.routing.map((r) => (
                      <li key={r.routedBy} className="flex items-baseline justify-between gap-2">
                        <Link href={`/campaigns/${id}/items?routedBy=${r.routedBy}`} className="hover:underline">
                          {ROUTING_LABELS[r.routedBy]}
                        </Link>
                        <span className="tabular-nums text-muted-foreground">
                          {formatNumber(r.decided)}/{formatNumber(r.total)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </CardContent>
              </Card>
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <Link href={`/campaigns/${id}/items`} className={buttonVariants({ variant: "outline" })}>
              <ListChecks aria-hidden="true" /> All {formatNumber(progress.total)} items
            </Link>
            {c.status === "REMEDIATION" || c.status === "CLOSED" ? (
              <Link href={`/remediation?campaign=${id}&status=all`} className={buttonVariants({ variant: "outline" })}>
                <Wrench aria-hidden="true" /> Remediation tasks
              </Link>
            ) : null}
          </div>
        </>
      ) : null}

      {quality ? (
        <div className="grid gap-4 xl:grid-cols-[2fr_1fr]">
          <QualityCard quality={quality} />
          <DelegationsCard delegations={delegations} />
        </div>
      ) : null}

      <SettingsCard c={c} facets={facets} />
    </div>
  );
}

function Stat({ label, value, detail, children }: { label: string; value: string; detail: string; children?: React.ReactNode }) {
  return (
    <Card className="gap-1 py-4">
      <CardContent>
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
        <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
        <p className="text-xs text-muted-foreground">{detail}</p>
        {children}
      </CardContent>
    </Card>
  );
}

function PreviewCard({ preview, c, recurring }: { preview: NonNullable<Awaited<ReturnType<typeof previewCampaign>>>; c: CampaignDto; recurring: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{recurring ? "The next run, as of now" : "Before you launch"}</CardTitle>
        <CardDescription>
          {recurring ? "A run launched now would create" : "Launching now would create"} {formatNumber(preview.total)} review items for {formatNumber(preview.reviewers)} reviewers, from{" "}
          {formatNumber(preview.nhis)} NHIs in scope
          {preview.delegations ? ` (${formatNumber(preview.delegations)} of the items are AI agents' delegations, certified by the human each acts for)` : ""}
          {preview.carried !== null ? `; review what changed is on: ${formatNumber(preview.carried)} unchanged since last certified would be carried forward, not asked again` : ""}. The
          counts are computed now and frozen at launch.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {preview.total === 0 ? (
          <p className="text-sm text-muted-foreground">The scope matches no NHIs to review. Edit the draft to widen it.</p>
        ) : (
          <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-4">
            <UndecidedPreview byTier={preview.byTier} c={c} />
            <div>
              <h3 className="mb-2 text-sm font-semibold">Routed to</h3>
              <ul className="space-y-1 text-sm">
                {preview.byRouting.map((r) => (
                  <li key={r.routedBy} className="flex justify-between gap-2">
                    <span>{ROUTING_LABELS[r.routedBy]}</span>
                    <span className="tabular-nums text-muted-foreground">{formatNumber(r.count)}</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold">Busiest reviewers</h3>
              <ul className="space-y-1 text-sm">
                {preview.topReviewers.map((r) => (
                  <li key={r.reviewer.id} className="flex justify-between gap-2">
                    <span className="truncate">{r.reviewer.name}</span>
                    <span className="tabular-nums text-muted-foreground">{formatNumber(r.count)}</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold">By team</h3>
              <ul className="space-y-1 text-sm">
                {preview.byTeam.slice(0, 10).map((t) => (
                  <li key={t.team} className="flex justify-between gap-2">
                    <span className="truncate">{t.team}</span>
                    <span className="tabular-nums text-muted-foreground">{formatNumber(t.count)}</span>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function SettingsCard({ c, facets }: { c: CampaignDto; facets: { sources: { id: string; key: string }[]; teams: { id: string; name: string }[] } }) {
  const s = c.scope;
  const sourceKey = new Map(facets.sources.map((x) => [x.id, x.key]));
  const teamName = new Map(facets.teams.map((x) => [x.id, x.name]));
  const chips: string[] = [
    ...(s.kind ?? []).map((k) => KIND_LABELS[k]),
    ...(s.env ?? []).map((e) => ENVIRONMENT_LABELS[e]),
    ...(s.criticality ?? []).map((k) => `${CRITICALITY_LABELS[k]} criticality`),
    ...(s.source ?? []).map((x) => sourceKey.get(x) ?? x),
    ...(s.team ?? []).map((x) => `Team ${teamName.get(x) ?? x}`),
    ...(s.riskMin !== undefined ? [`Risk ≥ ${s.riskMin}`] : []),
    ...(s.riskMax !== undefined ? [`Risk ≤ ${s.riskMax}`] : []),
    ...(s.changed ? ["Changed since last certified"] : []),
    ...(s.unused ? ["Has unused grants"] : []),
    ...(s.credAgeOver !== undefined ? [`Secret older than ${s.credAgeOver} days`] : []),
    ...(s.owner ? [s.owner === "none" ? "Orphans" : `Owner ${s.owner}`] : []),
    ...(s.q ? [`“${s.q}”`] : []),
  ];
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) {
    if (Array.isArray(v)) for (const x of v) qs.append(k, String(x));
    else if (v !== undefined) qs.set(k, String(v));
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
        <CardAction>
          <a href={`/inventory?${qs}`} className="inline-flex items-center gap-1 text-sm text-primary hover:underline">
            Scope in the inventory <ExternalLink className="size-3.5" aria-hidden="true" />
          </a>
        </CardAction>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <div className="sm:col-span-2 lg:col-span-3">
            <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Scope</dt>
            <dd className="mt-1 flex flex-wrap gap-1.5">
              {chips.length ? chips.map((chip) => <Badge key={chip} variant="outline">{chip}</Badge>) : <span>Every NHI in the inventory</span>}
            </dd>
          </div>
          <Fact label="Fallback reviewer">{c.fallbackReviewer ? `${c.fallbackReviewer.name}${c.fallbackReviewer.active ? "" : " (inactive)"}` : "—"}</Fact>
          <Fact label="Backup reviewer">{c.backupReviewer ? c.backupReviewer.name : "None: the fallback reviewer"}</Fact>
          <Fact label="Comments">{COMMENT_POLICY_LABELS[c.commentRequired]}</Fact>
          <Fact label="Default for undecided items">{NO_RESPONSE_LABELS[c.noResponseOutcome]}</Fact>
          <Fact label="Remediation due">{c.remediationDays} days after the close</Fact>
          <Fact label="Review what changed">{c.deltaReview ? "On: NHIs unchanged since last certified are carried forward" : "Off: every NHI is reviewed"}</Fact>
          <Fact label="Unused means">{c.unusedWindowDays ? `Not used in ${c.unusedWindowDays} days (frozen at launch)` : "Decided at launch (the rules' unused window)"}</Fact>
          <Fact label="Last change">{formatRelative(c.updatedAt)}</Fact>
          <AutomationFacts c={c} />
        </dl>
      </CardContent>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-1">{children}</dd>
    </div>
  );
}
