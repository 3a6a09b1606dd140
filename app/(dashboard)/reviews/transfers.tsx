"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { TRANSFER_ORIGIN_LABELS } from "@/lib/ownership/labels";
import { formatDate, formatNumber } from "@/lib/utils";
import { cancelTransferAction, decideTransferAction } from "./actions";

export interface TransferView {
  id: string;
  status: string;
  origin: keyof typeof TRANSFER_ORIGIN_LABELS;
  reason: string | null;
  createdAt: Date;
  identity: { id: string; name: string; kind: string; environment: string; riskScore: number; entitlementCount: number; credentialCount: number; source: { key: string } };
  fromUser: { name: string; email: string; active: boolean } | null;
  toUser: { name: string; email: string };
}

/** "Transfers": NHIs offered to me (accept, or decline with a reason) and those I offered (withdraw). */
export function Transfers({ incoming, outgoing }: { incoming: TransferView[]; outgoing: TransferView[] }) {
  const [declining, setDeclining] = useState<TransferView | null>(null);
  return (
    <section id="transfers" aria-labelledby="transfers-heading" className="space-y-2 scroll-mt-20">
      <h2 id="transfers-heading" className="text-lg font-semibold">
        Transfers
      </h2>
      {!incoming.length && !outgoing.length ? (
        <p className="rounded-lg border bg-card px-4 py-3 text-sm text-muted-foreground">No ownership transfers waiting. When someone hands you an NHI, you accept or decline it here.</p>
      ) : (
        <ul className="divide-y rounded-lg border bg-card">
          {incoming.map((t) => (
            <TransferRow key={t.id} t={t} incoming onDecline={() => setDeclining(t)} />
          ))}
          {outgoing.map((t) => (
            <TransferRow key={t.id} t={t} incoming={false} />
          ))}
        </ul>
      )}
      <DeclineDialog transfer={declining} onClose={() => setDeclining(null)} />
    </section>
  );
}

function TransferRow({ t, incoming, onDecline }: { t: TransferView; incoming: boolean; onDecline?: () => void }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const res = await fn();
      if (!res.ok) setError(res.error);
      else router.refresh();
    });
  const nhi = incoming ? <span className="font-medium">{t.identity.name}</span> : <Link href={`/inventory/${t.identity.id}`} className="font-medium underline-offset-4 hover:underline">{t.identity.name}</Link>;
  return (
    <li className="flex flex-wrap items-start gap-3 px-4 py-3 text-sm" data-testid="transfer-row">
      <Badge variant={t.status === "ESCALATED" ? "high" : "info"}>{t.status === "ESCALATED" ? "Overdue" : "Waiting"}</Badge>
      <div className="min-w-0 flex-1 space-y-0.5">
        <p>
          {incoming ? (
            <>
              Take over {nhi} from {t.fromUser ? `${t.fromUser.name}${t.fromUser.active ? "" : " (deactivated)"}` : "nobody (orphan)"}?
            </>
          ) : (
            <>
              {nhi} offered to <span className="font-medium">{t.toUser.name}</span>: you stay its owner until they accept
            </>
          )}
        </p>
        <p className="text-muted-foreground">
          {TRANSFER_ORIGIN_LABELS[t.origin]} · {formatDate(t.createdAt)} · {t.identity.source.key} · risk {t.identity.riskScore} · {formatNumber(t.identity.entitlementCount)} grants,{" "}
          {formatNumber(t.identity.credentialCount)} credentials
        </p>
        {t.reason ? <p className="text-muted-foreground">“{t.reason}”</p> : null}
        {error ? <p className="text-destructive">{error}</p> : null}
      </div>
      <div className="flex gap-2">
        {incoming ? (
          <>
            <Button size="sm" disabled={pending} onClick={() => run(() => decideTransferAction({ id: t.id, accept: true }))}>
              Accept
            </Button>
            <Button size="sm" variant="outline" disabled={pending} onClick={onDecline}>
              Decline…
            </Button>
          </>
        ) : (
          <Button size="sm" variant="outline" disabled={pending} onClick={() => run(() => cancelTransferAction({ id: t.id }))}>
            Withdraw
          </Button>
        )}
      </div>
    </li>
  );
}

function DeclineDialog({ transfer, onClose }: { transfer: TransferView | null; onClose: () => void }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  function submit() {
    if (!transfer) return;
    if (!reason.trim()) return setError("Say why: the requester reads it and picks someone else.");
    start(async () => {
      const res = await decideTransferAction({ id: transfer.id, accept: false, reason: reason.trim() });
      if (!res.ok) return setError(res.fieldErrors?.reason ?? res.error);
      setReason("");
      setError(undefined);
      onClose();
      router.refresh();
    });
  }
  return (
    <Dialog open={!!transfer} onOpenChange={(o) => !o && (onClose(), setError(undefined))}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Decline {transfer?.identity.name}?</DialogTitle>
          <DialogDescription>It stays with its current owner{transfer?.fromUser && !transfer.fromUser.active ? " (deactivated: it counts as an orphan until someone takes it)" : ""}.</DialogDescription>
        </DialogHeader>
        <div className="space-y-1.5">
          <Label htmlFor="decline-reason">Reason</Label>
          <Textarea id="decline-reason" autoFocus rows={3} value={reason} aria-invalid={!!error} aria-describedby="decline-error" onChange={(e) => setReason(e.target.value)} />
          <FieldError id="decline-error" message={error} />
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="destructive" disabled={pending} onClick={submit}>
            Decline
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
