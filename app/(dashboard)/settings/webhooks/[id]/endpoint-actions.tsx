"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { deleteWebhookAction, redeliverWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction, updateWebhookAction } from "../actions";
import { SecretOnce } from "../secret-once";

type Attempt = { ok: boolean; statusCode: number | null; durationMs: number; error: string | null; status: string };

function attemptMessage(r: Attempt, what: string): { variant: "success" | "destructive"; text: string } {
  if (r.ok) return { variant: "success", text: `${what} delivered: HTTP ${r.statusCode} in ${r.durationMs} ms.` };
  const retry = r.status === "PENDING" ? " It will be retried in a minute." : "";
  return { variant: "destructive", text: `${what} not delivered: ${r.error ?? `HTTP ${r.statusCode}`} (${r.durationMs} ms).${retry}` };
}

/** Send test, enable/disable, rotate the secret, delete. */
export function EndpointActions({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ variant: "success" | "destructive"; text: string }>();
  const [secret, setSecret] = useState<string>();
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);

  const run = (fn: () => Promise<void>) => start(fn);

  const sendTest = () =>
    run(async () => {
      setResult(undefined);
      const res = await sendTestWebhookAction({ id });
      setResult(res.ok ? attemptMessage(res.data, "Test event") : { variant: "destructive", text: res.error });
      router.refresh();
    });
  const toggle = () =>
    run(async () => {
      const res = await updateWebhookAction({ id, changes: { enabled: !enabled } });
      setResult(res.ok ? { variant: "success", text: enabled ? "Disabled: nothing is sent until you enable it again." : "Enabled." } : { variant: "destructive", text: res.error });
      router.refresh();
    });
  const rotate = () =>
    run(async () => {
      setConfirm(null);
      const res = await rotateWebhookSecretAction({ id });
      if (res.ok) setSecret(res.data.secret);
      else setResult({ variant: "destructive", text: res.error });
      router.refresh();
    });
  const remove = () =>
    run(async () => {
      const res = await deleteWebhookAction({ id });
      if (res.ok) {
        router.push("/settings/webhooks");
        router.refresh();
      } else {
        setConfirm(null);
        setResult({ variant: "destructive", text: res.error });
      }
    });

  return (
    <div className="space-y-3">
      {secret ? <SecretOnce title="New signing secret" secret={secret} onDone={() => setSecret(undefined)} /> : null}
      {result ? (
        <Alert variant={result.variant} role={result.variant === "success" ? "status" : "alert"}>
          {result.text}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button onClick={sendTest} disabled={pending || !enabled} title={enabled ? undefined : "Enable the endpoint first"}>
          {pending ? "Working…" : "Send test event"}
        </Button>
        <Button variant="outline" onClick={toggle} disabled={pending}>
          {enabled ? "Disable" : "Enable"}
        </Button>
        <Dialog open={confirm === "rotate"} onOpenChange={(o) => setConfirm(o ? "rotate" : null)}>
          <DialogTrigger asChild>
            <Button variant="outline" disabled={pending}>
              Rotate secret
            </Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Rotate the signing secret?</DialogTitle>
              <DialogDescription>
                The current secret stops signing at once: deliveries to &ldquo;{name}&rdquo; fail verification until the receiver has the new one.
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="outline" onClick={() => setConfirm(null)}>
                Cancel
              </Button>
              <Button onClick={rotate} disabled={pending}>
                Rotate secret
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
        <Dialog open={confirm === "delete"} onOpenChange={(o) => setConfirm(o ? "delete" : null)}>
          <DialogTrigger asChild>
            <Button variant="destructive" disabled={pending}>
              Delete
            </Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Delete &ldquo;{name}&rdquo;?</DialogTitle>
              <DialogDescription>Its delivery log and pending retries are deleted too. The audit log keeps the record of the endpoint.</DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="outline" onClick={() => setConfirm(null)}>
                Cancel
              </Button>
              <Button variant="destructive" onClick={remove} disabled={pending}>
                Delete endpoint
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      </div>
    </div>
  );
}

export function RedeliverButton({ id, deliveryId }: { id: string; deliveryId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        aria-label={`Redeliver ${deliveryId}`}
        onClick={() =>
          start(async () => {
            setError(undefined);
            const res = await redeliverWebhookAction({ id, deliveryId });
            if (!res.ok) setError(res.error);
            else if (!res.data.ok) setError(res.data.error ?? `HTTP ${res.data.statusCode}`);
            router.refresh();
          })
        }
      >
        {pending ? "Sending…" : "Redeliver"}
      </Button>
      {error ? <span role="alert" className="text-xs text-critical-foreground">{error}</span> : null}
    </span>
  );
}
