// Contracts of the risk-exception register: the request form, the API and the data layer parse these same schemas.
// Client-safe (no server imports): the request form computes the expiry cap with the same function the server uses.
import { z } from "zod";
import { firstOf, manyOf } from "../url-params";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { Severity } from "../db/generated/enums";

// ---------------------------------------------------------------------------------------------------------------
// Policy (stored in the Setting table, see lib/settings/exception-policy.ts)

export const ZExceptionPolicy = z
  .object({
    maxDays: z.coerce.number().int("Whole days").min(1, "At least 1 day").max(365, "At most 365 days"),
    maxDaysCritical: z.coerce.number().int("Whole days").min(1, "At least 1 day").max(365, "At most 365 days"),
    /** Lets SECURITY_VIEWER users approve and reject requests (ADMIN always can). */
    securityViewerCanApprove: z.boolean(),
  })
  .refine((p) => p.maxDaysCritical <= p.maxDays, {
    path: ["maxDaysCritical"],
    message: "The cap for critical findings cannot exceed the general cap",
  });
export type TExceptionPolicy = z.infer<typeof ZExceptionPolicy>;

export const DEFAULT_EXCEPTION_POLICY: TExceptionPolicy = { maxDays: 90, maxDaysCritical: 30, securityViewerCanApprove: false };

/** Days before expiry when the owner and the approver are warned (outbox). */
export const EXPIRY_WARNING_DAYS = [14, 3] as const;
/** The "expiring soon" queue: approved exceptions ending within this many days. */
export const EXPIRING_SOON_DAYS = EXPIRY_WARNING_DAYS[0];

/** The longest an exception covering findings of this (worst) severity may last, in days from today. */
export function expiryCapDays(policy: TExceptionPolicy, severity: Severity): number {
  return severity === "CRITICAL" ? policy.maxDaysCritical : policy.maxDays;
}

// Expiry is chosen as a calendar day (UTC) and lasts to the end of that day.
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-03-14" for a Date (UTC). */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The UTC day `days` after `day`. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDay(d);
}

/** The instant an exception chosen to expire on `day` ends: the last millisecond of that UTC day. */
export function endOfDay(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

/** Latest expiry day the policy allows for a request made `now` covering findings of `severity`. */
export function latestExpiryDay(policy: TExceptionPolicy, severity: Severity, now: Date): string {
  return addDays(utcDay(now), expiryCapDays(policy, severity));
}

/** Worst of several severities (the enum is ordered CRITICAL..INFO); INFO for none. */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let best = Severity.INFO as Severity;
  for (const s of severities) if (SEVERITY_ORDER.indexOf(s) < SEVERITY_ORDER.indexOf(best)) best = s;
  return best;
}
export const SEVERITY_ORDER = Object.values(Severity) as Severity[];

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** Structured compensating controls; the free-text note covers anything else. */
export const COMPENSATING_CONTROLS = {
  IP_ALLOWLIST: "Restricted to an IP allowlist or private network",
  VAULTED: "Secret held in a vault, never in code or CI variables",
  MONITORED: "Usage monitored with alerts on anomalies",
  REDUCED_SCOPE: "Permissions reduced to the minimum needed",
  TIME_BOUND: "Access switched on only when needed",
  VENDOR_COMMITMENT: "Vendor has committed to a fix date",
} as const;
export type CompensatingControl = keyof typeof COMPENSATING_CONTROLS;
const CONTROL_CODES = Object.keys(COMPENSATING_CONTROLS) as [CompensatingControl, ...CompensatingControl[]];

const id = z.string().trim().min(1).max(64);
const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max, message).optional());

/** What the requester commits to: why, with which controls, until when. Shared by new requests and extensions. */
const termsShape = {
  justification: z
    .string({ error: "Explain why the risk must be kept" })
    .trim()
    .min(20, "Explain in at least 20 characters why the risk must be kept")
    .max(4000, "Keep the justification under 4,000 characters"),
  controls: z.array(z.enum(CONTROL_CODES)).max(CONTROL_CODES.length).default([]),
  controlsNote: optionalText(2000, "Keep the note under 2,000 characters"),
  expiresOn: z
    .string({ error: "Choose an expiry date" })
    // One check, so a malformed date is one error (and the cross-field checks below still run).
    .refine((d) => DAY_RE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && utcDay(new Date(`${d}T00:00:00Z`)) === d, "Choose a valid expiry date"),
};

function refineTerms(v: { controls: string[]; controlsNote?: string }, ctx: z.RefinementCtx) {
  if (!v.controls.length && !v.controlsNote) {
    ctx.addIssue({ code: "custom", path: ["controls"], message: "Tick at least one compensating control or describe one" });
  }
}

export const ZExceptionRequest = z
  .object({
    identityId: id,
    /** FINDINGS: exactly the findings listed; RULE: every finding of `ruleId` on the NHI, now and later. */
    scope: z.enum(["FINDINGS", "RULE"]).default("FINDINGS"),
    findingIds: z.array(id).max(100, "At most 100 findings in one request").default([]),
    ruleId: z.preprocess((v) => (v === "" ? undefined : v), id.optional()),
    /** The campaign review item (a KEEP decision) the request comes from. */
    reviewItemId: id.optional(),
    ...termsShape,
  })
  .superRefine((v, ctx) => {
    if (v.scope === "FINDINGS" && !v.findingIds.length) ctx.addIssue({ code: "custom", path: ["findingIds"], message: "Choose at least one finding" });
    if (v.scope === "RULE" && !v.ruleId) ctx.addIssue({ code: "custom", path: ["ruleId"], message: "Choose the rule to accept" });
    refineTerms(v, ctx);
  });
export type TExceptionRequest = z.infer<typeof ZExceptionRequest>;
export type TExceptionRequestInput = z.input<typeof ZExceptionRequest>;

/** An extension: the same scope as `previousId`, new terms, reviewed again. */
export const ZExceptionExtension = z.object({ previousId: id, ...termsShape }).superRefine(refineTerms);
export type TExceptionExtension = z.infer<typeof ZExceptionExtension>;
export type TExceptionExtensionInput = z.input<typeof ZExceptionExtension>;

export const ZExceptionDecision = z
  .object({
    ids: z.array(id).min(1, "Select at least one request").max(200, "At most 200 requests at a time"),
    decision: z.enum(["APPROVE", "REJECT"]),
    comment: optionalText(2000, "Keep the comment under 2,000 characters"),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "REJECT" && (!v.comment || v.comment.length < 5)) {
      ctx.addIssue({ code: "custom", path: ["comment"], message: "Say why the request is rejected (at least 5 characters)" });
    }
  });
export type TExceptionDecision = z.infer<typeof ZExceptionDecision>;

export const ZExceptionRevoke = z.object({
  id,
  reason: z
    .string({ error: "Say why the exception ends early" })
    .trim()
    .min(5, "Say why the exception ends early (at least 5 characters)")
    .max(2000, "Keep the reason under 2,000 characters"),
});
export type TExceptionRevoke = z.infer<typeof ZExceptionRevoke>;

// ---------------------------------------------------------------------------------------------------------------
// Lists (page URL, CSV export, API)

export const EXCEPTION_QUEUES = ["pending", "expiring", "active", "expired", "closed", "all"] as const;
export type ExceptionQueue = (typeof EXCEPTION_QUEUES)[number];
export const EXCEPTION_SORTS = ["severity", "requested", "expires"] as const;

export const ZExceptionFilters = z.object({
  queue: z.preprocess(firstOf, z.enum(EXCEPTION_QUEUES).optional()).catch(undefined),
  severity: manyOf(z.enum(Severity)),
  identity: z.preprocess(firstOf, id.optional()).catch(undefined),
  q: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
});
export type TExceptionFilters = z.infer<typeof ZExceptionFilters>;

export const ZExceptionQuery = tableParamsSchema({ sortable: EXCEPTION_SORTS, defaultSort: "severity", defaultDir: "asc" }).extend(
  ZExceptionFilters.shape,
);
export type TExceptionQuery = z.infer<typeof ZExceptionQuery>;

// API list: cursor paging, newest first.
export const ZExceptionApiList = z.object({
  status: manyOf(z.enum(["PROPOSED", "APPROVED", "REJECTED", "EXPIRED", "REVOKED"])),
  severity: manyOf(z.enum(Severity)),
  identityId: id.optional(),
  cursor: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TExceptionApiList = z.infer<typeof ZExceptionApiList>;
