export interface DiffEntry {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Field-by-field changes between an event's before and after (top-level keys; nested values compare whole).
 * A creation (no before) lists every field of after; a removal every field of before. Unchanged fields are left out.
 */
export function auditDiff(before: unknown, after: unknown): DiffEntry[] {
  if (!isRecord(before) && !isRecord(after)) {
    return before === null && after === null ? [] : same(before, after) ? [] : [{ field: "value", before: before ?? null, after: after ?? null }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields.filter((f) => !same(b[f] ?? null, a[f] ?? null)).map((f) => ({ field: f, before: b[f] ?? null, after: a[f] ?? null }));
}

/** One line for a diff value: strings as they are, everything else as JSON; "(none)" for null. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === "") return "(none)";
  return typeof v === "string" ? v : JSON.stringify(v);
}
