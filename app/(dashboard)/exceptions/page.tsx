import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { EXCEPTION_QUEUE_LABELS } from "@/lib/exceptions/labels";
import { canApproveExceptions } from "@/lib/exceptions/permissions";
import { defaultQueue, listExceptions } from "@/lib/exceptions/queries";
import { EXCEPTION_QUEUES, EXPIRING_SOON_DAYS, EXPIRY_WARNING_DAYS, ZExceptionQuery } from "@/lib/exceptions/schemas";
import { getExceptionPolicy } from "@/lib/settings/exception-policy";
import { buildSearchParams, hrefWithParams, lastPage, type SearchParamsRecord } from "@/components/data-table/url-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn, formatNumber } from "@/lib/utils";
import { ExceptionsTable } from "./exceptions-table";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Exceptions" };

const EMPTY: Record<string, string> = {
  pending: "Nothing waits for approval.",
  expiring: `No exception expires in the next ${EXPIRING_SOON_DAYS} days.`,
  active: "No risk is accepted right now.",
  expired: "No exception has expired.",
  closed: "No request was rejected or revoked.",
  all: "No exception has been requested yet.",
};

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("exception:read");
  // Expiry normally runs from the jobs scheduler; this makes sure the register never shows an expired one as active.
  await ensureExceptionsCurrent();
  const sp = await searchParams;
  const query = ZExceptionQuery.parse(sp);
  const [isApprover, policy] = await Promise.all([canApproveExceptions(viewer), getExceptionPolicy()]);
  const queue = query.queue ?? defaultQueue(isApprover);
  const { rows, total, counts } = await listExceptions(viewer, query, queue);
  const last = lastPage(total, query.size);
  if (query.page > last && total > 0) redirect(`/exceptions?${buildSearchParams(sp, { page: last })}`);
  const isOwnerView = !can(viewer, "identity:read-all");
  const canManagePolicy = can(viewer, "settings:manage");
  const approvers = policy.securityViewerCanApprove ? "admins and security viewers" : "admins";

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Exceptions</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          {isOwnerView
            ? "Risks accepted, or waiting to be accepted, on the NHIs you own. To request one, open a finding and choose Accept risk."
            : "The risk-acceptance register: each exception is approved by someone other than its requester and expires."}
        </p>
      </div>

      <nav aria-label="Exception queues" className="flex flex-wrap gap-1 border-b">
        {EXCEPTION_QUEUES.map((q) => {
          const active = q === queue;
          return (
            <Link
              key={q}
              href={hrefWithParams("/exceptions", sp, { queue: q }, { resetPage: true })}
              aria-current={active ? "page" : undefined}
              className={cn(
                "-mb-px flex items-center gap-2 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
                active && "border-primary text-foreground",
              )}
            >
              {EXCEPTION_QUEUE_LABELS[q]}
              <span
                className={cn(
                  "rounded-full bg-muted px-1.5 text-xs tabular-nums",
                  q === "pending" && counts.pending > 0 && "bg-info-subtle text-info-foreground",
                  q === "expiring" && counts.expiring > 0 && "bg-medium-subtle text-medium-foreground",
                )}
              >
                {formatNumber(counts[q])}
              </span>
            </Link>
          );
        })}
      </nav>

      <ExceptionsTable
        rows={rows}
        total={total}
        page={query.page}
        size={query.size}
        sort={query.sort}
        dir={query.dir}
        viewerId={viewer.id}
        canDecide={isApprover && queue === "pending"}
        emptyMessage={EMPTY[queue]!}
      />

      <Card className="max-w-3xl">
        <CardHeader>
          <CardTitle>Policy</CardTitle>
          <CardDescription>
            Exceptions last at most {policy.maxDays} days ({policy.maxDaysCritical} when they cover a critical finding). Requests are approved by{" "}
            {approvers}, never by their requester. Owners and approvers are reminded {EXPIRY_WARNING_DAYS.join(" and ")} days before expiry.
          </CardDescription>
        </CardHeader>
        {canManagePolicy ? (
          <CardContent>
            <PolicyForm defaults={policy} />
          </CardContent>
        ) : null}
      </Card>
    </div>
  );
}
