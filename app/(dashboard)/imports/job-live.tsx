"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ImportProgress } from "@/lib/imports/runner";
import { formatNumber } from "@/lib/utils";

const PHASES: Record<string, string> = {
  queued: "Waiting to start",
  parsing: "Reading the file",
  writing: "Writing the inventory",
  assessing: "Imported: re-running the risk rules",
};

export interface LiveState {
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "PARTIAL" | "FAILED";
  phase: string | null;
  progress: ImportProgress | null;
}

const finished = (s: LiveState) => s.phase === null && s.status !== "QUEUED" && s.status !== "RUNNING";

/**
 * Follows an import running on the server by polling its progress; when it is done either refreshes the server page
 * (`then="refresh"`) or opens the import's page. The import does not depend on this tab: leaving or reloading the
 * page changes nothing, and the page picks the job up again.
 */
export function JobLive({ id, initial, then = "refresh", fileName }: { id: string; initial: LiveState; then?: "refresh" | "open"; fileName?: string }) {
  const router = useRouter();
  const [live, setLive] = useState<LiveState>(initial);
  const [lost, setLost] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`/api/v1/imports/${id}/progress`, { cache: "no-store" });
        if (res.ok) {
          const { data } = (await res.json()) as { data: LiveState };
          if (stopped) return;
          setLost(false);
          setLive(data);
          if (finished(data)) {
            if (then === "open") router.push(`/imports/${id}`);
            else router.refresh();
            return;
          }
        } else {
          setLost(true);
        }
      } catch {
        // The server may be restarting: keep asking.
        setLost(true);
      }
      if (!stopped) timer = setTimeout(poll, 1000);
    };
    timer = setTimeout(poll, 300);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, router, then]);

  const p = live.progress;
  const phase = live.phase ?? (live.status === "QUEUED" ? "queued" : "parsing");
  const indeterminate = phase === "assessing" || phase === "queued" || !p;
  const percent = p ? Math.round(Math.min(1, Math.max(0, p.fraction)) * 100) : 0;
  return (
    <div className="space-y-3 rounded-lg border bg-card p-4" aria-live="polite" aria-label={`Import ${fileName ?? ""} in progress`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm font-medium">
          {fileName ? <span className="mr-2 break-all">{fileName}:</span> : null}
          {PHASES[phase] ?? phase}…
        </p>
        <p className="text-sm tabular-nums text-muted-foreground">
          {p && p.rowsDone ? `${formatNumber(p.rowsDone)}${p.rowsTotal ? ` of ${formatNumber(p.rowsTotal)}` : ""} NHIs written` : null}
          {!indeterminate ? ` · ${percent}%` : null}
        </p>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={indeterminate ? undefined : percent}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div
          className={indeterminate ? "h-full w-1/3 animate-pulse rounded-full bg-primary/60" : "h-full rounded-full bg-primary transition-[width]"}
          style={indeterminate ? undefined : { width: `${Math.max(2, percent)}%` }}
        />
      </div>
      <p className="text-xs text-muted-foreground">
        The import runs on the server in one transaction: nothing shows in the inventory until all of it is written. You can leave or reload this
        page.
        {then === "open" ? (
          <>
            {" "}
            <Link className="text-primary underline-offset-4 hover:underline" href={`/imports/${id}`}>
              Open the import&apos;s page
            </Link>
            .
          </>
        ) : null}
        {lost ? " Waiting for the server to answer…" : ""}
      </p>
    </div>
  );
}
