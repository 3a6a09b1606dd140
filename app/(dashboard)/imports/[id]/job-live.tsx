"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ImportJobView } from "@/lib/imports/queries";
import { formatNumber } from "@/lib/utils";

const PHASES: Record<string, string> = {
  queued: "Waiting to start",
  parsing: "Reading the file",
  writing: "Writing the inventory",
  assessing: "Imported: re-running the risk rules",
};

interface Live {
  status: ImportJobView["status"];
  phase: string | null;
  progress: ImportJobView["progress"];
}

/**
 * Follows a running import by polling GET /api/v1/imports/{id}; when it is done the server page is refreshed to
 * show the report. Reloading the page picks the job up again: it runs on the server, not in this tab.
 */
export function JobLive({ id, initial }: { id: string; initial: Live }) {
  const router = useRouter();
  const [live, setLive] = useState<Live>(initial);
  const [lost, setLost] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`/api/v1/imports/${id}`, { cache: "no-store" });
        if (res.ok) {
          const { data } = (await res.json()) as { data: ImportJobView };
          setLost(false);
          if (stopped) return;
          setLive({ status: data.status, phase: data.phase, progress: data.progress });
          if (data.phase === null && data.status !== "QUEUED" && data.status !== "RUNNING") {
            router.refresh();
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
    timer = setTimeout(poll, 500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, router]);

  const p = live.progress;
  const percent = p ? Math.round(Math.min(1, Math.max(0, p.fraction)) * 100) : null;
  const phase = live.phase ?? (live.status === "QUEUED" ? "queued" : "parsing");
  return (
    <div className="space-y-3 rounded-lg border bg-card p-5" aria-live="polite">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium">{PHASES[phase] ?? phase}…</p>
        <p className="text-sm tabular-nums text-muted-foreground">
          {p && p.rowsDone ? `${formatNumber(p.rowsDone)}${p.rowsTotal ? ` of ${formatNumber(p.rowsTotal)}` : ""} NHIs written` : null}
          {percent !== null && phase !== "assessing" ? ` · ${percent}%` : null}
        </p>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={phase === "assessing" ? 100 : (percent ?? undefined)}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div
          className={phase === "assessing" || percent === null ? "h-full w-1/3 animate-pulse rounded-full bg-primary/60" : "h-full rounded-full bg-primary transition-[width]"}
          style={phase === "assessing" || percent === null ? undefined : { width: `${Math.max(2, percent)}%` }}
        />
      </div>
      <p className="text-xs text-muted-foreground">
        The import runs on the server in one transaction: you can leave or reload this page. Nothing is visible in the inventory until all of it is
        written.
        {lost ? " Waiting for the server to answer…" : ""}
      </p>
    </div>
  );
}
