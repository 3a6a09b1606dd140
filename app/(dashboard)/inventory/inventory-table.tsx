"use client";

import { CircleUserRound, ShieldAlert } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { ENVIRONMENT_SHORT, KIND_LABELS, PLATFORM_LABELS, STATUS_LABELS } from "@/lib/identities/labels";
import type { IdentityListRow } from "@/lib/identities/queries";
import { ageInDays, formatRelative } from "@/lib/utils";
import { BulkAssignOwner } from "./bulk-assign-owner";
import { InventoryFilters, type InventoryFacets } from "./inventory-filters";
import { RiskBadge } from "./risk-badge";

const col = createDataTableColumnHelper<IdentityListRow>();

// Column ids are the allowlisted sort keys of ZInventoryQuery.
const columns = col.columns([
  col.accessor("name", {
    id: "name",
    header: "Name",
    enableSorting: true,
    meta: { primary: true, className: "max-w-[17rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <span className="block truncate font-medium" title={c.getValue()}>
          {c.getValue()}
        </span>
        <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
          <span className="truncate">
            {PLATFORM_LABELS[c.row.original.source.platform] ?? c.row.original.source.platform} · {c.row.original.source.key}
          </span>
          {/* Most NHIs are active: only the exceptions get a badge. */}
          {c.row.original.status !== "ACTIVE" ? <Badge variant="neutral" className="py-0">{STATUS_LABELS[c.row.original.status]}</Badge> : null}
        </span>
      </span>
    ),
  }),
  col.accessor("riskScore", {
    id: "risk",
    header: "Risk",
    enableSorting: true,
    cell: (c) => <RiskBadge score={c.getValue()} />,
  }),
  col.accessor("kind", {
    id: "kind",
    header: "Kind",
    enableSorting: true,
    cell: (c) => (
      <span className="flex items-center gap-1.5 whitespace-nowrap">
        {KIND_LABELS[c.getValue()]}
        {c.row.original.isPrivileged ? (
          <ShieldAlert className="size-3.5 text-high" aria-label="Privileged" />
        ) : null}
      </span>
    ),
  }),
  col.accessor("environment", {
    id: "environment",
    header: "Env",
    enableSorting: true,
    cell: (c) => <span className="whitespace-nowrap">{ENVIRONMENT_SHORT[c.getValue()]}</span>,
  }),
  col.accessor((r) => r.owner?.name ?? null, {
    id: "owner",
    header: "Owner",
    cell: (c) => {
      const owner = c.row.original.owner;
      if (c.row.original.platformManaged) return <span className="text-muted-foreground">Platform-managed</span>;
      if (!owner) return <Badge variant="critical">No owner</Badge>;
      return (
        <span className="flex items-center gap-1.5 whitespace-nowrap">
          <CircleUserRound className="size-3.5 text-muted-foreground" aria-hidden="true" />
          {owner.name}
          {!owner.active ? <Badge variant="high">Left</Badge> : null}
        </span>
      );
    },
  }),
  col.accessor("oldestCredentialAt", {
    id: "credentialAge",
    header: "Secret age",
    enableSorting: true,
    meta: { align: "end" },
    cell: (c) => {
      const d = c.getValue();
      if (!d) return <span className="text-muted-foreground">—</span>;
      const days = ageInDays(d);
      return <span className={days > 365 ? "font-medium text-critical-foreground" : days > 90 ? "text-high-foreground" : ""}>{days} d</span>;
    },
  }),
  col.accessor("unusedEntitlements", {
    id: "unused",
    header: "Unused",
    enableSorting: true,
    meta: { align: "end" },
    cell: (c) => (
      <span>
        {c.getValue()}
        <span className="text-muted-foreground"> / {c.row.original.entitlementCount}</span>
      </span>
    ),
  }),
  col.accessor("lastUsedAt", {
    id: "lastUsed",
    header: "Last used",
    enableSorting: true,
    meta: { align: "end" },
    cell: (c) => <span className="whitespace-nowrap">{formatRelative(c.getValue())}</span>,
  }),
]);

export function InventoryTable(props: {
  rows: IdentityListRow[];
  total: number;
  page: number;
  size: number;
  sort: string;
  dir: SortDir;
  facets: InventoryFacets;
  canBulkAssign: boolean;
  canFilterByOwner: boolean;
}) {
  return (
    <DataTable
      label="Non-human identities"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      rowHref={(r) => `/inventory/${r.id}`}
      toolbar={<InventoryFilters facets={props.facets} canFilterByOwner={props.canFilterByOwner} />}
      emptyMessage="No non-human identities match these filters."
      bulkActions={
        props.canBulkAssign
          ? (ids, clear) => <BulkAssignOwner identityIds={ids} onDone={clear} />
          : undefined
      }
    />
  );
}
