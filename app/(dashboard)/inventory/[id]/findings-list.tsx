import { Badge, severityVariant } from "@/components/ui/badge";
import type { findingsOfIdentity } from "@/lib/findings/queries";
import type { FindingException } from "@/lib/exceptions/queries";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "@/lib/findings/labels";
import { formatRelative } from "@/lib/utils";
import { FindingExceptionAction } from "../../exceptions/finding-exception";

type Finding = Awaited<ReturnType<typeof findingsOfIdentity>>[number];

export function FindingsList({
  findings,
  identity,
  exceptions,
}: {
  findings: Finding[];
  identity: { id: string; name: string };
  exceptions: Record<string, FindingException>;
}) {
  if (!findings.length) return <p className="text-sm text-muted-foreground">No open findings.</p>;
  return (
    <ul className="divide-y" aria-label="Findings">
      {findings.map((f) => (
        <li key={f.id} className="grid gap-1 py-3 sm:grid-cols-[7rem_1fr_auto] sm:gap-x-4">
          <div className="flex items-start gap-2 sm:flex-col">
            <Badge variant={severityVariant(f.severity)} dot>
              {SEVERITY_LABELS[f.severity]}
            </Badge>
            {f.status === "EXCEPTED" ? <Badge variant="neutral">{FINDING_STATUS_LABELS.EXCEPTED}</Badge> : null}
          </div>
          <div className="min-w-0">
            <p className="text-sm font-medium">
              {f.title} <span className="font-normal text-muted-foreground">· {f.owaspId}</span>
            </p>
            {f.summary ? <p className="text-sm">{f.summary}</p> : null}
            {f.remediation ? <p className="mt-1 text-sm text-muted-foreground">Fix: {f.remediation}</p> : null}
            <p className="mt-1 text-xs text-muted-foreground">First seen {formatRelative(f.firstSeenAt)}</p>
          </div>
          <div className="sm:text-right">
            <FindingExceptionAction
              finding={{ id: f.id, ruleId: f.ruleId, title: f.title, summary: f.summary, severity: f.severity }}
              status={f.status}
              identity={identity}
              exception={exceptions[f.id]}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
