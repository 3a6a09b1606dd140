import { runRules } from "../rules/engine";
import { runImport, type ImportSummary, type RunImportInput } from "./pipeline";

export interface ImportAndAssessSummary extends ImportSummary {
  /** The rule run that followed the import: findings and risk scores reflect the new inventory. */
  findings: { open: number; new: number; resolved: number; durationMs: number } | null;
}

/** An import followed by a rule run (issue: findings are refreshed after every import). Used by the API and CLI. */
export async function importAndAssess(input: RunImportInput): Promise<ImportAndAssessSummary> {
  const summary = await runImport(input);
  if (summary.status === "FAILED") return { ...summary, findings: null };
  const actor = input.viewer ? { id: input.viewer.id, email: input.viewer.email } : (input.actor ?? null);
  const rules = await runRules({ actor });
  return {
    ...summary,
    findings: { open: rules.totals.open, new: rules.totals.new, resolved: rules.totals.resolved, durationMs: rules.durationMs },
  };
}
