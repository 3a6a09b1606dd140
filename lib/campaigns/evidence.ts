import "server-only";
import crypto from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { db, Prisma } from "../db";
import { recordAuditStandalone } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { safeCell } from "../csv/stream";
import { KIND_LABELS } from "../identities/labels";
import { TASK_ACTIONS } from "../remediation/labels";
import { zipResponseStream } from "../zip";
import { getCampaign, getCampaignProgress } from "./queries";
import { CAMPAIGN_STATUS_LABELS, COMMENT_POLICY_LABELS, NO_RESPONSE_LABELS, ROUTING_LABELS } from "./labels";
import { readSnapshot, type ReviewSnapshot } from "./snapshot";
import { snapshotJson } from "./sql";
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

/**
 * The evidence pack of a campaign, as a streamed ZIP: decisions.csv (one row per decision: who decided, for whom,
 * when, what was suggested, the comment; undecided items too), snapshots.json (every item with the snapshot its
 * reviewer was shown and its decisions) and summary.html (settings, outcome, progress, and the SHA-256 of both
 * files). ADMIN and AUDITOR. The download is audited once the pack is complete.
 */
export async function evidencePack(viewer: Viewer, campaignId: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  assertCan(viewer, "campaign:evidence");
  const campaign = await getCampaign(viewer, campaignId);
  const generatedAt = new Date();
  const hashes = { csv: crypto.createHash("sha256"), json: crypto.createHash("sha256") };
  const counts = { items: 0, decisions: 0, byDecision: new Map<string, number>() };
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

  async function* summaryHtml() {
    const progress = campaign.status === "DRAFT" ? null : await getCampaignProgress(viewer, campaignId);
    const tasks = await db.remediationTask.groupBy({ by: ["action", "status"], where: { campaignId }, _count: { _all: true } });
    const events = await db.auditEvent.findMany({
      where: { targetType: "Campaign", targetId: campaignId },
      select: { at: true, action: true, actorEmail: true, hash: true },
      orderBy: { seq: "asc" },
    });
    yield renderSummary({ campaign, progress, tasks, events, counts, generatedAt, viewer, csvHash: hashes.csv.digest("hex"), jsonHash: hashes.json.digest("hex") });
    await recordAuditStandalone({ actor: viewer, action: "campaign.evidence-export", targetType: "Campaign", targetId: campaignId, meta: { items: counts.items, decisions: counts.decisions } });
  }

  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "campaign";
  return {
    filename: `steward-evidence-${slug}-${generatedAt.toISOString().slice(0, 10)}.zip`,
    stream: zipResponseStream([
      { name: "decisions.csv", content: decisionsCsv() },
      { name: "snapshots.json", content: snapshotsJson() },
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
  counts: { items: number; decisions: number; byDecision: Map<string, number> };
  generatedAt: Date;
  viewer: Viewer;
  csvHash: string;
  jsonHash: string;
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
<h2>Remediation</h2>${x.tasks.length ? table(["Task", "Status", "Count"], x.tasks.map((t) => [TASK_ACTIONS[t.action as keyof typeof TASK_ACTIONS] ?? t.action, t.status, t._count._all])) : "<p>No remediation tasks.</p>"}
<h2>Lifecycle (audit log)</h2>${table(["When", "Event", "By", "Audit hash"], x.events.map((e) => [e.at.toISOString(), e.action, e.actorEmail ?? "system", e.hash]))}
<h2>Integrity</h2><table>${row("SHA-256 of decisions.csv", x.csvHash)}${row("SHA-256 of snapshots.json", x.jsonHash)}</table>
</body></html>
`;
}
