"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ZUserCreate } from "@/lib/users/schemas";
import { createUserAction } from "./actions";

type TIn = z.input<typeof ZUserCreate>;
type TOut = z.output<typeof ZUserCreate>;
const FIELDS = ["email", "name", "role", "teamName", "password"] as const;

export function CreateUserForm({ roles }: { roles: { value: string; label: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const form = useForm<TIn, unknown, TOut>({ resolver: zodResolver(ZUserCreate), defaultValues: { email: "", name: "", role: "OWNER", teamName: undefined, password: "" } });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: TOut) {
    setError(undefined);
    setDone(undefined);
    const res = await createUserAction(values);
    if (!res.ok) {
      for (const [field, message] of Object.entries(res.fieldErrors ?? {})) {
        if ((FIELDS as readonly string[]).includes(field)) form.setError(field as (typeof FIELDS)[number], { message });
      }
      setError(res.error);
      return;
    }
    setDone(`${res.data.email} can sign in now.`);
    form.reset();
    router.refresh();
  }

  const field = (name: (typeof FIELDS)[number], label: string, input: React.ReactNode) => (
    <div className="space-y-1.5">
      <Label htmlFor={`user-${name}`}>{label}</Label>
      {input}
      <FieldError id={`user-${name}-error`} message={errors[name]?.message} />
    </div>
  );
  const aria = (name: (typeof FIELDS)[number]) => ({ id: `user-${name}`, "aria-invalid": !!errors[name], "aria-describedby": `user-${name}-error` });

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label="Add a user">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      {done ? <Alert variant="success" role="status">{done}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
        {field("email", "E-mail", <Input type="email" autoComplete="off" {...aria("email")} {...form.register("email")} />)}
        {field("name", "Name", <Input autoComplete="off" {...aria("name")} {...form.register("name")} />)}
        {field(
          "role",
          "Role",
          <Select {...aria("role")} {...form.register("role")}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>,
        )}
        {field("teamName", "Team (created if new)", <Input placeholder="e.g. Payments" {...aria("teamName")} {...form.register("teamName", { setValueAs: (v: string) => (v.trim() ? v : undefined) })} />)}
        {field("password", "Initial password", <Input type="password" autoComplete="new-password" {...aria("password")} {...form.register("password")} />)}
      </div>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
