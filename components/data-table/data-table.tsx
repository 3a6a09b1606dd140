"use client";

import {
  functionalUpdate,
  useTable,
  type PaginationState,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import Link from "next/link";
import { useMemo, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { DataTablePagination } from "./data-table-pagination";
import { createDataTableColumnHelper, dataTableFeatures, type DataTableColumnDef } from "./features";
import { UrlStateProvider, useUrlState } from "./use-url-state";
import { PAGE_SIZE_OPTIONS, paginationUpdates, sortUpdates, type SortDir } from "./url-state";

export type DataTableProps<TRow extends RowData> = {
  /** Column definitions from `createDataTableColumnHelper`; keep them at module scope (a stable reference). */
  columns: ReadonlyArray<DataTableColumnDef<TRow>>;
  /** The rows of the current page, already filtered, sorted and sliced by the server. */
  data: TRow[];
  /** Total rows matching the current filters (for "of 4,812" and the last page). */
  rowCount: number;
  /** Current state as parsed from the URL by the server page: 1-based page, page size, sort column id, direction. */
  page: number;
  size: number;
  sort?: string | null;
  dir?: SortDir;
  /** Stable id of a row, used for selection. Defaults to `row.id`. */
  getRowId?: (row: TRow) => string;
  /** Detail page of a row; the column with `meta.primary` renders its cell as a link to it. */
  rowHref?: (row: TRow) => string;
  /** Accessible name of the table, e.g. "Identities". */
  label?: string;
  /** Shown when there are no rows: a string becomes the title of an empty state, a node is rendered as is. */
  emptyMessage?: ReactNode;
  /** Filters and other controls above the table; they share the table's pending indicator (see useUrlState). */
  toolbar?: ReactNode;
  /** Adds a checkbox column; defaults to true when `bulkActions` is given. */
  enableSelection?: boolean;
  /** Rendered in a bar above the table while rows are selected; call `clear()` after the action succeeds. */
  bulkActions?: (selectedIds: string[], clear: () => void) => ReactNode;
  pageSizeOptions?: readonly number[];
  className?: string;
};

const defaultGetRowId = (row: unknown): string => String((row as { id: unknown }).id);

// Sorting is opt-in per column; a column turns it on with `enableSorting: true`. Module scope: v9 memoizes on it.
const defaultColumn = { enableSorting: false } as const;

// Built once; `any` row type because it only uses the row's selection API, which does not depend on the row shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const selectHelper = createDataTableColumnHelper<any>();
const selectColumn = selectHelper.display({
  id: "select",
  header: ({ table }) => (
    <Checkbox
      aria-label="Select all rows on this page"
      disabled={table.getRowModel().rows.length === 0}
      checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false}
      onCheckedChange={(checked) => table.toggleAllPageRowsSelected(checked === true)}
    />
  ),
  cell: ({ row, table }) => (
    <Checkbox
      aria-label={`Select ${rowLabel(row, table.getAllLeafColumns()) ?? `row ${row.index + 1}`}`}
      checked={row.getIsSelected()}
      disabled={!row.getCanSelect()}
      onCheckedChange={(checked) => row.toggleSelected(checked === true)}
    />
  ),
});

/** Text of the row's primary cell, to give its checkbox a useful name ("Select svc-deploy-bot"). */
function rowLabel(
  row: { getValue: (columnId: string) => unknown },
  columns: ReadonlyArray<{ id: string; columnDef: { meta?: { primary?: boolean } } }>,
): string | null {
  const primary = columns.find((c) => c.columnDef.meta?.primary);
  if (!primary) return null;
  const value = row.getValue(primary.id);
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/**
 * The one server-mode data table. State lives in the URL: the server page parses `page/size/sort/dir` (see
 * `parseTableParams`), queries one page and renders this with the result; every change here pushes a new URL and
 * the server renders the next page. Filters are other URL params, kept as they are.
 */
export function DataTable<TRow extends RowData>(props: DataTableProps<TRow>) {
  // The provider lets the toolbar's filters and the table share one pending state.
  return (
    <UrlStateProvider>
      <DataTableInner {...props} />
    </UrlStateProvider>
  );
}

function DataTableInner<TRow extends RowData>({
  columns,
  data,
  rowCount,
  page,
  size,
  sort = null,
  dir = "asc",
  getRowId = defaultGetRowId,
  rowHref,
  label,
  emptyMessage = "No results",
  toolbar,
  bulkActions,
  enableSelection = bulkActions !== undefined,
  pageSizeOptions = PAGE_SIZE_OPTIONS,
  className,
}: DataTableProps<TRow>) {
  const { setSearchParams, isPending } = useUrlState();
  const containerRef = useRef<HTMLDivElement>(null);

  // Controlled slices must keep their identity between renders, or the table republishes them every render.
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize: size }), [page, size]);
  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort, desc: dir === "desc" }] : []), [sort, dir]);

  // Selection only covers the rows on screen: it is cleared whenever a new page of data arrives (paging, sorting,
  // filtering, or a refresh after a bulk action), so a bulk action never touches rows the user cannot see.
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [selectionData, setSelectionData] = useState(data);
  if (selectionData !== data) {
    setSelectionData(data);
    setRowSelection({});
  }

  const allColumns = useMemo(
    () => (enableSelection ? [selectColumn as DataTableColumnDef<TRow>, ...columns] : columns),
    [enableSelection, columns],
  );

  const onPaginationChange = (updater: Updater<PaginationState>) => {
    const next = functionalUpdate(updater, pagination);
    setSearchParams(paginationUpdates({ page, size }, { page: next.pageIndex + 1, size: next.pageSize }));
    // The pager is below the table: bring the top of the new page into view, but only if it scrolled away.
    const el = containerRef.current;
    if (el && el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: "start" });
  };

  const onSortingChange = (updater: Updater<SortingState>) => {
    const [next] = functionalUpdate(updater, sorting);
    setSearchParams(sortUpdates(next?.id ?? null, next?.desc ? "desc" : "asc"));
  };

  const table = useTable({
    features: dataTableFeatures,
    columns: allColumns,
    data,
    defaultColumn,
    getRowId,
    rowCount,
    manualPagination: true,
    manualSorting: true,
    // One sort column (the URL has one `sort`), toggling asc <-> desc; never "unsorted", the server always orders.
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    enableRowSelection: enableSelection,
    state: { pagination, sorting, rowSelection },
    onPaginationChange,
    onSortingChange,
    onRowSelectionChange: setRowSelection,
  });

  const rows = table.getRowModel().rows;
  const selectedIds = Object.keys(rowSelection);
  const clearSelection = () => setRowSelection({});
  const columnCount = allColumns.length;

  return (
    <div ref={containerRef} className={cn("flex scroll-mt-4 flex-col gap-3", className)}>
      {toolbar ? <div className="flex flex-wrap items-end gap-2">{toolbar}</div> : null}

      {enableSelection && selectedIds.length > 0 ? (
        <div
          role="region"
          aria-label="Bulk actions"
          className="flex flex-wrap items-center gap-2 rounded-lg border border-info-border bg-info-subtle px-3 py-2 text-sm"
        >
          <span className="font-medium text-info-foreground" aria-live="polite">
            {selectedIds.length} selected
          </span>
          <div className="flex flex-wrap items-center gap-2">{bulkActions?.(selectedIds, clearSelection)}</div>
          <Button variant="ghost" size="sm" className="ml-auto" onClick={clearSelection}>
            Clear selection
          </Button>
        </div>
      ) : null}

      <div className="relative overflow-hidden rounded-lg border bg-card shadow-xs">
        {/* Indeterminate progress bar while the next page is loading; the old rows stay visible but dimmed. */}
        <div aria-hidden="true" className={cn("absolute inset-x-0 top-0 z-10 h-0.5 overflow-hidden", !isPending && "hidden")}>
          <div className="h-full w-1/3 animate-progress bg-primary" />
        </div>
        <Table aria-label={label} aria-busy={isPending || undefined}>
          <TableHeader>
            {table.getHeaderGroups().map((headerGroup) => (
              <TableRow key={headerGroup.id} className="hover:bg-transparent">
                {headerGroup.headers.map((header) => {
                  const column = header.column;
                  const meta = column.columnDef.meta;
                  const canSort = column.getCanSort();
                  const sorted = column.getIsSorted();
                  const SortIcon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;
                  return (
                    <TableHead
                      key={header.id}
                      colSpan={header.colSpan}
                      aria-sort={canSort ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined}
                      className={cn(meta?.align === "end" && "text-right", meta?.className)}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={column.getToggleSortingHandler()}
                          className={cn(
                            "-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-1 font-medium hover:text-foreground",
                            sorted && "text-foreground",
                            meta?.align === "end" && "flex-row-reverse",
                          )}
                        >
                          <table.FlexRender header={header} />
                          <SortIcon aria-hidden="true" className={cn("size-3.5", !sorted && "opacity-50")} />
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody className={cn("transition-opacity", isPending && "opacity-60")}>
            {rows.length > 0 ? (
              rows.map((row) => (
                <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                  {row.getAllCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    const content = <table.FlexRender cell={cell} />;
                    return (
                      <TableCell key={cell.id} className={cn(meta?.align === "end" && "text-right", meta?.className)}>
                        {meta?.primary && rowHref ? (
                          <Link
                            href={rowHref(row.original)}
                            // A page of 50-200 rows would otherwise prefetch every detail page as it scrolls into view.
                            prefetch={false}
                            className="font-medium text-foreground underline-offset-4 hover:text-primary hover:underline"
                          >
                            {content}
                          </Link>
                        ) : (
                          content
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))
            ) : (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={columnCount} className="p-0">
                  {rowCount > 0 ? (
                    // A stale bookmark or a shrunken result can point past the last page.
                    <EmptyState
                      title="This page is empty"
                      description={`There are ${rowCount.toLocaleString("en-US")} results in total.`}
                      action={
                        <Button variant="outline" size="sm" onClick={() => table.firstPage()}>
                          Go to the first page
                        </Button>
                      }
                    />
                  ) : typeof emptyMessage === "string" ? (
                    <EmptyState title={emptyMessage} />
                  ) : (
                    emptyMessage
                  )}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        <DataTablePagination table={table} page={page} size={size} rowCount={rowCount} pageSizeOptions={pageSizeOptions} />
      </div>
    </div>
  );
}
