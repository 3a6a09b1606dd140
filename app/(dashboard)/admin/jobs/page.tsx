import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { listJobRuns, listJobs, ZJobRunsQuery } from "@/lib/jobs/admin";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatRelative } from "@/lib/utils";
import { JobRunsTable } from "./job-runs-table";
import { RunJobButton } from "./run-job-button";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("settings:manage");
  const query = ZJobRunsQuery.parse(await searchParams);
  const [jobs, runs] = await Promise.all([listJobs(viewer), listJobRuns(viewer, query)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Jobs</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Periodic work: reminders and escalation, recurring campaigns, expiries, rule runs, snapshots and mail delivery. Every server ticks
          the scheduler (and <code>npm run steward -- jobs run</code> can from cron); each job runs once per period however many replicas
          tick, and every run is recorded below.
        </p>
      </div>
      <section aria-labelledby="jobs-heading" className="space-y-3">
        <h2 id="jobs-heading" className="text-lg font-semibold">
          Registered jobs
        </h2>
        <ul className="divide-y rounded-lg border bg-card">
          {jobs.map((j) => (
            <li key={j.name} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-mono text-sm font-medium">{j.name}</p>
                <p className="text-sm text-muted-foreground">{j.description}</p>
              </div>
              <div className="text-sm text-muted-foreground" title={j.last ? formatDateTime(j.last.startedAt) : undefined}>
                {j.last ? (
                  <span className="inline-flex items-center gap-2">
                    Last run {formatRelative(j.last.startedAt)}
                    {j.last.ok === null ? <Badge variant="neutral">Running</Badge> : j.last.ok ? <Badge variant="success">OK</Badge> : <Badge variant="critical">Failed</Badge>}
                  </span>
                ) : (
                  "Never ran"
                )}
              </div>
              <RunJobButton name={j.name} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="runs-heading" className="space-y-3">
        <h2 id="runs-heading" className="text-lg font-semibold">
          Run history
        </h2>
        <JobRunsTable rows={runs.rows} total={runs.total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} jobs={jobs.map((j) => j.name)} />
      </section>
    </div>
  );
}
