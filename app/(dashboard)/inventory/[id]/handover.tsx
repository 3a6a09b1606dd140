"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { TRANSFER_ORIGIN_LABELS, TRANSFER_STATUS_LABELS } from "@/lib/ownership/labels";
import { formatDate } from "@/lib/utils";
import { PersonPicker } from "../../person-picker";
import { cancelHandoverAction, handOverAction } from "../actions";

/** "Hand over…": the owner (or an admin) asks someone to take the NHI; it moves when they accept. */
export function HandOverDialog({ identity }: { identity: { id: string; name: string; ownerId: string | null } }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  function submit() {
    start(async () => {
      const res = await handOverAction({ identityId: identity.id, toUserId: to, reason });
      if (!res.ok) {
        setErrors(res.fieldErrors ?? {});
        setError(res.error);
        return;
      }
      setOpen(false);
      setTo("");
      setReason("");
      router.refresh();
    });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) (setErrors({}), setError(undefined));
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          Hand over…
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Hand over {identity.name}</DialogTitle>
          <DialogDescription>The new owner is asked to accept. Until they do, the current owner stays accountable for it.</DialogDescription>
        </DialogHeader>
        <div className="space-y-4">
          {error ? <Alert variant="destructive">{error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="handover-to">New owner</Label>
            <PersonPicker id="handover-to" purpose="transfer" exclude={[identity.ownerId]} value={to} onChange={setTo} aria-invalid={!!errors.toUserId} aria-describedby="handover-to-error" />
            <FieldError id="handover-to-error" message={errors.toUserId} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="handover-reason">Why</Label>
            <Textarea id="handover-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={!!errors.reason} aria-describedby="handover-reason-error" placeholder="e.g. The payments team runs this workload now" />
            <FieldError id="handover-reason-error" message={errors.reason} />
          </div>
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button disabled={pending} onClick={submit}>
            {pending ? "Sending…" : "Ask them to accept"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export interface IdentityTransferView {
  id: string;
  status: keyof typeof TRANSFER_STATUS_LABELS;
  origin: keyof typeof TRANSFER_ORIGIN_LABELS;
  reason: string | null;
  decisionReason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  fromUser: { name: string } | null;
  toUser: { name: string };
}

/** The NHI's ownership transfers: the open one (withdrawable) first, then the history. */
export function TransferHistory({ transfers, canCancel }: { transfers: IdentityTransferView[]; canCancel: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  if (!transfers.length) return null;
  return (
    <div className="mt-5 border-t pt-4">
      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Ownership transfers</p>
      {error ? <p className="mt-1 text-sm text-destructive">{error}</p> : null}
      <ul className="mt-2 space-y-2 text-sm">
        {transfers.map((t) => {
          const open = t.status === "PENDING" || t.status === "ESCALATED";
          return (
            <li key={t.id} className="flex flex-wrap items-center gap-2" data-testid="identity-transfer">
              <Badge variant={open ? (t.status === "ESCALATED" ? "high" : "info") : t.status === "ACCEPTED" ? "success" : "neutral"}>{TRANSFER_STATUS_LABELS[t.status]}</Badge>
              <span>
                {t.fromUser?.name ?? "No owner"} → <span className="font-medium">{t.toUser.name}</span>
              </span>
              <span className="text-muted-foreground">
                {TRANSFER_ORIGIN_LABELS[t.origin]} · {formatDate(t.createdAt)}
                {t.reason ? ` · “${t.reason}”` : ""}
                {t.decisionReason ? ` · ${t.status === "DECLINED" ? "declined" : "note"}: “${t.decisionReason}”` : ""}
              </span>
              {open && canCancel ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      const res = await cancelHandoverAction({ id: t.id });
                      if (!res.ok) setError(res.error);
                      else router.refresh();
                    })
                  }
                >
                  Withdraw
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
