import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

const variants = {
  default: "border-transparent bg-primary text-primary-foreground",
  secondary: "border-transparent bg-secondary text-secondary-foreground",
  outline: "border-border bg-transparent text-foreground",
  critical: "border-critical-border bg-critical-subtle text-critical-foreground",
  high: "border-high-border bg-high-subtle text-high-foreground",
  medium: "border-medium-border bg-medium-subtle text-medium-foreground",
  low: "border-low-border bg-low-subtle text-low-foreground",
  success: "border-success-border bg-success-subtle text-success-foreground",
  info: "border-info-border bg-info-subtle text-info-foreground",
  neutral: "border-neutral-border bg-neutral-subtle text-neutral-foreground",
} as const;

const dots: Partial<Record<BadgeVariant, string>> = {
  critical: "bg-critical",
  high: "bg-high",
  medium: "bg-medium",
  low: "bg-low",
  success: "bg-success",
  info: "bg-info",
  neutral: "bg-neutral",
};

export type BadgeVariant = keyof typeof variants;

export type BadgeProps = ComponentProps<"span"> & {
  variant?: BadgeVariant;
  /** Show a small coloured dot; colour is never the only signal, the text always names the state. */
  dot?: boolean;
};

export function Badge({ className, variant = "neutral", dot = false, children, ...props }: BadgeProps) {
  return (
    <span
      data-slot="badge"
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium",
        "[&_svg]:pointer-events-none [&_svg]:size-3",
        variants[variant],
        className,
      )}
      {...props}
    >
      {dot && dots[variant] ? <span aria-hidden="true" className={cn("size-1.5 rounded-full", dots[variant])} /> : null}
      {children}
    </span>
  );
}

/** Maps a domain severity ("CRITICAL", "high", ...) to a badge variant; unknown values are neutral. */
export function severityVariant(severity: string | null | undefined): BadgeVariant {
  switch (severity?.toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
      return "high";
    case "medium":
      return "medium";
    case "low":
      return "low";
    case "info":
    case "informational":
      return "info";
    default:
      return "neutral";
  }
}
