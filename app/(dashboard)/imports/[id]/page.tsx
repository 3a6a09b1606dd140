import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getImportJob, listImportChanges } from "@/lib/imports/queries";
import { ZChangePage } from "@/lib/imports/schemas";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/lib/utils";
import { ImportStatusBadge } from "../status-badge";
import { ImportCounts, ImportProblems } from "../import-report";
import { ChangesTable } from "./changes-table";
import { JobLive } from "../job-live";

export const metadata: Metadata = { title: "Import" };

const mb = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export default async function ImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("import:run");
  const { id } = await params;
  const job = await getImportJob(viewer, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const running = job.status === "QUEUED" || job.status === "RUNNING";
  const landed = job.status === "SUCCEEDED" || job.status === "PARTIAL";
  const q = ZChangePage.parse(await searchParams);
  const changes = landed ? await listImportChanges(viewer, job.id, q.page, q.size) : null;
  const seconds = job.finishedAt ? ((job.finishedAt.getTime() - job.startedAt.getTime()) / 1000).toFixed(1) : null;
  const report = job.report;
  const failure = job.errors.find((e) => e.level === "error" && e.row === undefined && !e.path);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/imports" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Imports
        </Link>
        <h1 className="mt-2 break-all text-2xl font-semibold tracking-tight">{job.fileName}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
          <ImportStatusBadge status={job.status} />
          <span>{report?.formatLabel ?? job.format}</span>
          {job.source ? <span>into {job.source}</span> : null}
          <span>
            by {job.startedBy}, {formatDateTime(job.startedAt)}
          </span>
          {seconds ? <span>took {seconds} s</span> : null}
          {job.fileSize ? <span>{mb(job.fileSize)}</span> : null}
        </div>
        <p className="mt-1 break-all font-mono text-xs text-muted-foreground">SHA-256 {job.fileHash}</p>
      </div>

      {running || job.phase ? <JobLive id={job.id} initial={{ status: job.status, phase: job.phase, progress: job.progress }} /> : null}

      {job.status === "FAILED" ? (
        <Alert variant="destructive" title="Nothing was imported">
          {failure?.message ?? "The import failed."} The file was imported whole or not at all: nothing from it was written.
        </Alert>
      ) : null}

      {report && landed ? (
        <>
          {job.status === "PARTIAL" ? (
            <Alert variant="warning" title="Imported with rejected rows">
              {formatNumber(report.failed)} row{report.failed === 1 ? " was" : "s were"} rejected (listed below); every other row was imported.
            </Alert>
          ) : null}
          <Card>
            <CardHeader>
              <CardTitle>Summary</CardTitle>
              <CardDescription>
                {formatNumber(report.recordsRead)} records read from {report.sources.join(", ")}.{" "}
                {report.findings ? (
                  <>
                    Risk rules re-run after the import: {formatNumber(report.findings.new)} new and {formatNumber(report.findings.resolved)} resolved findings,{" "}
                    <Link className="text-primary underline-offset-4 hover:underline" href="/findings">
                      {formatNumber(report.findings.open)} open
                    </Link>
                    .
                  </>
                ) : report.assessError ? (
                  report.assessError
                ) : null}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <ImportCounts report={report} />
            </CardContent>
          </Card>
        </>
      ) : null}

      {report || job.errors.some((e) => e.row !== undefined || e.path) ? (
        <Card>
          <CardHeader>
            <CardTitle>Problems</CardTitle>
            <CardDescription>Rows that could not be read, with their line or path, and warnings about the file.</CardDescription>
          </CardHeader>
          <CardContent>
            {report && (report.errors.length || report.warnings.length) ? (
              <ImportProblems report={report} />
            ) : !report ? (
              <ImportProblems
                report={{
                  failed: job.counts.failed,
                  warnings: job.errors.filter((e) => e.level === "warning").map((e) => e.message),
                  errors: job.errors.filter((e) => e.level === "error" && (e.row !== undefined || e.path)).map((e) => ({ row: e.row ?? null, path: e.path, message: e.message })),
                }}
              />
            ) : (
              <p className="text-sm text-muted-foreground">None.</p>
            )}
          </CardContent>
        </Card>
      ) : null}

      {changes ? (
        <section aria-labelledby="changes" className="space-y-3">
          <div>
            <h2 id="changes" className="text-lg font-semibold">
              Changes
            </h2>
            <p className="text-sm text-muted-foreground">
              What this import changed, field by field. NHIs it created are listed once (their credentials and entitlements came with them).
            </p>
          </div>
          <ChangesTable rows={changes.rows} people={changes.people} total={changes.total} page={q.page} size={q.size} />
        </section>
      ) : null}
    </div>
  );
}
