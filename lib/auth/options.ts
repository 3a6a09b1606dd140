import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import type { Role } from "../db/generated/enums";
import { env, isOidcConfigured } from "../env";
import { recordAuditStandalone } from "../audit/log";
import { clientIp } from "../api/request";
import { isAddressThrottled, lockDurationMs, recordAddressFailure } from "./lockout";
import { verifyPassword } from "./password";
import { authSecret } from "./secret";

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

/** next-auth passes the request's headers as a plain object. */
function addressOf(req: { headers?: Record<string, unknown> } | undefined): string | null {
  const h = new Headers();
  for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") h.set(k, v);
  return clientIp(h);
}

/** Exported for tests; next-auth calls it through the Credentials provider. */
export async function authorizeCredentials(raw: unknown, req?: { headers?: Record<string, unknown> }) {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = addressOf(req);
  if (isAddressThrottled(ip)) {
    // Refused without checking the password, so the attempt cannot confirm a guess.
    await recordAuditStandalone({ actor: { id: null, email }, action: "auth.signin.throttled", meta: { ip } });
    return null;
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true, failedLogins: true, lockedUntil: true },
  });
  const now = new Date();
  // Verify even for unknown or locked users so response time reveals neither.
  const ok = await verifyPassword(password, user?.passwordHash ?? "$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva");
  if (user?.lockedUntil && user.lockedUntil > now) {
    recordAddressFailure(ip);
    await recordAuditStandalone({ actor: { id: null, email }, action: "auth.signin.locked", targetType: "User", targetId: user.id, meta: { ip, lockedUntil: user.lockedUntil } });
    return null;
  }
  if (!user || !ok || !user.active) {
    recordAddressFailure(ip);
    let lockedUntil: Date | null = null;
    if (user) {
      // Atomic increment: parallel guesses cannot each read the same count and slip under the lockout.
      const { failedLogins } = await db.user.update({ where: { id: user.id }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
      const lockMs = lockDurationMs(failedLogins);
      if (lockMs) {
        lockedUntil = new Date(now.getTime() + lockMs);
        await db.user.update({ where: { id: user.id }, data: { lockedUntil } });
      }
    }
    await recordAuditStandalone({
      actor: { id: null, email },
      action: "auth.signin.failure",
      targetType: user ? "User" : undefined,
      targetId: user?.id,
      meta: { method: "credentials", ip, reason: !user ? "unknown-user" : !user.active ? "inactive" : "bad-password", lockedUntil: lockedUntil ?? undefined },
    });
    return null;
  }
  await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  await recordAuditStandalone({
    actor: { id: user.id, email: user.email },
    action: "auth.signin.success",
    targetType: "User",
    targetId: user.id,
    meta: { method: "credentials", ip },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: authorizeCredentials,
    }),
  ];
  const e = env();
  if (isOidcConfigured(e)) {
    list.push({
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email?.toLowerCase() ?? "", name: profile.name ?? profile.email ?? "" };
      },
    });
  }
  return list;
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: providers(),
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      // SSO maps to an existing, active Steward user by e-mail; it never creates accounts.
      const email = user.email?.toLowerCase();
      const known = email ? await db.user.findUnique({ where: { email }, select: { id: true, active: true } }) : null;
      const ok = Boolean(known?.active);
      await recordAuditStandalone({
        actor: { id: known?.id ?? null, email: email ?? null },
        action: ok ? "auth.signin.success" : "auth.signin.failure",
        targetType: known ? "User" : undefined,
        targetId: known?.id,
        meta: { method: "oidc", reason: ok ? undefined : known ? "inactive" : "unknown-user" },
      });
      if (ok && known) {
        await db.user.update({ where: { id: known.id }, data: { oidcSubject: account.providerAccountId, lastLoginAt: new Date() } });
      }
      return ok ? true : "/login?error=AccessDenied";
    },
    async jwt({ token, user, account }) {
      if (user) {
        if (account?.provider === "oidc") {
          const found = await db.user.findUnique({ where: { email: user.email!.toLowerCase() }, select: { id: true, role: true } });
          token.uid = found?.id;
          token.role = found?.role;
        } else {
          token.uid = user.id;
          token.role = (user as { role?: Role }).role;
        }
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        session.user.id = token.uid as string;
        session.user.role = token.role as Role;
      }
      return session;
    },
  },
};
