// Time-based part of the exception lifecycle: APPROVED -> EXPIRED when expiresAt passes (findings reopen, NHIs are
// rescored), and "expires soon" warnings to the NHI owner and the approver ahead of time (outbox, deduplicated).
//
// expireExceptions(now) is what the jobs scheduler calls; it is set-based, idempotent (a second call at the same
// instant changes nothing and sends nothing twice), audited, and serialized by an advisory lock so several replicas
// may call it at once. Pages and the API call ensureExceptionsCurrent() on read, which runs it only when an approved
// exception is past its expiry or the job has not run for an hour: the register never shows an expired exception as
// active, even before a scheduler exists.
import { db, Prisma, type Tx } from "../db";
import { recordAuditMany, type AuditActor } from "../audit/log";
import { ts } from "../rules/sql";
import { reapplyCoverage } from "./coverage";
import { enqueueExpiredNotices, enqueueExpiryWarnings } from "./notify";
import { EXPIRY_WARNING_DAYS } from "./schemas";
import { emitEventsFrom } from "../webhooks/emit";

const EXPIRY_LOCK = 727_003_020;
export const EXPIRE_JOB = "exceptions.expire";
/** On read, re-run when the last run is older than this even if nothing is overdue (for the warnings). */
const ON_READ_INTERVAL_MS = 60 * 60_000;

export interface ExpirySummary {
  now: string;
  /** Exceptions that moved from APPROVED to EXPIRED. */
  expired: number;
  /** Findings they covered that went back to OPEN. */
  reopened: number;
  /** Outbox messages added: expiry warnings and expired notices. */
  messages: number;
}

export async function expireExceptions(now: Date = new Date(), opts: { actor?: AuditActor | null; trigger?: string } = {}): Promise<ExpirySummary> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EXPIRY_LOCK})`);
      const startedAt = new Date();
      const expired = await tx.$queryRaw<Array<{ id: string; identityId: string; expiresAt: Date }>>`
        UPDATE "RiskException" SET "status" = 'EXPIRED', "updatedAt" = ${ts(now)}
        WHERE "status" = 'APPROVED' AND "expiresAt" <= ${ts(now)}
        RETURNING "id", "identityId", "expiresAt"`;
      const coverage = expired.length ? await reapplyCoverage(tx, expired.map((e) => e.identityId), now) : null;
      const warnings = await dueWarnings(tx, now);
      const messages = (await enqueueExpiryWarnings(tx, warnings)) + (await enqueueExpiredNotices(tx, expired.map((e) => e.id)));
      await emitExpiring(tx, warnings, now);
      const summary: ExpirySummary = { now: now.toISOString(), expired: expired.length, reopened: coverage?.reopened ?? 0, messages };
      await recordAuditMany(
        tx,
        expired.map((e) => ({
          actor: opts.actor ?? null,
          action: "exception.expire",
          targetType: "RiskException",
          targetId: e.id,
          before: { status: "APPROVED" },
          after: { status: "EXPIRED", expiresAt: e.expiresAt.toISOString() },
          meta: { identityId: e.identityId, trigger: opts.trigger ?? "job", run: { expired: summary.expired, findingsReopened: summary.reopened } },
        })),
      );
      // The scheduler records its own runs (lib/jobs); runs made on read or by hand are recorded here, in the same
      // JobRun history, so ensureExceptionsCurrent sees every run whoever made it.
      if ((opts.trigger ?? "job") !== "job") {
        await tx.jobRun.create({ data: { job: EXPIRE_JOB, slot: `${opts.trigger}:${startedAt.toISOString()}:${crypto.randomUUID().slice(0, 8)}`, startedAt, finishedAt: new Date(), ok: true, summary: { ...summary, trigger: opts.trigger } } });
      }
      return summary;
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/**
 * Approved exceptions within the warning window, each with the warning it is due now: the smallest offset (14, 3)
 * whose window it has entered. One approved with 10 days left gets the 14-day warning, and the 3-day one later;
 * one approved with 2 days left gets only the 3-day one.
 */
async function dueWarnings(tx: Tx, now: Date): Promise<Array<{ id: string; offset: number }>> {
  const widest = Math.max(...EXPIRY_WARNING_DAYS);
  return tx.$queryRaw<Array<{ id: string; offset: number }>>`
    SELECT e."id", w."days" AS "offset"
    FROM "RiskException" e
    CROSS JOIN LATERAL (
      SELECT min(d)::int AS "days" FROM unnest(ARRAY[${Prisma.raw(EXPIRY_WARNING_DAYS.map(Number).join(","))}]::int[]) d
      WHERE e."expiresAt" <= ${ts(now)} + d * interval '1 day'
    ) w
    WHERE e."status" = 'APPROVED' AND e."expiresAt" > ${ts(now)} AND e."expiresAt" <= ${ts(now)} + ${widest}::int * interval '1 day'`;
}

/** Webhook "exception.expiring", once per exception and warning offset (the same dedup as the outbox warnings). */
async function emitExpiring(tx: Tx, warnings: Array<{ id: string; offset: number }>, now: Date): Promise<void> {
  if (!warnings.length) return;
  await emitEventsFrom(tx, "exception.expiring", Prisma.sql`
    SELECT 'exception:' || e."id" || ':expiring:' || w."offset" AS "dedupKey", jsonb_build_object(
      'exception', jsonb_build_object('id', e."id", 'status', e."status", 'scope', e."scope", 'ruleId', e."ruleId", 'severity', e."severity",
        'expiresAt', e."expiresAt", 'daysLeft', w."offset", 'requestedById', e."requestedById", 'approvedById', e."approvedById"),
      'identity', jsonb_build_object('id', i."id", 'name', i."name", 'ownerId', i."ownerId"),
      'link', '/exceptions/' || e."id") AS "data"
    FROM jsonb_to_recordset(${JSON.stringify(warnings)}::jsonb) AS w("id" text, "offset" int)
    JOIN "RiskException" e ON e."id" = w."id" JOIN "Identity" i ON i."id" = e."identityId"`, now);
}

/**
 * The cheap guard for reads (pages, API): two indexed lookups, and expireExceptions only when an approved exception
 * is overdue or the job has not run within the hour. Never fails the read: an error is logged and the read goes on.
 */
export async function ensureExceptionsCurrent(now: Date = new Date()): Promise<ExpirySummary | null> {
  try {
    const [overdue, last] = await Promise.all([
      db.riskException.findFirst({ where: { status: "APPROVED", expiresAt: { lte: now } }, select: { id: true } }),
      db.jobRun.findFirst({ where: { job: EXPIRE_JOB }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
    ]);
    if (!overdue && last && now.getTime() - last.startedAt.getTime() < ON_READ_INTERVAL_MS) return null;
    return await expireExceptions(now, { trigger: "read" });
  } catch (err) {
    console.error("exception expiry on read failed", err);
    return null;
  }
}
