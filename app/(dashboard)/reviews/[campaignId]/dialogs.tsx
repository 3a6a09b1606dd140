"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { formatNumber } from "@/lib/utils";
import type { SaveBody } from "./inbox";

/** Asked when a decision needs a comment and the item has none: type it, Enter saves both together. */
export function CommentDialog({ ask, onCancel, onSubmit }: { ask: { body: SaveBody; why: string } | null; onCancel: () => void; onSubmit: (comment: string) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (ask) (setText(""), setError(undefined));
  }, [ask]);
  function submit() {
    if (!text.trim()) {
      setError("Write a short reason: it is kept as evidence with the decision.");
      return;
    }
    onSubmit(text.trim());
  }
  return (
    <Dialog open={!!ask} onOpenChange={(o) => !o && onCancel()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>A comment is needed</DialogTitle>
          <DialogDescription>{ask?.why} It is saved with the decision and shown to auditors.</DialogDescription>
        </DialogHeader>
        <div className="space-y-1.5">
          <Label htmlFor="decision-comment">Comment</Label>
          <Textarea
            id="decision-comment"
            autoFocus
            rows={3}
            value={text}
            aria-invalid={!!error}
            aria-describedby="decision-comment-error"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) (e.preventDefault(), submit());
            }}
          />
          <FieldError id="decision-comment-error" message={error} />
          <p className="text-xs text-muted-foreground">Enter saves; Shift+Enter for a new line.</p>
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={submit}>Save decision</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

const SHORTCUTS: [string, string][] = [
  ["j / k", "Next / previous item"],
  ["↓ / ↑", "Next / previous row in the item (the NHI, each grant, each credential)"],
  ["1 / 2 / 3", "The row's first, second or third choice: Confirm · Reassign · Decommission, or Keep · Reduce (grants) or Rotate (credentials) · Revoke"],
  ["a", "Accept every suggestion on this item"],
  ["e", "On a flagged grant or credential: keep it and request a risk exception for its findings"],
  ["t", "Attest a break-glass NHI: tested and still needed"],
  ["p", "Edit the purpose"],
  ["m", "Write a comment"],
  ["Enter", "When the item is decided: the next item to do"],
  ["Esc", "Leave a text box"],
  ["?", "This list"],
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>Every decision is saved as you make it; nothing is lost if you close the page.</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[6rem_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(([k, v]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
              </dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}

interface BulkPreview {
  items: number;
  keep: number;
  revoke: number;
  rotate: number;
  commentRequired: boolean;
}

/** "Keep all used, revoke all unused": shows what it would decide, asks for the comment when one is required. */
export function BulkDialog({ open, onOpenChange, campaignId, onDone }: { open: boolean; onOpenChange: (o: boolean) => void; campaignId: string; onDone: (message: string) => void }) {
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setPreview(null);
    setError(undefined);
    setComment("");
    fetch(`/api/v1/campaigns/${campaignId}/bulk-decision`)
      .then(async (res) => {
        const json = await res.json().catch(() => null);
        if (!res.ok) throw new Error(json?.error?.message ?? "Could not compute the preview.");
        setPreview(json.data as BulkPreview);
      })
      .catch((err: Error) => setError(err.message));
  }, [open, campaignId]);
  async function apply() {
    if (preview?.commentRequired && !comment.trim()) {
      setError("This campaign requires a comment for revocations: say why in one line.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch(`/api/v1/campaigns/${campaignId}/bulk-decision`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(comment.trim() ? { comment: comment.trim() } : {}),
      });
      const json = await res.json().catch(() => null);
      if (!res.ok) throw new Error(json?.error?.message ?? "Nothing was changed.");
      const r = json.data as { items: number; keep: number; revoke: number; rotate: number; completed: number };
      onOpenChange(false);
      onDone(
        `Decided ${formatNumber(r.keep + r.revoke + r.rotate)} grants and credentials on ${formatNumber(r.items)} items (keep ${formatNumber(r.keep)}, revoke ${formatNumber(r.revoke)}, rotate ${formatNumber(r.rotate)}). Each NHI still needs its own decision and purpose.`,
      );
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const total = preview ? preview.keep + preview.revoke + preview.rotate : 0;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Keep all used, revoke all unused</DialogTitle>
          <DialogDescription>
            For your undecided items: grants used in the unused window are kept, unused ones revoked; credentials past their rotation policy are rotated, unused or
            expired ones revoked. Decisions you already made are not changed. Break-glass NHIs are left for you to attest one by one.
          </DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        {!preview && !error ? <p className="text-sm text-muted-foreground">Counting…</p> : null}
        {preview ? (
          total === 0 ? (
            <Alert variant="info">Nothing left to decide this way: every grant and credential in your undecided items has a decision.</Alert>
          ) : (
            <div className="space-y-3">
              <ul className="grid grid-cols-3 gap-2 text-center text-sm" aria-label="What will be decided">
                <li className="rounded-md border border-success-border bg-success-subtle p-2">
                  <span className="block text-lg font-semibold tabular-nums">{formatNumber(preview.keep)}</span>keep
                </li>
                <li className="rounded-md border border-critical-border bg-critical-subtle p-2">
                  <span className="block text-lg font-semibold tabular-nums">{formatNumber(preview.revoke)}</span>revoke
                </li>
                <li className="rounded-md border border-high-border bg-high-subtle p-2">
                  <span className="block text-lg font-semibold tabular-nums">{formatNumber(preview.rotate)}</span>rotate
                </li>
              </ul>
              <p className="text-sm">On {formatNumber(preview.items)} items.</p>
              {preview.commentRequired ? (
                <div className="space-y-1.5">
                  <Label htmlFor="bulk-comment">Comment (required, added to items without one)</Label>
                  <Textarea id="bulk-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="e.g. Unused for 90+ days: not needed." />
                </div>
              ) : null}
            </div>
          )
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button onClick={apply} disabled={busy || !preview || total === 0}>
            {busy ? "Saving…" : `Apply ${formatNumber(total)} decisions`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
