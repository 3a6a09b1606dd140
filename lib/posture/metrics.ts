// Pure arithmetic over summed snapshot figures: ratios, KPI definitions and age buckets. Shared by the CISO
// dashboard, the owner's dashboard, the executive summary and the metrics API (no database, unit-tested).
import { OWASP_NHI, type OwaspNhiId } from "../rules/types";
import { AGE_BUCKETS } from "./schemas";

/** The additive integer columns of a PostureSnapshot row. */
export const SUM_COLUMNS = [
  "humans", "identities", "privileged", "orphans", "owned", "overPrivileged", "entitlementsGranted", "entitlementsUsed",
  "privilegedStanding", "privilegedTimeBound", "credentials", "credAgeUnder30", "credAge30To90", "credAge90To365",
  "credAgeOver365", "credNeverExpire", "credentialsCompliant", "credentialsVaulted", "findingsCritical", "findingsHigh",
  "findingsMedium", "findingsLow", "findingsInfo", "riskScoreSum", "highRisk", "exceptionsActive", "exceptionsExpiring",
  "campaignItems", "campaignItemsDecided",
] as const;
export type SumColumn = (typeof SUM_COLUMNS)[number];
export type Figures = Record<SumColumn, number>;

export function emptyFigures(): Figures {
  return Object.fromEntries(SUM_COLUMNS.map((c) => [c, 0])) as Figures;
}

/** Adds rows of figures (numbers may arrive as strings or bigints from raw SQL). */
export function sumFigures(rows: ReadonlyArray<Partial<Record<SumColumn, unknown>>>): Figures {
  const out = emptyFigures();
  for (const r of rows) for (const c of SUM_COLUMNS) out[c] += Number(r[c] ?? 0);
  return out;
}

/** Merges { NHI1: n, ... } objects. */
export function sumByKey(objs: ReadonlyArray<unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of objs) {
    if (!o || typeof o !== "object") continue;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) out[k] = (out[k] ?? 0) + Number(v ?? 0);
  }
  return out;
}

/** n / d as a fraction, or null when there is nothing to divide (shown as "—", never as 0%). */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export type KpiKey =
  | "identities" | "nhiPerHuman" | "ownershipCoverage" | "rotationCompliance" | "entitlementsUnused" | "excessPrivilege"
  | "privilegedShare" | "vaultCoverage" | "standingShare" | "criticalFindings" | "campaignCompletion";

export interface KpiDef {
  key: KpiKey;
  label: string;
  /** count: a whole number; ratio: "12.3 : 1"; percent: a fraction shown as %. */
  unit: "count" | "ratio" | "percent";
  /** Which way is better (null: neither, e.g. the size of the estate). */
  better: "up" | "down" | null;
  /** Context a board member needs to read the figure. */
  hint: string;
  value: (f: Figures) => number | null;
}

export const KPIS: readonly KpiDef[] = [
  { key: "identities", label: "Total NHIs", unit: "count", better: null, hint: "Non-human identities that exist at their source", value: (f) => f.identities },
  { key: "nhiPerHuman", label: "NHI-to-human ratio", unit: "ratio", better: null, hint: "NHIs per active human user", value: (f) => ratio(f.identities, f.humans) },
  { key: "ownershipCoverage", label: "Ownership coverage", unit: "percent", better: "up", hint: "NHIs with an accountable owner (provider agents excluded)", value: (f) => ratio(f.owned, f.owned + f.orphans) },
  { key: "rotationCompliance", label: "Credentials in rotation policy", unit: "percent", better: "up", hint: "Static secrets younger than their policy's maximum age", value: (f) => ratio(f.credentialsCompliant, f.credentials) },
  { key: "vaultCoverage", label: "Vault coverage", unit: "percent", better: "up", hint: "Static secrets held in a vault or secrets manager", value: (f) => ratio(f.credentialsVaulted, f.credentials) },
  { key: "entitlementsUnused", label: "Entitlements unused", unit: "percent", better: "down", hint: "Active grants not used within the review window", value: (f) => ratio(f.entitlementsGranted - f.entitlementsUsed, f.entitlementsGranted) },
  { key: "excessPrivilege", label: "NHIs with excess privilege", unit: "percent", better: "down", hint: "Hold at least one unused grant (field studies: 97%)", value: (f) => ratio(f.overPrivileged, f.identities) },
  { key: "privilegedShare", label: "Privileged NHIs", unit: "percent", better: "down", hint: "Can change infrastructure, read sensitive data or deploy (breach studies: 42%)", value: (f) => ratio(f.privileged, f.identities) },
  { key: "standingShare", label: "Privileged grants standing", unit: "percent", better: "down", hint: "Admin/write grants with no expiry rather than just-in-time", value: (f) => ratio(f.privilegedStanding, f.privilegedStanding + f.privilegedTimeBound) },
  { key: "criticalFindings", label: "Open critical findings", unit: "count", better: "down", hint: "OWASP NHI Top 10 findings of critical severity", value: (f) => f.findingsCritical },
  { key: "campaignCompletion", label: "Campaign completion", unit: "percent", better: "up", hint: "Review items decided in active access reviews", value: (f) => ratio(f.campaignItemsDecided, f.campaignItems) },
];

export function formatKpi(unit: KpiDef["unit"], v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "—";
  if (unit === "count") return Math.round(v).toLocaleString("en-US");
  if (unit === "ratio") return `${v >= 10 ? Math.round(v) : v.toFixed(1)} : 1`;
  const pct = v * 100;
  return `${pct > 0 && pct < 1 ? pct.toFixed(1) : Math.round(pct)}%`;
}

export type Trend = { direction: "up" | "down" | "flat"; tone: "good" | "bad" | "neutral"; text: string };

/** Change from `previous` to `current`: points for percentages, relative % for counts and ratios. */
export function trendOf(def: Pick<KpiDef, "unit" | "better">, current: number | null, previous: number | null): Trend | null {
  if (current === null || previous === null) return null;
  let delta: number;
  let text: string;
  if (def.unit === "percent") {
    delta = (current - previous) * 100;
    text = `${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(1)} pts`;
    if (Math.abs(delta) < 0.05) delta = 0;
  } else {
    if (previous === 0) return current === 0 ? { direction: "flat", tone: "neutral", text: "no change" } : null;
    delta = ((current - previous) / Math.abs(previous)) * 100;
    text = `${delta >= 0 ? "+" : "−"}${Math.abs(delta) < 10 ? Math.abs(delta).toFixed(1) : Math.round(Math.abs(delta))}%`;
    if (Math.abs(delta) < 0.05) delta = 0;
  }
  if (delta === 0) return { direction: "flat", tone: "neutral", text: "no change" };
  const direction = delta > 0 ? "up" : "down";
  const tone = def.better === null ? "neutral" : def.better === direction ? "good" : "bad";
  return { direction, tone, text };
}

export function ageHistogram(f: Figures) {
  return [
    ...AGE_BUCKETS.map((b) => ({ key: b.key as string, label: b.label, count: f[b.key] })),
    { key: "credNeverExpire", label: "No expiry", count: f.credNeverExpire },
  ];
}

export const OWASP_IDS = Object.keys(OWASP_NHI) as OwaspNhiId[];

export function owaspBars(byOwasp: Record<string, number>) {
  return OWASP_IDS.map((id) => ({ id, name: OWASP_NHI[id], count: byOwasp[id] ?? 0 }));
}

/** Object.groupBy for Node 20 (which lacks it). */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
