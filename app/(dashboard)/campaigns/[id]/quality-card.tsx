import { TriangleExclamationPoint } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { BREAK_SECONDS, STAMP_MEDIAN_SECONDS, type ReviewQuality } from "@/lib/campaigns/quality";
import type { DelegationRow } from "@/lib/campaigns/delegation";
import { formatDate, formatNumber } from "@/lib/utils";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
const secs = (v: number | null) => (v === null ? "—" : v < 10 ? v.toFixed(1) : Math.round(v).toString());

/** Review quality per certifier: pace, KEEP share, bulk size, last-hour decisions, and the rubber-stamp flag. */
export function QualityCard({ quality }: { quality: ReviewQuality }) {
  const flagged = quality.reviewers.filter((r) => r.rubberStamp);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Review quality</CardTitle>
        <CardDescription>
          Per person who decided: median seconds per decision (breaks over {BREAK_SECONDS / 60} min and bulk actions left out), share of KEEP, unused access kept, the largest bulk action and decisions in the last hour before the deadline.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {flagged.length ? (
          <p className="flex items-start gap-2 rounded-md border border-high-border bg-high-subtle px-3 py-2 text-sm" role="status" data-testid="rubber-stamp">
            <TriangleExclamationPoint className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <span>
              Likely rubber-stamping by {flagged.map((r) => r.reviewerName ?? r.reviewerEmail).join(", ")}: everything kept, under {STAMP_MEDIAN_SECONDS} s a decision, including unused access. Consider
              reopening their items with another reviewer.
            </span>
          </p>
        ) : null}
        {quality.reviewers.length === 0 ? (
          <p className="text-sm text-muted-foreground">No decisions by reviewers yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Decided by</TableHead>
                  <TableHead className="text-right">Decisions</TableHead>
                  <TableHead className="text-right">Median s</TableHead>
                  <TableHead className="text-right">KEEP</TableHead>
                  <TableHead className="text-right">Unused kept</TableHead>
                  <TableHead className="text-right">Largest bulk</TableHead>
                  <TableHead className="text-right">Last hour</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...quality.reviewers, ...(quality.total ? [quality.total] : [])].map((r) => (
                  <TableRow key={r.reviewerId ?? "all"} className={r.reviewerId ? undefined : "font-medium"}>
                    <TableCell>
                      {r.reviewerId ? r.reviewerName ?? r.reviewerEmail : "All reviewers"}
                      {r.reviewerId && r.rubberStamp ? (
                        <Badge variant="high" className="ml-2 py-0" title={r.reasons.join("; ")}>
                          Rubber-stamp?
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(r.decisions)}</TableCell>
                    <TableCell className="text-right tabular-nums">{secs(r.medianSeconds)}</TableCell>
                    <TableCell className="text-right tabular-nums">{pct(r.keepShare)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(r.keptUnused)}</TableCell>
                    <TableCell className="text-right tabular-nums">{r.largestBulk ? formatNumber(r.largestBulk) : "—"}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(r.lastHour)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

const STATE = { ACTIVE: ["Active", "success"], SCHEDULED: ["Scheduled", "info"], ENDED: ["Ended", "neutral"], REVOKED: ["Revoked", "neutral"] } as const;

/** Who decided for whom in this campaign: delegations covering it, in force, scheduled or past. */
export function DelegationsCard({ delegations }: { delegations: DelegationRow[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Delegations</CardTitle>
        <CardDescription>While one is in force, the delegate decides the reviewer's items; decisions record both the reviewer of record and who decided.</CardDescription>
      </CardHeader>
      <CardContent>
        {delegations.length === 0 ? (
          <p className="text-sm text-muted-foreground">No reviewer delegated their items in this campaign.</p>
        ) : (
          <ul className="divide-y text-sm" data-testid="campaign-delegations">
            {delegations.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-2 py-2">
                <Badge variant={STATE[d.state][1]}>{STATE[d.state][0]}</Badge>
                <span>
                  <span className="font-medium">{d.delegator.name}</span> → <span className="font-medium">{d.delegate.name}</span>
                </span>
                <span className="text-muted-foreground">
                  {d.campaign ? "this campaign" : "all campaigns"} · {formatDate(d.startsAt)} to {formatDate(d.endsAt)}
                  {d.reason ? ` · ${d.reason}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
