"use client";

import Link from "next/link";
import { Download, Search } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlSearch, useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge, severityVariant } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SEVERITY_LABELS } from "@/lib/findings/labels";
import { EXCEPTION_STATUS_LABELS, EXCEPTION_STATUS_VARIANTS } from "@/lib/exceptions/labels";
import type { ExceptionListRow, ExceptionReviewLink } from "@/lib/exceptions/queries";
import { cn, formatDate, formatRelative } from "@/lib/utils";
import { DecisionDialog } from "./decision-dialogs";

type Row = ExceptionListRow & { review?: ExceptionReviewLink | null };
const col = createDataTableColumnHelper<Row>();
// Column ids of sortable columns are the allowlisted sort keys of ZExceptionQuery.
const columns = col.columns([
  col.accessor("scopeLabel", {
    id: "scope",
    header: "Exception",
    meta: { primary: true, className: "max-w-[22rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <span className="block truncate" title={c.getValue()}>
          {c.getValue()}
        </span>
        <span className="block truncate text-xs font-normal text-muted-foreground" title={c.row.original.justification}>
          {c.row.original.justification}
        </span>
      </span>
    ),
  }),
  col.accessor((r) => r.identity?.name ?? "", {
    id: "identity",
    header: "NHI",
    meta: { className: "max-w-[16rem]" },
    cell: (c) =>
      c.row.original.identity ? (
        <span className="block min-w-0">
          <Link href={`/inventory/${c.row.original.identity.id}`} prefetch={false} className="block truncate text-primary hover:underline">
            {c.getValue()}
          </Link>
          <span className="block truncate text-xs text-muted-foreground">{c.row.original.identity.owner?.name ?? "No owner"}</span>
          {/* Not in the first column: that cell is the row's link to the exception, and links cannot nest. */}
          {c.row.original.review ? (
            <span className="block truncate text-xs font-normal text-muted-foreground">
              From review:{" "}
              {c.row.original.review.href ? (
                <Link href={c.row.original.review.href} prefetch={false} className="text-primary hover:underline">
                  {c.row.original.review.campaignName}
                </Link>
              ) : (
                c.row.original.review.campaignName
              )}
            </span>
          ) : null}
        </span>
      ) : (
        <span className="text-muted-foreground">Deleted NHI</span>
      ),
  }),
  col.accessor("severity", {
    id: "severity",
    header: "Severity",
    enableSorting: true,
    cell: (c) => (
      <Badge variant={severityVariant(c.getValue())} dot>
        {SEVERITY_LABELS[c.getValue()]}
      </Badge>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => <Badge variant={EXCEPTION_STATUS_VARIANTS[c.getValue()]}>{EXCEPTION_STATUS_LABELS[c.getValue()]}</Badge>,
  }),
  col.accessor("createdAt", {
    id: "requested",
    header: "Requested",
    enableSorting: true,
    cell: (c) => (
      <span className="block whitespace-nowrap">
        {formatRelative(c.getValue())}
        <span className="block text-xs text-muted-foreground">by {c.row.original.requestedBy.name}</span>
      </span>
    ),
  }),
  col.accessor("expiresAt", {
    id: "expires",
    header: "Expires",
    enableSorting: true,
    meta: { align: "end" },
    cell: (c) => (
      <span className="block whitespace-nowrap">
        {formatDate(c.getValue())}
        <span className="block text-xs text-muted-foreground">{formatRelative(c.getValue())}</span>
      </span>
    ),
  }),
]);

export function ExceptionsTable(props: {
  rows: Row[];
  total: number;
  page: number;
  size: number;
  sort: string;
  dir: SortDir;
  viewerId: string;
  /** Bulk approve/reject: approvers on the pending queue. */
  canDecide: boolean;
  emptyMessage: string;
}) {
  const ownIds = new Set(props.rows.filter((r) => r.requestedBy.id === props.viewerId).map((r) => r.id));
  return (
    <DataTable
      label="Exceptions"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      rowHref={(r) => `/exceptions/${r.id}`}
      toolbar={<ExceptionFilters />}
      emptyMessage={props.emptyMessage}
      bulkActions={
        props.canDecide
          ? (ids, clear) => {
              const own = ids.filter((id) => ownIds.has(id)).length;
              if (own) {
                return (
                  <span role="status" className="text-sm text-medium-foreground">
                    {own === 1 ? "One selected request is yours" : `${own} selected requests are yours`}: another approver must decide it. Deselect to continue.
                  </span>
                );
              }
              return (
                <>
                  <DecisionDialog ids={ids} decision="APPROVE" onDone={clear} />
                  <DecisionDialog ids={ids} decision="REJECT" onDone={clear} />
                </>
              );
            }
          : undefined
      }
    />
  );
}

function ExceptionFilters() {
  const { searchParams, setSearchParams } = useUrlState();
  const get = (k: string) => searchParams?.get(k) ?? "";
  const [q, setQ] = useUrlSearch({ searchParams, setSearchParams });
  const exportParams = new URLSearchParams(searchParams?.toString() ?? "");
  exportParams.delete("page");
  exportParams.delete("size");
  return (
    <div className="flex w-full flex-wrap items-center gap-2" role="search" aria-label="Filter exceptions">
      <div className="relative w-full max-w-xs">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input type="search" aria-label="Search by NHI name" placeholder="Search NHI name…" className="pl-8" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <Select aria-label="Severity" className="w-40" value={get("severity")} onChange={(e) => setSearchParams({ severity: e.target.value || null }, { resetPage: true })}>
        <option value="">Any severity</option>
        {Object.entries(SEVERITY_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
      <a href={`/exceptions/export?${exportParams.toString()}`} className={cn(buttonVariants({ variant: "outline", size: "sm" }), "ml-auto")} download>
        <Download aria-hidden="true" /> Export register (CSV)
      </a>
    </div>
  );
}
