import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Bot, KeyRound, ShieldAlert } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { getIdentityDetail } from "@/lib/identities/queries";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS, PLATFORM_LABELS, STATUS_LABELS } from "@/lib/identities/labels";
import { personLabel } from "@/lib/users/schemas";
import { isPurposeStale } from "@/lib/identities/rules";
import { findingsOfIdentity } from "@/lib/findings/queries";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { exceptionsOfIdentity, liveExceptionsOfFindings } from "@/lib/exceptions/queries";
import { utcDay } from "@/lib/exceptions/schemas";
import { getExceptionPolicy } from "@/lib/settings/exception-policy";
import { changesOfIdentity, pendingSuggestionsOf } from "@/lib/imports/queries";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate, formatRelative } from "@/lib/utils";
import { RiskBadge } from "../risk-badge";
import { CredentialsTable } from "./credentials-table";
import { EntitlementsTable } from "./entitlements-table";
import { ActivityList } from "./activity-list";
import { FindingsList } from "./findings-list";
import { RiskBreakdown } from "./risk-breakdown";
import { ExceptionsList } from "./exceptions-list";
import { FindingExceptionProvider } from "../../exceptions/finding-exception";
import { RequestExceptionDialog } from "../../exceptions/request-exception";
import { EditIdentityForm } from "./edit-identity-form";
import { HandOverDialog, TransferHistory } from "./handover";
import { canHandOver, listIdentityTransfers } from "@/lib/ownership/queries";
import { PurposeForm } from "./purpose-form";
import { OwnerSuggestionsPanel } from "./owner-suggestions";

export const metadata: Metadata = { title: "NHI" };

export default async function IdentityPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer("identity:read");
  const { id } = await params;
  // Expired exceptions must not show as accepted risk here, even before the jobs scheduler ran.
  await ensureExceptionsCurrent();
  let detail;
  try {
    detail = await getIdentityDetail(viewer, id);
  } catch (err) {
    // Another owner's NHI and a missing one look the same: 404, so ids cannot be probed.
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { identity: nhi, credentials, entitlements, activity, people, unusedWindowDays } = detail;
  const isAdmin = can(viewer, "identity:edit");
  const isMine = nhi.ownerId === viewer.id || nhi.backupOwnerId === viewer.id;
  const canEditPurpose = isAdmin || (isMine && can(viewer, "identity:edit-purpose-own"));
  const canRequest = can(viewer, "exception:request");
  const mayHandOver = canHandOver(viewer, nhi.ownerId) && !nhi.platformManaged;
  const [findings, exceptions, policy, importChanges, suggestions, transfers] = await Promise.all([
    // The NHI is in the viewer's scope (getIdentityDetail checked), so its findings and import history are too.
    can(viewer, "finding:read") ? findingsOfIdentity(nhi.id) : Promise.resolve([]),
    can(viewer, "exception:read") ? exceptionsOfIdentity(viewer, nhi.id) : Promise.resolve([]),
    getExceptionPolicy(),
    changesOfIdentity(nhi.id),
    isAdmin ? pendingSuggestionsOf(viewer, nhi.id) : Promise.resolve([]),
    listIdentityTransfers(viewer, nhi.id),
  ]);
  const live = await liveExceptionsOfFindings(viewer, findings.map((f) => ({ id: f.id, ruleId: f.ruleId, identityId: nhi.id })));
  const openCount = findings.filter((f) => f.status === "OPEN").length;
  const acceptedCount = findings.length - openCount;
  const requestable = findings.filter((f) => f.status === "OPEN" && !live[f.id]);
  const requestContext = { policy, today: utcDay(new Date()) };
  const purposeStale = isPurposeStale(nhi.purposeConfirmedAt);
  const privilegeClasses = [
    nhi.canChangeInfra && "Can change infrastructure",
    nhi.canReadSensitive && "Can read sensitive data",
    nhi.canTriggerDeploy && "Can trigger deployments or approvals",
  ].filter(Boolean) as string[];

  return (
    <div className="space-y-6">
      <div>
        <Link href="/inventory" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Inventory
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="break-all text-2xl font-semibold tracking-tight">{nhi.name}</h1>
            <p className="mt-1 break-all font-mono text-xs text-muted-foreground">{nhi.externalId}</p>
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <Badge variant="outline">{KIND_LABELS[nhi.kind]}</Badge>
              <Badge variant={nhi.status === "ACTIVE" ? "success" : "neutral"} dot>
                {STATUS_LABELS[nhi.status]}
              </Badge>
              <Badge variant="outline">{ENVIRONMENT_LABELS[nhi.environment]}</Badge>
              <Badge variant="outline">
                {PLATFORM_LABELS[nhi.source.platform] ?? nhi.source.platform} · {nhi.source.key}
              </Badge>
              {nhi.isPrivileged ? (
                <Badge variant="high">
                  <ShieldAlert aria-hidden="true" /> Privileged
                </Badge>
              ) : null}
              {nhi.breakGlass ? <Badge variant="critical">Break-glass</Badge> : null}
              {nhi.shared ? <Badge variant="medium">Shared</Badge> : null}
              {nhi.platformManaged ? <Badge variant="neutral">Platform-managed</Badge> : null}
            </div>
          </div>
          <div className="flex flex-col items-end gap-1">
            <span className="text-xs uppercase tracking-wide text-muted-foreground">Risk</span>
            <RiskBadge score={nhi.riskScore} />
          </div>
        </div>
      </div>

      <RiskBreakdown score={nhi.riskScore} reasons={nhi.riskReasons} />

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Accountability</CardTitle>
            <CardDescription>Who owns this identity and why it exists.</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
              <Fact label="Owner">
                {nhi.owner ? (
                  <PersonLine person={nhi.owner} />
                ) : nhi.platformManaged ? (
                  <span className="text-muted-foreground">Platform-managed (no owner needed)</span>
                ) : (
                  <Badge variant="critical">No owner: orphaned</Badge>
                )}
              </Fact>
              <Fact label="Backup owner">{nhi.backupOwner ? <PersonLine person={nhi.backupOwner} /> : <span className="text-muted-foreground">None</span>}</Fact>
              <Fact label="Team">{nhi.team?.name ?? <span className="text-muted-foreground">Unassigned</span>}</Fact>
              <Fact label="Criticality">{CRITICALITY_LABELS[nhi.criticality]}</Fact>
              {nhi.kind === "AI_AGENT" || nhi.onBehalfOf ? (
                <Fact label="Acts on behalf of" wide>
                  {nhi.onBehalfOf ? (
                    <span className="flex flex-wrap items-center gap-2">
                      <Bot className="size-4 text-muted-foreground" aria-hidden="true" />
                      <PersonLine person={nhi.onBehalfOf} />
                      {nhi.delegatedScopes.length ? (
                        <span className="flex flex-wrap gap-1">
                          {nhi.delegatedScopes.map((s) => (
                            <Badge key={s} variant="info">
                              {s}
                            </Badge>
                          ))}
                        </span>
                      ) : null}
                    </span>
                  ) : (
                    <Badge variant="critical">No accountable human</Badge>
                  )}
                </Fact>
              ) : null}
              <Fact label="Purpose" wide>
                {nhi.purpose ? <p className="whitespace-pre-line">{nhi.purpose}</p> : <span className="text-muted-foreground">No stated purpose</span>}
                <p className="mt-1 text-xs text-muted-foreground">
                  {nhi.purposeConfirmedAt ? `Confirmed ${formatRelative(nhi.purposeConfirmedAt)}` : "Never confirmed"}
                  {purposeStale ? <Badge variant="medium" className="ml-2">Needs confirmation</Badge> : null}
                </p>
              </Fact>
            </dl>
            {mayHandOver ? (
              <div className="mt-4 flex flex-wrap items-center gap-3">
                <HandOverDialog identity={{ id: nhi.id, name: nhi.name, ownerId: nhi.ownerId }} />
                <span className="text-xs text-muted-foreground">Moving it to someone else? They accept it in their reviews; until then the owner stays accountable.</span>
              </div>
            ) : null}
            <TransferHistory transfers={transfers} canCancel={mayHandOver} />
            {suggestions.length ? <OwnerSuggestionsPanel suggestions={suggestions} /> : null}
            {isAdmin ? (
              <div className="mt-5 border-t pt-5">
                <EditIdentityForm
                  identityId={nhi.id}
                  people={{
                    owner: nhi.owner ? { id: nhi.owner.id, label: `${personLabel(nhi.owner)}${nhi.owner.active ? "" : " · has left"}` } : null,
                    backupOwner: nhi.backupOwner ? { id: nhi.backupOwner.id, label: `${personLabel(nhi.backupOwner)}${nhi.backupOwner.active ? "" : " · has left"}` } : null,
                  }}
                  defaults={{ ownerId: nhi.ownerId ?? "", backupOwnerId: nhi.backupOwnerId ?? "", criticality: nhi.criticality, purpose: nhi.purpose ?? "" }}
                />
              </div>
            ) : canEditPurpose ? (
              <div className="mt-5 border-t pt-5">
                <PurposeForm identityId={nhi.id} defaultPurpose={nhi.purpose ?? ""} />
              </div>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Facts</CardTitle>
            <CardDescription>From {nhi.source.name}</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="space-y-3 text-sm">
              <Fact label="Privileged access">
                {privilegeClasses.length ? (
                  <ul className="space-y-0.5">
                    {privilegeClasses.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                ) : (
                  "None"
                )}
              </Fact>
              {nhi.breakGlass ? <Fact label="Break-glass last tested">{formatDate(nhi.breakGlassTestedAt) || "Never"}</Fact> : null}
              <Fact label="Last used">{formatRelative(nhi.lastUsedAt)}</Fact>
              <Fact label="Created at source">{formatDate(nhi.createdAtSource)}</Fact>
              <Fact label="First seen by Steward">{formatDate(nhi.firstSeenAt)}</Fact>
              <Fact label="Last import">{formatRelative(nhi.source.lastImportAt ?? nhi.lastSeenAt)}</Fact>
              <Fact label="Grants">
                {nhi.entitlementCount} ({nhi.unusedEntitlements} unused in {unusedWindowDays} days)
              </Fact>
            </dl>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Findings</CardTitle>
          <CardDescription>
            {openCount} open{acceptedCount ? `, ${acceptedCount} accepted as risk` : ""}. Problems on this NHI, mapped to the OWASP Non-Human
            Identities Top 10, with how to fix each.
          </CardDescription>
          {canRequest && requestable.length > 1 ? (
            <CardAction>
              <RequestExceptionDialog
                identity={{ id: nhi.id, name: nhi.name }}
                findings={requestable.map((f) => ({ id: f.id, ruleId: f.ruleId, title: f.title, summary: f.summary, severity: f.severity }))}
                context={requestContext}
                triggerLabel="Request exception…"
              />
            </CardAction>
          ) : null}
        </CardHeader>
        <CardContent>
          <FindingExceptionProvider value={{ ...requestContext, canRequest }}>
            <FindingsList findings={findings} identity={{ id: nhi.id, name: nhi.name }} exceptions={live} />
          </FindingExceptionProvider>
        </CardContent>
      </Card>

      {can(viewer, "exception:read") ? (
        <Card>
          <CardHeader>
            <CardTitle>Exceptions</CardTitle>
            <CardDescription>Risk accepted on this NHI, requested or past: who asked, who approved, until when.</CardDescription>
          </CardHeader>
          <CardContent>
            <ExceptionsList exceptions={exceptions} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <KeyRound className="size-4" aria-hidden="true" /> Credentials
          </CardTitle>
          <CardDescription>Metadata only: Steward never stores or shows secret values.</CardDescription>
        </CardHeader>
        <CardContent>
          <CredentialsTable credentials={credentials} total={nhi.credentialCount} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Entitlements</CardTitle>
          <CardDescription>What this identity can reach, and whether it has used it in the last {unusedWindowDays} days.</CardDescription>
        </CardHeader>
        <CardContent>
          <EntitlementsTable entitlements={entitlements} total={nhi.entitlementCount} unusedWindowDays={unusedWindowDays} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Activity</CardTitle>
          <CardDescription>Changes made in Steward and changes imports found at the source (drift), newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          <ActivityList events={activity} people={people} importChanges={importChanges.rows} importPeople={importChanges.people} />
        </CardContent>
      </Card>
    </div>
  );
}

function Fact({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-1 text-sm">{children}</dd>
    </div>
  );
}

function PersonLine({ person }: { person: { name: string; email: string; active: boolean } }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span className="font-medium">{person.name}</span>
      <span className="text-muted-foreground">{person.email}</span>
      {!person.active ? <Badge variant="high">Deactivated</Badge> : null}
    </span>
  );
}
