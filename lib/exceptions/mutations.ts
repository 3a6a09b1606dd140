import "server-only";
import { db, type Severity, type Tx } from "../db";
import { recordAudit, recordAuditMany } from "../audit/log";
import { assertCan, ForbiddenError, NotFoundError, type Viewer } from "../auth/permissions";
import { ValidationError } from "../errors";
import { identityScope } from "../identities/scope";
import { SEVERITY_LABELS } from "../findings/labels";
import { RULE_BY_ID } from "../rules/registry";
import { getExceptionPolicy } from "../settings/exception-policy";
import { formatDate } from "../utils";
import { reapplyCoverage } from "./coverage";
import { enqueueDecisionNotices, enqueueRevokedNotices } from "./notify";
import { assertCanApproveExceptions, canApproveExceptions, mayRevoke } from "./permissions";
import { exceptionScope } from "./scope";
import {
  endOfDay,
  expiryCapDays,
  latestExpiryDay,
  utcDay,
  worstSeverity,
  ZExceptionDecision,
  ZExceptionExtension,
  ZExceptionRequest,
  ZExceptionRevoke,
  type TExceptionDecision,
  type TExceptionExtension,
  type TExceptionExtensionInput,
  type TExceptionRequest,
  type TExceptionRequestInput,
  type TExceptionRevoke,
} from "./schemas";

interface Options {
  /** The current time (tests). */
  now?: Date;
}

/** What a request covers once checked against the database. */
interface Target {
  identityId: string;
  scope: "FINDINGS" | "RULE";
  ruleId: string | null;
  findingIds: string[];
  severity: Severity;
}

export interface RequestedException {
  id: string;
  status: "PROPOSED";
  expiresAt: Date;
  severity: Severity;
}

/**
 * Requests a risk exception (status PROPOSED), or an extension of one when the input has `previousId`.
 *
 * Input (ZExceptionRequest): the NHI, then either `scope: "FINDINGS"` with `findingIds` (open findings of that
 * NHI) or `scope: "RULE"` with `ruleId` (every finding of the rule on the NHI, including later ones); the
 * justification, compensating controls and the expiry day, capped by the policy for the worst severity covered.
 * `reviewItemId` links a campaign review decision (KEEP) the request comes from.
 *
 * Who: exception:request on an NHI in the viewer's scope (an OWNER: NHIs they own or back up; ADMIN: any). Another
 * owner's NHI is "not found". Audited ("exception.request") in the same transaction.
 */
export async function requestException(
  viewer: Viewer,
  raw: TExceptionRequestInput | TExceptionExtensionInput,
  opts: Options = {},
): Promise<RequestedException> {
  assertCan(viewer, "exception:request");
  const now = opts.now ?? new Date();
  if (raw && typeof raw === "object" && "previousId" in raw && raw.previousId !== undefined) {
    return requestExtension(viewer, ZExceptionExtension.parse(raw), now);
  }
  const input = ZExceptionRequest.parse(raw);
  return db.$transaction(async (tx) => {
    const identity = await tx.identity.findFirst({ where: { AND: [{ id: input.identityId }, identityScope(viewer)] }, select: { id: true } });
    if (!identity) throw new NotFoundError("NHI not found.");
    const target = await resolveTarget(tx, input, "new");
    await assertNoOverlap(tx, target, now);
    if (input.reviewItemId) {
      const item = await tx.reviewItem.findFirst({ where: { id: input.reviewItemId, identityId: identity.id }, select: { id: true } });
      if (!item) throw new ValidationError("The review item is not about this NHI.", { reviewItemId: "Not a review item of this NHI" });
    }
    return create(tx, viewer, target, input, now, { findingId: input.scope === "FINDINGS" && input.findingIds.length === 1 ? input.findingIds[0]! : null, reviewItemId: input.reviewItemId ?? null, previousId: null });
  });
}

/** An extension: same scope as an approved (or expired) exception, new terms, reviewed again; linked by previousId. */
async function requestExtension(viewer: Viewer, input: TExceptionExtension, now: Date): Promise<RequestedException> {
  return db.$transaction(async (tx) => {
    const previous = await tx.riskException.findFirst({
      where: { AND: [{ id: input.previousId }, exceptionScope(viewer)] },
      select: { id: true, status: true, identityId: true, scope: true, ruleId: true, findingId: true, findings: { select: { findingId: true } } },
    });
    if (!previous?.identityId) throw new NotFoundError("Exception not found.");
    if (previous.status !== "APPROVED" && previous.status !== "EXPIRED") {
      throw new ValidationError("Only an approved or expired exception can be extended.");
    }
    const target = await resolveTarget(
      tx,
      { identityId: previous.identityId, scope: previous.scope, ruleId: previous.ruleId ?? undefined, findingIds: previous.findings.map((f) => f.findingId) },
      "extension",
    );
    await assertNoOverlap(tx, target, now, previous.id);
    return create(tx, viewer, target, input, now, { findingId: previous.findingId, reviewItemId: null, previousId: previous.id });
  });
}

/**
 * Checks the scope against the findings as they are now. A new request covers OPEN findings only (an EXCEPTED one is
 * extended instead, a RESOLVED one has no risk left); an extension keeps those of its predecessor's findings that are
 * still present (OPEN again after expiry, or EXCEPTED).
 */
async function resolveTarget(
  tx: Tx,
  input: { identityId: string; scope: "FINDINGS" | "RULE"; ruleId?: string; findingIds: string[] },
  kind: "new" | "extension",
): Promise<Target> {
  const present = kind === "new" ? (["OPEN"] as const) : (["OPEN", "EXCEPTED"] as const);
  if (input.scope === "RULE") {
    const rule = input.ruleId ? RULE_BY_ID.get(input.ruleId) : undefined;
    if (!rule) throw new ValidationError("Choose one of Steward's rules.", { ruleId: "Unknown rule" });
    const n = await tx.finding.count({ where: { identityId: input.identityId, ruleId: rule.id, status: { in: [...present] } } });
    if (!n) {
      throw new ValidationError(`This NHI has no open finding of "${rule.title}": there is no risk to accept.`, { ruleId: "No open finding of this rule on this NHI" });
    }
    return { identityId: input.identityId, scope: "RULE", ruleId: rule.id, findingIds: [], severity: rule.severity };
  }
  const ids = [...new Set(input.findingIds)];
  const found = await tx.finding.findMany({ where: { id: { in: ids }, identityId: input.identityId }, select: { id: true, ruleId: true, severity: true, status: true } });
  if (kind === "new") {
    if (found.length !== ids.length) throw new ValidationError("Some chosen findings are not on this NHI.", { findingIds: "Choose findings of this NHI" });
    if (found.some((f) => f.status === "EXCEPTED")) {
      throw new ValidationError("A chosen finding is already accepted: request an extension of its exception instead.", { findingIds: "Already accepted" });
    }
    if (found.some((f) => f.status === "RESOLVED")) {
      throw new ValidationError("A chosen finding is resolved: there is no risk left to accept.", { findingIds: "Already resolved" });
    }
  }
  const live = found.filter((f) => (present as readonly string[]).includes(f.status));
  if (!live.length) throw new ValidationError("Every finding this exception covered is resolved: there is nothing left to extend.");
  const rules = new Set(live.map((f) => f.ruleId));
  return {
    identityId: input.identityId,
    scope: "FINDINGS",
    // A request about one rule's findings keeps the rule for display and filters; coverage uses the finding list.
    ruleId: rules.size === 1 ? [...rules][0]! : null,
    findingIds: live.map((f) => f.id),
    severity: worstSeverity(live.map((f) => f.severity)),
  };
}

/** One live decision per risk: refuses a request overlapping a pending or active exception (other than `except`). */
async function assertNoOverlap(tx: Tx, target: Target, now: Date, except?: string): Promise<void> {
  const ruleIds = target.scope === "RULE" ? [target.ruleId!] : (
    await tx.finding.findMany({ where: { id: { in: target.findingIds } }, select: { ruleId: true }, distinct: ["ruleId"] })
  ).map((f) => f.ruleId);
  const clash = await tx.riskException.findFirst({
    where: {
      identityId: target.identityId,
      ...(except ? { id: { not: except } } : {}),
      OR: [{ status: "PROPOSED" }, { status: "APPROVED", expiresAt: { gt: now } }],
      AND: [
        {
          OR: [
            { scope: "RULE", ruleId: { in: ruleIds } },
            ...(target.findingIds.length ? [{ scope: "FINDINGS" as const, findings: { some: { findingId: { in: target.findingIds } } } }] : []),
          ],
        },
      ],
    },
    select: { id: true, status: true, expiresAt: true },
  });
  if (!clash) return;
  if (clash.status === "PROPOSED") throw new ValidationError("A request covering this risk is already waiting for approval.", { findingIds: "Already requested" });
  throw new ValidationError(`This risk is already accepted until ${formatDate(clash.expiresAt)}: request an extension of that exception instead.`, {
    findingIds: "Already accepted",
  });
}

/** Refuses an expiry in the past or beyond the policy cap for the severity covered; returns the instant it ends. */
async function checkedExpiry(tx: Tx, severity: Severity, expiresOn: string, now: Date): Promise<Date> {
  if (expiresOn <= utcDay(now)) throw new ValidationError("Choose an expiry date after today.", { expiresOn: "Choose a date after today" });
  const policy = await getExceptionPolicy(tx);
  const latest = latestExpiryDay(policy, severity, now);
  if (expiresOn > latest) {
    const msg = `Policy allows at most ${expiryCapDays(policy, severity)} days for ${SEVERITY_LABELS[severity].toLowerCase()} findings: choose ${formatDate(endOfDay(latest))} or earlier`;
    throw new ValidationError(`${msg}.`, { expiresOn: msg });
  }
  return endOfDay(expiresOn);
}

async function create(
  tx: Tx,
  viewer: Viewer,
  target: Target,
  terms: Pick<TExceptionRequest, "justification" | "controls" | "controlsNote" | "expiresOn">,
  now: Date,
  links: { findingId: string | null; reviewItemId: string | null; previousId: string | null },
): Promise<RequestedException> {
  const expiresAt = await checkedExpiry(tx, target.severity, terms.expiresOn, now);
  const row = await tx.riskException.create({
    data: {
      identityId: target.identityId,
      scope: target.scope,
      ruleId: target.ruleId,
      severity: target.severity,
      justification: terms.justification,
      compensatingControls: terms.controls,
      controlsNote: terms.controlsNote ?? null,
      requestedById: viewer.id,
      expiresAt,
      findingId: links.findingId,
      reviewItemId: links.reviewItemId,
      previousId: links.previousId,
      createdAt: now,
    },
    select: { id: true, expiresAt: true, severity: true },
  });
  if (target.findingIds.length) {
    await tx.riskExceptionFinding.createMany({ data: target.findingIds.map((findingId) => ({ exceptionId: row.id, findingId })) });
  }
  await recordAudit(tx, {
    actor: viewer,
    action: links.previousId ? "exception.extend" : "exception.request",
    targetType: "RiskException",
    targetId: row.id,
    after: {
      status: "PROPOSED",
      identityId: target.identityId,
      scope: target.scope,
      ruleId: target.ruleId,
      findingIds: target.findingIds,
      severity: target.severity,
      justification: terms.justification,
      controls: terms.controls,
      controlsNote: terms.controlsNote ?? null,
      expiresAt: row.expiresAt.toISOString(),
      previousId: links.previousId,
      reviewItemId: links.reviewItemId,
    },
  });
  return { id: row.id, status: "PROPOSED", expiresAt: row.expiresAt, severity: row.severity };
}

/**
 * Approves or rejects pending requests, one or many (bulk), all or nothing. Only an approver (see
 * lib/exceptions/permissions.ts), never on their own request. Approval applies coverage at once: the findings become
 * EXCEPTED and their NHIs' risk scores drop. Each decision is audited and the requester is notified (outbox).
 */
export async function decideExceptions(viewer: Viewer, raw: TExceptionDecision, opts: Options = {}): Promise<{ decided: number }> {
  await assertCanApproveExceptions(viewer);
  const input = ZExceptionDecision.parse(raw);
  const now = opts.now ?? new Date();
  const ids = [...new Set(input.ids)];
  const approve = input.decision === "APPROVE";
  return db.$transaction(async (tx) => {
    const rows = await tx.riskException.findMany({
      where: { AND: [{ id: { in: ids } }, exceptionScope(viewer)] },
      select: { id: true, status: true, requestedById: true, expiresAt: true, identityId: true },
    });
    if (rows.length !== ids.length) throw new NotFoundError(ids.length === 1 ? "Exception not found." : "Some selected requests no longer exist. Nothing was changed.");
    const own = rows.filter((r) => r.requestedById === viewer.id).length;
    if (own) {
      throw new ForbiddenError(
        ids.length === 1
          ? "You requested this exception: another approver must decide it."
          : `You requested ${own} of the selected exceptions: another approver must decide those. Nothing was changed.`,
      );
    }
    const settled = rows.filter((r) => r.status !== "PROPOSED").length;
    if (settled) {
      throw new ValidationError(ids.length === 1 ? "This request has already been decided." : `${settled} of the selected requests have already been decided. Nothing was changed.`);
    }
    if (approve) {
      const lapsed = rows.filter((r) => r.expiresAt <= now).length;
      if (lapsed) {
        throw new ValidationError(
          ids.length === 1
            ? "The requested expiry has already passed: reject this request and ask for a new one."
            : `${lapsed} of the selected requests asked for an expiry that has already passed: reject those instead. Nothing was changed.`,
        );
      }
    }
    const { count } = await tx.riskException.updateMany({
      where: { id: { in: ids }, status: "PROPOSED" },
      data: approve
        ? { status: "APPROVED", approvedById: viewer.id, decidedAt: now, decisionComment: input.comment ?? null }
        : { status: "REJECTED", rejectedById: viewer.id, decidedAt: now, decisionComment: input.comment ?? null },
    });
    // Another approver decided some of them between our read and our write.
    if (count !== ids.length) throw new ValidationError("Someone else decided some of these requests just now. Nothing was changed; reload and try again.");
    const coverage = approve ? await reapplyCoverage(tx, rows.map((r) => r.identityId!), now) : null;
    await recordAuditMany(
      tx,
      rows.map((r) => ({
        actor: viewer,
        action: approve ? "exception.approve" : "exception.reject",
        targetType: "RiskException",
        targetId: r.id,
        before: { status: "PROPOSED" },
        after: { status: approve ? "APPROVED" : "REJECTED", comment: input.comment ?? null, expiresAt: r.expiresAt.toISOString() },
        meta: { identityId: r.identityId, ...(ids.length > 1 ? { bulk: true, count: ids.length } : {}), ...(coverage ? { findingsExcepted: coverage.excepted } : {}) },
      })),
    );
    await enqueueDecisionNotices(tx, ids, input.decision, viewer, input.comment);
    return { decided: count };
  });
}

/**
 * Ends a pending or approved exception early (REVOKED): an approver, or the requester or the NHI's owner withdrawing
 * it. Findings it covered that are still present go back to OPEN and the NHI is rescored. Audited; the others
 * involved are notified.
 */
export async function revokeException(viewer: Viewer, raw: TExceptionRevoke, opts: Options = {}): Promise<{ id: string; status: "REVOKED" }> {
  assertCan(viewer, "exception:read");
  const input = ZExceptionRevoke.parse(raw);
  const now = opts.now ?? new Date();
  const isApprover = await canApproveExceptions(viewer);
  return db.$transaction(async (tx) => {
    const ex = await tx.riskException.findFirst({
      where: { AND: [{ id: input.id }, exceptionScope(viewer)] },
      select: { id: true, status: true, requestedById: true, identityId: true, identity: { select: { ownerId: true, backupOwnerId: true } } },
    });
    if (!ex) throw new NotFoundError("Exception not found.");
    if (!mayRevoke(viewer, ex, isApprover)) throw new ForbiddenError("Only an approver, the requester or the NHI's owner can revoke this exception.");
    if (ex.status !== "PROPOSED" && ex.status !== "APPROVED") throw new ValidationError("Only a pending or active exception can be revoked.");
    const { count } = await tx.riskException.updateMany({
      where: { id: ex.id, status: ex.status },
      data: { status: "REVOKED", revokedById: viewer.id, revokedAt: now, revokeReason: input.reason },
    });
    if (count !== 1) throw new ValidationError("This exception changed just now. Nothing was changed; reload and try again.");
    const coverage = ex.status === "APPROVED" ? await reapplyCoverage(tx, [ex.identityId!], now) : null;
    await recordAudit(tx, {
      actor: viewer,
      action: "exception.revoke",
      targetType: "RiskException",
      targetId: ex.id,
      before: { status: ex.status },
      after: { status: "REVOKED", reason: input.reason },
      meta: { identityId: ex.identityId, ...(coverage ? { findingsReopened: coverage.reopened } : {}) },
    });
    await enqueueRevokedNotices(tx, ex.id, viewer, input.reason);
    return { id: ex.id, status: "REVOKED" as const };
  });
}
