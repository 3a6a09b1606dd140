"use client";

import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { ImportChangeRow } from "@/lib/imports/queries";
import { ChangeFields } from "../change-fields";

const CHANGE: Record<ImportChangeRow["change"], { label: string; variant: BadgeVariant }> = {
  CREATED: { label: "New", variant: "success" },
  UPDATED: { label: "Updated", variant: "info" },
  REVOKED: { label: "Revoked", variant: "medium" },
  DELETED_AT_SOURCE: { label: "Gone at source", variant: "high" },
  RESTORED: { label: "Back at source", variant: "info" },
};
const ENTITY: Record<ImportChangeRow["entity"], string> = { IDENTITY: "NHI", CREDENTIAL: "Credential", ENTITLEMENT: "Entitlement" };

type Row = ImportChangeRow & { people: Record<string, string> };
const col = createDataTableColumnHelper<Row>();
const columns = col.columns([
  col.accessor((r) => r.identityName ?? r.identityId, {
    id: "identity",
    header: "NHI",
    cell: (c) => (
      <Link className="font-medium text-primary underline-offset-4 hover:underline" href={`/inventory/${c.row.original.identityId}`}>
        {c.getValue()}
      </Link>
    ),
  }),
  col.accessor("entity", {
    header: "What",
    cell: (c) => (
      <span>
        {ENTITY[c.getValue()]}
        {c.row.original.entityKey ? <span className="block max-w-[22rem] truncate font-mono text-xs text-muted-foreground" title={c.row.original.entityKey}>{c.row.original.entityKey}</span> : null}
      </span>
    ),
  }),
  col.accessor("change", { header: "Change", cell: (c) => <Badge variant={CHANGE[c.getValue()].variant}>{CHANGE[c.getValue()].label}</Badge> }),
  col.accessor("fields", { header: "Before → after", cell: (c) => <ChangeFields fields={c.getValue()} people={c.row.original.people} /> }),
]);

export function ChangesTable(props: { rows: ImportChangeRow[]; people: Record<string, string>; total: number; page: number; size: number }) {
  const rows = props.rows.map((r) => ({ ...r, people: props.people }));
  return (
    <DataTable
      label="Changes"
      columns={columns}
      data={rows}
      getRowId={(r) => r.seq}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      emptyMessage="This import changed nothing: every record was already as the file says."
    />
  );
}
