import { Badge } from "@/components/ui/badge";
import { riskBand } from "@/lib/identities/labels";

const LABEL = { critical: "Critical", high: "High", medium: "Medium", low: "Low" } as const;

export function RiskBadge({ score }: { score: number }) {
  const band = riskBand(score);
  return (
    <Badge variant={band} dot title={`Risk score ${score} of 100`}>
      <span className="tabular-nums">{score}</span>
      <span className="sr-only sm:not-sr-only"> {LABEL[band]}</span>
    </Badge>
  );
}
