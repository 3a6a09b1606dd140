"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import type { SortDir } from "@/components/data-table/url-state";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { ApiTokenRow } from "@/lib/tokens/queries";
import { formatDate, formatDateTime, formatRelative } from "@/lib/utils";
import { revokeTokenAction } from "./actions";

const STATUS: Record<ApiTokenRow["status"], { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  expired: { label: "Expired", variant: "neutral" },
  revoked: { label: "Revoked", variant: "critical" },
};

const col = createDataTableColumnHelper<ApiTokenRow>();
const baseColumns = [
  col.accessor("name", { header: "Name", meta: { primary: true }, cell: (c) => <span className="font-medium">{c.getValue()}</span> }),
  col.accessor("prefix", { header: "Token", cell: (c) => <code className="text-xs">{c.getValue()}…</code> }),
  col.accessor("scopes", {
    header: "Scopes",
    cell: (c) => (
      <span className="flex max-w-[22rem] flex-wrap gap-1">
        {c.getValue().map((s) => (
          <Badge key={s} variant="outline" className="font-mono">
            {s}
          </Badge>
        ))}
      </span>
    ),
  }),
  col.accessor("createdAt", { id: "createdAt", header: "Created", enableSorting: true, cell: (c) => <span className="whitespace-nowrap">{formatDate(c.getValue())}</span> }),
  col.accessor("expiresAt", { header: "Expires", cell: (c) => <span className="whitespace-nowrap">{formatDate(c.getValue())}</span> }),
  col.accessor("lastUsedAt", {
    header: "Last used",
    cell: (c) => (
      <span className="whitespace-nowrap" title={c.getValue() ? `${formatDateTime(c.getValue())} from ${c.row.original.lastUsedIp ?? "unknown address"}` : undefined}>
        {formatRelative(c.getValue())}
      </span>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => (
      <Badge variant={STATUS[c.getValue()].variant} dot>
        {STATUS[c.getValue()].label}
      </Badge>
    ),
  }),
  col.display({ id: "actions", header: () => <span className="sr-only">Actions</span>, cell: (c) => (c.row.original.status === "active" ? <RevokeButton token={c.row.original} /> : null) }),
];
const creatorColumn = col.accessor((r) => r.createdBy.name, { id: "createdBy", header: "Created by", cell: (c) => <span title={c.row.original.createdBy.email}>{c.getValue()}</span> });
const columnsWithCreator = col.columns([...baseColumns.slice(0, 3), creatorColumn, ...baseColumns.slice(3)]);
const columnsOwn = col.columns(baseColumns);

export function TokensTable(props: { rows: ApiTokenRow[]; total: number; page: number; size: number; sort: string; dir: SortDir; showCreator: boolean }) {
  return (
    <DataTable
      label="API tokens"
      columns={props.showCreator ? columnsWithCreator : columnsOwn}
      data={props.rows}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      emptyMessage="No API tokens yet. Create one above for a script or integration."
    />
  );
}

function RevokeButton({ token }: { token: ApiTokenRow }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function revoke() {
    setError(undefined);
    startTransition(async () => {
      const res = await revokeTokenAction({ id: token.id });
      if (!res.ok) {
        setError(res.error);
        return;
      }
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Revoke &ldquo;{token.name}&rdquo;?</DialogTitle>
          <DialogDescription>
            Requests with <code>{token.prefix}…</code> are refused from now on. This cannot be undone; create a new token if the
            integration still needs access.
          </DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="destructive" onClick={revoke} disabled={pending}>
            {pending ? "Revoking…" : "Revoke token"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
