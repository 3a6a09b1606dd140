"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { decideExceptionsAction, revokeExceptionAction } from "./actions";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Approve or reject one or many pending requests, with a comment (required to reject) and a confirmation step:
 * the dialog itself says what will happen. All or nothing on the server.
 */
export function DecisionDialog({
  ids,
  decision,
  onDone,
  triggerProps,
}: {
  ids: string[];
  decision: "APPROVE" | "REJECT";
  onDone?: () => void;
  triggerProps?: ButtonProps;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const approve = decision === "APPROVE";
  const what = plural(ids.length, "request");

  function submit() {
    setError(undefined);
    setFieldError(undefined);
    startTransition(async () => {
      const res = await decideExceptionsAction({ ids, decision, comment });
      if (!res.ok) {
        setFieldError(res.fieldErrors?.comment);
        setError(res.fieldErrors?.comment ? undefined : res.error);
        return;
      }
      setOpen(false);
      setComment("");
      onDone?.();
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setError(undefined);
          setFieldError(undefined);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant={approve ? "default" : "outline"} {...triggerProps}>
          {approve ? "Approve…" : "Reject…"}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>
            {approve ? "Approve" : "Reject"} {what}
          </DialogTitle>
          <DialogDescription>
            {approve
              ? `The findings ${ids.length === 1 ? "it covers" : "they cover"} become accepted risk until the requested expiry: they leave the open-risk counts and risk scores, and stay visible as accepted. Recorded in the audit log with your name.`
              : `The findings stay open. The requester is told why. Recorded in the audit log with your name.`}
          </DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <div className="space-y-1.5">
          <Label htmlFor="decision-comment">{approve ? "Comment (optional)" : "Reason"}</Label>
          <Textarea
            id="decision-comment"
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            aria-invalid={!!fieldError}
            aria-describedby="decision-comment-error"
            placeholder={approve ? "Conditions, follow-ups…" : "What should be done instead?"}
          />
          <FieldError id="decision-comment-error" message={fieldError} />
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant={approve ? "default" : "destructive"} onClick={submit} disabled={pending}>
            {pending ? "Saving…" : `${approve ? "Approve" : "Reject"} ${what}`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Ends a pending or active exception early, with a reason. */
export function RevokeDialog({ id, isPending }: { id: string; isPending: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const verb = isPending ? "Withdraw" : "Revoke";

  function submit() {
    setError(undefined);
    setFieldError(undefined);
    startTransition(async () => {
      const res = await revokeExceptionAction({ id, reason });
      if (!res.ok) {
        setFieldError(res.fieldErrors?.reason);
        setError(res.fieldErrors?.reason ? undefined : res.error);
        return;
      }
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">{verb}…</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{verb} this exception</DialogTitle>
          <DialogDescription>
            {isPending
              ? "The request is closed without a decision."
              : "The exception ends now: the findings it covers that are still present count as open risk again."}{" "}
            Recorded in the audit log with your name.
          </DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <div className="space-y-1.5">
          <Label htmlFor="revoke-reason">Reason</Label>
          <Textarea
            id="revoke-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={!!fieldError}
            aria-describedby="revoke-reason-error"
          />
          <FieldError id="revoke-reason-error" message={fieldError} />
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="destructive" onClick={submit} disabled={pending}>
            {pending ? "Saving…" : verb}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
