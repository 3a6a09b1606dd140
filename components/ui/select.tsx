import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "@/lib/utils";
import { fieldBase } from "./input";

/**
 * A styled native <select>. Native keeps keyboard, screen reader and mobile behaviour correct for free and works
 * in plain HTML forms and server components; use <option> children as usual.
 * `className` sets the wrapper (width, margins); every other prop goes to the <select>.
 */
export function Select({ className, children, ...props }: ComponentProps<"select">) {
  return (
    <div className={cn("relative inline-flex w-full", className)} data-slot="select-wrapper">
      <select
        data-slot="select"
        className={cn(fieldBase, "h-9 cursor-pointer appearance-none py-1 pr-8")}
        {...props}
      >
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
