"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS } from "@/lib/identities/labels";
import { ZRotationPolicyInput } from "@/lib/rotation-policies/schemas";
import { formatNumber } from "@/lib/utils";
import { createRotationPolicyAction, deleteRotationPolicyAction, previewRotationPolicyAction, updateRotationPolicyAction } from "./actions";

type TIn = z.input<typeof ZRotationPolicyInput>;
type TOut = z.output<typeof ZRotationPolicyInput>;
type Preview = Extract<Awaited<ReturnType<typeof previewRotationPolicyAction>>, { ok: true }>["data"];
interface Existing {
  id: string; name: string; kind: string | null; environment: string | null; criticality: string | null; maxAgeDays: number; priority: number;
}

/** Create (no policy) or edit/delete (a policy) in a dialog; nothing is saved before the impact preview was seen. */
export function PolicyEditor({ policy }: { policy?: Existing }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<{ for: "save" | "delete"; data: Preview }>();
  const [error, setError] = useState<string>();
  const form = useForm<TIn, unknown, TOut>({
    resolver: zodResolver(ZRotationPolicyInput),
    defaultValues: policy
      ? { name: policy.name, kind: policy.kind ?? "", environment: policy.environment ?? "", criticality: policy.criticality ?? "", maxAgeDays: policy.maxAgeDays, priority: policy.priority }
      : { name: "", kind: "", environment: "", criticality: "", maxAgeDays: 90, priority: 100 },
  });
  const { errors, isSubmitting } = form.formState;

  function fail(res: { error: string; fieldErrors?: Record<string, string> }) {
    for (const [k, m] of Object.entries(res.fieldErrors ?? {})) form.setError(k.replace(/^policy\./, "") as keyof TIn, { message: m });
    setError(res.error);
  }

  async function onPreview(values: TOut) {
    setError(undefined);
    const res = await previewRotationPolicyAction({ id: policy?.id, policy: values, remove: false });
    if (!res.ok) return fail(res);
    setPreview({ for: "save", data: res.data });
  }

  async function onSave(values: TOut) {
    const res = policy ? await updateRotationPolicyAction({ id: policy.id, policy: values }) : await createRotationPolicyAction(values);
    if (!res.ok) return fail(res);
    setOpen(false);
    setPreview(undefined);
    if (!policy) form.reset();
    router.refresh();
  }

  async function onPreviewDelete() {
    if (!policy) return;
    setError(undefined);
    const res = await previewRotationPolicyAction({ id: policy.id, remove: true });
    if (!res.ok) return fail(res);
    setPreview({ for: "delete", data: res.data });
  }

  async function onDelete() {
    if (!policy) return;
    const res = await deleteRotationPolicyAction({ id: policy.id });
    if (!res.ok) return fail(res);
    setOpen(false);
    router.refresh();
  }

  const select = (name: "kind" | "environment" | "criticality", label: string, labels: Record<string, string>) => (
    <div className="space-y-1.5">
      <Label htmlFor={`${name}-${policy?.id ?? "new"}`}>{label}</Label>
      <Select id={`${name}-${policy?.id ?? "new"}`} {...form.register(name, { onChange: () => setPreview(undefined) })}>
        <option value="">Any</option>
        {Object.entries(labels).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); setPreview(undefined); setError(undefined); }}>
      <DialogTrigger asChild>
        {policy ? (
          <Button variant="ghost" size="sm" aria-label={`Edit ${policy.name}`}>
            <Pencil aria-hidden="true" /> Edit
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden="true" /> New policy
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-w-2xl text-left">
        <DialogTitle className="text-lg font-semibold">{policy ? `Edit “${policy.name}”` : "New rotation policy"}</DialogTitle>
        <DialogDescription className="text-sm text-muted-foreground">
          Preview the impact first: the credentials this change would put out of compliance are listed before anything is saved.
        </DialogDescription>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <form noValidate className="space-y-3" aria-label="Rotation policy" onSubmit={form.handleSubmit(preview?.for === "save" ? onSave : onPreview)}>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="space-y-1.5 sm:col-span-2">
              <Label htmlFor={`name-${policy?.id ?? "new"}`}>Name</Label>
              <Input id={`name-${policy?.id ?? "new"}`} aria-invalid={!!errors.name} {...form.register("name", { onChange: () => setPreview(undefined) })} />
              <FieldError message={errors.name?.message} />
            </div>
            {select("kind", "Kind", KIND_LABELS)}
            {select("environment", "Environment", ENVIRONMENT_LABELS)}
            {select("criticality", "Criticality", CRITICALITY_LABELS)}
            <div className="space-y-1.5">
              <Label htmlFor={`max-${policy?.id ?? "new"}`}>Max age (days)</Label>
              <Input id={`max-${policy?.id ?? "new"}`} type="number" inputMode="numeric" aria-invalid={!!errors.maxAgeDays} {...form.register("maxAgeDays", { onChange: () => setPreview(undefined) })} />
              <FieldError message={errors.maxAgeDays?.message} />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor={`prio-${policy?.id ?? "new"}`}>Priority (lower wins)</Label>
              <Input id={`prio-${policy?.id ?? "new"}`} type="number" inputMode="numeric" aria-invalid={!!errors.priority} {...form.register("priority", { onChange: () => setPreview(undefined) })} />
              <FieldError message={errors.priority?.message} />
            </div>
          </div>
          {preview ? <PreviewResult preview={preview.data} removing={preview.for === "delete"} /> : null}
          <div className="flex flex-wrap items-center gap-2 pt-1">
            {preview?.for === "delete" ? (
              <Button type="button" variant="destructive" onClick={onDelete}>
                <Trash2 aria-hidden="true" /> Delete policy
              </Button>
            ) : (
              <Button type="submit" disabled={isSubmitting}>
                {isSubmitting ? "Working…" : preview?.for === "save" ? "Save policy" : "Preview impact"}
              </Button>
            )}
            {policy && preview?.for !== "delete" ? (
              <Button type="button" variant="outline" className="ml-auto" onClick={onPreviewDelete}>
                <Trash2 aria-hidden="true" /> Delete…
              </Button>
            ) : null}
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function PreviewResult({ preview, removing }: { preview: Preview; removing: boolean }) {
  const { newlyOverdue, becomeCompliant, sample, sampleLimit } = preview;
  return (
    <div role="status" aria-label="Impact preview" className="space-y-2 rounded-md border bg-muted/40 p-3 text-sm">
      <p>
        {removing ? "Deleting it" : "Saving it"} would make <strong>{formatNumber(newlyOverdue)}</strong> compliant credential
        {newlyOverdue === 1 ? "" : "s"} overdue and bring <strong>{formatNumber(becomeCompliant)}</strong> overdue one
        {becomeCompliant === 1 ? "" : "s"} into compliance.
      </p>
      {sample.length ? (
        <div className="max-h-56 overflow-y-auto">
          <table className="w-full text-xs">
            <caption className="sr-only">Credentials that would become overdue</caption>
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 font-medium">NHI</th>
                <th className="py-1 font-medium">Credential</th>
                <th className="py-1 text-right font-medium">Age</th>
                <th className="py-1 text-right font-medium">Max now → then</th>
              </tr>
            </thead>
            <tbody>
              {sample.map((r) => (
                <tr key={r.credentialId} className="border-t">
                  <td className="max-w-48 truncate py-1">
                    <a className="underline underline-offset-2" href={`/inventory/${r.identityId}`} target="_blank" rel="noreferrer">
                      {r.identityName}
                    </a>
                  </td>
                  <td className="max-w-40 truncate py-1">{r.credentialName ?? r.type}</td>
                  <td className="py-1 text-right tabular-nums">{r.age} d</td>
                  <td className="py-1 text-right tabular-nums">{r.nowMax} → {r.newMax} d</td>
                </tr>
              ))}
            </tbody>
          </table>
          {newlyOverdue > sample.length ? <p className="mt-1 text-xs text-muted-foreground">The {sampleLimit} oldest are listed.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
