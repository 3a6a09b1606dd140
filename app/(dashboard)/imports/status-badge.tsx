import { Badge, type BadgeVariant } from "@/components/ui/badge";

const VARIANT: Record<string, BadgeVariant> = { SUCCEEDED: "success", PARTIAL: "medium", FAILED: "critical", RUNNING: "info", QUEUED: "neutral" };
const LABEL: Record<string, string> = { SUCCEEDED: "Succeeded", PARTIAL: "Partial", FAILED: "Failed", RUNNING: "Running", QUEUED: "Queued" };

export function ImportStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={VARIANT[status] ?? "neutral"} dot>
      {LABEL[status] ?? status}
    </Badge>
  );
}
