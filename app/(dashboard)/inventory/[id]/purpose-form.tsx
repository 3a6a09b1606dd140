"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { ZPurposeUpdate } from "@/lib/identities/schemas";
import { updatePurposeAction } from "../actions";

type TIn = z.input<typeof ZPurposeUpdate>;
type TOut = z.output<typeof ZPurposeUpdate>;

/** The owner's edit: state (or re-confirm) why this NHI exists. */
export function PurposeForm({ identityId, defaultPurpose }: { identityId: string; defaultPurpose: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "success" | "destructive"; text: string }>();
  const form = useForm<TIn, unknown, TOut>({ resolver: zodResolver(ZPurposeUpdate), defaultValues: { purpose: defaultPurpose } });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: TOut) {
    setMessage(undefined);
    const res = await updatePurposeAction({ id: identityId, changes: values });
    if (!res.ok) {
      if (res.fieldErrors?.["changes.purpose"]) form.setError("purpose", { message: res.fieldErrors["changes.purpose"] });
      setMessage({ kind: "destructive", text: res.error });
      return;
    }
    setMessage({ kind: "success", text: "Purpose saved and confirmed." });
    router.refresh();
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-3" aria-label="Edit purpose">
      {message ? <Alert variant={message.kind}>{message.text}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="purpose">Purpose</Label>
        <p className="text-xs text-muted-foreground">What this identity does, for which system, and why it needs its access.</p>
        <Textarea id="purpose" rows={3} aria-invalid={!!errors.purpose} aria-describedby="purpose-error" {...form.register("purpose")} />
        <FieldError id="purpose-error" message={errors.purpose?.message} />
      </div>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Saving…" : "Save and confirm purpose"}
      </Button>
    </form>
  );
}
