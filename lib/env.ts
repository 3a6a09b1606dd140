import { z } from "zod";

// The one place environment variables are read and validated (DESIGN.md 5.6).
const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
    }),
  STEWARD_DATA_DIR: z.string().trim().min(1).default(".steward"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // smtp://user:pass@host:587 or smtps://...; unset: messages stay in the outbox (Settings > Outbox shows them).
  SMTP_URL: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  SMTP_FROM: z.string().trim().min(3).default("Steward <steward@localhost>"),
  // The address people open Steward at, for links in e-mails; defaults to NEXTAUTH_URL.
  APP_URL: z.string().url().optional(),
  STEWARD_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  // Seconds between scheduler ticks in each server process (lib/jobs/ticker.ts); 0 turns the in-process tick off.
  STEWARD_JOBS_TICK_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  // Requests per minute per API token, signed-in user or (anonymous) IP address on /api/v1.
  STEWARD_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export class EnvError extends Error {}

/** Parses process.env once; throws EnvError with one readable line per problem. */
export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  }
  cached = parsed.data;
  return cached;
}

export function isOidcConfigured(e: TEnv = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}

/** The absolute origin for links in messages (APP_URL, else NEXTAUTH_URL, else the local default). */
export function appUrl(e: TEnv = env()): string {
  return (e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}
