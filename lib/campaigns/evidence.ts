import "server-only";
import crypto from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { db, Prisma } from "../db";
import { recordAuditStandalone } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { safeCell } from "../csv/stream";
import { EXCEPTION_STATUS_LABELS } from "../exceptions/labels";
import { iterateCampaignExceptions, reviewLinksOf } from "../exceptions/queries";
import { COMPENSATING_CONTROLS, type CompensatingControl } from "../exceptions/schemas";
import { KIND_LABELS } from "../identities/labels";
import { TASK_ACTIONS } from "../remediation/labels";
import { zipResponseStream } from "../zip";
import { getCampaign, getCampaignProgress } from "./queries";
import { CAMPAIGN_STATUS_LABELS, COMMENT_POLICY_LABELS, NO_RESPONSE_LABELS, ROUTING_LABELS } from "./labels";
import { readSnapshot, type ReviewSnapshot } from "./snapshot";
import { snapshotJson } from "./sql";
import { listCampaignDelegations } from "./delegation";
import { BREAK_SECONDS, getReviewQuality, STAMP_MEDIAN_SECONDS, STAMP_MIN_DECISIONS, type ReviewQuality } from "./quality";
import { readEscalation, readNoResponseAction, RISK_TIERS, riskTierOf, TIER_ACTION_LABELS } from "./automation";

const BATCH = 500;

const CSV_HEADER = [
  "item_id", "part", "nhi_id", "nhi_name", "nhi_kind", "source", "target_type", "target_id", "target", "decision", "reassign_to",
  "suggested", "suggestion_reason", "decided_by", "reviewer_of_record", "decided_at", "decision_source", "comment", "routed_by", "item_decided_at",
  // The NHI's risk tier at launch and what the no-response rule did with the item (empty when it was decided).
  "risk_tier", "no_response_action",
];

type ItemBatch = Awaited<ReturnType<typeof itemBatch>>;

async function itemBatch(campaignId: string, after: string | null) {
  const rows = await db.reviewItem.findMany({
    where: { campaignId, ...(after ? { id: { gt: after } } : {}) },
    select: {
      id: true,
      identityId: true,
      part: true,
      reviewerId: true,
      delegatedFromId: true,
      routedBy: true,
      snapshotVersion: true,
      purposeConfirmed: true,
      breakGlassAttestedAt: true,
      comment: true,
      decidedAt: true,
      decidedById: true,
      noResponse: true,
      carriedForward: true,
      baselineItemId: true,
      noResponseAction: true,
      decisions: { select: { target: true, targetId: true, decision: true, reassignToId: true, comment: true, source: true, decidedById: true, reviewerOfRecordId: true, decidedAt: true }, orderBy: [{ target: "asc" }, { targetId: "asc" }] },
    },
    orderBy: { id: "asc" },
    take: BATCH,
  });
  if (!rows.length) return [];
  const snaps = await db.$queryRaw<{ id: string; snapshot: unknown }[]>(Prisma.sql`
    SELECT ri."id", ${snapshotJson("ri")} AS snapshot FROM "ReviewItem" ri WHERE ri."id" = ANY(${rows.map((r) => r.id)}::text[])`);
  const byId = new Map(snaps.map((x) => [x.id, readSnapshot(x.snapshot)]));
  return rows.map((r) => ({ ...r, snapshot: byId.get(r.id)! }));
}

/** Every item of a campaign, a batch at a time, in id order (keyset paging: constant cost per batch). */
async function* items(campaignId: string): AsyncGenerator<ItemBatch> {
  let after: string | null = null;
  for (;;) {
    const batch = await itemBatch(campaignId, after);
    if (!batch.length) return;
    yield batch;
    if (batch.length < BATCH) return;
    after = batch[batch.length - 1].id;
  }
}

/** User id -> e-mail, fetched as ids are met (a campaign has far fewer people than decisions). */
function emailBook() {
  const known = new Map<string, string>();
  return {
    async load(ids: (string | null | undefined)[]) {
      const missing = [...new Set(ids.filter((x): x is string => !!x && !known.has(x)))];
      if (!missing.length) return;
      for (const u of await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, email: true } })) known.set(u.id, u.email);
      for (const id of missing) if (!known.has(id)) known.set(id, `(removed user ${id})`);
    },
    get: (id: string | null | undefined) => (id ? (known.get(id) ?? id) : ""),
  };
}

function targetLabel(s: ReviewSnapshot, target: string, targetId: string): { label: string; suggested: string; reason: string } {
  if (target === "ENTITLEMENT") {
    const e = s.entitlements.find((x) => x.id === targetId);
    return e ? { label: `${e.permission} on ${e.resource}`, suggested: e.suggested, reason: e.reason } : { label: targetId, suggested: "", reason: "" };
  }
  if (target === "CREDENTIAL") {
    const c = s.credentials.find((x) => x.id === targetId);
    return c ? { label: `${c.type} ${c.name ?? c.externalId}`, suggested: c.suggested, reason: c.reason } : { label: targetId, suggested: "", reason: "" };
  }
  if (target === "DELEGATION") {
    return { label: `Delegation of ${s.identity.onBehalfOf?.name ?? "a human"} (${s.identity.delegatedScopes.join(", ")})`, suggested: s.identity.delegationSuggested ?? "", reason: s.identity.delegationReason ?? "" };
  }
  return { label: s.identity.name, suggested: s.identity.suggested, reason: s.identity.reason };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : "");

const EXCEPTIONS_HEADER = [
  "exception_id", "status", "nhi_id", "nhi_name", "source", "scope", "rule_id", "covers", "severity", "justification", "compensating_controls",
  "controls_note", "requested_by", "requested_at", "approved_by", "decided_at", "expires_at", "revoked_at", "revoke_reason", "review_item_id",
  "requested_in_this_campaign",
];

/**
 * The evidence pack of a campaign, as a streamed ZIP: exceptions.csv (risk accepted on its NHIs during the review, and
 * exceptions requested from it), decisions.csv (one row per decision: who decided, for whom,
 * when, what was suggested, the comment; undecided items too), snapshots.json (every item with the snapshot its
 * reviewer was shown and its decisions) and summary.html (settings, outcome, progress, and the SHA-256 of both
 * files). ADMIN and AUDITOR. The download is audited once the pack is complete.
 */
export async function evidencePack(viewer: Viewer, campaignId: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  assertCan(viewer, "campaign:evidence");
  const campaign = await getCampaign(viewer, campaignId);
  const generatedAt = new Date();
  const hashes = { csv: crypto.createHash("sha256"), json: crypto.createHash("sha256"), exceptions: crypto.createHash("sha256") };
  const counts = { items: 0, decisions: 0, byDecision: new Map<string, number>(), exceptions: 0, exceptionsFromCampaign: 0 };
  const people = emailBook();
  const tap = (h: crypto.Hash, s: string) => (h.update(s), s);

  async function* decisionsCsv() {
    yield tap(hashes.csv, stringify([CSV_HEADER]));
    for await (const batch of items(campaignId)) {
      await people.load(batch.flatMap((i) => [i.reviewerId, i.delegatedFromId, ...i.decisions.flatMap((d) => [d.decidedById, d.reviewerOfRecordId, d.reassignToId])]));
      const rows: string[][] = [];
      for (const item of batch) {
        counts.items++;
        const s = item.snapshot;
        const base = [item.id, item.part, item.identityId, s.identity.name, KIND_LABELS[s.identity.kind as keyof typeof KIND_LABELS] ?? s.identity.kind, s.identity.source.key];
        if (!item.decisions.length) {
          rows.push([...base, "IDENTITY", "", s.identity.name, "NONE", "", s.identity.suggested, s.identity.reason, "", people.get(item.delegatedFromId ?? item.reviewerId), "", item.noResponse ? "NO_RESPONSE" : "PENDING", "", item.routedBy, iso(item.decidedAt), riskTierOf(s.identity.riskScore), item.noResponseAction ?? ""]);
          continue;
        }
        for (const d of item.decisions) {
          counts.decisions++;
          counts.byDecision.set(`${d.target}:${d.decision}`, (counts.byDecision.get(`${d.target}:${d.decision}`) ?? 0) + 1);
          const t = targetLabel(s, d.target, d.targetId);
          rows.push([
            ...base, d.target, d.targetId, t.label, d.decision, people.get(d.reassignToId), t.suggested, t.reason, people.get(d.decidedById),
            people.get(d.reviewerOfRecordId), iso(d.decidedAt), d.source, d.comment ?? "", item.routedBy, iso(item.decidedAt),
            riskTierOf(s.identity.riskScore), item.noResponseAction ?? "",
          ]);
        }
      }
      yield tap(hashes.csv, stringify(rows.map((r) => r.map((v) => safeCell(v)))));
    }
  }

  async function* snapshotsJson() {
    const head = { campaign: { id: campaign.id, name: campaign.name, status: campaign.status, scope: campaign.scope, launchedAt: campaign.launchedAt, dueAt: campaign.dueAt }, generatedAt };
    yield tap(hashes.json, `${JSON.stringify(head).slice(0, -1)},"items":[\n`);
    let first = true;
    for await (const batch of items(campaignId)) {
      await people.load(batch.flatMap((i) => [i.reviewerId, i.delegatedFromId, i.decidedById, ...i.decisions.flatMap((d) => [d.decidedById, d.reviewerOfRecordId, d.reassignToId])]));
      const parts = batch.map((item) =>
        JSON.stringify({
          id: item.id,
          part: item.part,
          routedBy: item.routedBy,
          reviewer: people.get(item.reviewerId) || null,
          delegatedFrom: people.get(item.delegatedFromId) || null,
          purposeConfirmed: item.purposeConfirmed,
          breakGlassAttestedAt: item.breakGlassAttestedAt,
          comment: item.comment,
          decidedAt: item.decidedAt,
          decidedBy: people.get(item.decidedById) || null,
          noResponse: item.noResponse,
          carriedForward: item.carriedForward,
          baselineItemId: item.baselineItemId,
          riskTier: riskTierOf(item.snapshot.identity.riskScore),
          noResponseAction: item.noResponseAction,
          snapshotVersion: item.snapshotVersion,
          snapshot: item.snapshot,
          decisions: item.decisions.map((d) => ({ ...d, decidedBy: people.get(d.decidedById) || null, reviewerOfRecord: people.get(d.reviewerOfRecordId) || null, reassignTo: people.get(d.reassignToId) || null })),
        }),
      );
      yield tap(hashes.json, `${first ? "" : ",\n"}${parts.join(",\n")}`);
      first = false;
    }
    yield tap(hashes.json, "\n]}\n");
  }

  // Risk accepted on the campaign's NHIs while it ran, and exceptions its reviewers requested (KEEP decisions).
  async function* exceptionsCsv() {
    yield tap(hashes.exceptions, stringify([EXCEPTIONS_HEADER]));
    if (!campaign.launchedAt) return;
    const period = { from: campaign.launchedAt, to: campaign.reviewClosedAt ?? campaign.cancelledAt ?? generatedAt };
    for await (const batch of iterateCampaignExceptions(viewer, campaignId, period)) {
      const links = await reviewLinksOf(viewer, batch.map((r) => r.reviewItemId));
      const rows = batch.map((r) => {
        const fromHere = !!r.reviewItemId && links.get(r.reviewItemId)?.campaignId === campaignId;
        counts.exceptions++;
        if (fromHere) counts.exceptionsFromCampaign++;
        return [
          r.id, EXCEPTION_STATUS_LABELS[r.status], r.identity?.id, r.identity?.name, r.identity?.source.key, r.scope, r.ruleId, r.scopeLabel, r.severity,
          r.justification, r.controls.map((c) => COMPENSATING_CONTROLS[c as CompensatingControl] ?? c).join("; "), r.controlsNote, r.requestedBy.email,
          iso(r.createdAt), r.approvedBy?.name, iso(r.decidedAt), iso(r.expiresAt), iso(r.revokedAt), r.revokeReason, r.reviewItemId, fromHere ? "yes" : "no",
        ];
      });
      yield tap(hashes.exceptions, stringify(rows.map((r) => r.map((v) => safeCell(v ?? "")))));
    }
  }

  async function* summaryHtml() {
    const progress = campaign.status === "DRAFT" ? null : await getCampaignProgress(viewer, campaignId);
    const tasks = await db.remediationTask.groupBy({ by: ["action", "status"], where: { campaignId }, _count: { _all: true } });
    const events = await db.auditEvent.findMany({
      where: { targetType: "Campaign", targetId: campaignId },
      select: { at: true, action: true, actorEmail: true, hash: true },
      orderBy: { seq: "asc" },
    });
    const [quality, delegations] = await Promise.all([getReviewQuality(viewer, campaignId), listCampaignDelegations(viewer, campaignId, generatedAt)]);
    yield renderSummary({ campaign, progress, tasks, events, counts, quality, delegations, generatedAt, viewer, csvHash: hashes.csv.digest("hex"), jsonHash: hashes.json.digest("hex"), exceptionsHash: hashes.exceptions.digest("hex") });
    await recordAuditStandalone({ actor: viewer, action: "campaign.evidence-export", targetType: "Campaign", targetId: campaignId, meta: { items: counts.items, decisions: counts.decisions, exceptions: counts.exceptions } });
  }

  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "campaign";
  return {
    filename: `steward-evidence-${slug}-${generatedAt.toISOString().slice(0, 10)}.zip`,
    stream: zipResponseStream([
      { name: "decisions.csv", content: decisionsCsv() },
      { name: "snapshots.json", content: snapshotsJson() },
      { name: "exceptions.csv", content: exceptionsCsv() },
      { name: "summary.html", content: summaryHtml() },
    ]),
  };
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function renderSummary(x: {
  campaign: Awaited<ReturnType<typeof getCampaign>>;
  progress: Awaited<ReturnType<typeof getCampaignProgress>> | null;
  tasks: { action: string; status: string; _count: { _all: number } }[];
  events: { at: Date; action: string; actorEmail: string | null; hash: string }[];
  counts: { items: number; decisions: number; byDecision: Map<string, number>; exceptions: number; exceptionsFromCampaign: number };
  quality: ReviewQuality;
  delegations: Awaited<ReturnType<typeof listCampaignDelegations>>;
  generatedAt: Date;
  viewer: Viewer;
  csvHash: string;
  jsonHash: string;
  exceptionsHash: string;
}): string {
  const c = x.campaign;
  const row = (k: string, v: unknown) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`;
  const table = (head: string[], rows: unknown[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  const decisions = [...x.counts.byDecision.entries()].sort().map(([k, n]) => [k.replace(":", " "), n]);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Evidence: ${esc(c.name)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#0f172a}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #cbd5e1;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f1f5f9;font-weight:600}code{font-size:12px;word-break:break-all}</style></head><body>
<h1>Evidence pack: ${esc(c.name)}</h1>
<p>Generated ${esc(x.generatedAt.toISOString())} by ${esc(x.viewer.email)} from Steward. decisions.csv has one row per decision (and one per undecided item);
snapshots.json has, for every item, exactly what its reviewer was shown (frozen at launch) and every decision with who made it, for whom and when.</p>
<h2>Campaign</h2><table>${[
    row("Status", CAMPAIGN_STATUS_LABELS[c.status]),
    row("Description", c.description ?? ""),
    row("Scope (inventory filter)", JSON.stringify(c.scope)),
    row("Created by", c.createdBy?.email ?? ""),
    row("Launched", c.launchedAt?.toISOString() ?? "not launched"),
    row("Due", c.dueAt.toISOString()),
    row("Review closed", c.reviewClosedAt?.toISOString() ?? ""),
    row("Closed", c.closedAt?.toISOString() ?? ""),
    row("Cancelled", c.cancelledAt?.toISOString() ?? ""),
    row("Fallback reviewer", c.fallbackReviewer?.email ?? ""),
    row("Backup reviewer", c.backupReviewer?.email ?? ""),
    row("Comments", COMMENT_POLICY_LABELS[c.commentRequired]),
    row("Undecided items at close", NO_RESPONSE_LABELS[c.noResponseOutcome]),
    row("Undecided items by risk tier", (() => {
      const cfg = readNoResponseAction(c.noResponseAction);
      return RISK_TIERS.map((t) => `${t}: ${cfg[t] === "OUTCOME" ? NO_RESPONSE_LABELS[c.noResponseOutcome] : TIER_ACTION_LABELS[cfg[t]]}`).join("; ") + (cfg.graceDays === null ? "" : `; closed by the scheduler ${cfg.graceDays} days after the due date`);
    })()),
    row("Reminders (days before due)", c.reminderDays.join(", ") || "none"),
    row("Escalation", readEscalation(c.escalation).levels.map((l, i) => `level ${i + 1}: +${l.afterDays} days to ${l.to}`).join("; ") || "none"),
    row("Recurring run", c.definitionId ? `${c.period} of definition ${c.definitionId}` : ""),
    row("Unused window (days)", c.unusedWindowDays ?? ""),
  ].join("")}</table>
<h2>Outcome</h2><table>${[
    row("Items", x.counts.items),
    row("Decided by a reviewer", x.progress?.decided ?? 0),
    row("Percent decided", `${x.progress?.percent ?? 0}%`),
    row("Decisions recorded", x.counts.decisions),
  ].join("")}</table>
${decisions.length ? table(["Decision", "Count"], decisions) : ""}
${x.progress ? `<h2>By team</h2>${table(["Team", "Decided", "Items", "%"], x.progress.teams.map((t) => [t.name, t.decided, t.total, t.percent]))}
<h2>By routing</h2>${table(["Routed to", "Decided", "Items"], x.progress.routing.map((r) => [ROUTING_LABELS[r.routedBy], r.decided, r.total]))}
<h2>By reviewer</h2>${table(["Reviewer", "Decided", "Items", "%"], x.progress.reviewers.map((r) => [r.reviewer?.email ?? "(unassigned)", r.decided, r.total, r.percent]))}` : ""}
<h2>Risk exceptions</h2><p>exceptions.csv lists the exceptions approved and in force on this campaign's NHIs during the review, and those its reviewers requested while keeping access.</p>
<table>${row("Exceptions listed", x.counts.exceptions)}${row("Requested from this campaign's reviews", x.counts.exceptionsFromCampaign)}</table>
<h2>Review quality</h2>
<p>Per certifier (who clicked): median seconds per decision (breaks over ${BREAK_SECONDS / 60} minutes and bulk actions left out), share of KEEP among grant and
credential decisions, grants and credentials kept although unused, the largest bulk action, and decisions in the last hour before the deadline.
Likely rubber-stamping: at least ${STAMP_MIN_DECISIONS} access decisions, all KEEP, median under ${STAMP_MEDIAN_SECONDS} s, keeping unused access.</p>
${x.quality.reviewers.length ? table(
    ["Certifier", "Decisions", "Items", "Median s/decision", "KEEP share", "Kept unused", "Largest bulk", "Last hour", "Flag"],
    [...x.quality.reviewers, ...(x.quality.total ? [x.quality.total] : [])].map((r) => [
      r.reviewerId ? (r.reviewerEmail ?? r.reviewerId) : "All reviewers", r.decisions, r.items, r.medianSeconds === null ? "" : r.medianSeconds.toFixed(1),
      r.keepShare === null ? "" : `${Math.round(r.keepShare * 100)}%`, r.keptUnused, r.largestBulk, r.lastHour,
      r.reviewerId ? (r.rubberStamp ? `Likely rubber-stamping: ${r.reasons.join(", ")}` : "") : r.rubberStamp ? "At least one reviewer flagged" : "",
    ]),
  ) : "<p>No decisions by reviewers yet.</p>"}
<h2>Delegations</h2>${x.delegations.length ? `<p>While a delegation was in force the delegate decided the delegator's items; each decision records both (decided_by and reviewer_of_record in decisions.csv).</p>${table(
    ["Reviewer of record", "Delegate (certifier)", "Covers", "From", "To", "State", "Reason"],
    x.delegations.map((d) => [d.delegator.email, d.delegate.email, d.campaign ? "This campaign" : "All campaigns", d.startsAt.toISOString(), d.endsAt.toISOString(), d.revokedAt ? `Revoked ${d.revokedAt.toISOString()}` : d.state, d.reason ?? ""]),
  )}` : "<p>No delegations covered this campaign.</p>"}
<h2>Remediation</h2>${x.tasks.length ? table(["Task", "Status", "Count"], x.tasks.map((t) => [TASK_ACTIONS[t.action as keyof typeof TASK_ACTIONS] ?? t.action, t.status, t._count._all])) : "<p>No remediation tasks.</p>"}
<h2>Lifecycle (audit log)</h2>${table(["When", "Event", "By", "Audit hash"], x.events.map((e) => [e.at.toISOString(), e.action, e.actorEmail ?? "system", e.hash]))}
<h2>Integrity</h2><table>${row("SHA-256 of decisions.csv", x.csvHash)}${row("SHA-256 of snapshots.json", x.jsonHash)}${row("SHA-256 of exceptions.csv", x.exceptionsHash)}</table>
</body></html>
`;
}
