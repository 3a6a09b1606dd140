"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ENVIRONMENT_LABELS } from "@/lib/identities/labels";
import type { ImportReport } from "@/lib/imports/report";
import { formatNumber } from "@/lib/utils";
import { ImportCounts, ImportProblems } from "./import-report";
import { JobLive } from "./job-live";

type Step =
  | { kind: "idle" }
  | { kind: "sending"; what: "preview" | "import"; percent: number | null }
  | { kind: "preview"; report: ImportReport }
  | { kind: "running"; jobId: string; fileName: string }
  | { kind: "error"; message: string; jobId?: string | null };

interface Options {
  format: string;
  sourceKey: string;
  environment: string;
}

/** POST a form with upload progress (fetch cannot report it). Resolves with the status and the parsed JSON body. */
function postForm(url: string, body: FormData, onProgress: (percent: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(body);
  });
}

const errorOf = (body: unknown, status: number): { message: string; jobId?: string | null } => {
  const e = (body as { error?: { message?: string; details?: { jobId?: string | null } } } | null)?.error;
  return { message: e?.message ?? `The server answered HTTP ${status}. Nothing was imported.`, jobId: e?.details?.jobId };
};

/**
 * Upload → preview (format detected, what would change, rejected rows; nothing written) → import. The import runs
 * in the background on the server: the browser goes to the import's page, which follows it and survives a reload.
 */
export function ImportForm({ formats }: { formats: { name: string; label: string }[] }) {
  const [files, setFiles] = useState<File[]>([]);
  const [options, setOptions] = useState<Options>({ format: "auto", sourceKey: "", environment: "" });
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const busy = step.kind === "sending" || step.kind === "running";

  const body = () => {
    const data = new FormData();
    for (const f of files) data.append("file", f, f.name);
    data.set("format", options.format);
    if (options.sourceKey.trim()) data.set("sourceKey", options.sourceKey.trim());
    if (options.environment) data.set("environment", options.environment);
    return data;
  };

  // Any change to the files or options makes an earlier preview stale.
  const change = (patch: Partial<Options>) => {
    setOptions((o) => ({ ...o, ...patch }));
    if (step.kind !== "sending") setStep({ kind: "idle" });
  };

  async function preview(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!files.length) {
      setStep({ kind: "error", message: "Choose an export file first." });
      return;
    }
    setStep({ kind: "sending", what: "preview", percent: null });
    try {
      const res = await postForm("/api/v1/imports/preview", body(), (percent) => setStep({ kind: "sending", what: "preview", percent }));
      if (res.status !== 200) setStep({ kind: "error", ...errorOf(res.body, res.status) });
      else setStep({ kind: "preview", report: (res.body as { data: ImportReport }).data });
    } catch {
      setStep({ kind: "error", message: "The server could not be reached. Nothing was imported." });
    }
  }

  async function commit() {
    setStep({ kind: "sending", what: "import", percent: null });
    try {
      const res = await postForm("/api/v1/imports?wait=false", body(), (percent) => setStep({ kind: "sending", what: "import", percent }));
      if (res.status !== 202) {
        setStep({ kind: "error", ...errorOf(res.body, res.status) });
        return;
      }
      // The import runs on the server; follow it here, then open its page.
      setStep({ kind: "running", jobId: (res.body as { data: { jobId: string } }).data.jobId, fileName: files.map((f) => f.name).join(", ") });
    } catch {
      setStep({ kind: "error", message: "The server could not be reached. Nothing was imported." });
    }
  }

  return (
    <form onSubmit={preview} className="space-y-4" aria-label="Import an export" noValidate>
      <div className="grid gap-4 md:grid-cols-[2fr_1fr_1fr_1fr]">
        <div className="space-y-1.5">
          <Label htmlFor="file">Export file(s)</Label>
          <Input
            id="file"
            name="file"
            type="file"
            multiple
            accept=".csv,.json,.yaml,.yml,.txt"
            className="cursor-pointer py-1.5"
            disabled={busy}
            onChange={(e) => {
              setFiles(Array.from(e.currentTarget.files ?? []));
              setStep({ kind: "idle" });
            }}
          />
          <p className="text-xs text-muted-foreground">Several files of one platform at once, e.g. GCP accounts + keys + IAM policy. Up to 200 MB.</p>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="format">Format</Label>
          <Select id="format" name="format" value={options.format} disabled={busy} onChange={(e) => change({ format: e.currentTarget.value })}>
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
          <Input id="sourceKey" name="sourceKey" placeholder="aws:123456789012" value={options.sourceKey} disabled={busy} onChange={(e) => change({ sourceKey: e.currentTarget.value })} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="environment">Environment of a new source</Label>
          <Select id="environment" name="environment" value={options.environment} disabled={busy} onChange={(e) => change({ environment: e.currentTarget.value })}>
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

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant={step.kind === "preview" ? "outline" : "default"} disabled={busy}>
          {step.kind === "sending" && step.what === "preview" ? "Reading…" : step.kind === "preview" ? "Preview again" : "Preview"}
        </Button>
        {step.kind === "sending" ? (
          <span className="text-sm text-muted-foreground" role="status">
            {step.percent !== null && step.percent < 100
              ? `Uploading… ${step.percent}%`
              : step.what === "preview"
                ? "Reading the file and working out what would change (nothing is written)…"
                : "Starting the import…"}
          </span>
        ) : null}
      </div>

      {step.kind === "error" ? (
        <Alert variant="destructive" title="Nothing was imported">
          {step.message}
          {step.jobId ? (
            <>
              {" "}
              <Link className="underline" href={`/imports/${step.jobId}`}>
                See the import record
              </Link>
              .
            </>
          ) : null}
        </Alert>
      ) : null}

      {step.kind === "preview" ? <Preview report={step.report} onCommit={commit} onCancel={() => setStep({ kind: "idle" })} /> : null}
      {step.kind === "running" ? (
        <JobLive id={step.jobId} fileName={step.fileName} then="open" initial={{ status: "QUEUED", phase: "queued", progress: null }} />
      ) : null}
    </form>
  );
}

function Preview({ report, onCommit, onCancel }: { report: ImportReport; onCommit: () => void; onCancel: () => void }) {
  const nothing = report.status === "FAILED";
  return (
    <section aria-label="Preview" className="space-y-4 rounded-lg border bg-muted/30 p-4">
      <div>
        <h3 className="font-semibold">Preview: nothing has been written yet</h3>
        <p className="mt-1 text-sm text-muted-foreground">
          Detected <span className="font-medium text-foreground">{report.formatLabel}</span> · source{" "}
          <span className="font-medium text-foreground">{report.sources.join(", ")}</span> · {formatNumber(report.recordsRead)} records read
        </p>
      </div>
      {nothing ? (
        <Alert variant="destructive" title="Nothing in this file can be imported">
          Every record was rejected; fix the file and preview it again.
        </Alert>
      ) : (
        <ImportCounts report={report} conditional />
      )}
      <ImportProblems report={report} limit={20} />
      <div className="flex flex-wrap gap-3">
        {!nothing ? (
          <Button type="button" onClick={onCommit}>
            Import {formatNumber(report.identities)} NHI{report.identities === 1 ? "" : "s"}
          </Button>
        ) : null}
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
