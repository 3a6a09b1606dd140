// Parts of an import report shown in the preview (before anything is written) and on the import's page (after).
import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportReport } from "@/lib/imports/report";
import { formatNumber } from "@/lib/utils";

const n = (v: number) => formatNumber(v);

/** What changed (or would change, `conditional`), per kind of record. */
export function ImportCounts({ report, conditional = false }: { report: ImportReport; conditional?: boolean }) {
  const d = report.details;
  const rows = [
    { label: "NHIs", c: d.identities, revoked: null, gone: d.identities.deletedAtSource, rejected: d.identities.failed },
    { label: "Credentials", c: d.credentials, revoked: d.credentials.revoked, gone: null, rejected: null },
    { label: "Entitlements", c: d.entitlements, revoked: d.entitlements.revoked, gone: null, rejected: null },
  ];
  const owners = d.owners;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-md border bg-card">
        <Table aria-label={conditional ? "What the import would change" : "What the import changed"}>
          <TableHeader>
            <TableRow>
              <TableHead />
              <TableHead className="text-right">{conditional ? "Would be new" : "New"}</TableHead>
              <TableHead className="text-right">{conditional ? "Would be updated" : "Updated"}</TableHead>
              <TableHead className="text-right">Unchanged</TableHead>
              <TableHead className="text-right">{conditional ? "Would be revoked" : "Revoked"}</TableHead>
              <TableHead className="text-right">Gone at source</TableHead>
              <TableHead className="text-right">Rejected rows</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.label}>
                <TableCell className="font-medium">{r.label}</TableCell>
                <TableCell className="text-right tabular-nums">{n(r.c.created)}</TableCell>
                <TableCell className="text-right tabular-nums">{n(r.c.updated)}</TableCell>
                <TableCell className="text-right tabular-nums">{n(r.c.unchanged)}</TableCell>
                <TableCell className="text-right tabular-nums">{r.revoked === null ? "–" : n(r.revoked)}</TableCell>
                <TableCell className="text-right tabular-nums">{r.gone === null ? "–" : n(r.gone)}</TableCell>
                <TableCell className="text-right tabular-nums">{r.rejected === null ? "–" : n(r.rejected)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {owners.assigned || owners.suggested ? (
        <p className="text-sm text-muted-foreground">
          Owners: {n(owners.assigned)} {conditional ? "would be set" : "set"} from the file&apos;s owner column;{" "}
          {conditional ? (
            `${n(owners.suggested)} owner suggestion(s) from hints in the export would await review`
          ) : (
            <Link className="text-primary underline-offset-4 hover:underline" href={`/imports/suggestions${report.jobId ? `?job=${report.jobId}` : ""}`}>
              {n(owners.suggested)} owner suggestion(s) from hints in the export to review
            </Link>
          )}
          .
        </p>
      ) : null}
      {d.identities.deletedAtSource ? (
        <p className="text-sm text-muted-foreground">
          “Gone at source”: NHIs this complete export of the source no longer lists. They are kept and marked deleted at the source, never deleted.
        </p>
      ) : null}
    </div>
  );
}

/** Warnings and rejected rows with where they are (line, or file and JSON path). */
export function ImportProblems({ report, limit = 500 }: { report: Pick<ImportReport, "errors" | "warnings" | "failed">; limit?: number }) {
  const rows = report.errors;
  if (!rows.length && !report.warnings.length) return null;
  return (
    <div className="space-y-3">
      {report.warnings.length ? (
        <div>
          <h4 className="text-sm font-medium">Warnings</h4>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-muted-foreground" aria-label="Warnings">
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {rows.length ? (
        <div>
          <h4 className="text-sm font-medium">
            {report.failed ? `${n(report.failed)} rejected row${report.failed === 1 ? "" : "s"}: the other rows are imported` : "Problems"}
          </h4>
          <ol className="mt-1 space-y-1 text-sm" aria-label="Rejected rows">
            {rows.slice(0, limit).map((e, i) => (
              <li key={i} className="grid gap-x-3 sm:grid-cols-[12rem_1fr]">
                <span className="truncate text-muted-foreground" title={[e.path, e.row !== null ? `line ${e.row}` : null].filter(Boolean).join(" ")}>
                  {e.row !== null ? `Line ${e.row}` : (e.path ?? "File")}
                  {e.row !== null && e.path ? <span className="ml-1 text-xs">({e.path})</span> : null}
                </span>
                <span className="break-words">{e.message}</span>
              </li>
            ))}
            {rows.length > limit ? <li className="text-muted-foreground">…and {n(Math.max(rows.length, report.failed) - limit)} more.</li> : null}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
