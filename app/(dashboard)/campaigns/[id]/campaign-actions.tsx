"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonVariants } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { CampaignStatus } from "@/lib/db/generated/enums";
import { isAllowed, type CampaignAction } from "@/lib/campaigns/state";
import { formatNumber } from "@/lib/utils";
import { campaignStepAction } from "../actions";

type Step = Extract<CampaignAction, "launch" | "close" | "complete" | "cancel">;

/** The lifecycle buttons the campaign's state allows (state.ts), each behind a confirmation that says what happens. */
export function CampaignActions(props: {
  id: string;
  name: string;
  status: CampaignStatus;
  preview: { total: number; reviewers: number } | null;
  progress: { total: number; decided: number } | null;
  noResponse: string;
  /** A recurring definition: launched by the scheduler each period, never by hand; cancelling it stops it. */
  recurring?: boolean;
}) {
  const { id, status, preview, progress, recurring } = props;
  const undecided = progress ? progress.total - progress.decided : 0;
  const steps: { step: Step; label: string; title: string; body: string; confirm: string; variant?: "destructive" | "outline" }[] = [
    {
      step: "launch",
      label: "Launch",
      title: `Launch “${props.name}”?`,
      body: preview
        ? `This creates ${formatNumber(preview.total)} review items for ${formatNumber(preview.reviewers)} reviewers, with a frozen snapshot of each NHI. Reviewers see their items at once; the settings can no longer change.`
        : "",
      confirm: "Launch campaign",
    },
    {
      step: "close",
      label: "Close review",
      title: "Close the review?",
      body: `${formatNumber(progress?.decided ?? 0)} of ${formatNumber(progress?.total ?? 0)} items are decided. ${
        undecided ? `The ${formatNumber(undecided)} undecided items get this campaign's outcome: ${props.noResponse.toLowerCase()}. ` : ""
      }Every revoke, reduce, rotate and decommission decision becomes a remediation task; reassigned NHIs change owner; decisions can no longer be changed.`,
      confirm: "Close review",
    },
    {
      step: "complete",
      label: "Mark complete",
      title: "Mark the campaign complete?",
      body: "The campaign closes. Remediation tasks still open stay on the remediation page until they are done.",
      confirm: "Mark complete",
    },
    {
      step: "cancel",
      label: recurring ? "Stop recurring" : "Cancel campaign",
      title: recurring ? "Stop this recurring campaign?" : "Cancel this campaign?",
      body: recurring
        ? "No further runs are launched. Runs already launched carry on until they are closed."
        : status === "DRAFT"
          ? "The draft is kept, cancelled, for the record."
          : "Reviewers can no longer decide. Decisions made so far are kept for the record but have no effect: no remediation tasks, no owner changes.",
      confirm: recurring ? "Stop recurring" : "Cancel campaign",
      variant: "destructive",
    },
  ];
  return (
    <>
      {isAllowed("edit", status) ? (
        <Link href={`/campaigns/${id}/edit`} className={buttonVariants({ variant: "outline" })}>
          Edit
        </Link>
      ) : null}
      {steps
        .filter((s) => isAllowed(s.step, status) && !(recurring && s.step === "launch"))
        .map((s) => (
          <StepButton key={s.step} id={id} {...s} disabled={s.step === "launch" && preview?.total === 0} />
        ))}
    </>
  );
}

function StepButton({ id, step, label, title, body, confirm, variant, disabled }: { id: string; step: Step; label: string; title: string; body: string; confirm: string; variant?: "destructive" | "outline"; disabled?: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  function run() {
    setError(undefined);
    startTransition(async () => {
      const res = await campaignStepAction({ id, step });
      if (!res.ok) {
        setError(res.error);
        return;
      }
      setOpen(false);
      router.refresh();
    });
  }
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setError(undefined))}>
      <DialogTrigger asChild>
        <Button variant={variant === "destructive" ? "outline" : undefined} disabled={disabled}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{body}</DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Back
          </Button>
          <Button variant={variant === "destructive" ? "destructive" : "default"} onClick={run} disabled={pending}>
            {pending ? "Working…" : confirm}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
