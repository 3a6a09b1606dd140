import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { EXCEPTION_STATUS_LABELS, EXCEPTION_STATUS_VARIANTS } from "@/lib/exceptions/labels";
import { getException } from "@/lib/exceptions/queries";
import { COMPENSATING_CONTROLS, utcDay, type CompensatingControl } from "@/lib/exceptions/schemas";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "@/lib/findings/labels";
import { getExceptionPolicy } from "@/lib/settings/exception-policy";
import { Alert } from "@/components/ui/alert";
import { Badge, severityVariant } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate, formatDateTime, formatRelative } from "@/lib/utils";
import { DecisionDialog, RevokeDialog } from "../decision-dialogs";
import { ExtendExceptionDialog } from "../request-exception";

export const metadata: Metadata = { title: "Exception" };

const HISTORY_LABELS: Record<string, string> = {
  "exception.request": "Requested",
  "exception.extend": "Requested as an extension",
  "exception.approve": "Approved",
  "exception.reject": "Rejected",
  "exception.revoke": "Revoked",
  "exception.expire": "Expired",
  "demo.exception": "Created by the demo seed",
};

export default async function ExceptionPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer("exception:read");
  const { id } = await params;
  await ensureExceptionsCurrent();
  let detail;
  try {
    detail = await getException(viewer, id);
  } catch (err) {
    // Another owner's exception and a missing one look the same.
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { exception: ex, review, previous, extensions, findings, history, abilities } = detail;
  const policy = abilities.canExtend ? await getExceptionPolicy() : null;
  const controls = ex.controls.map((c) => COMPENSATING_CONTROLS[c as CompensatingControl] ?? c);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/exceptions" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Exceptions
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight">{ex.scopeLabel}</h1>
            <p className="mt-1 text-sm text-muted-foreground">
              Accepted risk on{" "}
              {ex.identity ? (
                <Link href={`/inventory/${ex.identity.id}`} className="font-medium text-primary hover:underline">
                  {ex.identity.name}
                </Link>
              ) : (
                "a deleted NHI"
              )}
              {ex.identity ? ` · ${ex.identity.source.key}` : null}
            </p>
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <Badge variant={EXCEPTION_STATUS_VARIANTS[ex.status]} data-testid="exception-status">
                {EXCEPTION_STATUS_LABELS[ex.status]}
              </Badge>
              <Badge variant={severityVariant(ex.severity)} dot>
                {SEVERITY_LABELS[ex.severity]}
              </Badge>
              <Badge variant="outline">{ex.scope === "RULE" ? "Whole rule on this NHI" : ex.findingCount === 1 ? "1 finding" : `${ex.findingCount} findings`}</Badge>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {abilities.canDecide ? (
              <>
                <DecisionDialog ids={[ex.id]} decision="APPROVE" />
                <DecisionDialog ids={[ex.id]} decision="REJECT" />
              </>
            ) : null}
            {abilities.canExtend && policy ? (
              <ExtendExceptionDialog previousId={ex.id} severity={ex.severity} scopeLabel={ex.scopeLabel} context={{ policy, today: utcDay(new Date()) }} />
            ) : null}
            {abilities.canRevoke ? <RevokeDialog id={ex.id} isPending={ex.status === "PROPOSED"} /> : null}
          </div>
        </div>
      </div>

      {ex.status === "PROPOSED" && abilities.isApprover && abilities.isOwnRequest ? (
        <Alert variant="info">You requested this exception: another approver must decide it.</Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Request</CardTitle>
            <CardDescription>
              By {ex.requestedBy.name} ({ex.requestedBy.email}), {formatDateTime(ex.createdAt)}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4 text-sm">
            <div>
              <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Justification</h4>
              <p className="mt-1 whitespace-pre-line">{ex.justification}</p>
            </div>
            <div>
              <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Compensating controls</h4>
              {controls.length ? (
                <ul className="mt-1 list-disc space-y-0.5 pl-5">
                  {controls.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              ) : null}
              {ex.controlsNote ? <p className="mt-1 whitespace-pre-line">{ex.controlsNote}</p> : null}
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Decision</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="space-y-3 text-sm">
              <Fact label="Expires">
                {formatDate(ex.expiresAt)} <span className="text-muted-foreground">({formatRelative(ex.expiresAt)})</span>
              </Fact>
              {ex.approvedBy ? <Fact label="Approved by">{ex.approvedBy.name}, {formatDateTime(ex.decidedAt)}</Fact> : null}
              {ex.rejectedBy ? <Fact label="Rejected by">{ex.rejectedBy.name}, {formatDateTime(ex.decidedAt)}</Fact> : null}
              {ex.decisionComment ? <Fact label="Comment">{ex.decisionComment}</Fact> : null}
              {ex.revokedBy ? (
                <Fact label="Revoked by">
                  {ex.revokedBy.name}, {formatDateTime(ex.revokedAt)}
                  {ex.revokeReason ? <span className="block text-muted-foreground">{ex.revokeReason}</span> : null}
                </Fact>
              ) : null}
              {ex.status === "PROPOSED" ? <Fact label="Decision">Waiting for an approver</Fact> : null}
              {review ? (
                <Fact label="From review">
                  {review.href ? (
                    <Link href={review.href} className="text-primary hover:underline">
                      {review.campaignName}
                    </Link>
                  ) : (
                    review.campaignName
                  )}
                  <span className="block text-muted-foreground">Requested while keeping this access in the campaign review</span>
                </Fact>
              ) : null}
              {previous ? (
                <Fact label="Extends">
                  <Link href={`/exceptions/${previous.id}`} className="text-primary hover:underline">
                    Exception {EXCEPTION_STATUS_LABELS[previous.status].toLowerCase()}, ending {formatDate(previous.expiresAt)}
                  </Link>
                </Fact>
              ) : null}
              {extensions.length ? (
                <Fact label="Extended by">
                  <ul className="space-y-0.5">
                    {extensions.map((e) => (
                      <li key={e.id}>
                        <Link href={`/exceptions/${e.id}`} className="text-primary hover:underline">
                          Request of {formatDate(e.createdAt)}
                        </Link>{" "}
                        <span className="text-muted-foreground">({EXCEPTION_STATUS_LABELS[e.status].toLowerCase()}, until {formatDate(e.expiresAt)})</span>
                      </li>
                    ))}
                  </ul>
                </Fact>
              ) : null}
            </dl>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Covered findings</CardTitle>
          <CardDescription>
            {ex.scope === "RULE"
              ? "Every finding of this rule on the NHI, including ones that appear later."
              : "The findings this exception was requested for. A finding whose cause is fixed is resolved as usual."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {findings.length ? (
            <ul className="divide-y" aria-label="Covered findings">
              {findings.map((f) => (
                <li key={f.id} className="flex flex-wrap items-start justify-between gap-2 py-2.5">
                  <div className="min-w-0">
                    <p className="text-sm font-medium">
                      {f.title} <span className="font-normal text-muted-foreground">· {f.owaspId}</span>
                    </p>
                    {f.summary ? <p className="text-sm text-muted-foreground">{f.summary}</p> : null}
                  </div>
                  <div className="flex items-center gap-2">
                    <Badge variant={severityVariant(f.severity)} dot>
                      {SEVERITY_LABELS[f.severity]}
                    </Badge>
                    <Badge variant={f.status === "OPEN" ? "high" : "neutral"}>{FINDING_STATUS_LABELS[f.status]}</Badge>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">No finding of this rule on the NHI right now.</p>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
          <CardDescription>From the audit log, oldest first.</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="space-y-3" aria-label="History">
            {history.map((e) => {
              const after = (e.after ?? {}) as { comment?: string | null; reason?: string };
              const note = after.comment ?? after.reason;
              return (
                <li key={e.id} className="border-l-2 border-border pl-4 text-sm">
                  <span className="font-medium">{HISTORY_LABELS[e.action] ?? e.action}</span>
                  {e.actorEmail ? ` by ${e.actorEmail}` : e.action === "exception.expire" ? " by Steward (expiry job)" : null}
                  <span className="text-muted-foreground"> · {formatDateTime(e.at)}</span>
                  {note ? <p className="text-muted-foreground">{note}</p> : null}
                </li>
              );
            })}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-1">{children}</dd>
    </div>
  );
}
