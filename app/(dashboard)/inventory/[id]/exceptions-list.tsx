import Link from "next/link";
import { Badge, severityVariant } from "@/components/ui/badge";
import type { ExceptionListRow } from "@/lib/exceptions/queries";
import { EXCEPTION_STATUS_LABELS, EXCEPTION_STATUS_VARIANTS } from "@/lib/exceptions/labels";
import { SEVERITY_LABELS } from "@/lib/findings/labels";
import { formatDate } from "@/lib/utils";

function endedAt(e: ExceptionListRow): Date | null {
  if (e.status === "EXPIRED") return e.expiresAt;
  if (e.status === "REVOKED") return e.revokedAt;
  return e.decidedAt;
}

/** The NHI's risk exceptions, live ones first; each links to its page. */
export function ExceptionsList({ exceptions }: { exceptions: ExceptionListRow[] }) {
  if (!exceptions.length) return <p className="text-sm text-muted-foreground">No risk has been accepted on this NHI.</p>;
  return (
    <ul className="divide-y" aria-label="Exceptions">
      {exceptions.map((e) => (
        <li key={e.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
          <div className="min-w-0">
            <Link href={`/exceptions/${e.id}`} className="text-sm font-medium text-primary hover:underline">
              {e.scopeLabel}
            </Link>
            <p className="truncate text-sm text-muted-foreground" title={e.justification}>
              {e.justification}
            </p>
            <p className="mt-1 text-xs text-muted-foreground">
              Requested by {e.requestedBy.name}
              {e.approvedBy ? `, approved by ${e.approvedBy.name}` : ""}
              {e.status === "APPROVED" || e.status === "PROPOSED" ? ` · until ${formatDate(e.expiresAt)}` : ` · ended ${formatDate(endedAt(e))}`}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <Badge variant={severityVariant(e.severity)} dot>
              {SEVERITY_LABELS[e.severity]}
            </Badge>
            <Badge variant={EXCEPTION_STATUS_VARIANTS[e.status]}>{EXCEPTION_STATUS_LABELS[e.status]}</Badge>
          </div>
        </li>
      ))}
    </ul>
  );
}
