"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
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
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, ZWebhookCreate } from "@/lib/webhooks/schemas";
import { createWebhookAction, updateWebhookAction } from "./actions";
import { SecretOnce } from "./secret-once";

type TIn = z.input<typeof ZWebhookCreate>;
type TOut = z.output<typeof ZWebhookCreate>;

/** Create an endpoint (the secret is shown once afterwards), or edit one's name, URL and events. */
export function WebhookForm({ edit }: { edit?: { id: string; name: string; url: string; events: string[] } }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string; secret: string }>();
  const form = useForm<TIn, unknown, TOut>({
    resolver: zodResolver(ZWebhookCreate),
    defaultValues: edit ? { name: edit.name, url: edit.url, events: edit.events as TOut["events"] } : { name: "", url: "", events: [] },
  });
  const { errors, isSubmitting } = form.formState;
  const idp = edit ? `wh-${edit.id}` : "wh-new";

  async function onSubmit(values: TOut) {
    setError(undefined);
    setSaved(false);
    const res = edit ? await updateWebhookAction({ id: edit.id, changes: values }) : await createWebhookAction(values);
    if (!res.ok) {
      for (const [field, message] of Object.entries(res.fieldErrors ?? {})) {
        const f = field.replace(/^changes\./, "");
        if (f === "name" || f === "url" || f === "events") form.setError(f, { message });
      }
      setError(res.error);
      return;
    }
    if (edit) {
      setSaved(true);
      form.reset(values);
    } else {
      const data = res.data as { id: string; name: string; secret: string };
      setCreated(data);
      form.reset({ name: "", url: "", events: [] });
    }
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {created ? (
        <div className="space-y-2">
          <SecretOnce title={`Endpoint "${created.name}" created`} secret={created.secret} onDone={() => setCreated(undefined)} />
          <p className="text-sm">
            Next: <Link className="font-medium underline underline-offset-4" href={`/settings/webhooks/${created.id}`}>send it a test event</Link>.
          </p>
        </div>
      ) : null}
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label={edit ? "Edit the endpoint" : "Add an endpoint"}>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        {saved ? <Alert variant="success" role="status">Saved.</Alert> : null}
        <div className="grid gap-4 md:grid-cols-[1fr_2fr]">
          <div className="space-y-1.5">
            <Label htmlFor={`${idp}-name`}>Name</Label>
            <Input id={`${idp}-name`} placeholder="e.g. Splunk HEC, ServiceNow" aria-invalid={!!errors.name} aria-describedby={`${idp}-name-error`} {...form.register("name")} />
            <FieldError id={`${idp}-name-error`} message={errors.name?.message} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={`${idp}-url`}>URL</Label>
            <Input id={`${idp}-url`} type="url" inputMode="url" placeholder="https://siem.example.com/hooks/steward" aria-invalid={!!errors.url} aria-describedby={`${idp}-url-error`} className="font-mono text-xs" {...form.register("url")} />
            <FieldError id={`${idp}-url-error`} message={errors.url?.message} />
          </div>
        </div>
        <Controller
          control={form.control}
          name="events"
          render={({ field }) => {
            const value = new Set<string>(field.value ?? []);
            return (
              <fieldset className="space-y-2" aria-describedby={`${idp}-events-error`}>
                <legend className="text-sm font-medium">Events</legend>
                <div className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
                  {WEBHOOK_EVENTS.map((ev) => (
                    <label key={ev} className="flex cursor-pointer items-start gap-2 rounded-md px-1 py-0.5 text-sm hover:bg-accent">
                      <Checkbox
                        className="mt-0.5"
                        checked={value.has(ev)}
                        aria-invalid={!!errors.events}
                        onCheckedChange={(c) => {
                          const next = new Set(value);
                          if (c === true) next.add(ev);
                          else next.delete(ev);
                          field.onChange(WEBHOOK_EVENTS.filter((e) => next.has(e)));
                        }}
                      />
                      <span>
                        <span className="font-mono text-xs">{ev}</span>
                        <span className="block text-muted-foreground">{WEBHOOK_EVENT_LABELS[ev]}</span>
                      </span>
                    </label>
                  ))}
                </div>
                <FieldError id={`${idp}-events-error`} message={errors.events?.message ?? errors.events?.root?.message} />
              </fieldset>
            );
          }}
        />
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : edit ? "Save changes" : "Add endpoint"}
        </Button>
      </form>
    </div>
  );
}
