import os from "node:os";
import type { Targets } from "./types";

export interface SideStats {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  app: SideStats;
  raw: SideStats | null;
  /** app p95 / raw p95. */
  ratio: number | null;
  /** Units per second at the app's median (e.g. identities imported per second). */
  rate: { perSec: number; unit: string } | null;
  targets: Targets | null;
  /** Targets missed, in words; empty when all are met (or there are none). */
  misses: string[];
  skipped?: string;
}

/** Nearest-rank percentile of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function stats(samples: readonly number[]): SideStats {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { runs: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), min: r(s[0] ?? NaN), max: r(s[s.length - 1] ?? NaN) };
}

export function checkTargets(t: Targets | undefined, app: SideStats, ratio: number | null, rate: number | null): string[] {
  if (!t) return [];
  const misses: string[] = [];
  if (t.p95Ms !== undefined && app.p95 >= t.p95Ms) misses.push(`p95 ${app.p95} ms >= ${t.p95Ms} ms`);
  if (t.maxRatio !== undefined && ratio !== null && ratio > t.maxRatio) misses.push(`app/raw ${ratio}x > ${t.maxRatio}x`);
  if (t.minRatePerSec !== undefined && rate !== null && rate < t.minRatePerSec) misses.push(`${Math.round(rate)}/s < ${t.minRatePerSec}/s`);
  if (t.maxMs !== undefined && app.p50 >= t.maxMs) misses.push(`${app.p50} ms >= ${t.maxMs} ms`);
  return misses;
}

export function machineInfo(pgVersion: string, database: "postgres" | "pglite", settings: Record<string, string> = {}) {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    database,
    postgres: pgVersion,
    // The server settings the figures depend on (docs/deploy.md "PostgreSQL settings").
    settings,
  };
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "—" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x} ms`);

/** The human table printed on stdout. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const head = ["scenario", "app p50", "app p95", "raw p50", "raw p95", "app/raw", "rate", "targets"];
  const rows = results.map((r) =>
    r.skipped
      ? [r.id, "—", "—", "—", "—", "—", "—", `skipped: ${r.skipped}`]
      : [
          r.id,
          ms(r.app.p50),
          ms(r.app.p95),
          ms(r.raw?.p50),
          ms(r.raw?.p95),
          r.ratio === null ? "—" : `${r.ratio}x`,
          r.rate ? `${Math.round(r.rate.perSec).toLocaleString("en")} ${r.rate.unit}/s` : "—",
          r.targets ? (r.misses.length ? `MISS ${r.misses.join("; ")}` : "ok") : "—",
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i > 0 && i < 7)).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
