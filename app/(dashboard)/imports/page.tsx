import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { FORMATS } from "@/lib/importers";
import { listImportJobs } from "@/lib/imports/queries";
import { ZImportListQuery } from "@/lib/imports/schemas";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ImportForm } from "./import-form";
import { ImportsTable } from "./imports-table";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("import:run");
  const query = ZImportListQuery.parse(await searchParams);
  const { rows, total } = await listImportJobs(viewer, query);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Imports</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Load inventories exported from your platforms. Files are read as their CLIs and APIs write them; secret values in
          them are dropped, never stored.
        </p>
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
      <section aria-labelledby="history" className="space-y-3">
        <h2 id="history" className="text-lg font-semibold">
          History
        </h2>
        <ImportsTable rows={rows} total={total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} />
      </section>
    </div>
  );
}
