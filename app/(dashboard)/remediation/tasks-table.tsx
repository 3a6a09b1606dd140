"use client";

import { ChevronDown } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { createDataTableColumnHelper } from "@/components/data-table/features";
import { useUrlSearch, useUrlState } from "@/components/data-table/use-url-state";
import type { SortDir } from "@/components/data-table/url-state";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { TaskStatus } from "@/lib/db/generated/enums";
import { TASK_ACTIONS, TASK_STATUS_LABELS, type TaskAction } from "@/lib/remediation/labels";
import type { TaskRow } from "@/lib/remediation/queries";
import { formatDate } from "@/lib/utils";
import { updateTaskAction } from "./actions";

const STATUS_VARIANT: Record<TaskStatus, "outline" | "info" | "success" | "neutral"> = { OPEN: "outline", IN_PROGRESS: "info", DONE: "success", CANCELLED: "neutral" };

type Ctx = { viewerId: string; canWorkAll: boolean; canWork: boolean };

const col = createDataTableColumnHelper<TaskRow & { ctx: Ctx }>();
const columns = col.columns([
  col.accessor("action", {
    id: "action",
    header: "Task",
    enableSorting: true,
    meta: { className: "max-w-[20rem]" },
    cell: (c) => (
      <span className="block min-w-0">
        <span className="block font-medium">{TASK_ACTIONS[c.getValue() as TaskAction] ?? c.getValue()}</span>
        <span className="block truncate font-mono text-xs text-muted-foreground" title={c.row.original.title}>
          {c.row.original.title}
        </span>
        {c.row.original.reason ? <span className="block truncate text-xs text-muted-foreground">“{c.row.original.reason}”</span> : null}
      </span>
    ),
  }),
  col.accessor((r) => r.identity.name, {
    id: "nhi",
    header: "NHI",
    cell: (c) => (
      <span className="block min-w-0 max-w-[13rem]">
        <Link href={`/inventory/${c.row.original.identity.id}`} className="block truncate font-medium text-primary hover:underline">
          {c.getValue()}
        </Link>
        <span className="block truncate text-xs text-muted-foreground">{c.row.original.identity.source.key}</span>
      </span>
    ),
  }),
  col.accessor((r) => r.campaign?.name ?? null, { id: "campaign", header: "From", cell: (c) => <span className="block max-w-[9rem] truncate text-sm" title={c.getValue() ?? undefined}>{c.getValue() ?? "—"}</span> }),
  col.accessor((r) => r.assignee?.name ?? null, {
    id: "assignee",
    header: "Owner of the work",
    cell: (c) => (c.getValue() ? <span className="whitespace-nowrap">{c.getValue()}</span> : <Badge variant="high">Unassigned</Badge>),
  }),
  col.accessor("dueAt", {
    id: "due",
    header: "Due",
    enableSorting: true,
    meta: { align: "end" },
    cell: (c) => {
      const due = c.getValue();
      const open = c.row.original.status === "OPEN" || c.row.original.status === "IN_PROGRESS";
      const overdue = open && due && new Date(due).getTime() < Date.now();
      return <span className={overdue ? "whitespace-nowrap font-medium text-critical-foreground" : "whitespace-nowrap"}>{formatDate(due)}{overdue ? " (overdue)" : ""}</span>;
    },
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => {
      const t = c.row.original;
      return (
        <span className="block min-w-0">
          <Badge variant={STATUS_VARIANT[c.getValue()]}>{TASK_STATUS_LABELS[c.getValue()]}</Badge>
          {t.status === "DONE" && !t.closedById && t.closedNote ? (
            // Closed by the evidence, not by a person: say what showed it, with the import to check.
            <span className="mt-0.5 block max-w-[16rem] text-xs text-muted-foreground" title={t.closedNote}>
              {t.closedNote}
            </span>
          ) : null}
        </span>
      );
    },
  }),
  col.display({
    id: "work",
    header: () => <span className="sr-only">Actions</span>,
    cell: (c) => <TaskActions task={c.row.original} />,
  }),
]);

export function TasksTable(props: {
  rows: TaskRow[];
  total: number;
  page: number;
  size: number;
  sort: string;
  dir: SortDir;
  campaigns: { id: string; name: string }[];
} & Ctx) {
  const ctx = { viewerId: props.viewerId, canWorkAll: props.canWorkAll, canWork: props.canWork };
  return (
    <DataTable
      label="Remediation tasks"
      columns={columns}
      data={props.rows.map((r) => ({ ...r, ctx }))}
      rowCount={props.total}
      page={props.page}
      size={props.size}
      sort={props.sort}
      dir={props.dir}
      toolbar={<TaskFilters campaigns={props.campaigns} />}
      emptyMessage="No remediation tasks match these filters."
    />
  );
}

function TaskFilters({ campaigns }: { campaigns: { id: string; name: string }[] }) {
  const { searchParams, setSearchParams } = useUrlState();
  const get = (k: string) => searchParams?.get(k) ?? "";
  const set = (k: string, v: string) => setSearchParams({ [k]: v || null }, { resetPage: true });
  const [q, setQ] = useUrlSearch({ searchParams, setSearchParams });
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter tasks">
      <Input type="search" aria-label="Search tasks" placeholder="Search NHI or target…" className="w-56" value={q} onChange={(e) => setQ(e.target.value)} />
      <Select aria-label="Task" className="w-48" value={get("action")} onChange={(e) => set("action", e.target.value)}>
        <option value="">Any task</option>
        {Object.entries(TASK_ACTIONS).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
      <Select aria-label="Campaign" className="w-64" value={get("campaign")} onChange={(e) => set("campaign", e.target.value)}>
        <option value="">Any campaign</option>
        {campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
      <Select aria-label="Owner of the work" className="w-44" value={get("assignee")} onChange={(e) => set("assignee", e.target.value)}>
        <option value="">Anyone</option>
        <option value="me">Assigned to me</option>
        <option value="none">Unassigned</option>
      </Select>
    </div>
  );
}

function TaskActions({ task }: { task: TaskRow & { ctx: Ctx } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [cancelOpen, setCancelOpen] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string>();
  const { ctx } = task;
  const mayWork = ctx.canWork && (ctx.canWorkAll || task.assignee?.id === ctx.viewerId || task.identity.ownerId === ctx.viewerId);
  if (!mayWork || task.status === "DONE" || task.status === "CANCELLED") return null;
  const move = (status: TaskStatus, withNote?: string) =>
    startTransition(async () => {
      setError(undefined);
      const res = await updateTaskAction({ id: task.id, update: { status, ...(withNote ? { note: withNote } : {}) } });
      if (!res.ok) {
        setError(res.fieldErrors?.["update.note"] ?? res.error);
        return;
      }
      setCancelOpen(false);
      router.refresh();
    });
  return (
    <span className="flex items-center justify-end gap-1">
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button size="sm" variant="outline" disabled={pending} aria-label={`Update task: ${task.title}`}>
            Update <ChevronDown aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {task.status === "OPEN" ? <DropdownMenuItem onSelect={() => move("IN_PROGRESS")}>Start (in progress)</DropdownMenuItem> : null}
          <DropdownMenuItem onSelect={() => move("DONE")}>Mark done</DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setCancelOpen(true)}>Cancel…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {error && !cancelOpen ? <span role="alert" className="text-xs text-destructive">{error}</span> : null}
      <Dialog open={cancelOpen} onOpenChange={setCancelOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Cancel this task?</DialogTitle>
            <DialogDescription>{TASK_ACTIONS[task.action as TaskAction] ?? task.action}: {task.title}. Say why it will not be done; the note goes to the audit log.</DialogDescription>
          </DialogHeader>
          {error ? <Alert variant="destructive">{error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor={`note-${task.id}`}>Reason</Label>
            <Textarea id={`note-${task.id}`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => setCancelOpen(false)}>
              Back
            </Button>
            <Button variant="destructive" disabled={pending} onClick={() => move("CANCELLED", note.trim())}>
              Cancel task
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </span>
  );
}
