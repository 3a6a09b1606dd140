import Link from "next/link";
import {
  ESCALATION_TARGET_LABELS,
  RECURRENCE_LABELS,
  readEscalation,
  readNoResponseAction,
  RISK_TIERS,
  TIER_ACTION_LABELS,
  type RiskTier,
} from "@/lib/campaigns/automation";
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_VARIANTS, NO_RESPONSE_LABELS } from "@/lib/campaigns/labels";
import type { CampaignDto } from "@/lib/campaigns/queries";
import type { getRecurrence } from "@/lib/campaigns/recurrence";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate, formatDateTime, formatNumber } from "@/lib/utils";

// The campaign page's parts for campaigns that run themselves: reminders, escalation and the no-response rule in
// words, the recurrence panel (next run, past runs) and the preview's "what happens to undecided items".

const TIER_NAMES: Record<RiskTier, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", CRITICAL: "Critical" };

type Settings = Pick<CampaignDto, "noResponseAction" | "noResponseOutcome" | "escalation" | "reminderDays">;

/** What one tier's undecided items get, in words. */
function tierAction(c: Settings, tier: RiskTier): string {
  const a = readNoResponseAction(c.noResponseAction)[tier];
  return a === "OUTCOME" ? NO_RESPONSE_LABELS[c.noResponseOutcome] : TIER_ACTION_LABELS[a];
}

/** The close confirmation's sentence: one outcome, or the outcome per tier. */
export function noResponseSummary(c: Settings): string {
  const config = readNoResponseAction(c.noResponseAction);
  if (RISK_TIERS.every((t) => config[t] === "OUTCOME")) return NO_RESPONSE_LABELS[c.noResponseOutcome];
  return `by risk tier: ${RISK_TIERS.map((t) => `${TIER_NAMES[t].toLowerCase()}: ${tierAction(c, t).toLowerCase()}`).join("; ")}`;
}

export function AutomationFacts({ c }: { c: Settings }) {
  const levels = readEscalation(c.escalation).levels;
  const config = readNoResponseAction(c.noResponseAction);
  return (
    <>
      <Fact label="Reminders">{c.reminderDays.length ? `${c.reminderDays.join(", ")} days before the due date, to reviewers with undecided items` : "None"}</Fact>
      <Fact label="Escalation">
        {levels.length ? (
          <ul>
            {levels.map((l, i) => (
              <li key={i}>
                Level {i + 1}: {l.afterDays === 0 ? "on the due date" : `${l.afterDays} day${l.afterDays === 1 ? "" : "s"} after`}, to {ESCALATION_TARGET_LABELS[l.to].toLowerCase()}
              </li>
            ))}
          </ul>
        ) : (
          "None"
        )}
      </Fact>
      <Fact label="Closes by itself">{config.graceDays === null ? "No: an admin closes the review" : `${config.graceDays} days after the due date (grace)`}</Fact>
      <div className="sm:col-span-2 lg:col-span-3">
        <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Undecided items, by risk tier at launch</dt>
        <dd className="mt-1 flex flex-wrap gap-1.5">
          {RISK_TIERS.map((t) => (
            <Badge key={t} variant="outline">
              {TIER_NAMES[t]}: {tierAction(c, t)}
            </Badge>
          ))}
        </dd>
      </div>
    </>
  );
}

/** The launch preview's column: how many NHIs of each tier are in scope, and what happens to them if undecided. */
export function UndecidedPreview({ byTier, c }: { byTier: Record<RiskTier, number>; c: Settings }) {
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold">If left undecided</h3>
      <ul className="space-y-1.5 text-sm">
        {[...RISK_TIERS].reverse().map((t) => (
          <li key={t}>
            <span className="flex justify-between gap-2">
              <span>{TIER_NAMES[t]} risk</span>
              <span className="tabular-nums text-muted-foreground">{formatNumber(byTier[t])} NHIs</span>
            </span>
            <span className="block text-xs text-muted-foreground">{tierAction(c, t)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RecurrenceCard({ recurrence: r, canManage }: { recurrence: NonNullable<Awaited<ReturnType<typeof getRecurrence>>>; canManage: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Runs {RECURRENCE_LABELS[r.recurrence].toLowerCase()}</CardTitle>
        <CardDescription>
          {r.nextRun
            ? r.nextRun.getTime() <= Date.now()
              ? `The ${r.nextPeriod} run launches at the scheduler's next pass (job campaigns.recur).`
              : `Next run: ${r.nextPeriod}, launched ${formatDateTime(r.nextRun)}.`
            : "Stopped: no further runs."}{" "}
          {r.perTeam ? "One review per team in scope. " : ""}Each run copies these settings, is due {r.durationDays} days after its launch, and also
          re-reviews what the previous run re-queued.
          {canManage && r.nextRun && r.nextRun.getTime() <= Date.now() ? (
            <>
              {" "}
              Admins can launch it now from{" "}
              <Link href="/admin/jobs" className="text-primary hover:underline">
                Jobs
              </Link>
              .
            </>
          ) : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {r.instances.length === 0 ? (
          <p className="text-sm text-muted-foreground">No runs yet.</p>
        ) : (
          <table className="w-full text-sm">
            <caption className="sr-only">Past runs</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th className="py-1.5 pr-3 font-medium">Run</th>
                <th className="py-1.5 pr-3 font-medium">Period</th>
                <th className="py-1.5 pr-3 font-medium">Status</th>
                <th className="py-1.5 pr-3 font-medium">Launched</th>
                <th className="py-1.5 pr-3 font-medium">Due</th>
                <th className="py-1.5 text-right font-medium">Items</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {r.instances.map((i) => (
                <tr key={i.id}>
                  <td className="py-1.5 pr-3">
                    <Link href={`/campaigns/${i.id}`} className="text-primary hover:underline">
                      {i.name}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{i.period}</td>
                  <td className="py-1.5 pr-3">
                    <Badge variant={CAMPAIGN_STATUS_VARIANTS[i.status]}>{CAMPAIGN_STATUS_LABELS[i.status]}</Badge>
                  </td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">{i.launchedAt ? formatDateTime(i.launchedAt) : "Not launched"}</td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">{formatDate(i.dueAt)}</td>
                  <td className="py-1.5 text-right tabular-nums">{formatNumber(i.itemCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
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
