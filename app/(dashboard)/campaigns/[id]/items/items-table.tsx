"use client";

import { X } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlSearch, useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { DECISION_LABELS, PART_LABELS, ROUTING_LABELS } from "@/lib/campaigns/labels";
import type { CampaignItemRow } from "@/lib/campaigns/queries";
import { KIND_LABELS } from "@/lib/identities/labels";
import { formatDateTime } from "@/lib/utils";
import { RiskBadge } from "../../../inventory/risk-badge";
import { ReassignDialog } from "../reviewers-table";

const col = createDataTableColumnHelper<CampaignItemRow>();
const columns = col.columns([
  col.accessor((r) => r.identity.name, {
    id: "nhi",
    header: "NHI",
    enableSorting: true,
    meta: { primary: true, className: "max-w-[20rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <span className="block truncate font-medium">{c.getValue()}</span>
        <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
          {KIND_LABELS[c.row.original.identity.kind]}
          {c.row.original.part === "DELEGATION" ? <Badge variant="info" className="py-0">{PART_LABELS.DELEGATION}</Badge> : null}
          {c.row.original.identity.breakGlass ? <Badge variant="critical" className="py-0">Break-glass</Badge> : null}
        </span>
      </span>
    ),
  }),
  col.accessor((r) => r.identity.riskScore, { id: "risk", header: "Risk", enableSorting: true, cell: (c) => <RiskBadge score={c.getValue()} /> }),
  col.accessor((r) => r.reviewer?.name ?? null, {
    id: "reviewer",
    header: "Reviewer",
    enableSorting: true,
    cell: (c) => (
      <span className="block min-w-0">
        {c.getValue() ? <span className="block truncate">{c.getValue()}</span> : <Badge variant="critical">Unassigned</Badge>}
        <span className="block truncate text-xs text-muted-foreground">{ROUTING_LABELS[c.row.original.routedBy]}</span>
      </span>
    ),
  }),
  col.accessor("decision", {
    header: "State",
    cell: (c) => {
      const r = c.row.original;
      if (r.decidedAt) return <Badge variant="success">Decided{r.decision ? `: ${DECISION_LABELS[r.decision]}` : ""}</Badge>;
      if (r.noResponse) return <Badge variant="high">No response</Badge>;
      return <Badge variant="outline">{r.lastActivityAt ? "In progress" : "Waiting"}</Badge>;
    },
  }),
  col.accessor("decidedAt", { id: "decided", header: "Decided", enableSorting: true, meta: { align: "end" }, cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.getValue())}</span> }),
]);

export function ItemsTable(props: {
  campaignId: string;
  rows: CampaignItemRow[];
  total: number;
  page: number;
  size: number;
  sort: string;
  dir: SortDir;
  teams: { id: string; name: string }[];
  reviewerFilter: { id: string; name: string } | null;
  canReassign: boolean;
}) {
  return (
    <DataTable
      label="Review items"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      rowHref={(r) => `/campaigns/${props.campaignId}/items/${r.id}`}
      toolbar={<ItemFilters teams={props.teams} reviewerFilter={props.reviewerFilter} />}
      emptyMessage="No items match these filters."
      bulkActions={
        props.canReassign
          ? (ids, clear) => (
              <ReassignDialog
                campaignId={props.campaignId}
                itemIds={ids}
                pending={ids.length}
                onDone={clear}
                trigger={<Button size="sm">Reassign…</Button>}
              />
            )
          : undefined
      }
    />
  );
}

function ItemFilters({ teams, reviewerFilter }: { teams: { id: string; name: string }[]; reviewerFilter: { id: string; name: string } | null }) {
  const { searchParams, setSearchParams } = useUrlState();
  const get = (k: string) => searchParams?.get(k) ?? "";
  const set = (k: string, v: string) => setSearchParams({ [k]: v || null }, { resetPage: true });
  const [q, setQ] = useUrlSearch({ searchParams, setSearchParams });
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter items">
      <Input type="search" aria-label="Search by NHI name" placeholder="Search NHI…" className="w-56" value={q} onChange={(e) => setQ(e.target.value)} />
      <Select aria-label="State" className="w-40" value={get("state")} onChange={(e) => set("state", e.target.value)}>
        <option value="">Any state</option>
        <option value="pending">Waiting</option>
        <option value="decided">Decided</option>
        <option value="noResponse">No response</option>
      </Select>
      <Select aria-label="Routed to" className="w-64" value={get("routedBy")} onChange={(e) => set("routedBy", e.target.value)}>
        <option value="">Any routing</option>
        {Object.entries(ROUTING_LABELS).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
      <Select aria-label="Part" className="w-36" value={get("part")} onChange={(e) => set("part", e.target.value)}>
        <option value="">Both parts</option>
        <option value="ACCESS">Access</option>
        <option value="DELEGATION">Delegation</option>
      </Select>
      <Select aria-label="Team" className="w-40" value={get("team")} onChange={(e) => set("team", e.target.value)}>
        <option value="">Any team</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
      {reviewerFilter ? (
        <Button variant="outline" size="sm" onClick={() => set("reviewer", "")} aria-label={`Clear the reviewer filter (${reviewerFilter.name})`}>
          Reviewer: {reviewerFilter.name} <X aria-hidden="true" />
        </Button>
      ) : null}
    </div>
  );
}
