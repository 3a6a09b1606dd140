// Scoped to the list (route group) so the detail page is outside this Suspense boundary and can answer 404.
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";

export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading inventory">
      <div className="h-14" />
      <DataTableSkeleton columns={8} rows={12} />
    </div>
  );
}
