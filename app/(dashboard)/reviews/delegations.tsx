"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { UserRoundPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { MAX_DELEGATION_DAYS, ZDelegationInput } from "@/lib/campaigns/schemas";
import { formatDate } from "@/lib/utils";
import { PersonPicker } from "../person-picker";
import { createDelegationAction, revokeDelegationAction } from "./actions";

type TIn = z.input<typeof ZDelegationInput>;
type TOut = z.output<typeof ZDelegationInput>;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** "Delegate my reviews": who, for which campaigns, from when to when, and why. */
export function DelegateDialog({ campaigns, today }: { campaigns: { id: string; name: string }[]; today: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const form = useForm<TIn, unknown, TOut>({
    resolver: zodResolver(ZDelegationInput),
    defaultValues: { delegateId: "", campaignId: "", startsAt: today, endsAt: addDays(today, 14), reason: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: TOut) {
    setError(undefined);
    // Dates travel as the day the user picked; the server reads them as the start and end of those days (UTC).
    const res = await createDelegationAction({ ...values, startsAt: values.startsAt.toISOString(), endsAt: values.endsAt.toISOString() });
    if (!res.ok) {
      for (const [field, msg] of Object.entries(res.fieldErrors ?? {})) form.setError(field as keyof TIn, { message: msg });
      setError(res.error);
      return;
    }
    setOpen(false);
    form.reset();
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setError(undefined);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <UserRoundPlus aria-hidden="true" /> Delegate my reviews
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Delegate my reviews</DialogTitle>
          <DialogDescription>
            Someone decides your review items while you are away. You stay the reviewer of record; each decision records them as the one who made it, for you. It ends by itself on the last day.
          </DialogDescription>
        </DialogHeader>
        <form id="delegate-form" className="space-y-4" onSubmit={form.handleSubmit(onSubmit)} noValidate>
          {error ? <Alert variant="destructive">{error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="delegateId">Delegate to</Label>
            <Controller
              control={form.control}
              name="delegateId"
              render={({ field }) => (
                <PersonPicker id="delegateId" purpose="delegate" value={field.value} onChange={field.onChange} aria-invalid={!!errors.delegateId} aria-describedby="delegate-error" />
              )}
            />
            <FieldError id="delegate-error" message={errors.delegateId?.message} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="campaignId">Reviews</Label>
            <Select id="campaignId" {...form.register("campaignId")} aria-describedby="campaign-error">
              <option value="">All my campaigns (also those launched while it runs)</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  Only: {c.name}
                </option>
              ))}
            </Select>
            <FieldError id="campaign-error" message={errors.campaignId?.message} />
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div className="space-y-1.5">
              <Label htmlFor="startsAt">From</Label>
              <Input id="startsAt" type="date" min={today} aria-invalid={!!errors.startsAt} aria-describedby="starts-error" {...form.register("startsAt")} />
              <FieldError id="starts-error" message={errors.startsAt?.message} />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="endsAt">To (inclusive)</Label>
              <Input id="endsAt" type="date" min={today} max={addDays(today, MAX_DELEGATION_DAYS)} aria-invalid={!!errors.endsAt} aria-describedby="ends-error" {...form.register("endsAt")} />
              <FieldError id="ends-error" message={errors.endsAt?.message} />
            </div>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="reason">Reason (optional)</Label>
            <Textarea id="reason" rows={2} placeholder="e.g. On leave; Sam covers the payments NHIs" {...form.register("reason")} />
            <FieldError message={errors.reason?.message} />
          </div>
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" form="delegate-form" disabled={isSubmitting}>
            {isSubmitting ? "Delegating…" : "Delegate"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export interface DelegationView {
  id: string;
  state: "ACTIVE" | "SCHEDULED" | "ENDED" | "REVOKED";
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  delegator: { name: string; email: string };
  delegate: { name: string; email: string };
  campaign: { name: string } | null;
}

const STATE_LABEL = { ACTIVE: "Active", SCHEDULED: "Scheduled", ENDED: "Ended", REVOKED: "Revoked" } as const;

/** My delegations, given and received, each revocable (the delegate may hand it back). */
export function DelegationList({ given, received }: { given: DelegationView[]; received: DelegationView[] }) {
  if (!given.length && !received.length) return null;
  return (
    <section aria-labelledby="delegations-heading" className="space-y-2">
      <h2 id="delegations-heading" className="text-lg font-semibold">
        Delegations
      </h2>
      <ul className="divide-y rounded-lg border bg-card">
        {given.map((d) => (
          <DelegationRow key={d.id} d={d} text={<>You delegated {d.campaign ? <>“{d.campaign.name}”</> : "all your reviews"} to <span className="font-medium">{d.delegate.name}</span></>} action="Revoke" />
        ))}
        {received.map((d) => (
          <DelegationRow key={d.id} d={d} text={<><span className="font-medium">{d.delegator.name}</span> delegated {d.campaign ? <>“{d.campaign.name}”</> : "all their reviews"} to you: their items are in your campaigns, marked “for {d.delegator.name}”</>} action="Hand back" />
        ))}
      </ul>
    </section>
  );
}

function DelegationRow({ d, text, action }: { d: DelegationView; text: React.ReactNode; action: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid="delegation-row">
      <Badge variant={d.state === "ACTIVE" ? "success" : "info"}>{STATE_LABEL[d.state]}</Badge>
      <div className="min-w-0 flex-1">
        <p>{text}</p>
        <p className="text-muted-foreground">
          {formatDate(d.startsAt)} to {formatDate(d.endsAt)}
          {d.reason ? ` · ${d.reason}` : ""}
        </p>
        {error ? <p className="text-destructive">{error}</p> : null}
      </div>
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await revokeDelegationAction({ id: d.id });
            if (!res.ok) setError(res.error);
            else router.refresh();
          })
        }
      >
        {pending ? "…" : action}
      </Button>
    </li>
  );
}
