import type { Metadata } from "next";
import Link from "next/link";
import { formatNumber } from "@/lib/utils";
import { requireViewer } from "@/lib/auth/session";
import { FORMATS } from "@/lib/importers";
import { can } from "@/lib/auth/permissions";
import { countPendingSuggestions, listActiveImportJobs, listImportJobs } from "@/lib/imports/queries";
import { JobLive } from "./job-live";
import { ZImportListQuery } from "@/lib/imports/schemas";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ImportForm } from "./import-form";
import { ImportsTable } from "./imports-table";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("import:run");
  const query = ZImportListQuery.parse(await searchParams);
  // Stale jobs of a stopped server are failed by the list query first, so "active" means running now.
  const { rows, total } = await listImportJobs(viewer, query);
  const [active, suggestions] = await Promise.all([
    listActiveImportJobs(viewer),
    can(viewer, "identity:edit") ? countPendingSuggestions(viewer) : Promise.resolve(0),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Imports</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Load inventories exported from your platforms. Files are read as their CLIs and APIs write them; secret values in
          them are dropped, never stored. Preview shows what would change before anything is written.
        </p>
        {suggestions ? (
          <p className="mt-2 text-sm">
            <Link className="font-medium text-primary underline-offset-4 hover:underline" href="/imports/suggestions">
              {formatNumber(suggestions)} owner suggestion{suggestions === 1 ? "" : "s"} to review
            </Link>{" "}
            <span className="text-muted-foreground">from owner hints in earlier imports.</span>
          </p>
        ) : null}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Import an export</CardTitle>
          <CardDescription>
            AWS, Google Cloud, Azure / Entra ID, Kubernetes, GitHub, CyberArk, or{" "}
            <a className="text-primary underline-offset-4 hover:underline" href="/templates/steward-import-template.csv" download>
              Steward&apos;s own CSV template
            </a>{" "}
            (<a className="text-primary underline-offset-4 hover:underline" href="/templates/steward-import-template.json" download>JSON</a>).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ImportForm formats={FORMATS.map((f) => ({ name: f.name, label: f.label }))} />
        </CardContent>
      </Card>
      {active.length ? (
        <section aria-labelledby="running" className="space-y-3">
          <h2 id="running" className="text-lg font-semibold">
            Running
          </h2>
          {active.map((j) => (
            <JobLive key={j.id} id={j.id} fileName={j.fileName} initial={{ status: j.status, phase: j.phase, progress: j.progress }} />
          ))}
        </section>
      ) : null}
      <section aria-labelledby="history" className="space-y-3">
        <h2 id="history" className="text-lg font-semibold">
          History
        </h2>
        <ImportsTable rows={rows} total={total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} />
      </section>
    </div>
  );
}
