"use client";

import { CircleCheck, CircleDashed, CircleDot, Keyboard } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { InboxRow, ReviewItemDetail } from "@/lib/campaigns/queries";
import { decisionKey, itemProgress, needsComment, type CommentPolicy } from "@/lib/campaigns/state";
import type { TDecision } from "@/lib/campaigns/schemas";
import { KIND_LABELS } from "@/lib/identities/labels";
import { cn, formatDate, formatNumber, formatRelative } from "@/lib/utils";
import { ProgressBar } from "../../campaigns/progress-bar";
import type { RequestContext } from "../../exceptions/request-exception";
import { BulkDialog, CommentDialog, ShortcutsDialog } from "./dialogs";
import { ItemPanel, rowsOf, type FocusRow } from "./item-panel";

/** What the inbox keeps per opened item: the server's copy, and the reviewer's edits applied on top of it. */
export interface LocalItem {
  detail: ReviewItemDetail;
  decisions: Map<string, { decision: string; reassignToId?: string | null }>;
  purpose: string;
  comment: string;
  attested: boolean;
  /** Saves in flight for this item; the server's answer is taken as the truth when the last one lands. */
  saving: number;
}

export interface SaveBody {
  decisions?: TDecision[];
  purpose?: string;
  comment?: string;
  breakGlassTested?: true;
}

function toLocal(detail: ReviewItemDetail): LocalItem {
  return {
    detail,
    decisions: new Map(detail.decisions.map((d) => [decisionKey(d.target, d.targetId), { decision: d.decision, reassignToId: d.reassignToId }])),
    purpose: detail.purposeConfirmed ?? detail.snapshot.identity.purpose ?? "",
    comment: detail.comment ?? "",
    attested: !!detail.breakGlassAttestedAt,
    saving: 0,
  };
}

const keyOfDecision = (d: TDecision) => (d.target === "ENTITLEMENT" || d.target === "CREDENTIAL" ? decisionKey(d.target, d.id) : decisionKey(d.target));

/** Progress of the local copy, with the same rule the server applies (state.ts itemProgress). */
export function localProgress(item: LocalItem, policy: CommentPolicy) {
  const s = item.detail.snapshot;
  return itemProgress({
    part: item.detail.part,
    breakGlass: s.identity.breakGlass,
    entitlementIds: s.entitlements.map((e) => e.id),
    credentialIds: s.credentials.map((c) => c.id),
    decisions: new Map([...item.decisions].map(([k, v]) => [k, v.decision])),
    // Confirming confirms the purpose in the box (or the one shown); the server does the same.
    purposeConfirmed: item.purpose.trim() || null,
    breakGlassAttested: item.attested,
    comment: item.comment,
    commentPolicy: policy,
  });
}

export function Inbox(props: {
  viewerId: string;
  campaign: { id: string; name: string; description: string | null; status: string; dueAt: Date; commentRequired: CommentPolicy };
  rows: InboxRow[];
  total: number;
  decided: number;
  /** Delta review: items certified by carrying forward (not work, not listed). */
  carried: number;
  limit: number;
  initial: ReviewItemDetail | null;
  /** Exception policy and today, for "Keep and request an exception"; null when the viewer may not request. */
  requestContext: RequestContext | null;
}) {
  const { campaign } = props;
  const router = useRouter();
  const policy = campaign.commentRequired;
  const [rows, setRows] = useState(props.rows);
  const [items, setItems] = useState<Map<string, LocalItem>>(() => new Map(props.initial ? [[props.initial.id, toLocal(props.initial)]] : []));
  const [selectedId, setSelectedId] = useState<string | null>(props.initial?.id ?? props.rows[0]?.id ?? null);
  const [focus, setFocus] = useState(0);
  const [filter, setFilter] = useState<"todo" | "all">("todo");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [commentAsk, setCommentAsk] = useState<{ itemId: string; body: SaveBody; why: string } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const queues = useRef(new Map<string, Promise<void>>());
  const listRef = useRef<HTMLUListElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  // A refresh (after the bulk action) brings new rows from the server.
  const [seenRows, setSeenRows] = useState(props.rows);
  if (seenRows !== props.rows) {
    setSeenRows(props.rows);
    setRows(props.rows);
  }

  const readOnly = campaign.status !== "ACTIVE";
  const left = rows.filter((r) => !r.decidedAt && !r.noResponse).length;
  const decidedCount = props.total - left - rows.filter((r) => r.noResponse).length;
  const percent = props.total ? Math.floor(((props.total - left) / props.total) * 100) : 0;
  // Items opened in this sitting stay in the to-do list once decided, so j/k walk a list that does not shift.
  const [opened, setOpened] = useState<Set<string>>(() => new Set(selectedId ? [selectedId] : []));
  const visible = useMemo(() => (filter === "todo" ? rows.filter((r) => (!r.decidedAt && !r.noResponse) || opened.has(r.id)) : rows), [rows, filter, opened]);
  const current = selectedId ? items.get(selectedId) : undefined;

  const load = useCallback(async (id: string, force = false) => {
    if (!force && items.has(id)) return;
    const res = await fetch(`/api/v1/review-items/${id}`, { headers: { Accept: "application/json" } });
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      setError(json?.error?.message ?? "Could not load this item.");
      return;
    }
    setItems((m) => new Map(m).set(id, toLocal(json.data as ReviewItemDetail)));
  }, [items]);

  // The selected item is in the URL (replaceState: no server round trip), so a reload comes back to it.
  useEffect(() => {
    if (!selectedId) return;
    void load(selectedId);
    const url = new URL(window.location.href);
    url.searchParams.set("item", selectedId);
    window.history.replaceState(window.history.state, "", url);
    listRef.current?.querySelector(`[data-id="${selectedId}"]`)?.scrollIntoView({ block: "nearest" });
    // Prefetch the next one, so j feels instant.
    const i = visible.findIndex((r) => r.id === selectedId);
    const next = visible[i + 1];
    if (next) void load(next.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  const select = useCallback((id: string) => {
    setSelectedId(id);
    setOpened((o) => (o.has(id) ? o : new Set(o).add(id)));
    setFocus(0);
    setError(undefined);
  }, []);

  const move = useCallback(
    (delta: number) => {
      const i = visible.findIndex((r) => r.id === selectedId);
      const next = visible[Math.max(0, Math.min(visible.length - 1, (i < 0 ? 0 : i) + delta))];
      if (next) select(next.id);
    },
    [visible, selectedId, select],
  );

  /** Optimistic: apply to the local copy now, send in order per item, take the server's answer when the queue drains. */
  const save = useCallback(
    (itemId: string, body: SaveBody) => {
      const item = items.get(itemId);
      if (!item) return;
      // A decision that needs a comment, on an item without one: ask first, then send both together.
      const needing = (body.decisions ?? []).find((d) => needsComment(policy, d.decision));
      if (needing && !(body.comment ?? item.comment).trim()) {
        setCommentAsk({ itemId, body, why: policy === "ALWAYS" ? "This campaign asks for a comment on every decision." : "Say why access is being removed." });
        return;
      }
      setError(undefined);
      setItems((m) => {
        const cur = m.get(itemId);
        if (!cur) return m;
        const decisions = new Map(cur.decisions);
        for (const d of body.decisions ?? []) decisions.set(keyOfDecision(d), { decision: d.decision, reassignToId: d.target === "IDENTITY" ? (d.reassignToId ?? null) : null });
        return new Map(m).set(itemId, {
          ...cur,
          decisions,
          purpose: body.purpose ?? cur.purpose,
          comment: body.comment ?? cur.comment,
          attested: cur.attested || !!body.breakGlassTested,
          saving: cur.saving + 1,
        });
      });
      const prev = queues.current.get(itemId) ?? Promise.resolve();
      const next = prev.then(async () => {
        try {
          const res = await fetch(`/api/v1/review-items/${itemId}/decision`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify(body),
          });
          const json = await res.json().catch(() => null);
          if (!res.ok) throw new Error(json?.error?.message ?? "The decision was not saved.");
          const data = json.data as { complete: boolean; decidedAt: string | null; decisions: { key: string; decision: string }[]; comment: string | null; purposeConfirmed: string | null };
          setRows((rs) => rs.map((r) => (r.id === itemId ? { ...r, decidedAt: data.decidedAt ? new Date(data.decidedAt) : null, decisions: data.decisions.length } : r)));
          setItems((m) => {
            const cur = m.get(itemId);
            if (!cur) return m;
            const saving = cur.saving - 1;
            return new Map(m).set(itemId, { ...cur, saving });
          });
        } catch (err) {
          setError((err as Error).message);
          // The server's copy is the truth again: drop what did not save.
          const res = await fetch(`/api/v1/review-items/${itemId}`);
          const json = await res.json().catch(() => null);
          if (res.ok) setItems((m) => new Map(m).set(itemId, toLocal(json.data as ReviewItemDetail)));
        }
      });
      queues.current.set(itemId, next);
    },
    [items, policy],
  );

  const focusRows: FocusRow[] = current ? rowsOf(current.detail) : [];

  // Keyboard: j/k items, arrows rows, 1-3 decide, a accept suggestions, t attest, p purpose, m comment, ? help.
  // A layout effect, so the listener sees what the screen shows: re-attached before the browser paints a decision.
  useLayoutEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable=true]") || document.querySelector("[role=dialog]")) return;
      const k = e.key;
      // Enter on a focused button or link is that control's own click.
      if (k === "Enter" && t.closest("button, a")) return;
      if (k === "j") (e.preventDefault(), move(1));
      else if (k === "k") (e.preventDefault(), move(-1));
      else if (k === "ArrowDown") (e.preventDefault(), setFocus((f) => Math.min(focusRows.length - 1, f + 1)));
      else if (k === "ArrowUp") (e.preventDefault(), setFocus((f) => Math.max(0, f - 1)));
      else if (k === "?") (e.preventDefault(), setHelpOpen(true));
      else if (k === "p") (e.preventDefault(), panelRef.current?.querySelector<HTMLTextAreaElement>("#purpose")?.focus());
      else if (k === "m") (e.preventDefault(), panelRef.current?.querySelector<HTMLTextAreaElement>("#item-comment")?.focus());
      else if (!readOnly && current?.detail.canDecide && ["1", "2", "3", "a", "t", "e"].includes(k)) {
        e.preventDefault();
        panelRef.current?.dispatchEvent(new CustomEvent("inbox-key", { detail: { key: k, focus } }));
      } else if (k === "Enter" && current && localProgress(current, policy).complete) {
        e.preventDefault();
        const i = rows.findIndex((r) => r.id === selectedId);
        const nextTodo = rows.slice(i + 1).find((r) => !r.decidedAt && !r.noResponse) ?? rows.find((r) => !r.decidedAt && !r.noResponse && r.id !== selectedId);
        if (nextTodo) select(nextTodo.id);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, focusRows.length, readOnly, current, focus, policy, rows, selectedId, select]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <Link href="/reviews" className="text-sm text-muted-foreground hover:text-foreground">
            Your reviews
          </Link>
          <h1 className="text-2xl font-semibold tracking-tight">{campaign.name}</h1>
          <p className="text-sm text-muted-foreground">
            Due {formatDate(campaign.dueAt)} ({formatRelative(campaign.dueAt)}){campaign.description ? ` · ${campaign.description}` : ""}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <div className="w-56" aria-live="polite">
            <p className="text-sm">
              <span className="text-lg font-semibold tabular-nums" data-testid="left-count">
                {formatNumber(left)}
              </span>{" "}
              left of {formatNumber(props.total)}
              <span className="text-muted-foreground"> · {formatNumber(decidedCount)} decided</span>
            </p>
            <ProgressBar percent={percent} label={`${percent}% of your items done`} className="mt-1" />
          </div>
          {!readOnly ? (
            <Button variant="outline" onClick={() => setBulkOpen(true)}>
              Keep used, revoke unused…
            </Button>
          ) : null}
          <Button variant="ghost" size="icon" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
            <Keyboard aria-hidden="true" />
          </Button>
        </div>
      </div>

      {readOnly ? <Alert variant="info">This campaign is no longer taking decisions. What you decided is shown below.</Alert> : null}
      {props.carried ? (
        <Alert variant="info">
          {formatNumber(props.carried)} of your NHIs are unchanged since they were last certified: their certification was carried forward. Below is only what changed.
        </Alert>
      ) : null}
      {props.total > props.limit ? <Alert variant="info">Showing your {formatNumber(props.limit)} riskiest undecided items first; decide them and reload for the next ones.</Alert> : null}
      {error ? (
        <Alert variant="destructive" title="Not saved">
          {error}
        </Alert>
      ) : null}
      {notice ? <Alert variant="success">{notice}</Alert> : null}

      <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
        <nav aria-label="Your items" className="rounded-lg border bg-card lg:sticky lg:top-20 lg:max-h-[calc(100vh-7rem)] lg:overflow-hidden">
          <div className="flex gap-1 border-b p-2" role="tablist" aria-label="Which items">
            {(["todo", "all"] as const).map((f) => (
              <button
                key={f}
                role="tab"
                aria-selected={filter === f}
                onClick={() => setFilter(f)}
                className={cn("rounded-md px-2.5 py-1 text-sm font-medium text-muted-foreground hover:bg-accent", filter === f && "bg-accent text-foreground")}
              >
                {f === "todo" ? `To do (${formatNumber(left)})` : `All (${formatNumber(rows.length)})`}
              </button>
            ))}
          </div>
          <ul ref={listRef} className="max-h-[60vh] overflow-y-auto p-1 lg:max-h-[calc(100vh-11rem)]">
            {visible.length === 0 ? <li className="p-6 text-center text-sm text-muted-foreground">All done. Thank you!</li> : null}
            {visible.map((r) => {
              const state = r.decidedAt ? "done" : r.decisions > 0 ? "partial" : "todo";
              const Icon = state === "done" ? CircleCheck : state === "partial" ? CircleDot : CircleDashed;
              return (
                <li key={r.id}>
                  <button
                    data-id={r.id}
                    onClick={() => select(r.id)}
                    aria-current={r.id === selectedId ? "true" : undefined}
                    className={cn("flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent", r.id === selectedId && "bg-info-subtle ring-1 ring-primary/40")}
                  >
                    <Icon className={cn("mt-0.5 size-4 shrink-0", state === "done" ? "text-success" : state === "partial" ? "text-primary" : "text-muted-foreground")} aria-label={state === "done" ? "Decided" : state === "partial" ? "Started" : "To do"} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium">{r.name}</span>
                      <span className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
                        {KIND_LABELS[r.kind as keyof typeof KIND_LABELS] ?? r.kind}
                        {r.part === "DELEGATION" ? <Badge variant="info" className="py-0">Delegation</Badge> : null}
                        {r.breakGlass ? <Badge variant="critical" className="py-0">Break-glass</Badge> : null}
                        {r.unused ? <Badge variant="medium" className="py-0">{r.unused} unused</Badge> : null}
                        {r.noResponse ? <Badge variant="high" className="py-0">Not reviewed</Badge> : null}
                        {r.changed ? <Badge variant="info" className="py-0">Changed</Badge> : null}
                        {r.forName ? <Badge variant="outline" className="py-0">for {r.forName}</Badge> : null}
                      </span>
                    </span>
                    <span className="text-xs tabular-nums text-muted-foreground">{r.riskScore}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>

        <div ref={panelRef} className="min-w-0">
          {current ? (
            <ItemPanel
              key={current.detail.id}
              item={current}
              policy={policy}
              focus={Math.min(focus, Math.max(0, focusRows.length - 1))}
              setFocus={setFocus}
              readOnly={readOnly || !current.detail.canDecide}
              onSave={(body) => save(current.detail.id, body)}
              onCommentDraft={(comment) => setItems((m) => new Map(m).set(current.detail.id, { ...current, comment }))}
              onPurposeDraft={(purpose) => setItems((m) => new Map(m).set(current.detail.id, { ...current, purpose }))}
              onNext={() => move(1)}
              requestContext={props.requestContext}
              onReload={() => void load(current.detail.id, true)}
              panel={panelRef}
            />
          ) : (
            <div className="rounded-lg border bg-card p-10 text-center text-sm text-muted-foreground">{selectedId ? "Loading…" : "No item selected."}</div>
          )}
        </div>
      </div>

      <CommentDialog
        ask={commentAsk}
        onCancel={() => setCommentAsk(null)}
        onSubmit={(comment) => {
          if (!commentAsk) return;
          const { itemId, body } = commentAsk;
          setCommentAsk(null);
          save(itemId, { ...body, comment });
        }}
      />
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
      <BulkDialog
        open={bulkOpen}
        onOpenChange={setBulkOpen}
        campaignId={campaign.id}
        onDone={(message) => {
          setNotice(message);
          setItems(new Map());
          router.refresh();
          if (selectedId) void load(selectedId, true);
        }}
      />
    </div>
  );
}
