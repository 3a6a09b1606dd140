"use client";

import type { ReactTable, RowData } from "@tanstack/react-table";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { formatNumber } from "@/lib/utils";
import type { DataTableFeatures } from "./features";
import { lastPage, pageRange } from "./url-state";

type DataTablePaginationProps<TRow extends RowData> = {
  table: ReactTable<DataTableFeatures, TRow>;
  page: number;
  size: number;
  rowCount: number;
  pageSizeOptions: readonly number[];
};

/** Footer: "Showing 51–100 of 4,812", rows per page, first/previous/next/last. Changes go through the table. */
export function DataTablePagination<TRow extends RowData>({
  table,
  page,
  size,
  rowCount,
  pageSizeOptions,
}: DataTablePaginationProps<TRow>) {
  const sizeId = useId();
  const { from, to } = pageRange(page, size, rowCount);
  const pages = lastPage(rowCount, size);
  // A size that arrived in the URL but is not offered still has to show as selected.
  const sizes = pageSizeOptions.includes(size) ? pageSizeOptions : [...pageSizeOptions, size].sort((a, b) => a - b);

  return (
    <div className="flex flex-col gap-3 border-t px-3 py-2.5 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between">
      <p className="tabular-nums">
        {rowCount === 0 ? (
          "No results"
        ) : from === 0 ? (
          <>No rows on this page of {formatNumber(rowCount)}</>
        ) : (
          <>
            Showing <span className="font-medium text-foreground">{formatNumber(from)}–{formatNumber(to)}</span> of{" "}
            <span className="font-medium text-foreground">{formatNumber(rowCount)}</span>
          </>
        )}
      </p>

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex items-center gap-2">
          <label htmlFor={sizeId} className="whitespace-nowrap">
            Rows per page
          </label>
          <Select
            id={sizeId}
            value={size}
            onChange={(e) => table.setPageSize(Number(e.target.value))}
            className="w-20 [&_select]:h-8"
          >
            {sizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </div>

        {/* aria-live: a screen reader hears the new page number after using the buttons. */}
        <p className="whitespace-nowrap tabular-nums" aria-live="polite">
          Page <span className="font-medium text-foreground">{formatNumber(page)}</span> of {formatNumber(pages)}
        </p>

        <div className="flex items-center gap-1">
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="First page"
            disabled={!table.getCanPreviousPage()}
            onClick={() => table.firstPage()}
          >
            <ChevronsLeft aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Previous page"
            disabled={!table.getCanPreviousPage()}
            onClick={() => table.previousPage()}
          >
            <ChevronLeft aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Next page"
            disabled={!table.getCanNextPage()}
            onClick={() => table.nextPage()}
          >
            <ChevronRight aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Last page"
            disabled={page >= pages}
            onClick={() => table.lastPage()}
          >
            <ChevronsRight aria-hidden="true" />
          </Button>
        </div>
      </div>
    </div>
  );
}
