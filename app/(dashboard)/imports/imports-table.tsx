"use client";

import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import type { ImportJobRow } from "@/lib/imports/queries";
import { formatDateTime, formatNumber } from "@/lib/utils";
import { ImportStatusBadge } from "./status-badge";

const col = createDataTableColumnHelper<ImportJobRow>();
const columns = col.columns([
  col.accessor("startedAt", {
    id: "startedAt",
    header: "Started",
    enableSorting: true,
    meta: { primary: true },
    cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.getValue())}</span>,
  }),
  col.accessor("fileName", { header: "File", cell: (c) => <span className="block max-w-[18rem] truncate" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("format", { header: "Format", cell: (c) => <Badge variant="outline">{c.getValue()}</Badge> }),
  col.accessor((r) => r.source?.key ?? "", { id: "source", header: "Source" }),
  col.accessor("status", { header: "Status", cell: (c) => <ImportStatusBadge status={c.getValue()} phase={c.row.original.phase} /> }),
  col.accessor("created", { header: "New", meta: { align: "end" }, cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("updated", { header: "Updated", meta: { align: "end" }, cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("unchanged", { header: "Unchanged", meta: { align: "end" }, cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("deletedAtSource", { header: "Gone at source", meta: { align: "end" }, cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("failed", { header: "Rejected", meta: { align: "end" }, cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("startedBy", { header: "By" }),
  col.accessor("fileHash", {
    header: "SHA-256",
    cell: (c) => (
      <span className="font-mono text-xs text-muted-foreground" title={c.getValue()}>
        {c.getValue().slice(0, 12)}
      </span>
    ),
  }),
]);

export function ImportsTable(props: { rows: ImportJobRow[]; total: number; page: number; size: number; sort: string; dir: SortDir }) {
  return (
    <DataTable
      label="Import history"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      rowHref={(r) => `/imports/${r.id}`}
      emptyMessage="No imports yet. Upload a platform export above, or run npm run steward -- import FILE."
    />
  );
}
