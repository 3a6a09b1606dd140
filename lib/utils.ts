import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names and lets later Tailwind classes override earlier ones (`cn("p-2", props.className)`). */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

export type DateInput = Date | string | number;

const DAY_MS = 86_400_000;
const EMPTY = "—";

function toDate(d: DateInput | null | undefined): Date | null {
  if (d === null || d === undefined) return null;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? null : date;
}

// Fixed locale and time zone: these run both on the server and in the browser, and anything taken from the
// environment (server locale, viewer's time zone) would make the two renders differ and break hydration.
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});
const numberFormat = new Intl.NumberFormat("en-US");
const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "12 Mar 2025" (UTC); "—" for a missing or invalid date. */
export function formatDate(d: DateInput | null | undefined): string {
  const date = toDate(d);
  return date ? dateFormat.format(date) : EMPTY;
}

/** "12 Mar 2025, 14:05 UTC"; "—" for a missing or invalid date. */
export function formatDateTime(d: DateInput | null | undefined): string {
  const date = toDate(d);
  return date ? `${dateTimeFormat.format(date)} UTC` : EMPTY;
}

/**
 * "3 days ago", "in 2 months", "just now"; "never" for null (a credential never used, never rotated).
 * Pass `now` when rendering on the server and the client, so both produce the same text.
 */
export function formatRelative(d: DateInput | null | undefined, now: DateInput = new Date()): string {
  if (d === null || d === undefined) return "never";
  const date = toDate(d);
  const ref = toDate(now);
  if (!date || !ref) return EMPTY;

  const diffMs = date.getTime() - ref.getTime(); // negative = past
  const abs = Math.abs(diffMs);
  const sign = Math.sign(diffMs);
  if (abs < 45_000) return "just now";

  const minutes = Math.round(abs / 60_000);
  if (minutes < 60) return relativeFormat.format(sign * minutes, "minute");
  const hours = Math.round(abs / 3_600_000);
  if (hours < 24) return relativeFormat.format(sign * hours, "hour");
  const days = Math.round(abs / DAY_MS);
  if (days < 30) return relativeFormat.format(sign * days, "day");
  const months = Math.round(days / 30.44);
  if (months < 12) return relativeFormat.format(sign * months, "month");
  return relativeFormat.format(sign * Math.max(1, Math.round(days / 365.25)), "year");
}

/** "4,812"; "—" for null/undefined/NaN. */
export function formatNumber(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined || (typeof n === "number" && Number.isNaN(n))) return EMPTY;
  return numberFormat.format(n);
}

/** Whole days elapsed since `d` (negative for future dates); null when there is no date. */
export function ageInDays(d: DateInput, now?: DateInput): number;
export function ageInDays(d: DateInput | null | undefined, now?: DateInput): number | null;
export function ageInDays(d: DateInput | null | undefined, now: DateInput = new Date()): number | null {
  const date = toDate(d);
  const ref = toDate(now);
  if (!date || !ref) return null;
  return Math.floor((ref.getTime() - date.getTime()) / DAY_MS);
}
