import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getCampaign } from "@/lib/campaigns/queries";
import { personLabel } from "@/lib/users/schemas";
import { escalationToForm, scopeToForm } from "@/lib/campaigns/schemas";
import { readEscalation, readNoResponseAction, type Recurrence } from "@/lib/campaigns/automation";
import { isAllowed } from "@/lib/campaigns/state";
import { getInventoryFacets } from "@/lib/identities/queries";
import { CampaignForm } from "../../campaign-form";

export const metadata: Metadata = { title: "Edit campaign" };

export default async function EditCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer("campaign:manage");
  const { id } = await params;
  const c = await getCampaign(viewer, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  // A launched campaign's settings are frozen (state.ts): back to its page.
  if (!isAllowed("edit", c.status)) redirect(`/campaigns/${id}`);
  const facets = await getInventoryFacets(viewer);
  const na = readNoResponseAction(c.noResponseAction);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/campaigns/${id}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> {c.name}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Edit draft</h1>
      </div>
      <CampaignForm
        campaignId={id}
        facets={facets}
        reviewers={{
          fallback: c.fallbackReviewer ? { id: c.fallbackReviewer.id, label: personLabel(c.fallbackReviewer) } : null,
          backup: c.backupReviewer ? { id: c.backupReviewer.id, label: personLabel(c.backupReviewer) } : null,
        }}
        defaults={{
          name: c.name,
          description: c.description ?? "",
          dueAt: c.dueAt.toISOString().slice(0, 10),
          fallbackReviewerId: c.fallbackReviewerId ?? "",
          backupReviewerId: c.backupReviewerId ?? "",
          commentRequired: c.commentRequired,
          noResponseOutcome: c.noResponseOutcome,
          remediationDays: c.remediationDays,
          deltaReview: c.deltaReview,
          reminderDays: c.reminderDays.join(", "),
          escalation: escalationToForm(readEscalation(c.escalation).levels),
          noResponseAction: { ...na, graceDays: na.graceDays === null ? "" : na.graceDays },
          recurrence: (c.recurrence ?? "") as Recurrence | "",
          recurrencePerTeam: c.recurrencePerTeam,
          durationDays: c.durationDays === null ? "30" : String(c.durationDays),
          scope: scopeToForm(c.scope),
        }}
      />
    </div>
  );
}
