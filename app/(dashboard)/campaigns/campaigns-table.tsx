"use client";

import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/select";
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_VARIANTS } from "@/lib/campaigns/labels";
import { RECURRENCE_LABELS, type Recurrence } from "@/lib/campaigns/automation";
import type { CampaignListRow } from "@/lib/campaigns/queries";
import { formatDate, formatNumber } from "@/lib/utils";
import { ProgressBar } from "./progress-bar";

const col = createDataTableColumnHelper<CampaignListRow>();
const columns = col.columns([
  col.accessor("name", {
    id: "name",
    header: "Campaign",
    enableSorting: true,
    meta: { primary: true, className: "max-w-[24rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <span className="block truncate font-medium">{c.getValue()}</span>
        {c.row.original.description ? <span className="block truncate text-xs text-muted-foreground">{c.row.original.description}</span> : null}
      </span>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => {
      // A recurring definition stays a draft: say what it is instead.
      const rec = c.row.original.recurrence as Recurrence | null;
      if (rec && c.getValue() === "DRAFT") return <Badge variant="info">Recurring · {RECURRENCE_LABELS[rec]}</Badge>;
      return <Badge variant={CAMPAIGN_STATUS_VARIANTS[c.getValue()]}>{CAMPAIGN_STATUS_LABELS[c.getValue()]}</Badge>;
    },
  }),
  col.accessor((r) => r.progress.percent, {
    id: "progress",
    header: "Decided",
    meta: { className: "w-56" },
    cell: (c) => {
      const p = c.row.original.progress;
      if (c.row.original.status === "DRAFT") return <span className="text-muted-foreground">{c.row.original.recurrence ? "Launches a run each period" : "Not launched"}</span>;
      return (
        <span className="flex items-center gap-2">
          <ProgressBar percent={p.percent} label={`${p.percent}% decided`} className="w-24" />
          <span className="whitespace-nowrap text-xs tabular-nums text-muted-foreground">
            {formatNumber(p.decided)} / {formatNumber(p.total)}
          </span>
        </span>
      );
    },
  }),
  col.accessor("dueAt", { id: "due", header: "Due", enableSorting: true, meta: { align: "end" }, cell: (c) => <span className="whitespace-nowrap">{c.row.original.recurrence ? `${c.row.original.durationDays} days after each launch` : formatDate(c.getValue())}</span> }),
  col.accessor((r) => r.createdBy?.name ?? "", { id: "createdBy", header: "Created by", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("createdAt", { id: "created", header: "Created", enableSorting: true, meta: { align: "end" }, cell: (c) => <span className="whitespace-nowrap">{formatDate(c.getValue())}</span> }),
]);

export function CampaignsTable(props: { rows: CampaignListRow[]; total: number; page: number; size: number; sort: string; dir: SortDir }) {
  return (
    <DataTable
      label="Campaigns"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      rowHref={(r) => `/campaigns/${r.id}`}
      toolbar={<StatusFilter />}
      emptyMessage="No campaigns yet. Create one to have owners certify their NHIs."
    />
  );
}

function StatusFilter() {
  const { searchParams, setSearchParams } = useUrlState();
  return (
    <div className="flex items-center gap-2" role="search" aria-label="Filter campaigns">
      <Select aria-label="Status" className="w-48" value={searchParams?.get("status") ?? "all"} onChange={(e) => setSearchParams({ status: e.target.value === "all" ? null : e.target.value }, { resetPage: true })}>
        <option value="all">All campaigns</option>
        <option value="open">Open (draft, review, remediation)</option>
        {Object.entries(CAMPAIGN_STATUS_LABELS).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
    </div>
  );
}
