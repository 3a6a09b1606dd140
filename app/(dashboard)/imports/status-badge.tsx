import { Badge, type BadgeVariant } from "@/components/ui/badge";

const VARIANT: Record<string, BadgeVariant> = { SUCCEEDED: "success", PARTIAL: "medium", FAILED: "critical", RUNNING: "info", QUEUED: "neutral" };
const LABEL: Record<string, string> = { SUCCEEDED: "Succeeded", PARTIAL: "Partial", FAILED: "Failed", RUNNING: "Running", QUEUED: "Queued" };

/** An import's status; a landed import whose rule run is still going says so. */
export function ImportStatusBadge({ status, phase }: { status: string; phase?: string | null }) {
  return (
    <Badge variant={VARIANT[status] ?? "neutral"} dot>
      {LABEL[status] ?? status}
      {phase === "assessing" && status !== "RUNNING" ? " · assessing" : null}
    </Badge>
  );
}
