import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getImportJob } from "@/lib/imports/queries";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/lib/utils";
import { ImportStatusBadge } from "../status-badge";

export const metadata: Metadata = { title: "Import" };

const ERROR_LIMIT = 500;

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer("import:run");
  const { id } = await params;
  const job = await getImportJob(viewer, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const errors = (Array.isArray(job.errors) ? job.errors : []) as { level?: string; row?: number; path?: string; message: string }[];
  const seconds = job.finishedAt ? ((job.finishedAt.getTime() - job.startedAt.getTime()) / 1000).toFixed(1) : null;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/imports" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Imports
        </Link>
        <h1 className="mt-2 break-all text-2xl font-semibold tracking-tight">{job.fileName}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-muted-foreground">
          <ImportStatusBadge status={job.status} />
          <span>{job.format}</span>
          {job.source ? <span>{job.source.key}</span> : null}
          <span>Started {formatDateTime(job.startedAt)}</span>
          {seconds ? <span>took {seconds} s</span> : null}
        </div>
        <p className="mt-1 break-all font-mono text-xs text-muted-foreground">SHA-256 {job.fileHash}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        {[
          ["New NHIs", job.created],
          ["Updated", job.updated],
          ["Unchanged", job.unchanged],
          ["Rejected rows", job.failed],
        ].map(([label, n]) => (
          <Card key={label as string} className="gap-1 py-4">
            <CardContent>
              <p className="text-sm text-muted-foreground">{label}</p>
              <p className="text-2xl font-semibold tabular-nums">{formatNumber(n as number)}</p>
            </CardContent>
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Problems</CardTitle>
          <CardDescription>Rows that could not be read are listed here; the rest of the file was imported.</CardDescription>
        </CardHeader>
        <CardContent>
          {errors.length ? (
            <ol className="space-y-1.5 text-sm" aria-label="Import problems">
              {errors.slice(0, ERROR_LIMIT).map((e, i) => (
                <li key={i} className="flex gap-3">
                  <span className="w-24 shrink-0 text-muted-foreground">{e.row !== undefined ? `Row ${e.row}` : (e.path ?? e.level ?? "File")}</span>
                  <span>{e.message}</span>
                </li>
              ))}
              {errors.length > ERROR_LIMIT ? <li className="text-muted-foreground">…and {formatNumber(errors.length - ERROR_LIMIT)} more.</li> : null}
            </ol>
          ) : (
            <p className="text-sm text-muted-foreground">None.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
