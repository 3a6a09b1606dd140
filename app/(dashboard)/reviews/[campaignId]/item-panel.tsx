"use client";

import { Bot, CircleCheck, KeyRound, ShieldAlert, ShieldCheck, Sparkles, TriangleExclamationPoint } from "lucide-react";
import Link from "next/link";
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { DECISION_LABELS } from "@/lib/campaigns/labels";
import type { BaselineChanges, ReviewItemDetail } from "@/lib/campaigns/queries";
import type { TDecision } from "@/lib/campaigns/schemas";
import type { SnapshotCredential, SnapshotEntitlement } from "@/lib/campaigns/snapshot";
import { DECISIONS, decisionKey, type CommentPolicy } from "@/lib/campaigns/state";
import { COMMENT_POLICY_LABELS } from "@/lib/campaigns/labels";
import { CREDENTIAL_TYPE_LABELS, ENVIRONMENT_LABELS, KIND_LABELS, PRIVILEGE_LABELS } from "@/lib/identities/labels";
import { personLabel, type PersonOption } from "@/lib/users/schemas";
import { cn, formatDate, formatRelative } from "@/lib/utils";
import { PersonPicker } from "../../person-picker";
import { RiskBadge } from "../../inventory/risk-badge";
import { EXCEPTION_STATUS_LABELS, EXCEPTION_STATUS_VARIANTS } from "@/lib/exceptions/labels";
import type { ExceptionStatus } from "@/lib/db/generated/enums";
import { RequestExceptionDialog, type RequestContext } from "../../exceptions/request-exception";
import { localProgress, type LocalItem, type SaveBody } from "./inbox";

/** The rows the arrow keys move between, in screen order; 1/2/3 pick the row's first, second or third option. */
export type FocusRow =
  | { kind: "IDENTITY"; key: string }
  | { kind: "DELEGATION"; key: string }
  | { kind: "ENTITLEMENT"; key: string; id: string }
  | { kind: "CREDENTIAL"; key: string; id: string };

export function rowsOf(detail: ReviewItemDetail): FocusRow[] {
  if (detail.part === "DELEGATION") return [{ kind: "DELEGATION", key: decisionKey("DELEGATION") }];
  return [
    { kind: "IDENTITY", key: decisionKey("IDENTITY") },
    ...sortEntitlements(detail.snapshot.entitlements).map((e) => ({ kind: "ENTITLEMENT" as const, key: decisionKey("ENTITLEMENT", e.id), id: e.id })),
    ...detail.snapshot.credentials.map((c) => ({ kind: "CREDENTIAL" as const, key: decisionKey("CREDENTIAL", c.id), id: c.id })),
  ];
}

const PRIVILEGE_ORDER: Record<string, number> = { ADMIN: 0, WRITE: 1, READ: 2, UNKNOWN: 3 };
/** Unused first, then the most privileged: what most needs a look. */
function sortEntitlements(list: SnapshotEntitlement[]) {
  return [...list].sort((a, b) => Number(b.unused) - Number(a.unused) || (PRIVILEGE_ORDER[a.privilege] ?? 9) - (PRIVILEGE_ORDER[b.privilege] ?? 9) || a.resource.localeCompare(b.resource));
}

const OPTIONS = { IDENTITY: DECISIONS.IDENTITY, DELEGATION: DECISIONS.DELEGATION, ENTITLEMENT: DECISIONS.ENTITLEMENT, CREDENTIAL: DECISIONS.CREDENTIAL } as const;

function decisionFor(row: FocusRow, decision: string, reassignToId?: string): TDecision {
  if (row.kind === "ENTITLEMENT") return { target: "ENTITLEMENT", id: row.id, decision: decision as "KEEP" };
  if (row.kind === "CREDENTIAL") return { target: "CREDENTIAL", id: row.id, decision: decision as "KEEP" };
  if (row.kind === "DELEGATION") return { target: "DELEGATION", decision: decision as "KEEP" };
  return { target: "IDENTITY", decision: decision as "CONFIRM", ...(reassignToId ? { reassignToId } : {}) };
}

export function ItemPanel({
  item,
  policy,
  focus,
  setFocus,
  readOnly,
  onSave,
  onCommentDraft,
  onPurposeDraft,
  onNext,
  panel,
  requestContext,
  onReload,
}: {
  item: LocalItem;
  policy: CommentPolicy;
  focus: number;
  setFocus: (i: number) => void;
  readOnly: boolean;
  onSave: (body: SaveBody) => void;
  onCommentDraft: (comment: string) => void;
  onPurposeDraft: (purpose: string) => void;
  onNext: () => void;
  panel: RefObject<HTMLDivElement | null>;
  requestContext: RequestContext | null;
  onReload: () => void;
}) {
  const d = item.detail;
  const s = d.snapshot;
  const rows = rowsOf(d);
  const progress = localProgress(item, policy);
  const [reassigning, setReassigning] = useState(false);
  const [newOwner, setNewOwner] = useState(item.decisions.get(decisionKey("IDENTITY"))?.reassignToId ?? "");
  // Who was picked here, by label: the item's own people map knows only those it had when it loaded.
  const [pickedOwner, setPickedOwner] = useState<PersonOption | null>(null);
  const personById = (id: string | null | undefined): Pick<PersonOption, "id" | "label"> | null => {
    if (!id) return null;
    if (pickedOwner?.id === id) return pickedOwner;
    const p = d.people[id];
    return p ? { id, label: personLabel(p) } : null;
  };
  const [purposeError, setPurposeError] = useState<string>();
  const savedComment = useRef(d.comment ?? "");
  const savedPurpose = useRef(d.purposeConfirmed ?? "");
  const rowRefs = useRef<(HTMLDivElement | null)[]>([]);

  useEffect(() => {
    rowRefs.current[focus]?.scrollIntoView({ block: "nearest" });
  }, [focus]);

  function confirmPurposeOrAsk(): string | null {
    const text = item.purpose.trim();
    if (text.length < 10) {
      setPurposeError("Write why this NHI exists (at least 10 characters) before confirming it.");
      panel.current?.querySelector<HTMLTextAreaElement>("#purpose")?.focus();
      return null;
    }
    setPurposeError(undefined);
    return text;
  }

  function choose(row: FocusRow, decision: string) {
    if (readOnly) return;
    if (row.kind === "IDENTITY" && decision === "REASSIGN") {
      setReassigning(true);
      return;
    }
    if (row.kind === "IDENTITY" && decision === "CONFIRM") {
      const purpose = confirmPurposeOrAsk();
      if (!purpose) return;
      onSave({ decisions: [decisionFor(row, decision)], ...(purpose !== savedPurpose.current ? { purpose } : {}) });
      savedPurpose.current = purpose;
    } else {
      onSave({ decisions: [decisionFor(row, decision)] });
    }
    setReassigning(false);
    const i = rows.findIndex((r) => r.key === row.key);
    if (i >= 0 && i < rows.length - 1) setFocus(i + 1);
  }

  function acceptSuggestions() {
    if (readOnly) return;
    if (d.part === "DELEGATION") {
      if (s.identity.delegationSuggested) onSave({ decisions: [{ target: "DELEGATION", decision: s.identity.delegationSuggested }] });
      return;
    }
    const access: TDecision[] = [
      ...s.entitlements.map((e) => ({ target: "ENTITLEMENT" as const, id: e.id, decision: e.suggested })),
      ...s.credentials.map((c) => ({ target: "CREDENTIAL" as const, id: c.id, decision: c.suggested })),
    ];
    const suggested = s.identity.suggested;
    if (suggested === "REASSIGN") {
      onSave({ decisions: access });
      setReassigning(true);
      return;
    }
    if (suggested === "DECOMMISSION") {
      onSave({ decisions: [{ target: "IDENTITY", decision: "DECOMMISSION" }] });
      return;
    }
    const purpose = confirmPurposeOrAsk();
    if (!purpose) return;
    onSave({ decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, ...access], ...(purpose !== savedPurpose.current ? { purpose } : {}) });
    savedPurpose.current = purpose;
  }

  // Shortcuts arrive from the inbox (which owns the keyboard) as events on the panel. The listener calls the latest
  // handler, which a layout effect swaps in before the browser paints: a key pressed right after "1" (the row shown
  // decided, focus moved on) must act on the row now focused, not reach the previous render's handler. The listener
  // itself is attached in a passive effect, once the panel element's ref is set.
  const onInboxKey = useRef<(key: string) => void>(() => undefined);
  useLayoutEffect(() => {
    onInboxKey.current = (key) => {
      if (key === "a") acceptSuggestions();
      else if (key === "e") {
        const row = rows[focus];
        panel.current?.querySelector<HTMLButtonElement>(`[data-row="${row?.key}"] [data-exception-trigger]`)?.click();
      }
      else if (key === "t") {
        if (s.identity.breakGlass && !item.attested) onSave({ breakGlassTested: true });
      } else {
        const row = rows[focus];
        const option = row ? OPTIONS[row.kind][Number(key) - 1] : undefined;
        if (row && option) choose(row, option);
      }
    };
  });
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    const onKey = (e: Event) => onInboxKey.current((e as CustomEvent<{ key: string }>).detail.key);
    el.addEventListener("inbox-key", onKey);
    return () => el.removeEventListener("inbox-key", onKey);
  });

  const decided = (key: string) => item.decisions.get(key)?.decision;
  const rowIndex = (key: string) => rows.findIndex((r) => r.key === key);
  const suggestionOf = (row: FocusRow): { decision: string; reason: string } | null => {
    if (row.kind === "IDENTITY") return { decision: s.identity.suggested, reason: s.identity.reason };
    if (row.kind === "DELEGATION") return s.identity.delegationSuggested ? { decision: s.identity.delegationSuggested, reason: s.identity.delegationReason ?? "" } : null;
    const el = row.kind === "ENTITLEMENT" ? s.entitlements.find((e) => e.id === row.id) : s.credentials.find((c) => c.id === row.id);
    return el ? { decision: el.suggested, reason: el.reason } : null;
  };

  // Render helpers, not components: a component defined in here would remount on every render and lose focus.
  const decide = (row: FocusRow) => {
    const current = decided(row.key);
    const sug = suggestionOf(row);
    return (
      <div className="flex shrink-0 gap-1" role="radiogroup" aria-label="Decision">
        {OPTIONS[row.kind].map((opt, i) => {
          const on = current === opt;
          const negative = opt === "REVOKE" || opt === "DECOMMISSION" || opt === "REDUCE";
          return (
            <button
              key={opt}
              role="radio"
              aria-checked={on}
              disabled={readOnly}
              title={`${DECISION_LABELS[opt]} (${i + 1})${sug?.decision === opt ? " · suggested" : ""}`}
              onClick={() => (setFocus(rowIndex(row.key)), choose(row, opt))}
              className={cn(
                "relative rounded-md border px-2.5 py-1 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60",
                on ? (negative ? "border-critical-border bg-critical-subtle text-critical-foreground" : "border-success-border bg-success-subtle text-success-foreground") : "bg-card hover:bg-accent",
                !on && sug?.decision === opt && "border-dashed border-primary/60",
              )}
            >
              {DECISION_LABELS[opt]}
              {sug?.decision === opt ? <span className="sr-only"> (suggested)</span> : null}
            </button>
          );
        })}
      </div>
    );
  };

  // KEEP on a grant or credential that carries open findings: keep it and ask for a time-boxed exception for them.
  // The KEEP is saved when the request form opens, so the decision stands whether or not the request is sent.
  const keepWithException = (row: FocusRow) => {
    if (readOnly || !requestContext || (row.kind !== "ENTITLEMENT" && row.kind !== "CREDENTIAL")) return null;
    const findings = d.exceptions?.requestable[row.key];
    if (!findings?.length) return null;
    return (
      <div className="mt-1.5" onClick={(e) => e.stopPropagation()}>
        <RequestExceptionDialog
          identity={{ id: s.identity.id, name: s.identity.name }}
          findings={findings}
          preselected={findings.map((f) => f.id)}
          context={requestContext}
          reviewItemId={d.id}
          triggerLabel={`Keep and request an exception (${findings.length === 1 ? findings[0]!.title : `${findings.length} findings`})…`}
          triggerProps={{ variant: "outline", size: "sm", title: "Keep this access and request a risk exception for its findings (e)", ...({ "data-exception-trigger": "" } as object) }}
          description="Your Keep decision is saved now, whether or not you send the request."
          onOpening={() => {
            if (decided(row.key) !== "KEEP") onSave({ decisions: [decisionFor(row, "KEEP")] });
          }}
          onRequested={onReload}
        />
      </div>
    );
  };

  const rowShell = (row: FocusRow, children: React.ReactNode, tone?: "warn" | "bad") => {
    const i = rowIndex(row.key);
    const sug = suggestionOf(row);
    return (
      <div
        key={row.key}
        ref={(el) => {
          rowRefs.current[i] = el;
        }}
        data-row={row.key}
        data-focused={focus === i ? "true" : undefined}
        onClick={() => setFocus(i)}
        className={cn(
          "flex flex-wrap items-start justify-between gap-3 rounded-md border px-3 py-2",
          tone === "warn" && "border-medium-border bg-medium-subtle/50",
          tone === "bad" && "border-high-border bg-high-subtle/50",
          focus === i && "ring-2 ring-primary",
        )}
      >
        <div className="min-w-0 flex-1">
          {children}
          {keepWithException(row)}
          {sug ? (
            <p className="mt-1 flex items-center gap-1 text-xs text-muted-foreground">
              <Sparkles className="size-3 shrink-0" aria-hidden="true" />
              Suggested: <span className="font-medium text-foreground">{DECISION_LABELS[sug.decision]}</span> · {sug.reason}
            </p>
          ) : null}
        </div>
        {decide(row)}
      </div>
    );
  };

  return (
    <article className="space-y-4 rounded-lg border bg-card p-4" aria-label={`Review of ${s.identity.name}`}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="break-all text-lg font-semibold">{s.identity.name}</h2>
          <p className="break-all font-mono text-xs text-muted-foreground">{s.identity.externalId}</p>
          <div className="mt-2 flex flex-wrap items-center gap-1.5">
            <Badge variant="outline">{KIND_LABELS[s.identity.kind as keyof typeof KIND_LABELS] ?? s.identity.kind}</Badge>
            <Badge variant="outline">{ENVIRONMENT_LABELS[s.identity.environment as keyof typeof ENVIRONMENT_LABELS] ?? s.identity.environment}</Badge>
            <Badge variant="outline">{s.identity.source.key}</Badge>
            {s.identity.isPrivileged ? (
              <Badge variant="high">
                <ShieldAlert aria-hidden="true" /> Privileged
              </Badge>
            ) : null}
            {s.identity.breakGlass ? <Badge variant="critical">Break-glass</Badge> : null}
            {s.identity.shared ? <Badge variant="medium">Shared</Badge> : null}
            {d.part === "DELEGATION" ? <Badge variant="info">Delegation review</Badge> : null}
          </div>
        </div>
        <div className="flex flex-col items-end gap-1 text-right text-xs text-muted-foreground">
          <RiskBadge score={s.identity.riskScore} />
          <span>Last used {formatRelative(s.identity.lastUsedAt)}</span>
          <span>As of {formatDate(s.takenAt)}</span>
        </div>
      </header>

      {d.actingFor ? (
        <p className="rounded-md border border-info-border bg-info-subtle px-3 py-2 text-sm" data-testid="acting-for">
          You decide this item for <span className="font-medium">{d.people[d.actingFor]?.name ?? "its reviewer"}</span> (delegation): they stay the reviewer of record, you are recorded as the one who decided.
        </p>
      ) : null}

      {d.changes ? <ChangesSince c={d.changes} /> : null}

      {d.selfReview ? (
        <p className="flex items-center gap-2 rounded-md border border-high-border bg-high-subtle px-3 py-2 text-sm">
          <TriangleExclamationPoint className="size-4" aria-hidden="true" /> You cannot certify this item: it would be a review of your own authority. An admin will route it to another reviewer.
        </p>
      ) : null}

      {s.identity.riskReasons.length ? (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-muted-foreground">
          {s.identity.riskReasons.slice(0, 4).map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}

      {exceptionsOf(d).length ? (
        <section aria-labelledby="exc-h" className="space-y-1 rounded-md border px-3 py-2">
          <h3 id="exc-h" className="flex items-center gap-2 text-sm font-semibold">
            <ShieldCheck className="size-4" aria-hidden="true" /> Risk exceptions on this NHI
          </h3>
          <ul className="space-y-1 text-sm">
            {exceptionsOf(d).map((x) => (
              <li key={x.id} className="flex flex-wrap items-center gap-1.5">
                <Badge variant={EXCEPTION_STATUS_VARIANTS[x.status as ExceptionStatus]}>{EXCEPTION_STATUS_LABELS[x.status as ExceptionStatus]}</Badge>
                <Link href={`/exceptions/${x.id}`} className="text-primary hover:underline">
                  {x.scopeLabel}
                </Link>
                <span className="text-xs text-muted-foreground">
                  until {formatDate(x.expiresAt)}
                  {x.fromThisReview ? " · requested in this review" : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.part === "DELEGATION" ? (
        <section aria-labelledby="deleg-h" className="space-y-2">
          <h3 id="deleg-h" className="flex items-center gap-2 text-sm font-semibold">
            <Bot className="size-4" aria-hidden="true" /> What you authorised this agent to do for you
          </h3>
          <p className="text-sm text-muted-foreground">
            {s.identity.owner ? `${s.identity.owner.name} owns the agent and reviews its own access separately. ` : ""}You certify the delegation: that it should still act with your authority, within these scopes.
          </p>
          <div className="flex flex-wrap gap-1.5">
            {s.identity.delegatedScopes.length ? s.identity.delegatedScopes.map((x) => <Badge key={x} variant="info">{x}</Badge>) : <span className="text-sm text-muted-foreground">No scopes recorded</span>}
          </div>
          {s.entitlements.length ? (
            <div>
              <p className="mt-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Systems it reaches</p>
              <ul className="mt-1 flex flex-wrap gap-1.5 text-xs">
                {[...new Set(s.entitlements.map((e) => e.resource))].slice(0, 30).map((r) => (
                  <li key={r} className="rounded border px-1.5 py-0.5 font-mono">
                    {r}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {rowShell(rows[0], <p className="text-sm font-medium">Keep, narrow or withdraw the delegation</p>)}
        </section>
      ) : (
        <>
          <section aria-labelledby="purpose-h" className="space-y-1.5">
            <div className="flex items-baseline justify-between gap-2">
              <Label id="purpose-h" htmlFor="purpose">
                1. Purpose <span className="font-normal text-muted-foreground">(p) · confirm it or rewrite it</span>
              </Label>
              <span className="text-xs text-muted-foreground">
                {s.identity.purposeConfirmedAt ? `Last confirmed ${formatRelative(s.identity.purposeConfirmedAt)}` : "Never confirmed"}
              </span>
            </div>
            <Textarea
              id="purpose"
              rows={2}
              value={item.purpose}
              disabled={readOnly}
              placeholder="What this NHI does, for which system, and why it needs its access."
              aria-invalid={!!purposeError}
              aria-describedby="purpose-error"
              onChange={(e) => onPurposeDraft(e.target.value)}
              onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLElement).blur()}
            />
            <FieldError id="purpose-error" message={purposeError} />
            {!readOnly && item.purpose.trim() !== (d.purposeConfirmed ?? "") && item.purpose.trim().length >= 10 ? (
              <Button
                size="sm"
                variant="outline"
                onClick={() => {
                  const p = confirmPurposeOrAsk();
                  if (p) (onSave({ purpose: p }), (savedPurpose.current = p));
                }}
              >
                Save purpose
              </Button>
            ) : null}
          </section>

          <section aria-labelledby="nhi-h" className="space-y-2">
            <h3 id="nhi-h" className="text-sm font-semibold">
              2. The NHI
            </h3>
            {rowShell(
              rows[0],
              <>
              <p className="text-sm">
                Owner: {s.identity.owner ? `${s.identity.owner.name}${s.identity.owner.active ? "" : " (has left)"}` : <span className="font-medium text-critical-foreground">none</span>}
                {s.identity.onBehalfOf ? ` · acts for ${s.identity.onBehalfOf.name}` : ""}
              </p>
              {decided(rows[0].key) === "REASSIGN" && !reassigning ? (
                <p className="text-xs text-muted-foreground">
                  To {personById(item.decisions.get(rows[0].key)?.reassignToId)?.label ?? "the chosen owner"} when the campaign closes
                </p>
              ) : null}
              {reassigning && !readOnly ? (
                <div className="mt-2 flex flex-wrap items-center gap-2" onClick={(e) => e.stopPropagation()}>
                  <PersonPicker
                    aria-label="New owner"
                    className="w-80"
                    purpose="new-owner"
                    exclude={[s.identity.owner?.id]}
                    selected={personById(newOwner)}
                    value={newOwner}
                    onChange={setNewOwner}
                    onPick={setPickedOwner}
                  />
                  <Button
                    size="sm"
                    disabled={!newOwner}
                    onClick={() => {
                      onSave({ decisions: [decisionFor(rows[0], "REASSIGN", newOwner)] });
                      setReassigning(false);
                    }}
                  >
                    Reassign
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setReassigning(false)}>
                    Cancel
                  </Button>
                </div>
              ) : null}
              </>,
              s.identity.suggested !== "CONFIRM" ? "warn" : undefined,
            )}
            {s.identity.breakGlass ? (
              <label className={cn("flex items-center gap-2 rounded-md border px-3 py-2 text-sm", item.attested ? "border-success-border bg-success-subtle" : "border-critical-border bg-critical-subtle/50")}>
                <Checkbox checked={item.attested} disabled={readOnly || item.attested} onCheckedChange={(c) => c === true && onSave({ breakGlassTested: true })} />
                <span>
                  <span className="font-medium">Tested and still needed</span> (t) · break-glass access is unused by design; attest that the procedure was tested
                  {s.identity.breakGlassTestedAt ? ` (last recorded test ${formatDate(s.identity.breakGlassTestedAt)})` : " (no test on record)"} and that it is still needed.
                </span>
              </label>
            ) : null}
          </section>

          {decided(rows[0].key) === "CONFIRM" || decided(rows[0].key) === undefined ? (
            <>
              <section aria-labelledby="ent-h" className="space-y-1.5">
                <h3 id="ent-h" className="text-sm font-semibold">
                  3. Entitlements ({s.entitlements.length}) <span className="font-normal text-muted-foreground">· 1 keep, 2 reduce, 3 revoke</span>
                </h3>
                {s.entitlements.length === 0 ? <p className="text-sm text-muted-foreground">No active grants.</p> : null}
                {sortEntitlements(s.entitlements).map((e) => (
                  rowShell(rows[rowIndex(decisionKey("ENTITLEMENT", e.id))], <Entitlement e={e} change={changeOf(d.changes, "Entitlements", e.id)} />, e.unused && !s.identity.breakGlass ? "warn" : undefined)
                ))}
              </section>
              <section aria-labelledby="cred-h" className="space-y-1.5">
                <h3 id="cred-h" className="flex items-center gap-2 text-sm font-semibold">
                  <KeyRound className="size-4" aria-hidden="true" /> 4. Credentials ({s.credentials.length}) <span className="font-normal text-muted-foreground">· 1 keep, 2 rotate, 3 revoke</span>
                </h3>
                {s.credentials.length === 0 ? <p className="text-sm text-muted-foreground">No credentials.</p> : null}
                {s.credentials.map((c) => (
                  rowShell(rows[rowIndex(decisionKey("CREDENTIAL", c.id))], <Credential c={c} change={changeOf(d.changes, "Credentials", c.id)} />, c.expired || c.overAge ? "bad" : c.unused ? "warn" : undefined)
                ))}
              </section>
            </>
          ) : (
            <p className="text-sm text-muted-foreground">
              {decided(rows[0].key) === "DECOMMISSION" ? "Decommissioning removes all of its access and credentials: no per-grant decisions needed." : "The new owner will certify its access: no per-grant decisions needed."}
            </p>
          )}
        </>
      )}

      <section className="space-y-1.5">
        <Label htmlFor="item-comment">
          Comment <span className="font-normal text-muted-foreground">(m) · {COMMENT_POLICY_LABELS[policy].toLowerCase()}</span>
        </Label>
        <Textarea
          id="item-comment"
          rows={2}
          value={item.comment}
          disabled={readOnly}
          placeholder="Why you decided as you did (saved when you leave the box)."
          onChange={(e) => onCommentDraft(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLElement).blur()}
          onBlur={() => {
            if (!readOnly && item.comment.trim() !== savedComment.current.trim()) {
              onSave({ comment: item.comment.trim() });
              savedComment.current = item.comment.trim();
            }
          }}
        />
      </section>

      <footer className="flex flex-wrap items-center justify-between gap-3 border-t pt-3">
        <p className="text-sm" aria-live="polite" data-testid="item-status">
          {item.saving > 0 ? (
            <span className="text-muted-foreground">Saving…</span>
          ) : progress.complete ? (
            <span className="flex items-center gap-1.5 font-medium text-success-foreground">
              <CircleCheck className="size-4" aria-hidden="true" /> Decided and saved{readOnly ? "" : " · Enter for the next item"}
            </span>
          ) : (
            <span className="text-muted-foreground">Still needed: {progress.missing.join(", ")}</span>
          )}
        </p>
        {!readOnly ? (
          <div className="flex gap-2">
            <Button variant="outline" size="sm" onClick={acceptSuggestions}>
              <Sparkles aria-hidden="true" /> Accept suggestions (a)
            </Button>
            <Button variant="ghost" size="sm" onClick={onNext}>
              Next (j)
            </Button>
          </div>
        ) : null}
      </footer>
    </article>
  );
}

type Change = "new" | "changed" | undefined;

/** Delta review: whether a grant or credential is new or changed since the NHI's last certification. */
function changeOf(c: BaselineChanges | null, what: "Entitlements" | "Credentials", id: string): Change {
  if (!c) return undefined;
  if (c[`added${what}`].includes(id)) return "new";
  if (c[`changed${what}`].includes(id)) return "changed";
  return undefined;
}

function ChangeBadge({ change }: { change: Change }) {
  if (!change) return null;
  return (
    <Badge variant="info" className="py-0" data-testid="change-badge">
      {change === "new" ? "New since last certified" : "Changed since last certified"}
    </Badge>
  );
}

/** What changed since the NHI was last certified (delta review), so the owner looks at that first. */
function ChangesSince({ c }: { c: BaselineChanges }) {
  const parts = [
    c.addedEntitlements.length && `${c.addedEntitlements.length} new grant${c.addedEntitlements.length > 1 ? "s" : ""}`,
    c.changedEntitlements.length && `${c.changedEntitlements.length} changed grant${c.changedEntitlements.length > 1 ? "s" : ""}`,
    c.addedCredentials.length && `${c.addedCredentials.length} new credential${c.addedCredentials.length > 1 ? "s" : ""}`,
    c.changedCredentials.length && `${c.changedCredentials.length} changed credential${c.changedCredentials.length > 1 ? "s" : ""}`,
    c.ownerChanged && "a new owner",
    c.purposeChanged && "a changed purpose",
  ].filter(Boolean);
  const removed = [...c.removedEntitlements, ...c.removedCredentials];
  return (
    <div className="rounded-md border border-info-border bg-info-subtle px-3 py-2 text-sm" data-testid="changes-since">
      <p>
        {c.carriedForward ? "Unchanged since" : "Changed since"} it was certified{c.certifiedAt ? ` on ${formatDate(c.certifiedAt)}` : ""} in “{c.campaignName}”
        {c.carriedForward ? ": certification carried forward." : parts.length ? `: ${parts.join(", ")} (marked below).` : ": nothing in its access changed, but something asks for a look (a finding, or a suggestion)."}
      </p>
      {removed.length ? <p className="text-muted-foreground">Removed since: {removed.slice(0, 10).join(", ")}{removed.length > 10 ? ` and ${removed.length - 10} more` : ""}</p> : null}
    </div>
  );
}

function Entitlement({ e, change }: { e: SnapshotEntitlement; change?: Change }) {
  return (
    <div className="min-w-0 text-sm">
      <p className="flex flex-wrap items-center gap-1.5">
        <ChangeBadge change={change} />
        <span className="font-mono text-xs font-medium">{e.permission}</span>
        <Badge variant={e.privilege === "ADMIN" ? "high" : e.privilege === "WRITE" ? "medium" : "neutral"} className="py-0">
          {PRIVILEGE_LABELS[e.privilege as keyof typeof PRIVILEGE_LABELS] ?? e.privilege}
        </Badge>
        {e.sensitivity !== "NORMAL" ? <Badge variant="critical" className="py-0">{e.sensitivity === "CRITICAL" ? "Critical resource" : "Sensitive"}</Badge> : null}
        {e.unused ? <Badge variant="medium" className="py-0">Unused</Badge> : null}
        {e.expiresAt ? <Badge variant="info" className="py-0">Time-bound</Badge> : null}
      </p>
      <p className="truncate font-mono text-xs text-muted-foreground" title={e.resource}>
        {e.resource}
      </p>
      <p className="text-xs text-muted-foreground">
        Last used {formatRelative(e.lastUsedAt)} · via {e.via.toLowerCase()}
        {e.viaName ? ` ${e.viaName}` : ""}
      </p>
    </div>
  );
}

function Credential({ c, change }: { c: SnapshotCredential; change?: Change }) {
  return (
    <div className="min-w-0 text-sm">
      <p className="flex flex-wrap items-center gap-1.5">
        <ChangeBadge change={change} />
        <span className="font-medium">{CREDENTIAL_TYPE_LABELS[c.type as keyof typeof CREDENTIAL_TYPE_LABELS] ?? c.type}</span>
        <span className="truncate font-mono text-xs text-muted-foreground">{c.name ?? c.externalId}</span>
        {c.expired ? <Badge variant="critical" className="py-0">Expired</Badge> : null}
        {c.overAge ? <Badge variant="high" className="py-0">Over age</Badge> : null}
        {c.unused ? <Badge variant="medium" className="py-0">Unused</Badge> : null}
        {c.storage === "unvaulted" ? <Badge variant="high" className="py-0">Unvaulted</Badge> : null}
        {c.ephemeral ? <Badge variant="success" className="py-0">Short-lived</Badge> : null}
      </p>
      <p className="text-xs text-muted-foreground">
        {c.ageDays} days old (policy {c.maxAgeDays}) · last used {formatRelative(c.lastUsedAt)} · {c.expiresAt ? `expires ${formatDate(c.expiresAt)}` : "never expires"} · {c.storage}
      </p>
    </div>
  );
}

/** Live exceptions of the NHI and those requested from this item (any status), once each. */
function exceptionsOf(d: ReviewItemDetail) {
  const x = d.exceptions;
  if (!x) return [];
  const fromItem = new Set(x.fromItem.map((e) => e.id));
  const all = new Map<string, { id: string; status: string; scopeLabel: string; expiresAt: Date | string; fromThisReview: boolean }>();
  for (const e of [...x.fromItem, ...x.live]) if (!all.has(e.id)) all.set(e.id, { ...e, fromThisReview: fromItem.has(e.id) });
  return [...all.values()];
}
