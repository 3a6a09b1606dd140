"use client";

import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Badge, severityVariant } from "@/components/ui/badge";
import { Select } from "@/components/ui/select";
import type { FindingListRow } from "@/lib/findings/queries";
import type { FindingException } from "@/lib/exceptions/queries";
import { FindingExceptionAction, FindingExceptionProvider } from "../exceptions/finding-exception";
import type { RequestContext } from "../exceptions/request-exception";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "@/lib/findings/labels";
import { cn, formatRelative } from "@/lib/utils";
import { buttonVariants } from "@/components/ui/button";
import { Download } from "lucide-react";


/** A finding row with the live risk exception covering it, if any. */
export type FindingRow = FindingListRow & { exception: FindingException | null };

const col = createDataTableColumnHelper<FindingRow>();
const columns = col.columns([
  col.accessor("severity", {
    id: "severity",
    header: "Severity",
    enableSorting: true,
    cell: (c) => <Badge variant={severityVariant(c.getValue())} dot>{SEVERITY_LABELS[c.getValue()]}</Badge>,
  }),
  col.accessor("title", {
    id: "rule",
    header: "Finding",
    enableSorting: true,
    meta: { className: "max-w-[22rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <span className="block truncate font-medium">{c.getValue()}</span>
        <span className="block truncate text-xs text-muted-foreground" title={c.row.original.summary}>
          {c.row.original.owaspId} · {c.row.original.summary}
        </span>
      </span>
    ),
  }),
  col.accessor((r) => r.identity.name, {
    id: "identity",
    header: "NHI",
    meta: { className: "max-w-[15rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <Link href={`/inventory/${c.row.original.identity.id}`} className="block truncate font-medium text-primary hover:underline">
          {c.getValue()}
        </Link>
        <span className="block truncate text-xs text-muted-foreground">{c.row.original.identity.source.key}</span>
      </span>
    ),
  }),
  col.accessor((r) => r.identity.owner?.name ?? null, {
    id: "owner",
    header: "Owner",
    cell: (c) => (c.getValue() ? <span className="whitespace-nowrap">{c.getValue()}</span> : <Badge variant="critical">No owner</Badge>),
  }),
  col.accessor("status", { header: "Status", cell: (c) => <Badge variant={c.getValue() === "OPEN" ? "high" : "neutral"}>{FINDING_STATUS_LABELS[c.getValue()]}</Badge> }),
  col.display({
    id: "exception",
    header: "Exception",
    cell: (c) => {
      const r = c.row.original;
      return (
        <FindingExceptionAction
          finding={{ id: r.id, ruleId: r.ruleId, title: r.title, summary: r.summary, severity: r.severity }}
          status={r.status}
          identity={{ id: r.identity.id, name: r.identity.name }}
          exception={r.exception}
        />
      );
    },
  }),
  col.accessor("firstSeenAt", {
    id: "firstSeen",
    header: "First seen",
    enableSorting: true,
    meta: { align: "end" },
    cell: (c) => <span className="whitespace-nowrap">{formatRelative(c.getValue())}</span>,
  }),
]);

export function FindingsTable(props: {
  rows: FindingRow[];
  total: number;
  page: number;
  size: number;
  sort: string;
  dir: SortDir;
  rules: { id: string; title: string }[];
  teams: { id: string; name: string }[];
  sources: { id: string; key: string }[];
  canFilterByOwner: boolean;
  exceptions: RequestContext & { canRequest: boolean };
}) {
  return (
    <FindingExceptionProvider value={props.exceptions}>
      <DataTable
        label="Findings"
        columns={columns}
        data={props.rows}
        rowCount={props.total}
        page={props.page}
        size={props.size}
        sort={props.sort}
        dir={props.dir}
        toolbar={<FindingFilters rules={props.rules} teams={props.teams} sources={props.sources} canFilterByOwner={props.canFilterByOwner} />}
        emptyMessage="No findings match these filters."
      />
    </FindingExceptionProvider>
  );
}

function FindingFilters({ rules, teams, sources, canFilterByOwner }: {
  rules: { id: string; title: string }[];
  teams: { id: string; name: string }[];
  sources: { id: string; key: string }[];
  canFilterByOwner: boolean;
}) {
  const { searchParams, setSearchParams } = useUrlState();
  const get = (k: string) => searchParams?.get(k) ?? "";
  const set = (k: string, v: string) => setSearchParams({ [k]: v || null }, { resetPage: true });
  const exportHref = `/findings/export?${searchParams?.toString() ?? ""}`;
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter findings">
      <Select aria-label="Status" className="w-40" value={get("status") || "OPEN"} onChange={(e) => set("status", e.target.value === "OPEN" ? "" : e.target.value)}>
        <option value="OPEN">{FINDING_STATUS_LABELS.OPEN}</option>
        <option value="EXCEPTED">{FINDING_STATUS_LABELS.EXCEPTED}</option>
        <option value="RESOLVED">{FINDING_STATUS_LABELS.RESOLVED}</option>
        <option value="ALL">All statuses</option>
      </Select>
      <Select aria-label="Severity" className="w-40" value={get("severity")} onChange={(e) => set("severity", e.target.value)}>
        <option value="">Any severity</option>
        {Object.entries(SEVERITY_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
      <Select aria-label="Rule" className="w-72" value={get("rule")} onChange={(e) => set("rule", e.target.value)}>
        <option value="">Any rule</option>
        {rules.map((r) => (
          <option key={r.id} value={r.id}>
            {r.title}
          </option>
        ))}
      </Select>
      {canFilterByOwner ? (
        <>
          <Select aria-label="Team" className="w-40" value={get("team")} onChange={(e) => set("team", e.target.value)}>
            <option value="">Any team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
          <Select aria-label="Owner" className="w-44" value={get("owner")} onChange={(e) => set("owner", e.target.value)}>
            <option value="">Any owner</option>
            <option value="none">No owner (orphans)</option>
          </Select>
        </>
      ) : null}
      <Select aria-label="Source" className="w-48" value={get("source")} onChange={(e) => set("source", e.target.value)}>
        <option value="">Any source</option>
        {sources.map((x) => (
          <option key={x.id} value={x.id}>
            {x.key}
          </option>
        ))}
      </Select>
      <a href={exportHref} className={cn(buttonVariants({ variant: "outline", size: "sm" }), "ml-auto")} download>
        <Download aria-hidden="true" /> Export CSV
      </a>
    </div>
  );
}
