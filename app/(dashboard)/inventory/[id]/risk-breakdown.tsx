import { TriangleExclamationPoint } from "lucide-react";
import { Card, CardContent } from "@/components/ui/card";
import { parseRiskReasons, SCORE_SCALE } from "@/lib/rules/risk";

/** How the stored risk score is made: each finding's points, then the context factors (lib/rules/risk.ts). */
export function RiskBreakdown({ score, reasons: raw }: { score: number; reasons: unknown }) {
  const reasons = parseRiskReasons(raw);
  if (!reasons.length) return null;
  const points = reasons.filter((r) => "points" in r);
  const factors = reasons.filter((r) => "factor" in r);
  const sum = points.reduce((n, r) => n + ("points" in r ? r.points : 0), 0);
  const weighted = factors.reduce((n, r) => n * ("factor" in r ? r.factor : 1), sum);
  return (
    <Card className="gap-2 border-high-border bg-high-subtle/40 py-4">
      <CardContent>
        <p className="flex items-center gap-2 text-sm font-medium">
          <TriangleExclamationPoint className="size-4 text-high" aria-hidden="true" /> Why this NHI scores {score}
        </p>
        <table className="mt-2 w-full max-w-2xl text-sm">
          <caption className="sr-only">Risk score breakdown</caption>
          <tbody>
            {points.map((r, i) => (
              <tr key={`p${i}`}>
                <td className="w-16 py-0.5 pr-3 text-right font-mono tabular-nums text-high">+{"points" in r ? r.points : 0}</td>
                <td className="py-0.5">{r.text}</td>
              </tr>
            ))}
            {factors.map((r, i) => (
              <tr key={`f${i}`} className="text-muted-foreground">
                <td className="w-16 py-0.5 pr-3 text-right font-mono tabular-nums">×{"factor" in r ? r.factor : 1}</td>
                <td className="py-0.5">{r.text}</td>
              </tr>
            ))}
            <tr className="border-t border-high-border/60 font-medium">
              <td className="w-16 pt-1 pr-3 text-right font-mono tabular-nums">= {score}</td>
              <td className="pt-1 text-muted-foreground">
                {Math.round(weighted)} weighted points on the 0–100 scale (100 × (1 − e<sup>−points/{SCORE_SCALE}</sup>)) · each rule
                counts once, +5/+10 when a secret or idleness is over one/two years old
              </td>
            </tr>
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
