"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const ZLogin = z.object({
  email: z.string().trim().toLowerCase().email("Enter your work e-mail address"),
  password: z.string().min(1, "Enter your password"),
});
type TLogin = z.infer<typeof ZLogin>;

const ERRORS: Record<string, string> = {
  CredentialsSignin: "The e-mail or password is incorrect, or the account is locked after too many attempts.",
  AccessDenied: "Your single sign-on account is not a Steward user. Ask an administrator to add you.",
};

export function LoginForm({ callbackUrl, hasSso, initialError }: { callbackUrl: string; hasSso: boolean; initialError?: string }) {
  const [error, setError] = useState<string | undefined>(initialError ? (ERRORS[initialError] ?? "Sign-in failed. Try again.") : undefined);
  const form = useForm<TLogin>({ resolver: zodResolver(ZLogin), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: TLogin) {
    setError(undefined);
    const res = await signIn("credentials", { ...values, redirect: false, callbackUrl });
    if (!res || res.error) {
      setError(ERRORS[res?.error ?? ""] ?? "Sign-in failed. Try again.");
      form.setValue("password", "");
      form.setFocus("password");
      return;
    }
    // A full navigation so every server component renders with the new session.
    window.location.assign(callbackUrl);
  }

  return (
    <div className="rounded-xl border bg-card p-6 shadow-sm">
      {/* method="post": a submit before hydration must never put the password in the URL. */}
      <form method="post" onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label="Sign in">
        {error ? (
          <Alert variant="destructive" role="alert">
            {error}
          </Alert>
        ) : null}
        <div className="space-y-1.5">
          <Label htmlFor="email">E-mail</Label>
          <Input id="email" type="email" autoComplete="username" autoFocus aria-invalid={!!errors.email} aria-describedby="email-error" {...form.register("email")} />
          <FieldError id="email-error" message={errors.email?.message} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="password">Password</Label>
          <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password} aria-describedby="password-error" {...form.register("password")} />
          <FieldError id="password-error" message={errors.password?.message} />
        </div>
        <Button type="submit" className="w-full" disabled={isSubmitting}>
          {isSubmitting ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {hasSso ? (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-muted-foreground">
            <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
          </div>
          <Button variant="outline" className="w-full" onClick={() => signIn("oidc", { callbackUrl })}>
            Continue with single sign-on
          </Button>
        </>
      ) : null}
    </div>
  );
}
