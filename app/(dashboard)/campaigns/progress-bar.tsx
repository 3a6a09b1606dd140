import { cn } from "@/lib/utils";

/** A horizontal bar for "percent decided"; the number is always written next to it, colour is never the only cue. */
export function ProgressBar({ percent, label, className }: { percent: number; label: string; className?: string }) {
  const p = Math.max(0, Math.min(100, percent));
  return (
    <span role="progressbar" aria-valuenow={p} aria-valuemin={0} aria-valuemax={100} aria-label={label} className={cn("block h-2 overflow-hidden rounded-full bg-muted", className)}>
      <span className={cn("block h-full rounded-full", p >= 100 ? "bg-success" : "bg-primary")} style={{ width: `${p}%` }} />
    </span>
  );
}
