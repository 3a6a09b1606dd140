"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ENVIRONMENT_LABELS } from "@/lib/identities/labels";
import { formatNumber } from "@/lib/utils";

interface Summary {
  jobId: string;
  status: string;
  format: string;
  sourceKeys: string[];
  recordsRead: number;
  identities: { created: number; updated: number; unchanged: number; failed: number; deletedAtSource: number };
  credentials: { created: number; updated: number; revoked: number };
  entitlements: { created: number; updated: number; revoked: number };
  rowErrors: { message: string }[];
  warnings: string[];
  timings: { totalMs: number };
  findings: { open: number; new: number; resolved: number } | null;
}

type Outcome = { kind: "ok"; summary: Summary } | { kind: "error"; message: string; jobId?: string };

export function ImportForm({ formats }: { formats: { name: string; label: string }[] }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setOutcome(undefined);
    const data = new FormData(e.currentTarget);
    if (!(data.getAll("file") as File[]).some((f) => f.size > 0)) {
      setOutcome({ kind: "error", message: "Choose an export file first." });
      return;
    }
    setBusy(true);
    try {
      const res = await fetch("/api/v1/imports", { method: "POST", body: data });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setOutcome({ kind: "error", message: body?.error?.message ?? `The import failed (HTTP ${res.status}).`, jobId: body?.error?.details?.jobId });
      } else {
        setOutcome({ kind: "ok", summary: body.data as Summary });
        formRef.current?.reset();
      }
      router.refresh();
    } catch {
      setOutcome({ kind: "error", message: "The server could not be reached. Nothing was imported." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" aria-label="Import an export" noValidate>
      <div className="grid gap-4 md:grid-cols-[2fr_1fr_1fr_1fr]">
        <div className="space-y-1.5">
          <Label htmlFor="file">Export file(s)</Label>
          <Input id="file" name="file" type="file" multiple accept=".csv,.json,.yaml,.yml,.txt" className="cursor-pointer py-1.5" />
          <p className="text-xs text-muted-foreground">Several files of one platform at once, e.g. GCP accounts + keys + IAM policy.</p>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="format">Format</Label>
          <Select id="format" name="format" defaultValue="auto">
            <option value="auto">Detect automatically</option>
            {formats.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="sourceKey">Source (optional)</Label>
          <Input id="sourceKey" name="sourceKey" placeholder="aws:123456789012" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="environment">Environment of a new source</Label>
          <Select id="environment" name="environment" defaultValue="">
            <option value="">Unknown</option>
            {Object.entries(ENVIRONMENT_LABELS)
              .filter(([v]) => v !== "UNKNOWN")
              .map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
          </Select>
        </div>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </Button>
        {busy ? <span className="text-sm text-muted-foreground" role="status">Reading and writing the inventory; large exports take a while.</span> : null}
      </div>
      {outcome?.kind === "error" ? (
        <Alert variant="destructive" title="Nothing was imported">
          {outcome.message}
          {outcome.jobId ? (
            <>
              {" "}
              <Link className="underline" href={`/imports/${outcome.jobId}`}>
                See the import record
              </Link>
              .
            </>
          ) : null}
        </Alert>
      ) : null}
      {outcome?.kind === "ok" ? <SummaryAlert s={outcome.summary} /> : null}
    </form>
  );
}

function SummaryAlert({ s }: { s: Summary }) {
  const i = s.identities;
  return (
    <Alert variant={s.status === "SUCCEEDED" ? "success" : "warning"} title={s.status === "SUCCEEDED" ? "Import complete" : "Imported with problems"}>
      <p>
        {formatNumber(s.recordsRead)} records from {s.sourceKeys.join(", ") || "the file"} ({s.format}) in {(s.timings.totalMs / 1000).toFixed(1)} s:{" "}
        {formatNumber(i.created)} new NHIs, {formatNumber(i.updated)} updated, {formatNumber(i.unchanged)} unchanged
        {i.deletedAtSource ? `, ${formatNumber(i.deletedAtSource)} gone at the source` : ""}
        {i.failed ? `, ${formatNumber(i.failed)} rows rejected` : ""}.
      </p>
      {s.findings ? (
        <p className="mt-1">
          Risk rules re-run: {formatNumber(s.findings.new)} new and {formatNumber(s.findings.resolved)} resolved findings,{" "}
          <Link className="underline" href="/findings">
            {formatNumber(s.findings.open)} open
          </Link>
          .
        </p>
      ) : null}
      <p className="mt-1">
        <Link className="underline" href={`/imports/${s.jobId}`}>
          Details{s.rowErrors.length ? ` and ${formatNumber(s.rowErrors.length)} row errors` : ""}
        </Link>
      </p>
    </Alert>
  );
}
