"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { Criticality } from "@/lib/db/generated/enums";
import { CRITICALITY_LABELS } from "@/lib/identities/labels";
import { ZIdentityUpdate } from "@/lib/identities/schemas";
import { updateIdentityAction } from "../actions";
import { PersonPicker } from "../../person-picker";
import type { PersonOption } from "@/lib/users/schemas";

// The form holds "" for "no owner"; the shared ZIdentityUpdate schema (parsed again on the server) wants null.
const emptyToNull = (v: unknown) => (v === "" ? null : v);
const ZForm = z.object({
  ownerId: z.preprocess(emptyToNull, ZIdentityUpdate.shape.ownerId),
  backupOwnerId: z.preprocess(emptyToNull, ZIdentityUpdate.shape.backupOwnerId),
  criticality: ZIdentityUpdate.shape.criticality.unwrap(),
  // An empty purpose is left as it is (admins may fix ownership before anyone has written a purpose).
  purpose: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), ZIdentityUpdate.shape.purpose),
});
type TFormIn = z.input<typeof ZForm>;
type TFormOut = z.output<typeof ZForm>;

export function EditIdentityForm({
  identityId,
  people,
  defaults,
}: {
  identityId: string;
  /** The current owner and backup owner, shown in the pickers before anyone searches. */
  people: { owner: Pick<PersonOption, "id" | "label"> | null; backupOwner: Pick<PersonOption, "id" | "label"> | null };
  defaults: { ownerId: string; backupOwnerId: string; criticality: Criticality; purpose: string };
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "success" | "destructive"; text: string }>();
  const form = useForm<TFormIn, unknown, TFormOut>({ resolver: zodResolver(ZForm), defaultValues: defaults });
  const { errors, isSubmitting, isDirty } = form.formState;

  async function onSubmit(values: TFormOut) {
    setMessage(undefined);
    // Send only what the admin changed, so the audit event shows exactly that.
    const dirty = form.formState.dirtyFields;
    const changes = Object.fromEntries(Object.entries(values).filter(([k]) => dirty[k as keyof TFormIn]));
    const res = await updateIdentityAction({ id: identityId, changes });
    if (!res.ok) {
      for (const [field, msg] of Object.entries(res.fieldErrors ?? {})) {
        form.setError(field.replace(/^changes\./, "") as keyof TFormIn, { message: msg });
      }
      setMessage({ kind: "destructive", text: res.error });
      return;
    }
    form.reset(form.getValues());
    setMessage({ kind: "success", text: "Saved. The change is in the audit log." });
    router.refresh();
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label="Edit identity">
      <h4 className="text-sm font-semibold">Edit (admin)</h4>
      {message ? <Alert variant={message.kind}>{message.text}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="space-y-1.5">
          <Label htmlFor="ownerId">Owner</Label>
          <Controller
            control={form.control}
            name="ownerId"
            render={({ field }) => (
              <PersonPicker id="ownerId" purpose="owner" selected={people.owner} allowNone noneLabel="No owner" value={(field.value as string) ?? ""} onChange={field.onChange} aria-invalid={!!errors.ownerId} aria-describedby="ownerId-error" />
            )}
          />
          <FieldError id="ownerId-error" message={errors.ownerId?.message} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="backupOwnerId">Backup owner</Label>
          <Controller
            control={form.control}
            name="backupOwnerId"
            render={({ field }) => (
              <PersonPicker id="backupOwnerId" purpose="owner" selected={people.backupOwner} allowNone noneLabel="No backup owner" value={(field.value as string) ?? ""} onChange={field.onChange} aria-invalid={!!errors.backupOwnerId} aria-describedby="backupOwnerId-error" />
            )}
          />
          <FieldError id="backupOwnerId-error" message={errors.backupOwnerId?.message} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="criticality">Criticality</Label>
          <Select id="criticality" {...form.register("criticality")}>
            {Object.entries(CRITICALITY_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="purpose">Purpose</Label>
        <Textarea id="purpose" rows={3} aria-invalid={!!errors.purpose} aria-describedby="purpose-error" {...form.register("purpose")} />
        <FieldError id="purpose-error" message={errors.purpose?.message} />
      </div>
      <Button type="submit" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? "Saving…" : "Save changes"}
      </Button>
    </form>
  );
}
