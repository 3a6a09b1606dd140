"use client";

import { useEffect, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { OutboxRow } from "@/lib/notify/queries";
import { formatDateTime } from "@/lib/utils";

const col = createDataTableColumnHelper<OutboxRow>();
const columns = col.columns([
  col.accessor("to", { header: "To", cell: (c) => <span className="whitespace-nowrap text-sm">{c.getValue()}</span> }),
  col.accessor("subject", {
    header: "Message",
    meta: { primary: true },
    cell: (c) => (
      <details className="max-w-[40rem]">
        <summary className="cursor-pointer font-medium">{c.getValue()}</summary>
        <pre className="mt-2 whitespace-pre-wrap break-words rounded-md bg-muted p-3 font-sans text-sm">{c.row.original.body}</pre>
      </details>
    ),
  }),
  col.accessor("url", {
    header: "Link",
    cell: (c) =>
      c.getValue() ? (
        <a href={c.getValue()!} className="whitespace-nowrap text-sm text-primary hover:underline">
          {c.row.original.link}
        </a>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  }),
  col.accessor("createdAt", { id: "created", header: "Created", enableSorting: true, cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.getValue())}</span> }),
  col.accessor("sentAt", {
    header: "Sent",
    cell: (c) => {
      const r = c.row.original;
      if (r.sentAt) return <span className="whitespace-nowrap">{formatDateTime(r.sentAt)}</span>;
      if (r.lastError)
        return (
          <span className="flex flex-col gap-1">
            <Badge variant="critical" dot>
              Failed ×{r.attempts}
            </Badge>
            <span className="max-w-[16rem] break-words text-xs text-destructive">{r.lastError}</span>
            {r.nextAttemptAt ? <span className="text-xs text-muted-foreground">Retry {formatDateTime(r.nextAttemptAt)}</span> : null}
          </span>
        );
      return <Badge variant="neutral">Not sent</Badge>;
    },
  }),
]);

export function OutboxTable(props: { rows: OutboxRow[]; total: number; page: number; size: number; sort: string; dir: SortDir }) {
  return (
    <DataTable
      label="Outbox messages"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      toolbar={<Filters />}
      emptyMessage="No messages match. Reminders, escalations and exception notices appear here when they are queued."
    />
  );
}

function Filters() {
  const { searchParams, setSearchParams } = useUrlState();
  const current = searchParams?.get("to") ?? "";
  const [value, setValue] = useState(current);
  useEffect(() => setValue(current), [current]);
  const commit = () => {
    if (value.trim() !== current) setSearchParams({ to: value.trim() || null }, { resetPage: true });
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Input
        aria-label="Recipient"
        placeholder="Filter by recipient (press Enter)"
        className="w-72"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
      />
      <Select aria-label="State" className="w-40" value={searchParams?.get("state") ?? ""} onChange={(e) => setSearchParams({ state: e.target.value || null }, { resetPage: true })}>
        <option value="">Any state</option>
        <option value="pending">Not sent</option>
        <option value="sent">Sent</option>
        <option value="failed">Failed</option>
      </Select>
    </div>
  );
}
