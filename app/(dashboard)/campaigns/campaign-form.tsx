"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm, useWatch, type Control } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { COMMENT_POLICY_LABELS, NO_RESPONSE_LABELS } from "@/lib/campaigns/labels";
import { ESCALATION_TARGET_LABELS, RECURRENCE_LABELS, RISK_TIER_MIN, RISK_TIERS, TIER_ACTION_LABELS } from "@/lib/campaigns/automation";
import { ZCampaignForm, ZScopeForm } from "@/lib/campaigns/schemas";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS } from "@/lib/identities/labels";
import type { PersonOption } from "@/lib/users/schemas";
import { cn } from "@/lib/utils";
import { PersonPicker } from "../person-picker";
import { createCampaignAction, updateCampaignAction } from "./actions";

type TIn = z.input<typeof ZCampaignForm>;

const TIER_LABELS = {
  LOW: `Low risk (under ${RISK_TIER_MIN.MEDIUM})`,
  MEDIUM: `Medium risk (${RISK_TIER_MIN.MEDIUM}–${RISK_TIER_MIN.HIGH - 1})`,
  HIGH: `High risk (${RISK_TIER_MIN.HIGH}–${RISK_TIER_MIN.CRITICAL - 1})`,
  CRITICAL: `Critical risk (${RISK_TIER_MIN.CRITICAL}+)`,
} as const;
type TOut = z.output<typeof ZCampaignForm>;

export interface ScopeFacets {
  sources: { id: string; key: string; name: string }[];
  teams: { id: string; name: string }[];
}

/** Create a campaign, or edit a draft: what to review (a saved inventory filter), who reviews, by when, and rules. */
export function CampaignForm({
  campaignId,
  defaults,
  facets,
  reviewers,
}: {
  campaignId?: string;
  defaults: TIn;
  facets: ScopeFacets;
  /** The fallback and backup reviewers in `defaults`, shown in the pickers before anyone searches. */
  reviewers: { fallback: Pick<PersonOption, "id" | "label"> | null; backup: Pick<PersonOption, "id" | "label"> | null };
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<TIn, unknown, TOut>({ resolver: zodResolver(ZCampaignForm), defaultValues: defaults });
  const { errors, isSubmitting } = form.formState;
  const recurrence = useWatch({ control: form.control, name: "recurrence" });

  async function onSubmit(values: TOut) {
    setError(undefined);
    const res = campaignId ? await updateCampaignAction({ id: campaignId, campaign: values }) : await createCampaignAction(values);
    if (!res.ok) {
      for (const [field, msg] of Object.entries(res.fieldErrors ?? {})) {
        form.setError(field.replace(/^campaign\./, "") as keyof TIn, { message: msg });
      }
      setError(res.error);
      return;
    }
    router.push(`/campaigns/${res.data.id}`);
    router.refresh();
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-8" aria-label={campaignId ? "Edit campaign" : "New campaign"}>
      {error ? <Alert variant="destructive">{error}</Alert> : null}

      <Section title="Campaign" description="What reviewers will see at the top of their inbox.">
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="name">Name</Label>
            <Input id="name" aria-invalid={!!errors.name} aria-describedby="name-error" placeholder="Q4 2026 production NHI certification" {...form.register("name")} />
            <FieldError id="name-error" message={errors.name?.message} />
          </div>
          {recurrence ? (
            <div className="space-y-1.5">
              <Label htmlFor="durationDays">Each run lasts (days)</Label>
              <Input id="durationDays" type="number" min={1} max={365} className="w-32" aria-invalid={!!errors.durationDays} aria-describedby="durationDays-error" {...form.register("durationDays")} />
              <FieldError id="durationDays-error" message={errors.durationDays?.message} />
            </div>
          ) : (
            <div className="space-y-1.5">
              <Label htmlFor="dueAt">Due date</Label>
              <Input id="dueAt" type="date" aria-invalid={!!errors.dueAt} aria-describedby="dueAt-error" {...form.register("dueAt")} />
              <FieldError id="dueAt-error" message={errors.dueAt?.message} />
            </div>
          )}
          <div className="space-y-1.5 md:col-span-2">
            <Label htmlFor="description">Description</Label>
            <Textarea id="description" rows={2} placeholder="Why this review, what reviewers should look for." {...form.register("description")} />
            <FieldError message={errors.description?.message} />
          </div>
        </div>
      </Section>

      <Section
        title="Schedule"
        description="Once, or recurring: a recurring campaign stays a definition and launches a new review each period by itself (due the chosen number of days after each launch), optionally one per team."
      >
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="recurrence">Runs</Label>
            <Select id="recurrence" className="w-56" {...form.register("recurrence")}>
              <option value="">Once</option>
              {Object.entries(RECURRENCE_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          </div>
          {recurrence ? (
            <Controller
              control={form.control}
              name="recurrencePerTeam"
              render={({ field }) => (
                <label className="flex cursor-pointer items-center gap-2 self-end rounded-md px-2 py-2 text-sm hover:bg-accent">
                  <Checkbox checked={field.value === true} onCheckedChange={(c) => field.onChange(c === true)} />
                  One review per team in scope (each team&apos;s NHIs in their own campaign)
                </label>
              )}
            />
          ) : null}
        </div>
      </Section>

      <Section title="Scope" description="Which NHIs to review: a saved inventory filter. Platform-managed NHIs and NHIs deleted at their source are never reviewed.">
        <ScopeFields control={form.control} facets={facets} />
        <FieldError message={(errors.scope as { message?: string } | undefined)?.message} />
      </Section>

      <Section
        title="Reviewers"
        description="Each NHI is reviewed by its owner; an agent's delegation by the human it acts for. Orphans, and items nobody else may certify (self-review), go to the fallback reviewer. When the owner is inactive: the NHI's backup owner, else the backup reviewer, else the fallback."
      >
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="fallbackReviewerId">Fallback reviewer</Label>
            <Controller
              control={form.control}
              name="fallbackReviewerId"
              render={({ field }) => (
                <PersonPicker id="fallbackReviewerId" purpose="reviewer" selected={reviewers.fallback} value={field.value ?? ""} onChange={field.onChange} aria-invalid={!!errors.fallbackReviewerId} aria-describedby="fallback-error" />
              )}
            />
            <FieldError id="fallback-error" message={errors.fallbackReviewerId?.message} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="backupReviewerId">Backup reviewer (optional)</Label>
            <Controller
              control={form.control}
              name="backupReviewerId"
              render={({ field }) => (
                <PersonPicker id="backupReviewerId" purpose="reviewer" selected={reviewers.backup} allowNone noneLabel="None: use the fallback" value={field.value ?? ""} onChange={field.onChange} aria-describedby="backup-error" />
              )}
            />
            <FieldError id="backup-error" message={errors.backupReviewerId?.message} />
          </div>
        </div>
      </Section>

      <Section title="Rules" description="What reviewers must write, and what happens to what they leave undecided.">
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="commentRequired">Comments</Label>
            <Select id="commentRequired" {...form.register("commentRequired")}>
              {Object.entries(COMMENT_POLICY_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="noResponseOutcome">When an item is not decided by the close</Label>
            <Select id="noResponseOutcome" {...form.register("noResponseOutcome")}>
              {Object.entries(NO_RESPONSE_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="remediationDays">Remediation due after the close (days)</Label>
            <Input id="remediationDays" type="number" min={1} max={365} className="w-32" aria-invalid={!!errors.remediationDays} aria-describedby="remediation-error" {...form.register("remediationDays")} />
            <FieldError id="remediation-error" message={errors.remediationDays?.message} />
          </div>
        </div>
        <Controller
          control={form.control}
          name="deltaReview"
          render={({ field }) => (
            <label className="flex max-w-2xl cursor-pointer items-start gap-2.5 rounded-md border p-3 text-sm hover:bg-accent">
              <Checkbox className="mt-0.5" checked={!!field.value} onCheckedChange={(c) => field.onChange(c === true)} />
              <span>
                <span className="font-medium">Review what changed</span>
                <span className="mt-0.5 block text-muted-foreground">
                  An NHI whose owner, purpose, grants and credentials are unchanged since it was last certified, with no new finding and nothing suggesting a change, is certified
                  again without asking its owner (recorded as carried forward). Owners see only what changed, highlighted.
                </span>
              </span>
            </label>
          )}
        />
      </Section>

      <Section
        title="Reminders and escalation"
        description="Reminders go to reviewers who still have undecided items, once per reminder. After the due date, what is still open is escalated, level by level. Messages go through the outbox (Admin > Outbox, or e-mail with SMTP_URL)."
      >
        <div className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="reminderDays">Remind, days before the due date</Label>
            <Input id="reminderDays" className="w-48" placeholder="7, 3, 1" aria-invalid={!!errors.reminderDays} aria-describedby="reminderDays-error reminderDays-hint" {...form.register("reminderDays")} />
            <p id="reminderDays-hint" className="text-xs text-muted-foreground">
              Comma-separated; leave empty for no reminders.
            </p>
            <FieldError id="reminderDays-error" message={errors.reminderDays?.message} />
          </div>
          {(["1", "2"] as const).map((n) => (
            <div key={n} className="flex flex-wrap items-end gap-3">
              <div className="space-y-1.5">
                <Label htmlFor={`escalation-l${n}Days`}>Level {n}: days after the due date</Label>
                <Input
                  id={`escalation-l${n}Days`}
                  type="number"
                  min={0}
                  max={90}
                  className="w-32"
                  placeholder="Off"
                  aria-invalid={!!errors.escalation?.[`l${n}Days`]}
                  aria-describedby={`escalation-l${n}-error`}
                  {...form.register(`escalation.l${n}Days`)}
                />
              </div>
              <div className="space-y-1.5">
                <Label htmlFor={`escalation-l${n}To`}>To</Label>
                <Select id={`escalation-l${n}To`} className="w-72" {...form.register(`escalation.l${n}To`)}>
                  {Object.entries(ESCALATION_TARGET_LABELS).map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </Select>
              </div>
              <FieldError id={`escalation-l${n}-error`} message={errors.escalation?.[`l${n}Days`]?.message} />
            </div>
          ))}
          <p className="text-xs text-muted-foreground">A reviewer with no team lead (or who is their own) is escalated to the fallback reviewer.</p>
        </div>
      </Section>

      <Section
        title="Undecided items by risk"
        description="What happens to items nobody decided, by the NHI's risk tier when the review was launched. Applied when the review is closed, by an admin or by the scheduler after the grace period."
      >
        <div className="space-y-4">
          <div className="grid gap-3 md:grid-cols-2">
            {RISK_TIERS.map((tier) => (
              <div key={tier} className="space-y-1.5">
                <Label htmlFor={`noResponseAction-${tier}`}>{TIER_LABELS[tier]}</Label>
                <Select id={`noResponseAction-${tier}`} {...form.register(`noResponseAction.${tier}`)}>
                  {Object.entries(TIER_ACTION_LABELS).map(([v, l]) => (
                    <option key={v} value={v} disabled={v === "REQUEUE" && !recurrence}>
                      {l}
                      {v === "REQUEUE" && !recurrence ? " (recurring campaigns)" : ""}
                    </option>
                  ))}
                </Select>
              </div>
            ))}
          </div>
          <FieldError message={(errors.noResponseAction as { message?: string } | undefined)?.message} />
          <div className="space-y-1.5">
            <Label htmlFor="graceDays">Close automatically, days after the due date</Label>
            <Input id="graceDays" type="number" min={0} max={90} className="w-32" placeholder="Never" aria-invalid={!!errors.noResponseAction?.graceDays} aria-describedby="graceDays-error graceDays-hint" {...form.register("noResponseAction.graceDays")} />
            <p id="graceDays-hint" className="text-xs text-muted-foreground">
              The grace period: after it the scheduler closes the review and applies the actions above. Empty: an admin closes it.
            </p>
            <FieldError id="graceDays-error" message={errors.noResponseAction?.graceDays?.message} />
          </div>
        </div>
      </Section>

      <div className="flex items-center gap-3 border-t pt-5">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : campaignId ? "Save draft" : "Create draft"}
        </Button>
        <Button variant="outline" asChild>
          <Link href={campaignId ? `/campaigns/${campaignId}` : "/campaigns"}>Cancel</Link>
        </Button>
        <p className="text-sm text-muted-foreground">The next page previews who will review what before anything is launched.</p>
      </div>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <fieldset className="grid gap-4 lg:grid-cols-[16rem_1fr]">
      <legend className="sr-only">{title}</legend>
      <div>
        <h2 className="text-base font-semibold">{title}</h2>
        <p className="mt-1 text-sm text-muted-foreground">{description}</p>
      </div>
      <div className="min-w-0 rounded-lg border bg-card p-4">{children}</div>
    </fieldset>
  );
}

/** The scope as checkbox groups; the link opens the same filter in the inventory (one rule for both). */
function ScopeFields({ control, facets }: { control: Control<TIn, unknown, TOut>; facets: ScopeFacets }) {
  const scope = useWatch({ control, name: "scope" });
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(ZScopeForm.parse(scope ?? {}))) {
    if (Array.isArray(v)) for (const x of v) params.append(k, String(x));
    else params.set(k, String(v));
  }
  return (
    <div className="space-y-4">
      <CheckboxGroup control={control} name="scope.kind" label="Kinds" options={KIND_LABELS} />
      <CheckboxGroup control={control} name="scope.env" label="Environments" options={ENVIRONMENT_LABELS} />
      <CheckboxGroup control={control} name="scope.criticality" label="Criticality" options={CRITICALITY_LABELS} />
      <CheckboxGroup control={control} name="scope.source" label="Sources" options={Object.fromEntries(facets.sources.map((s) => [s.id, s.key]))} />
      <CheckboxGroup control={control} name="scope.team" label="Teams" options={Object.fromEntries(facets.teams.map((t) => [t.id, t.name]))} />
      <div className="flex flex-wrap items-end gap-4">
        <div className="space-y-1.5">
          <Label htmlFor="riskMin">Risk</Label>
          <Controller
            control={control}
            name="scope.riskMin"
            render={({ field }) => (
              <Select id="riskMin" className="w-48" value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value)}>
                <option value="">Any risk</option>
                <option value="75">Critical (75+)</option>
                <option value="50">High or worse (50+)</option>
                <option value="25">Medium or worse (25+)</option>
              </Select>
            )}
          />
        </div>
        <BoolField control={control} name="scope.changed" label="Only NHIs changed since their last certification (or never certified)" />
        <BoolField control={control} name="scope.unused" label="Only NHIs with unused grants" />
      </div>
      <p className="text-sm text-muted-foreground">
        {params.size ? "Scope: the NHIs matching every checked filter." : "No filter: every NHI in the inventory."}{" "}
        <a href={`/inventory?${params}`} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-primary hover:underline">
          Open this scope in the inventory <ExternalLink className="size-3.5" aria-hidden="true" />
        </a>
      </p>
    </div>
  );
}

type ArrayName = "scope.kind" | "scope.env" | "scope.source" | "scope.team" | "scope.criticality";

function CheckboxGroup({ control, name, label, options }: { control: Control<TIn, unknown, TOut>; name: ArrayName; label: string; options: Record<string, string> }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const value = (field.value as string[] | undefined) ?? [];
        return (
          <div role="group" aria-label={label}>
            <p className="mb-1.5 text-sm font-medium">{label}</p>
            <div className="flex flex-wrap gap-1.5">
              {Object.entries(options).map(([v, text]) => {
                const checked = value.includes(v);
                return (
                  <label
                    key={v}
                    className={cn(
                      "flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 text-sm hover:bg-accent",
                      checked && "border-primary/50 bg-info-subtle",
                    )}
                  >
                    <Checkbox checked={checked} onCheckedChange={(c) => field.onChange(c === true ? [...value, v] : value.filter((x) => x !== v))} />
                    {text}
                  </label>
                );
              })}
            </div>
          </div>
        );
      }}
    />
  );
}

function BoolField({ control, name, label }: { control: Control<TIn, unknown, TOut>; name: "scope.changed" | "scope.unused"; label: string }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <label className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm hover:bg-accent">
          <Checkbox checked={field.value === true} onCheckedChange={(c) => field.onChange(c === true)} />
          {label}
        </label>
      )}
    />
  );
}
