"use client";

import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Select } from "@/components/ui/select";
import type { JobRunRow } from "@/lib/jobs/admin";
import { formatDateTime } from "@/lib/utils";

const col = createDataTableColumnHelper<JobRunRow>();
const columns = col.columns([
  col.accessor("job", { header: "Job", meta: { primary: true }, cell: (c) => <span className="font-mono text-xs font-medium">{c.getValue()}</span> }),
  // Forced runs have the moment as their slot ("manual:<iso>"): the Started column already says when.
  col.accessor("slot", { header: "Slot", cell: (c) => <span className="whitespace-nowrap font-mono text-xs" title={c.getValue()}>{c.getValue().startsWith("manual:") ? "manual" : c.getValue()}</span> }),
  col.accessor("startedAt", { id: "started", header: "Started", enableSorting: true, cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.getValue())}</span> }),
  col.accessor("ms", { header: "Duration", cell: (c) => <span className="whitespace-nowrap tabular-nums">{c.getValue() === null ? "—" : `${c.getValue()!.toLocaleString()} ms`}</span> }),
  col.accessor("ok", {
    header: "Result",
    cell: (c) => (c.getValue() === null ? <Badge variant="neutral">Running</Badge> : c.getValue() ? <Badge variant="success" dot>OK</Badge> : <Badge variant="critical" dot>Failed</Badge>),
  }),
  col.accessor((r) => r.error ?? r.summary ?? "", {
    id: "summary",
    header: "Summary / error",
    cell: (c) => (
      <span className={c.row.original.error ? "block min-w-[16rem] max-w-[28rem] break-words text-xs text-destructive" : "block min-w-[16rem] max-w-[28rem] break-words text-xs text-muted-foreground"}>
        {c.getValue() || "—"}
      </span>
    ),
  }),
  col.accessor("forcedBy", { header: "Trigger", cell: (c) => <span className="whitespace-nowrap text-sm">{c.getValue() ? (c.getValue() === "cli" ? "CLI (forced)" : "Run now") : "Schedule"}</span> }),
]);

export function JobRunsTable(props: { rows: JobRunRow[]; total: number; page: number; size: number; sort: string; dir: SortDir; jobs: string[] }) {
  return (
    <DataTable
      label="Job runs"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      toolbar={<Filters jobs={props.jobs} />}
      emptyMessage="No runs match. Jobs run on each server's tick, or press Run now above."
    />
  );
}

function Filters({ jobs }: { jobs: string[] }) {
  const { searchParams, setSearchParams } = useUrlState();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Select aria-label="Job" className="w-56" value={searchParams?.get("job") ?? ""} onChange={(e) => setSearchParams({ job: e.target.value || null }, { resetPage: true })}>
        <option value="">All jobs</option>
        {jobs.map((j) => (
          <option key={j} value={j}>
            {j}
          </option>
        ))}
      </Select>
      <label className="flex cursor-pointer items-center gap-2 text-sm">
        <Checkbox checked={searchParams?.get("failed") === "1"} onCheckedChange={(c) => setSearchParams({ failed: c === true ? "1" : null }, { resetPage: true })} />
        Failed only
      </label>
    </div>
  );
}
