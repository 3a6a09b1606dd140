"use client";

import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { KIND_LABELS } from "@/lib/identities/labels";
import type { OwnerSuggestionRow } from "@/lib/imports/queries";
import { formatDateTime } from "@/lib/utils";
import { SuggestionButtons, SuggestionOutcome } from "./suggestion-buttons";

const col = createDataTableColumnHelper<OwnerSuggestionRow>();
const columns = col.columns([
  col.accessor((r) => r.identity.name, {
    id: "identity",
    header: "NHI",
    enableSorting: true,
    meta: { primary: true },
    cell: (c) => (
      <span>
        <Link className="font-medium text-primary underline-offset-4 hover:underline" href={`/inventory/${c.row.original.identity.id}`}>
          {c.getValue()}
        </Link>
        <span className="block text-xs text-muted-foreground">
          {KIND_LABELS[c.row.original.identity.kind]} · {c.row.original.identity.source.key}
        </span>
      </span>
    ),
  }),
  col.accessor((r) => r.identity.owner?.name ?? null, {
    id: "currentOwner",
    header: "Owner now",
    cell: (c) => c.getValue() ?? <Badge variant="critical">None</Badge>,
  }),
  col.accessor((r) => r.user.name, {
    id: "suggested",
    header: "Suggested owner",
    cell: (c) => (
      <span>
        {c.getValue()}
        <span className="block text-xs text-muted-foreground">{c.row.original.user.email}</span>
        {!c.row.original.user.active ? <Badge variant="high">Deactivated</Badge> : null}
      </span>
    ),
  }),
  col.accessor("origin", {
    header: "From",
    cell: (c) => (
      <span>
        {c.getValue()}
        {c.row.original.jobId ? (
          <Link className="block text-xs text-primary underline-offset-4 hover:underline" href={`/imports/${c.row.original.jobId}`}>
            the import
          </Link>
        ) : null}
      </span>
    ),
  }),
  col.accessor("createdAt", { id: "createdAt", header: "Suggested", enableSorting: true, cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.getValue())}</span> }),
  col.display({
    id: "actions",
    header: "Decision",
    cell: (c) =>
      c.row.original.status === "PENDING" ? (
        <SuggestionButtons ids={[c.row.original.id]} compact />
      ) : (
        <span className="text-sm text-muted-foreground">
          {c.row.original.status === "ACCEPTED" ? "Accepted" : "Dismissed"} {formatDateTime(c.row.original.decidedAt)}
        </span>
      ),
  }),
]);

export function SuggestionsTable(props: { rows: OwnerSuggestionRow[]; total: number; page: number; size: number; sort: string; dir: SortDir; pending: boolean }) {
  return (
    <SuggestionOutcome>
      <DataTable
        label="Owner suggestions"
        columns={columns}
        data={props.rows}
        rowCount={props.total}
        page={props.page}
        size={props.size}
        sort={props.sort}
        dir={props.dir}
        enableSelection={props.pending}
        bulkActions={props.pending ? (ids, clear) => <SuggestionButtons ids={ids} onDone={clear} /> : undefined}
        emptyMessage={props.pending ? "No owner suggestions to review. Imports raise them from owner tags, owners relationships and notification e-mails." : "None."}
      />
    </SuggestionOutcome>
  );
}
