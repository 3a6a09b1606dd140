"use client";

import { Download, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Button, buttonVariants } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { auditDiff, showValue } from "@/lib/audit/diff";
import { auditActionLabel } from "@/lib/audit/labels";
import type { AuditEventRow } from "@/lib/audit/queries";
import { AUDIT_FILTER_KEYS } from "@/lib/audit/schemas";
import { cn, formatDateTime } from "@/lib/utils";

const DIFF_PREVIEW = 3;

/** Detail pages of the targets Steward has pages for. */
function targetHref(type: string | null, id: string | null): string | null {
  if (!id) return null;
  if (type === "Identity") return `/inventory/${id}`;
  if (type === "ImportJob") return `/imports/${id}`;
  return null;
}

const col = createDataTableColumnHelper<AuditEventRow>();
const columns = col.columns([
  col.accessor("at", {
    id: "at",
    header: "When",
    enableSorting: true,
    cell: (c) => (
      <span className="block whitespace-nowrap">
        {formatDateTime(c.getValue())}
        <span className="block text-xs text-muted-foreground">#{c.row.original.seq}</span>
      </span>
    ),
  }),
  col.accessor("actorEmail", {
    header: "Actor",
    meta: { className: "max-w-[14rem]" },
    cell: (c) => (
      <span className="block truncate" title={c.getValue() ?? undefined}>
        {c.getValue() ?? <span className="text-muted-foreground">system</span>}
        {hasToken(c.row.original.meta) ? <span className="block text-xs text-muted-foreground">via API token</span> : null}
      </span>
    ),
  }),
  col.accessor("action", {
    header: "Action",
    cell: (c) => (
      <span className="block">
        <span className="font-medium">{auditActionLabel(c.getValue())}</span>
        <code className="block text-xs text-muted-foreground">{c.getValue()}</code>
      </span>
    ),
  }),
  col.accessor("targetId", {
    header: "Target",
    meta: { className: "max-w-[14rem]" },
    cell: (c) => {
      const { targetType, targetId } = c.row.original;
      if (!targetType && !targetId) return <span className="text-muted-foreground">—</span>;
      const href = targetHref(targetType, targetId);
      return (
        <span className="block min-w-0">
          <span className="block text-xs text-muted-foreground">{targetType}</span>
          {href ? (
            <Link href={href} prefetch={false} className="block truncate font-mono text-xs text-primary hover:underline">
              {targetId}
            </Link>
          ) : (
            <span className="block truncate font-mono text-xs" title={targetId ?? undefined}>
              {targetId}
            </span>
          )}
        </span>
      );
    },
  }),
  col.display({
    id: "change",
    header: "Change",
    meta: { className: "max-w-[26rem]" },
    cell: (c) => <ChangeSummary row={c.row.original} />,
  }),
  col.display({ id: "details", header: () => <span className="sr-only">Details</span>, cell: (c) => <EventDetails row={c.row.original} /> }),
]);

function hasToken(meta: unknown): boolean {
  return typeof meta === "object" && meta !== null && "apiTokenId" in meta;
}

function ChangeSummary({ row }: { row: AuditEventRow }) {
  const diff = auditDiff(row.before, row.after);
  if (!diff.length) return <span className="text-xs text-muted-foreground">{row.meta ? "See details" : "—"}</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {diff.slice(0, DIFF_PREVIEW).map((d) => (
        <li key={d.field} className="truncate">
          <span className="text-muted-foreground">{d.field}: </span>
          {row.before !== null ? (
            <>
              <span className="text-muted-foreground line-through decoration-1">{showValue(d.before)}</span>
              <span aria-hidden="true"> → </span>
              <span className="sr-only"> changed to </span>
            </>
          ) : null}
          <span>{showValue(d.after)}</span>
        </li>
      ))}
      {diff.length > DIFF_PREVIEW ? <li className="text-muted-foreground">+{diff.length - DIFF_PREVIEW} more</li> : null}
    </ul>
  );
}

function EventDetails({ row }: { row: AuditEventRow }) {
  const diff = auditDiff(row.before, row.after);
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Details of event ${row.seq}`}>
          Details
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>
            {auditActionLabel(row.action)} · event #{row.seq}
          </DialogTitle>
          <DialogDescription>
            {formatDateTime(row.at)} by {row.actorEmail ?? "system"}
            {row.targetType ? ` on ${row.targetType} ${row.targetId ?? ""}` : ""}
          </DialogDescription>
        </DialogHeader>
        {diff.length ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Before and after</caption>
              <thead>
                <tr className="text-left text-xs text-muted-foreground">
                  <th scope="col" className="py-1 pr-3 font-medium">Field</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Before</th>
                  <th scope="col" className="py-1 font-medium">After</th>
                </tr>
              </thead>
              <tbody>
                {diff.map((d) => (
                  <tr key={d.field} className="border-t align-top">
                    <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-normal">{d.field}</th>
                    <td className="py-1.5 pr-3 break-all text-muted-foreground">{showValue(d.before)}</td>
                    <td className="py-1.5 break-all">{showValue(d.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {row.meta ? (
          <div>
            <p className="text-xs font-medium text-muted-foreground">Context</p>
            <pre className="mt-1 max-h-48 overflow-auto rounded-md bg-muted p-2 text-xs">{JSON.stringify(row.meta, null, 2)}</pre>
          </div>
        ) : null}
        <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-muted-foreground">Event id</dt>
          <dd className="font-mono break-all">{row.id}</dd>
          <dt className="text-muted-foreground">Hash</dt>
          <dd className="font-mono break-all">{row.hash}</dd>
          <dt className="text-muted-foreground">Previous</dt>
          <dd className="font-mono break-all">{row.prevHash}</dd>
        </dl>
      </DialogContent>
    </Dialog>
  );
}

export function AuditTable(props: {
  rows: AuditEventRow[];
  total: number;
  page: number;
  size: number;
  sort: string;
  dir: SortDir;
  facets: { actions: string[]; targetTypes: string[] };
}) {
  return (
    <DataTable
      label="Audit events"
      columns={columns}
      data={props.rows}
      getRowId={(r) => r.id}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      toolbar={<AuditFilters facets={props.facets} />}
      emptyMessage="No audit events match these filters."
    />
  );
}

/** A text filter that writes the URL when the user presses Enter or leaves the field. */
function TextFilter({ name, label, placeholder, className }: { name: string; label: string; placeholder: string; className?: string }) {
  const { searchParams, setSearchParams } = useUrlState();
  const current = searchParams?.get(name) ?? "";
  const [value, setValue] = useState(current);
  useEffect(() => setValue(current), [current]);
  const commit = () => {
    if (value.trim() !== current) setSearchParams({ [name]: value.trim() || null }, { resetPage: true });
  };
  return (
    <Input
      aria-label={label}
      placeholder={placeholder}
      className={className}
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
      }}
    />
  );
}

function AuditFilters({ facets }: { facets: { actions: string[]; targetTypes: string[] } }) {
  const { searchParams, setSearchParams } = useUrlState();
  const get = (k: string) => searchParams?.get(k) ?? "";
  const set = (k: string, v: string) => setSearchParams({ [k]: v || null }, { resetPage: true });
  const active = AUDIT_FILTER_KEYS.some((k) => get(k));
  const filterQuery = new URLSearchParams(AUDIT_FILTER_KEYS.filter((k) => get(k)).map((k) => [k, get(k)])).toString();
  const exportHref = (format: string) => `/api/v1/audit/export?format=${format}${filterQuery ? `&${filterQuery}` : ""}`;
  return (
    <div className="flex w-full flex-col gap-2" role="search" aria-label="Filter audit events">
      <div className="flex flex-wrap items-center gap-2">
        <TextFilter name="actor" label="Actor e-mail" placeholder="Actor e-mail" className="w-56" />
        <Select aria-label="Action" className="w-56" value={get("action")} onChange={(e) => set("action", e.target.value)}>
          <option value="">Any action</option>
          {facets.actions.map((a) => (
            <option key={a} value={a}>
              {auditActionLabel(a)}
            </option>
          ))}
        </Select>
        <Select aria-label="Target type" className="w-40" value={get("targetType")} onChange={(e) => set("targetType", e.target.value)}>
          <option value="">Any target</option>
          {facets.targetTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <TextFilter name="targetId" label="Target id" placeholder="Target id" className="w-52" />
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-muted-foreground">From</span>
          <Input type="date" aria-label="From date" className="w-40" value={get("from")} onChange={(e) => set("from", e.target.value)} />
        </label>
        <label className="flex items-center gap-2">
          <span className="text-muted-foreground">to</span>
          <Input type="date" aria-label="To date" className="w-40" value={get("to")} onChange={(e) => set("to", e.target.value)} />
        </label>
        {active ? (
          <Button variant="ghost" size="sm" onClick={() => setSearchParams(Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, null])), { resetPage: true })}>
            <X aria-hidden="true" /> Clear filters
          </Button>
        ) : null}
        <span className="ml-auto flex gap-2">
          <a href={exportHref("csv")} className={cn(buttonVariants({ variant: "outline", size: "sm" }))} download>
            <Download aria-hidden="true" /> Export CSV
          </a>
          <a href={exportHref("json")} className={cn(buttonVariants({ variant: "outline", size: "sm" }))} download>
            <Download aria-hidden="true" /> Export JSON
          </a>
        </span>
      </div>
    </div>
  );
}
