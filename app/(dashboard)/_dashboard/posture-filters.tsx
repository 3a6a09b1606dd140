"use client";

import { Loader2, Printer } from "lucide-react";
import Link from "next/link";
import { useUrlState } from "@/components/data-table/use-url-state";
import { Select } from "@/components/ui/select";
import { buttonVariants } from "@/components/ui/button";
import { DEFAULT_RANGE_DAYS, RANGE_DAYS } from "@/lib/posture/schemas";
import { cn } from "@/lib/utils";

/** Time range and team/source filters, kept in the URL (`range`, `team`, `source`). */
export function PostureFilters({
  teams, sources, summaryHref,
}: { teams: { id: string; name: string }[]; sources: { id: string; key: string }[]; summaryHref: string }) {
  const { searchParams, setSearchParams, isPending } = useUrlState();
  const range = Number(searchParams?.get("range")) || DEFAULT_RANGE_DAYS;
  const set = (k: string, v: string | null) => setSearchParams({ [k]: v }, { scroll: false });
  return (
    <div className="flex flex-wrap items-center gap-2 print:hidden" role="group" aria-label="Dashboard filters">
      <div className="inline-flex rounded-md border bg-card p-0.5" role="radiogroup" aria-label="Time range">
        {RANGE_DAYS.map((d) => (
          <button
            key={d}
            type="button"
            role="radio"
            aria-checked={range === d}
            onClick={() => set("range", d === DEFAULT_RANGE_DAYS ? null : String(d))}
            className={cn(
              "rounded px-2.5 py-1 text-sm tabular-nums transition-colors focus-visible:outline-2 focus-visible:outline-ring",
              range === d ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-accent hover:text-foreground",
            )}
          >
            {d === 365 ? "1 y" : `${d} d`}
          </button>
        ))}
      </div>
      <Select aria-label="Team" className="w-44" value={searchParams?.get("team") ?? ""} onChange={(e) => set("team", e.target.value || null)}>
        <option value="">All teams</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
      <Select aria-label="Source" className="w-56" value={searchParams?.get("source") ?? ""} onChange={(e) => set("source", e.target.value || null)}>
        <option value="">All sources</option>
        {sources.map((s) => (
          <option key={s.id} value={s.id}>
            {s.key}
          </option>
        ))}
      </Select>
      {isPending ? <Loader2 className="size-4 animate-spin text-muted-foreground" aria-label="Loading" /> : null}
      <Link href={summaryHref} className={cn(buttonVariants({ variant: "outline", size: "sm" }), "ml-auto")}>
        <Printer aria-hidden="true" /> Executive summary
      </Link>
    </div>
  );
}
