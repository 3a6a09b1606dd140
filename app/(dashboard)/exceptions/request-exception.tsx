"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Controller, useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Badge, severityVariant } from "@/components/ui/badge";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { Severity } from "@/lib/db/generated/enums";
import { SEVERITY_LABELS } from "@/lib/findings/labels";
import {
  addDays,
  COMPENSATING_CONTROLS,
  endOfDay,
  expiryCapDays,
  latestExpiryDay,
  worstSeverity,
  ZExceptionExtension,
  ZExceptionRequest,
  type TExceptionExtension,
  type TExceptionExtensionInput,
  type TExceptionPolicy,
  type TExceptionRequest,
  type TExceptionRequestInput,
} from "@/lib/exceptions/schemas";
import { formatDate } from "@/lib/utils";
import type { ActionResult } from "@/lib/actions/action";
import { requestExceptionAction, requestExtensionAction } from "./actions";

/** A finding the request can cover (open, no live exception yet). */
export interface FindingOption {
  id: string;
  ruleId: string;
  title: string;
  summary: string;
  severity: Severity;
}

/** What every request form needs from the server: the policy and "today" (UTC, so server and browser agree). */
export interface RequestContext {
  policy: TExceptionPolicy;
  today: string;
}

const DEFAULT_DAYS = 30;

function defaultExpiry(ctx: RequestContext, severity: Severity): string {
  return addDays(ctx.today, Math.min(DEFAULT_DAYS, expiryCapDays(ctx.policy, severity)));
}

/**
 * "Accept risk…": a dialog with the request form, for one finding (from a finding row) or a choice of the NHI's open
 * findings (from the NHI page). The server re-parses the same schema and enforces the expiry cap.
 */
export function RequestExceptionDialog({
  identity,
  findings,
  preselected = [],
  context,
  triggerLabel = "Accept risk…",
  triggerProps,
  reviewItemId,
  onOpening,
  onRequested,
  onOpenChange,
  description,
}: {
  identity: { id: string; name: string };
  findings: FindingOption[];
  preselected?: string[];
  context: RequestContext;
  triggerLabel?: ReactNode;
  triggerProps?: ButtonProps;
  /** The campaign review item the request comes from (a KEEP decision): linked on the exception. */
  reviewItemId?: string;
  /** Runs when the dialog opens (the review saves its KEEP decision first, whatever happens to the request). */
  onOpening?: () => void;
  /** Called when the dialog closes after a request was sent (the caller reloads what shows it). */
  onRequested?: (id: string) => void;
  /** Told when the dialog opens and closes (a row that would replace it once the request exists keeps it meanwhile). */
  onOpenChange?: (open: boolean) => void;
  description?: ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // The page refreshes once the dialog closes, not while it shows the confirmation: the refreshed row (now "pending")
  // would otherwise unmount the dialog under the reader.
  const close = () => {
    setOpen(false);
    onOpenChange?.(false);
    if (done) {
      router.refresh();
      onRequested?.(done);
    }
    setDone(null);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) return close();
        onOpening?.();
        onOpenChange?.(true);
        setOpen(true);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" {...triggerProps}>
          {triggerLabel}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Request a risk exception</DialogTitle>
          <DialogDescription>
            Keep a known risk on <span className="font-medium text-foreground">{identity.name}</span> for a limited time. An approver other than you
            reviews it; until then the findings stay open.
            {description ? <span className="mt-1 block">{description}</span> : null}
          </DialogDescription>
        </DialogHeader>
        {done ? (
          <Submitted id={done} onClose={close} />
        ) : (
          <RequestForm
            identity={identity}
            findings={findings}
            preselected={preselected}
            context={context}
            reviewItemId={reviewItemId}
            onDone={setDone}
            onCancel={() => setOpen(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function Submitted({ id, onClose }: { id: string; onClose: () => void }) {
  return (
    <>
      <Alert variant="success" title="Request sent for approval">
        <p>It is in the exceptions register as pending. You will be notified of the decision.</p>
      </Alert>
      <DialogFooter>
        <Button variant="outline" asChild>
          <Link href={`/exceptions/${id}`}>View the request</Link>
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogFooter>
    </>
  );
}

function RequestForm({
  identity,
  findings,
  preselected,
  context,
  reviewItemId,
  onDone,
  onCancel,
}: {
  identity: { id: string; name: string };
  findings: FindingOption[];
  preselected: string[];
  context: RequestContext;
  reviewItemId?: string;
  onDone: (id: string) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string>();
  const rules = [...new Map(findings.map((f) => [f.ruleId, f])).values()];
  const initial = preselected.length ? preselected : findings.length === 1 ? [findings[0]!.id] : [];
  const form = useForm<TExceptionRequestInput, unknown, TExceptionRequest>({
    resolver: zodResolver(ZExceptionRequest),
    defaultValues: {
      identityId: identity.id,
      ...(reviewItemId ? { reviewItemId } : {}),
      scope: "FINDINGS",
      findingIds: initial,
      ruleId: findings.find((f) => f.id === initial[0])?.ruleId ?? "",
      justification: "",
      controls: [],
      controlsNote: "",
      expiresOn: defaultExpiry(context, worstSeverity(findings.filter((f) => initial.includes(f.id)).map((f) => f.severity))),
    },
  });
  const { errors, isSubmitting } = form.formState;
  const scope = form.watch("scope");
  const selected = form.watch("findingIds") ?? [];
  const ruleId = form.watch("ruleId");
  const covered = scope === "RULE" ? findings.filter((f) => f.ruleId === ruleId) : findings.filter((f) => selected.includes(f.id));
  const severity = covered.length ? worstSeverity(covered.map((f) => f.severity)) : null;

  async function onSubmit(values: TExceptionRequest) {
    setError(undefined);
    await submitWith(form, () => requestExceptionAction(values), setError, onDone);
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-5" aria-label="Request a risk exception">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">What to accept</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex cursor-pointer items-center gap-2">
            <input type="radio" value="FINDINGS" className="accent-primary" {...form.register("scope")} />
            These findings
          </label>
          <label className="flex cursor-pointer items-center gap-2">
            <input type="radio" value="RULE" className="accent-primary" {...form.register("scope")} />
            Every finding of one rule on this NHI, including new ones
          </label>
        </div>
        {scope === "RULE" ? (
          <div className="space-y-1.5">
            <Label htmlFor="exc-rule">Rule</Label>
            <Select id="exc-rule" aria-invalid={!!errors.ruleId} aria-describedby="exc-rule-error" {...form.register("ruleId")}>
              <option value="">Choose a rule…</option>
              {rules.map((r) => (
                <option key={r.ruleId} value={r.ruleId}>
                  {r.title} ({SEVERITY_LABELS[r.severity]})
                </option>
              ))}
            </Select>
            <FieldError id="exc-rule-error" message={errors.ruleId?.message} />
          </div>
        ) : (
          <div className="space-y-1.5">
            <Controller
              control={form.control}
              name="findingIds"
              render={({ field }) => (
                <ul className="max-h-56 space-y-1 overflow-y-auto rounded-md border p-2" aria-label="Findings to accept" aria-describedby="exc-findings-error">
                  {findings.map((f) => {
                    const value = field.value ?? [];
                    const checked = value.includes(f.id);
                    return (
                      <li key={f.id}>
                        <label className="flex cursor-pointer items-start gap-2 rounded px-1.5 py-1 text-sm hover:bg-accent">
                          <Checkbox
                            className="mt-0.5"
                            checked={checked}
                            onCheckedChange={(c) => field.onChange(c === true ? [...value, f.id] : value.filter((v) => v !== f.id))}
                          />
                          <span className="min-w-0 flex-1">
                            <span className="font-medium">{f.title}</span>
                            {f.summary ? <span className="block truncate text-xs text-muted-foreground">{f.summary}</span> : null}
                          </span>
                          <Badge variant={severityVariant(f.severity)}>{SEVERITY_LABELS[f.severity]}</Badge>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            />
            <FieldError id="exc-findings-error" message={errors.findingIds?.message ?? errors.findingIds?.root?.message} />
          </div>
        )}
      </fieldset>
      <TermsFields form={form as unknown as UseFormReturn<TermsValues>} context={context} severity={severity} />
      <DialogFooter>
        <Button variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Sending…" : "Send for approval"}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Extension of an approved or expired exception: same scope, new terms, reviewed again. */
export function ExtendExceptionDialog({
  previousId,
  severity,
  scopeLabel,
  context,
}: {
  previousId: string;
  severity: Severity;
  scopeLabel: string;
  context: RequestContext;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const form = useForm<TExceptionExtensionInput, unknown, TExceptionExtension>({
    resolver: zodResolver(ZExceptionExtension),
    defaultValues: { previousId, justification: "", controls: [], controlsNote: "", expiresOn: defaultExpiry(context, severity) },
  });
  async function onSubmit(values: TExceptionExtension) {
    setError(undefined);
    await submitWith(form, () => requestExtensionAction(values), setError, setDone);
  }
  // As for a new request: refresh once the confirmation is closed (the page would drop this dialog's button).
  const close = () => {
    setOpen(false);
    if (done) router.refresh();
    setDone(null);
  };
  return (
    <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button variant="outline">Request extension…</Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Request an extension</DialogTitle>
          <DialogDescription>
            A new request for the same risk ({scopeLabel}), linked to this one. It is reviewed again; this exception keeps its own expiry.
          </DialogDescription>
        </DialogHeader>
        {done ? (
          <Submitted id={done} onClose={close} />
        ) : (
          <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-5" aria-label="Request an extension">
            {error ? <Alert variant="destructive">{error}</Alert> : null}
            <TermsFields form={form as unknown as UseFormReturn<TermsValues>} context={context} severity={severity} />
            <DialogFooter>
              <Button variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? "Sending…" : "Send for approval"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

interface TermsValues extends FieldValues {
  justification: string;
  controls: string[];
  controlsNote?: string;
  expiresOn: string;
}

/** Calls the action; maps server field errors onto the form, other errors to the banner. */
async function submitWith<T extends FieldValues>(
  form: UseFormReturn<T>,
  run: () => Promise<ActionResult<{ id: string }>>,
  setError: (msg: string) => void,
  onOk: (id: string) => void,
) {
  const res = await run();
  if (!res.ok) {
    for (const [field, msg] of Object.entries(res.fieldErrors ?? {})) {
      form.setError(field.split(".")[0] as Parameters<typeof form.setError>[0], { message: msg });
    }
    setError(res.error);
    return;
  }
  onOk(res.data.id);
}

/** Justification, compensating controls and expiry: the terms every request and extension commits to. */
function TermsFields({ form, context, severity }: { form: UseFormReturn<TermsValues>; context: RequestContext; severity: Severity | null }) {
  const { errors } = form.formState;
  const latest = severity ? latestExpiryDay(context.policy, severity, endOfDay(context.today)) : null;
  return (
    <>
      <div className="space-y-1.5">
        <Label htmlFor="exc-justification">Justification</Label>
        <Textarea
          id="exc-justification"
          rows={3}
          placeholder="Why must this risk be kept, and what is the plan to remove it?"
          aria-invalid={!!errors.justification}
          aria-describedby="exc-justification-error"
          {...form.register("justification")}
        />
        <FieldError id="exc-justification-error" message={errors.justification?.message as string | undefined} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Compensating controls</legend>
        <Controller
          control={form.control}
          name="controls"
          render={({ field }) => (
            <div className="grid gap-1.5 sm:grid-cols-2" aria-describedby="exc-controls-error">
              {Object.entries(COMPENSATING_CONTROLS).map(([code, label]) => {
                const value: string[] = field.value ?? [];
                return (
                  <label key={code} className="flex cursor-pointer items-start gap-2 rounded px-1.5 py-1 text-sm hover:bg-accent">
                    <Checkbox
                      className="mt-0.5"
                      checked={value.includes(code)}
                      onCheckedChange={(c) => field.onChange(c === true ? [...value, code] : value.filter((v) => v !== code))}
                    />
                    {label}
                  </label>
                );
              })}
            </div>
          )}
        />
        <Label htmlFor="exc-note" className="sr-only">
          Other compensating controls
        </Label>
        <Textarea id="exc-note" rows={2} placeholder="Other controls, or details (which allowlist, which alerts…)" {...form.register("controlsNote")} />
        <FieldError id="exc-controls-error" message={(errors.controls?.message ?? errors.controlsNote?.message) as string | undefined} />
      </fieldset>
      <div className="space-y-1.5">
        <Label htmlFor="exc-expires">Expires on</Label>
        <Input
          id="exc-expires"
          type="date"
          className="w-48"
          min={addDays(context.today, 1)}
          max={latest ?? undefined}
          aria-invalid={!!errors.expiresOn}
          aria-describedby="exc-expires-help exc-expires-error"
          {...form.register("expiresOn")}
        />
        <p id="exc-expires-help" className="text-xs text-muted-foreground">
          {severity && latest
            ? `Policy: at most ${expiryCapDays(context.policy, severity)} days for ${SEVERITY_LABELS[severity].toLowerCase()} findings, so ${formatDate(endOfDay(latest))} at the latest. Valid to the end of that day (UTC).`
            : `Policy: at most ${context.policy.maxDays} days (${context.policy.maxDaysCritical} for critical findings).`}
        </p>
        <FieldError id="exc-expires-error" message={errors.expiresOn?.message as string | undefined} />
      </div>
    </>
  );
}
