"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Check, Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ZTokenCreate, type TokenScope } from "@/lib/tokens/schemas";
import { formatDate } from "@/lib/utils";
import { createTokenAction } from "./actions";

type TIn = z.input<typeof ZTokenCreate>;
type TOut = z.output<typeof ZTokenCreate>;

const READ_ONLY = (s: string) => /:(read|read-all|export)$/.test(s);

export function CreateTokenForm({ scopes, expiryChoices }: { scopes: { value: TokenScope; label: string }[]; expiryChoices: number[] }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ token: string; name: string; expiresAt: Date }>();
  const form = useForm<TIn, unknown, TOut>({
    resolver: zodResolver(ZTokenCreate),
    defaultValues: { name: "", scopes: [], expiresInDays: 30 },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: TOut) {
    setError(undefined);
    setCreated(undefined);
    const res = await createTokenAction(values);
    if (!res.ok) {
      for (const [field, message] of Object.entries(res.fieldErrors ?? {})) {
        if (field === "name" || field === "scopes" || field === "expiresInDays") form.setError(field, { message });
      }
      setError(res.error);
      return;
    }
    setCreated({ token: res.data.token, name: res.data.name, expiresAt: new Date(res.data.expiresAt) });
    form.reset();
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {created ? <NewToken {...created} onDone={() => setCreated(undefined)} /> : null}
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label="Create a token">
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
          <div className="space-y-1.5">
            <Label htmlFor="token-name">Name</Label>
            <Input
              id="token-name"
              placeholder="e.g. SIEM audit export, nightly AWS import"
              aria-invalid={!!errors.name}
              aria-describedby="token-name-error"
              {...form.register("name")}
            />
            <FieldError id="token-name-error" message={errors.name?.message} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="token-expiry">Expires in</Label>
            <Select id="token-expiry" aria-invalid={!!errors.expiresInDays} aria-describedby="token-expiry-error" {...form.register("expiresInDays")}>
              {expiryChoices.map((d) => (
                <option key={d} value={d}>
                  {d === 365 ? "1 year" : `${d} days`}
                </option>
              ))}
            </Select>
            <FieldError id="token-expiry-error" message={errors.expiresInDays?.message} />
          </div>
        </div>
        <Controller
          control={form.control}
          name="scopes"
          render={({ field }) => {
            const value = new Set<string>(field.value ?? []);
            const set = (next: Iterable<string>) => field.onChange(scopes.map((s) => s.value).filter((s) => new Set(next).has(s)));
            return (
              <fieldset className="space-y-2" aria-describedby="token-scopes-error">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <legend className="text-sm font-medium">Scopes</legend>
                  <Button variant="link" size="sm" className="h-auto px-0" onClick={() => set(scopes.map((s) => s.value).filter(READ_ONLY))}>
                    Read-only
                  </Button>
                  <Button variant="link" size="sm" className="h-auto px-0" onClick={() => set(scopes.map((s) => s.value))}>
                    All I can grant
                  </Button>
                  <Button variant="link" size="sm" className="h-auto px-0" onClick={() => set([])}>
                    None
                  </Button>
                </div>
                <div className="grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
                  {scopes.map((s) => (
                    <label key={s.value} className="flex cursor-pointer items-start gap-2 rounded-md px-1 py-0.5 text-sm hover:bg-accent">
                      <Checkbox
                        className="mt-0.5"
                        checked={value.has(s.value)}
                        aria-invalid={!!errors.scopes}
                        onCheckedChange={(c) => {
                          const next = new Set(value);
                          if (c === true) next.add(s.value);
                          else next.delete(s.value);
                          set(next);
                        }}
                      />
                      <span>
                        <span className="font-mono text-xs">{s.value}</span>
                        <span className="block text-muted-foreground">{s.label}</span>
                      </span>
                    </label>
                  ))}
                </div>
                <FieldError id="token-scopes-error" message={errors.scopes?.message ?? errors.scopes?.root?.message} />
              </fieldset>
            );
          }}
        />
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}

/** The new token, once: copy it now or create another. */
function NewToken({ token, name, expiresAt, onDone }: { token: string; name: string; expiresAt: Date; onDone: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
    } catch {
      // No clipboard API (plain http on a non-local host): select the text for Ctrl+C.
      inputRef.current?.select();
      return;
    }
    setCopied(true);
  }

  return (
    <Alert variant="success" title={`Token "${name}" created`} role="status">
      <p>Copy it now: Steward keeps only a hash and cannot show it again. It expires on {formatDate(expiresAt)}.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Input
          ref={inputRef}
          readOnly
          value={token}
          aria-label="New API token"
          className="max-w-xl flex-1 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button size="sm" variant="outline" onClick={copy}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <p className="mt-2 font-mono text-xs break-all">curl -H &quot;Authorization: Bearer {token.slice(0, 12)}…&quot; {typeof window === "undefined" ? "" : window.location.origin}/api/v1/…</p>
    </Alert>
  );
}
