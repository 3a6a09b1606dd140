import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

type DataTableSkeletonProps = {
  columns?: number;
  rows?: number;
  /** Show a placeholder for the filter toolbar above the table. */
  toolbar?: boolean;
  className?: string;
};

/**
 * Placeholder shaped like <DataTable>, for a route's loading.tsx (first load). Later page/sort/filter changes keep
 * the current rows on screen and show the table's own progress bar instead, so this does not flash on every click.
 */
export function DataTableSkeleton({ columns = 5, rows = 10, toolbar = true, className }: DataTableSkeletonProps) {
  return (
    <div className={cn("flex flex-col gap-3", className)} role="status" aria-live="polite">
      <span className="sr-only">Loading table…</span>
      {toolbar ? (
        <div className="flex gap-2">
          <Skeleton className="h-9 w-64" />
          <Skeleton className="h-9 w-36" />
          <Skeleton className="h-9 w-36" />
        </div>
      ) : null}
      <div className="overflow-hidden rounded-lg border bg-card shadow-xs">
        <div className="flex gap-4 border-b bg-muted/60 px-3 py-3">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className={cn("h-4", i === 0 ? "w-1/4" : "flex-1")} />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex gap-4 border-b px-3 py-3.5 last:border-0">
            {Array.from({ length: columns }, (_, i) => (
              <Skeleton key={i} className={cn("h-4", i === 0 ? "w-1/4" : "flex-1")} />
            ))}
          </div>
        ))}
        <div className="flex justify-between border-t px-3 py-3">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-4 w-64" />
        </div>
      </div>
    </div>
  );
}
