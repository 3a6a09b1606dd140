import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/session";
import { isOidcConfigured } from "@/lib/env";
import { isDemoEstate } from "@/lib/settings/queries";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const raw = typeof sp.callbackUrl === "string" ? sp.callbackUrl : "/";
  // Only same-site paths: an open redirect on the login page is a phishing aid.
  const callbackUrl = raw.startsWith("/") && !raw.startsWith("//") ? raw : "/";
  if (await getViewer()) redirect(callbackUrl);
  const error = typeof sp.error === "string" ? sp.error : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-50 to-slate-100 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <img src="/favicon.svg" alt="" className="size-11" />
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Sign in to Steward</h1>
            <p className="mt-1 text-sm text-muted-foreground">Governance for non-human identities</p>
          </div>
        </div>
        <LoginForm callbackUrl={callbackUrl} hasSso={isOidcConfigured()} initialError={error} />
        {(await isDemoEstate()) ? (
          <div className="mt-6 rounded-lg border border-info-border bg-info-subtle p-4 text-sm text-info-foreground">
            <p className="font-medium">Demo estate</p>
            <p className="mt-1">
              Sign in as <code>admin@</code>, <code>ciso@</code>, <code>auditor@</code> or <code>owner@steward.local</code> with
              the password <code>steward-demo</code>.
            </p>
          </div>
        ) : null}
      </div>
    </main>
  );
}
