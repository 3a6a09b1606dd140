import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listRemediationTasks, taskCampaigns } from "@/lib/remediation/queries";
import { ZTaskQuery } from "@/lib/remediation/schemas";
import { TASK_STATUS_LABELS } from "@/lib/remediation/labels";
import { buildSearchParams, hrefWithParams, lastPage, type SearchParamsRecord } from "@/components/data-table/url-state";
import { cn, formatNumber } from "@/lib/utils";
import { TasksTable } from "./tasks-table";

export const metadata: Metadata = { title: "Remediation" };

export default async function RemediationPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("remediation:read");
  const sp = await searchParams;
  const query = ZTaskQuery.parse(sp);
  const [{ rows, total, byStatus }, campaigns] = await Promise.all([listRemediationTasks(viewer, query), taskCampaigns(viewer)]);
  const last = lastPage(total, query.size);
  if (query.page > last && total > 0) redirect(`/remediation?${buildSearchParams(sp, { page: last })}`);
  const isOwnerView = !can(viewer, "identity:read-all");
  const chips: [string, string, number][] = [
    ["todo", "To do", (byStatus.OPEN ?? 0) + (byStatus.IN_PROGRESS ?? 0)],
    ["OPEN", TASK_STATUS_LABELS.OPEN, byStatus.OPEN ?? 0],
    ["IN_PROGRESS", TASK_STATUS_LABELS.IN_PROGRESS, byStatus.IN_PROGRESS ?? 0],
    ["DONE", TASK_STATUS_LABELS.DONE, byStatus.DONE ?? 0],
    ["CANCELLED", TASK_STATUS_LABELS.CANCELLED, byStatus.CANCELLED ?? 0],
    ["all", "All", Object.values(byStatus).reduce((a, b) => a + b, 0)],
  ];
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Remediation</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {isOwnerView
            ? "Work that reviews decided on the NHIs you own or that is assigned to you: revoke, reduce, rotate, decommission."
            : "Work that campaign decisions created: revoke, reduce, rotate, decommission, each with an owner and a due date."}
        </p>
      </div>
      <nav aria-label="Tasks by status" className="flex flex-wrap gap-2">
        {chips.map(([value, label, n]) => (
          <Link
            key={value}
            href={hrefWithParams("/remediation", sp, { status: value === "todo" ? null : value }, { resetPage: true })}
            aria-current={query.status === value ? "true" : undefined}
            className={cn("rounded-md border bg-card px-3 py-1.5 text-sm hover:border-primary/40", query.status === value && "border-primary bg-info-subtle")}
          >
            {label} <span className="ml-1 font-semibold tabular-nums">{formatNumber(n)}</span>
          </Link>
        ))}
      </nav>
      <TasksTable
        rows={rows}
        total={total}
        page={query.page}
        size={query.size}
        sort={query.sort}
        dir={query.dir}
        campaigns={campaigns}
        viewerId={viewer.id}
        canWorkAll={can(viewer, "campaign:manage")}
        canWork={can(viewer, "remediation:work")}
      />
    </div>
  );
}
