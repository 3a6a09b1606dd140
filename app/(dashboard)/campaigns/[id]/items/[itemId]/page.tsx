import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { db } from "@/lib/db";
import { getReviewItem, type ReviewItemDetail } from "@/lib/campaigns/queries";
import { DECISION_LABELS, PART_LABELS, ROUTING_LABELS } from "@/lib/campaigns/labels";
import { CREDENTIAL_TYPE_LABELS, ENVIRONMENT_LABELS, KIND_LABELS, PRIVILEGE_LABELS } from "@/lib/identities/labels";
import { Badge } from "@/components/ui/badge";
import { EXCEPTION_STATUS_LABELS, EXCEPTION_STATUS_VARIANTS } from "@/lib/exceptions/labels";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatDateTime } from "@/lib/utils";
import { RiskBadge } from "../../../../inventory/risk-badge";

export const metadata: Metadata = { title: "Review item" };

/** The evidence of one item, for admins and auditors: what the reviewer was shown and every decision, read-only. */
export default async function ReviewItemPage({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const viewer = await requireViewer("campaign:read");
  const { id, itemId } = await params;
  let item: ReviewItemDetail;
  try {
    item = await getReviewItem(viewer, itemId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  if (item.campaignId !== id) notFound();
  const s = item.snapshot;
  const person = (uid: string | null | undefined) => (uid ? (item.people[uid]?.name ?? uid) : "—");
  const decisionOf = (target: string, targetId = "") => item.decisions.find((d) => d.target === target && d.targetId === targetId);
  const requested = new Set(item.exceptions.fromItem.map((x) => x.id));
  const exceptions = [...new Map([...item.exceptions.fromItem, ...item.exceptions.live].map((x) => [x.id, { ...x, fromThisReview: requested.has(x.id) }])).values()];
  const trail = await db.auditEvent.findMany({
    where: { targetType: "ReviewItem", targetId: itemId },
    select: { id: true, at: true, actorEmail: true, action: true, after: true },
    orderBy: { seq: "asc" },
    take: 200,
  });
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/campaigns/${id}/items`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> {item.campaign.name}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="break-all text-2xl font-semibold tracking-tight">{s.identity.name}</h1>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <Badge variant="outline">{KIND_LABELS[s.identity.kind as keyof typeof KIND_LABELS] ?? s.identity.kind}</Badge>
              <Badge variant="outline">{ENVIRONMENT_LABELS[s.identity.environment as keyof typeof ENVIRONMENT_LABELS] ?? s.identity.environment}</Badge>
              <Badge variant="outline">{s.identity.source.key}</Badge>
              <Badge variant="info">{PART_LABELS[item.part]}</Badge>
              {item.decidedAt ? <Badge variant="success">Decided {formatDateTime(item.decidedAt)}</Badge> : item.noResponse ? <Badge variant="high">No response</Badge> : <Badge variant="outline">Waiting</Badge>}
            </div>
          </div>
          <RiskBadge score={s.identity.riskScore} />
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Review</CardTitle>
          <CardDescription>Snapshot frozen {formatDateTime(s.takenAt)} (version {item.snapshotVersion}).</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
            <Fact label="Reviewer">{person(item.reviewerId)}{item.delegatedFromId ? ` (delegated by ${person(item.delegatedFromId)})` : ""}</Fact>
            <Fact label="Routed because">{ROUTING_LABELS[item.routedBy]}</Fact>
            <Fact label="Owner shown">{s.identity.owner ? `${s.identity.owner.name}${s.identity.owner.active ? "" : " (inactive)"}` : "No owner"}</Fact>
            {s.identity.onBehalfOf ? <Fact label="Acts on behalf of">{s.identity.onBehalfOf.name}</Fact> : null}
            <Fact label="Purpose shown">{s.identity.purpose ?? "None"}</Fact>
            <Fact label="Purpose confirmed">{item.purposeConfirmed ?? "—"}</Fact>
            <Fact label="Comment">{item.comment ?? "—"}</Fact>
            {item.decidedById && item.decidedById !== item.reviewerId ? <Fact label="Decided by">{person(item.decidedById)} for {person(item.reviewerId)} (delegation)</Fact> : null}
            {item.changes ? (
              <Fact label="Since last certified">
                {item.changes.carriedForward
                  ? `Unchanged: certification carried forward from “${item.changes.campaignName}”`
                  : `Compared with “${item.changes.campaignName}”: ${item.changes.addedEntitlements.length + item.changes.changedEntitlements.length} grants and ${item.changes.addedCredentials.length + item.changes.changedCredentials.length} credentials new or changed`}
              </Fact>
            ) : null}
            {s.identity.breakGlass ? <Fact label="Break-glass attestation">{item.breakGlassAttestedAt ? `Tested and still needed (${formatDateTime(item.breakGlassAttestedAt)})` : "Not attested"}</Fact> : null}
          </dl>
        </CardContent>
      </Card>

      {exceptions.length || s.exceptions?.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Risk exceptions</CardTitle>
            <CardDescription>
              {s.exceptions
                ? `At launch the NHI had ${s.exceptions.length === 1 ? "1 live exception" : `${s.exceptions.length} live exceptions`} (frozen in the snapshot). `
                : ""}
              Now: live exceptions on this NHI, and those requested from this review.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-3">
            {s.exceptions?.length ? (
              <ul className="space-y-1 text-sm" aria-label="Exceptions at launch">
                {s.exceptions.map((x) => (
                  <li key={x.id} className="text-muted-foreground">
                    At launch: {EXCEPTION_STATUS_LABELS[x.status as keyof typeof EXCEPTION_STATUS_LABELS] ?? x.status} · {x.scope === "RULE" ? `every "${x.ruleId}" finding` : `${x.findings} finding${x.findings === 1 ? "" : "s"}`} · {x.severity.toLowerCase()} · until {formatDate(x.expiresAt)}
                  </li>
                ))}
              </ul>
            ) : null}
            <ul className="space-y-1.5 text-sm">
              {exceptions.map((x) => (
                <li key={x.id} className="flex flex-wrap items-center gap-2">
                  <Badge variant={EXCEPTION_STATUS_VARIANTS[x.status as keyof typeof EXCEPTION_STATUS_VARIANTS]}>{EXCEPTION_STATUS_LABELS[x.status as keyof typeof EXCEPTION_STATUS_LABELS]}</Badge>
                  <Link href={`/exceptions/${x.id}`} className="text-primary hover:underline">
                    {x.scopeLabel}
                  </Link>
                  <span className="text-muted-foreground">
                    until {formatDate(x.expiresAt)}
                    {x.fromThisReview ? " · requested in this review" : ""}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Decisions</CardTitle>
          <CardDescription>Who decided, for whom (the reviewer of record), when, and what Steward suggested.</CardDescription>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <Table aria-label="Decisions">
            <TableHeader>
              <TableRow>
                <TableHead>Target</TableHead>
                <TableHead>Suggested</TableHead>
                <TableHead>Decision</TableHead>
                <TableHead>Decided by</TableHead>
                <TableHead>For</TableHead>
                <TableHead>When</TableHead>
                <TableHead>Comment</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              <DecisionRow label={item.part === "DELEGATION" ? `Delegation (${s.identity.delegatedScopes.join(", ") || "no scopes"})` : "The NHI"} suggested={item.part === "DELEGATION" ? (s.identity.delegationSuggested ?? "") : s.identity.suggested} reason={item.part === "DELEGATION" ? (s.identity.delegationReason ?? "") : s.identity.reason} d={decisionOf(item.part === "DELEGATION" ? "DELEGATION" : "IDENTITY")} person={person} />
              {item.part === "ACCESS"
                ? s.entitlements.map((e) => (
                    <DecisionRow key={e.id} label={`${e.permission} on ${e.resource} (${PRIVILEGE_LABELS[e.privilege as keyof typeof PRIVILEGE_LABELS] ?? e.privilege}${e.unused ? ", unused" : ""})`} suggested={e.suggested} reason={e.reason} d={decisionOf("ENTITLEMENT", e.id)} person={person} />
                  ))
                : null}
              {item.part === "ACCESS"
                ? s.credentials.map((c) => (
                    <DecisionRow key={c.id} label={`${CREDENTIAL_TYPE_LABELS[c.type as keyof typeof CREDENTIAL_TYPE_LABELS] ?? c.type} ${c.name ?? c.externalId} (${c.ageDays} days old${c.expiresAt ? `, expires ${formatDate(c.expiresAt)}` : ""})`} suggested={c.suggested} reason={c.reason} d={decisionOf("CREDENTIAL", c.id)} person={person} />
                  ))
                : null}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Audit trail</CardTitle>
          <CardDescription>Every save of this item, including ones another save replaced.</CardDescription>
        </CardHeader>
        <CardContent>
          {trail.length ? (
            <ol className="space-y-2 text-sm">
              {trail.map((e) => (
                <li key={e.id} className="flex flex-wrap gap-x-3">
                  <span className="whitespace-nowrap text-muted-foreground">{formatDateTime(e.at)}</span>
                  <span className="font-medium">{e.action}</span>
                  <span>{e.actorEmail ?? "system"}</span>
                  <code className="break-all text-xs text-muted-foreground">{JSON.stringify(e.after)}</code>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-muted-foreground">Nothing recorded on this item yet.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 whitespace-pre-line">{children}</dd>
    </div>
  );
}

function DecisionRow({ label, suggested, reason, d, person }: { label: string; suggested: string; reason: string; d: ReviewItemDetail["decisions"][number] | undefined; person: (id: string | null | undefined) => string }) {
  return (
    <TableRow>
      <TableCell className="max-w-[22rem] [overflow-wrap:anywhere]">{label}</TableCell>
      <TableCell className="text-xs">
        <span className="font-medium">{DECISION_LABELS[suggested] ?? suggested}</span>
        <span className="block text-muted-foreground">{reason}</span>
      </TableCell>
      <TableCell>{d ? <Badge variant={["REVOKE", "DECOMMISSION", "REDUCE"].includes(d.decision) ? "high" : "success"}>{DECISION_LABELS[d.decision] ?? d.decision}{d.reassignToId ? ` to ${person(d.reassignToId)}` : ""}</Badge> : <span className="text-muted-foreground">—</span>}</TableCell>
      <TableCell>{d ? (d.source === "NO_RESPONSE" ? "No response (campaign outcome)" : d.source === "CARRY_FORWARD" ? "Carried forward (unchanged since certified)" : `${person(d.decidedById)}${d.source === "BULK" ? " (bulk)" : ""}`) : ""}</TableCell>
      <TableCell>{d ? person(d.reviewerOfRecordId) : ""}</TableCell>
      <TableCell className="whitespace-nowrap">{d ? formatDateTime(d.decidedAt) : ""}</TableCell>
      <TableCell className="max-w-[16rem]">{d?.comment ?? ""}</TableCell>
    </TableRow>
  );
}
