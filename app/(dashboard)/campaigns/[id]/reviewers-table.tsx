"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CampaignProgress } from "@/lib/campaigns/queries";
import { formatNumber, formatRelative } from "@/lib/utils";
import { PersonPicker } from "../../person-picker";
import { ProgressBar } from "../progress-bar";
import { reassignItemsAction } from "../actions";

type Row = CampaignProgress["reviewers"][number];

/** Progress per reviewer, non-responders first on request, with "reassign their undecided items". */
export function ReviewersTable({ campaignId, rows, canReassign }: { campaignId: string; rows: Row[]; canReassign: boolean }) {
  const [onlyNonResponders, setOnly] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const filtered = onlyNonResponders ? rows.filter((r) => r.decided === 0 && r.pending > 0) : rows;
  const shown = showAll ? filtered : filtered.slice(0, 15);
  return (
    <div className="space-y-3">
      <label className="flex w-fit cursor-pointer items-center gap-2 text-sm">
        <Checkbox checked={onlyNonResponders} onCheckedChange={(c) => setOnly(c === true)} />
        Only non-responders (nothing decided yet)
      </label>
      <div className="overflow-x-auto rounded-md border">
        <Table aria-label="Progress by reviewer">
          <TableHeader>
            <TableRow>
              <TableHead>Reviewer</TableHead>
              <TableHead className="w-40">Decided</TableHead>
              <TableHead className="text-right">Left</TableHead>
              <TableHead className="text-right">Last activity</TableHead>
              {canReassign ? <TableHead className="w-28" /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5} className="py-6 text-center text-sm text-muted-foreground">
                  {onlyNonResponders ? "Every reviewer has started." : "No items."}
                </TableCell>
              </TableRow>
            ) : (
              shown.map((r) => (
                <TableRow key={r.reviewer?.id ?? "unassigned"}>
                  <TableCell>
                    {r.reviewer ? (
                      <span className="block min-w-0">
                        <Link href={`/campaigns/${campaignId}/items?reviewer=${r.reviewer.id}`} className="font-medium hover:underline">
                          {r.reviewer.name}
                        </Link>
                        {!r.reviewer.active ? <Badge variant="high" className="ml-2">Inactive</Badge> : null}
                        {r.decided === 0 && r.pending > 0 ? <Badge variant="medium" className="ml-2">No response</Badge> : null}
                        <span className="block text-xs text-muted-foreground">{r.team ?? r.reviewer.email}</span>
                      </span>
                    ) : (
                      <Link href={`/campaigns/${campaignId}/items?reviewer=none`} className="font-medium text-critical-foreground hover:underline">
                        Unassigned
                      </Link>
                    )}
                  </TableCell>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      <ProgressBar percent={r.percent} label={`${r.percent}% decided`} className="w-16" />
                      <span className="text-xs tabular-nums text-muted-foreground">
                        {formatNumber(r.decided)}/{formatNumber(r.total)}
                      </span>
                    </span>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(r.pending)}</TableCell>
                  <TableCell className="whitespace-nowrap text-right text-muted-foreground">{r.lastActivityAt ? formatRelative(r.lastActivityAt) : "never"}</TableCell>
                  {canReassign ? (
                    <TableCell className="text-right">
                      {r.pending > 0 ? <ReassignDialog campaignId={campaignId} from={r.reviewer} pending={r.pending} /> : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {filtered.length > shown.length ? (
        <Button variant="ghost" size="sm" onClick={() => setShowAll(true)}>
          Show all {formatNumber(filtered.length)} reviewers
        </Button>
      ) : null}
    </div>
  );
}

/** Reassign every undecided item of one reviewer (or the unassigned ones), or the picked items of the items table. */
export function ReassignDialog({
  campaignId,
  from,
  pending,
  itemIds,
  onDone,
  trigger,
}: {
  campaignId: string;
  from?: Row["reviewer"];
  pending: number;
  itemIds?: string[];
  onDone?: () => void;
  trigger?: React.ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState("");
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<string>();
  const [pendingTx, startTransition] = useTransition();
  const who = itemIds ? `${formatNumber(pending)} selected items` : from ? `${from.name}'s ${formatNumber(pending)} undecided items` : `${formatNumber(pending)} unassigned items`;
  function submit() {
    setError(undefined);
    startTransition(async () => {
      const res = await reassignItemsAction({ campaignId, reassign: itemIds ? { itemIds, toUserId: to } : { fromReviewerId: from?.id ?? "none", toUserId: to } });
      if (!res.ok) {
        setError(res.fieldErrors?.["reassign.toUserId"] ?? res.error);
        return;
      }
      const { reassigned, selfReview, alreadyDecided } = res.data;
      const notes = [
        selfReview ? `${formatNumber(selfReview)} stayed: the new reviewer may not certify them (self-review)` : "",
        alreadyDecided ? `${formatNumber(alreadyDecided)} were already decided` : "",
      ].filter(Boolean);
      setResult(`Reassigned ${formatNumber(reassigned)} items.${notes.length ? ` ${notes.join("; ")}.` : ""}`);
      router.refresh();
      onDone?.();
    });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) (setResult(undefined), setError(undefined), setTo(""));
      }}
    >
      <DialogTrigger asChild>{trigger ?? <Button variant="outline" size="sm">{from === null ? "Assign…" : "Reassign…"}</Button>}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Reassign {who}</DialogTitle>
          <DialogDescription>The new reviewer becomes the reviewer of record. Each move is in the audit log.</DialogDescription>
        </DialogHeader>
        {result ? <Alert variant="success">{result}</Alert> : null}
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        {!result ? (
          <div className="space-y-1.5">
            <Label htmlFor="reassign-to">New reviewer</Label>
            <PersonPicker id="reassign-to" purpose="reviewer" exclude={[from?.id]} value={to} onChange={setTo} aria-describedby="reassign-error" />
            <FieldError id="reassign-error" message={undefined} />
          </div>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            {result ? "Done" : "Cancel"}
          </Button>
          {!result ? (
            <Button onClick={submit} disabled={!to || pendingTx}>
              {pendingTx ? "Reassigning…" : "Reassign"}
            </Button>
          ) : null}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
