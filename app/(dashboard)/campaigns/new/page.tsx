import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { getInventoryFacets } from "@/lib/identities/queries";
import { personLabel } from "@/lib/users/schemas";
import { CampaignForm } from "../campaign-form";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const viewer = await requireViewer("campaign:manage");
  const facets = await getInventoryFacets(viewer);
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/campaigns" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Campaigns
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">New campaign</h1>
        <p className="mt-1 text-sm text-muted-foreground">Saved as a draft: nothing is sent to reviewers until you launch it.</p>
      </div>
      <CampaignForm
        facets={facets}
        reviewers={{ fallback: { id: viewer.id, label: personLabel(viewer) }, backup: null }}
        defaults={{
          name: "",
          description: "",
          dueAt: due,
          fallbackReviewerId: viewer.id,
          backupReviewerId: "",
          commentRequired: "ON_REVOKE",
          noResponseOutcome: "NO_CHANGE",
          remediationDays: 30,
          reminderDays: "7, 3, 1",
          escalation: { l1Days: "1", l1To: "TEAM_LEAD", l2Days: "5", l2To: "FALLBACK" },
          noResponseAction: { LOW: "OUTCOME", MEDIUM: "OUTCOME", HIGH: "OUTCOME", CRITICAL: "OUTCOME", graceDays: "" },
          recurrence: "",
          recurrencePerTeam: false,
          durationDays: "30",
          scope: { kind: [], env: [], source: [], team: [], criticality: [], riskMin: "", changed: false, unused: false },
        }}
      />
    </div>
  );
}
