// The rule catalog as plain data, for the rules page, the API and the CLI's `rules list`.
import { RULES } from "./registry";
import { NIST_CSF, OWASP_NHI, type NistCsfId, type OwaspNhiId } from "./types";
import type { Severity } from "../db";

export interface RuleCatalogEntry {
  id: string;
  title: string;
  severity: Severity;
  owasp: { id: OwaspNhiId; name: string };
  nist: Array<{ id: NistCsfId; text: string }>;
  description: string;
  remediation: string;
}

export const RULE_CATALOG: readonly RuleCatalogEntry[] = RULES.map((r) => ({
  id: r.id,
  title: r.title,
  severity: r.severity,
  owasp: { id: r.owasp, name: OWASP_NHI[r.owasp] },
  nist: r.nist.map((id) => ({ id, text: NIST_CSF[id] })),
  description: r.description,
  remediation: r.remediation,
}));

export function ruleCatalogEntry(id: string): RuleCatalogEntry | undefined {
  return RULE_CATALOG.find((r) => r.id === id);
}

/** Rules grouped by OWASP NHI id, NHI1..NHI10 in order (ids with no rule get an empty list). */
export function rulesByOwasp(): Array<{ id: OwaspNhiId; name: string; rules: RuleCatalogEntry[] }> {
  return (Object.keys(OWASP_NHI) as OwaspNhiId[]).map((id) => ({
    id,
    name: OWASP_NHI[id],
    rules: RULE_CATALOG.filter((r) => r.owasp.id === id),
  }));
}
