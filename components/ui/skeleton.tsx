import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** A grey placeholder block; decorative, so hidden from assistive tech (announce loading elsewhere). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="skeleton" aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted-foreground/15", className)} {...props} />;
}
