import {
  createColumnHelper,
  metaHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

/*
 * The feature registry and column types shared by every DataTable. Import this from client files only
 * (the files that define columns); server pages pass plain data to those client files.
 */

/** What a column can tell <DataTable> about itself (set as `meta` in a column definition). */
export type DataTableColumnMeta = {
  /**
   * The row's main cell (usually the name). With the table's `rowHref`, its content is wrapped in a real link,
   * so keyboard and screen reader users reach the detail page by tabbing, and it labels the row's checkbox.
   */
  primary?: boolean;
  /** "end" right-aligns numbers and dates so digits line up. */
  align?: "start" | "end";
  /** Extra classes for this column's <th> and <td> (e.g. a width). */
  className?: string;
};

/**
 * Server mode only: no client row models are registered, so sorting and pagination are done by the query.
 * Module scope on purpose: v9 wants one stable features object.
 */
export const dataTableFeatures = tableFeatures({
  rowPaginationFeature,
  rowSortingFeature,
  rowSelectionFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

/** A column of a DataTable over rows of type TRow. */
// `any` value type: a table's columns hold different value types, and the helper keeps each precise.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataTableColumnDef<TRow extends RowData> = ColumnDef<DataTableFeatures, TRow, any>;

/**
 * Column helper bound to the DataTable features. Define columns at module scope of a client file:
 *
 *   const col = createDataTableColumnHelper<IdentityRow>();
 *   export const columns = col.columns([
 *     col.accessor("name", { header: "Name", enableSorting: true, meta: { primary: true } }),
 *     col.accessor("riskScore", { header: "Risk", enableSorting: true, meta: { align: "end" } }),
 *   ]);
 *
 * Sorting is opt-in per column (`enableSorting: true`) and its column id is the `sort` value in the URL, so it
 * must be one of the keys the page's `tableParamsSchema` allows.
 */
export function createDataTableColumnHelper<TRow extends RowData>() {
  return createColumnHelper<DataTableFeatures, TRow>();
}
