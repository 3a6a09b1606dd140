"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ZExceptionPolicy, type TExceptionPolicy } from "@/lib/exceptions/schemas";
import { updateExceptionPolicyAction } from "./actions";

/** Admin: expiry caps and whether security viewers may approve. */
export function PolicyForm({ defaults }: { defaults: TExceptionPolicy }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "success" | "destructive"; text: string }>();
  const form = useForm<z.input<typeof ZExceptionPolicy>, unknown, TExceptionPolicy>({ resolver: zodResolver(ZExceptionPolicy), defaultValues: defaults });
  const { errors, isSubmitting, isDirty } = form.formState;

  async function onSubmit(values: TExceptionPolicy) {
    setMessage(undefined);
    const res = await updateExceptionPolicyAction(values);
    if (!res.ok) {
      for (const [field, msg] of Object.entries(res.fieldErrors ?? {})) form.setError(field as keyof TExceptionPolicy, { message: msg });
      setMessage({ kind: "destructive", text: res.error });
      return;
    }
    form.reset(res.data);
    setMessage({ kind: "success", text: "Policy saved. The change is in the audit log." });
    router.refresh();
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label="Exception policy">
      {message ? <Alert variant={message.kind}>{message.text}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="policy-max">Longest exception (days)</Label>
          <Input id="policy-max" type="number" min={1} max={365} aria-invalid={!!errors.maxDays} aria-describedby="policy-max-error" {...form.register("maxDays")} />
          <FieldError id="policy-max-error" message={errors.maxDays?.message} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="policy-max-critical">For critical findings (days)</Label>
          <Input
            id="policy-max-critical"
            type="number"
            min={1}
            max={365}
            aria-invalid={!!errors.maxDaysCritical}
            aria-describedby="policy-max-critical-error"
            {...form.register("maxDaysCritical")}
          />
          <FieldError id="policy-max-critical-error" message={errors.maxDaysCritical?.message} />
        </div>
      </div>
      <Controller
        control={form.control}
        name="securityViewerCanApprove"
        render={({ field }) => (
          <label className="flex cursor-pointer items-start gap-2 text-sm">
            <Checkbox className="mt-0.5" checked={field.value} onCheckedChange={(c) => field.onChange(c === true)} />
            <span>
              Security viewers may approve and reject requests
              <span className="block text-xs text-muted-foreground">Admins always can. Nobody can approve their own request.</span>
            </span>
          </label>
        )}
      />
      <Button type="submit" size="sm" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? "Saving…" : "Save policy"}
      </Button>
    </form>
  );
}
