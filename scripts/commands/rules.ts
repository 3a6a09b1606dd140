// `npm run steward -- rules run [--rule ID]... [--unused-window-days N] [--json]` and `rules list [--json]`.
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { RULE_CATALOG } from "../../lib/rules/catalog";
import { runRules, type RuleRunSummary } from "../../lib/rules/engine";
import { UnknownRuleError } from "../../lib/rules/registry";

const HELP = `Usage: npm run steward -- rules <run|list> [options]

  rules run [--rule ID]... [--unused-window-days N] [--json]
      evaluate the rules over the whole estate, reconcile findings (open / resolve) and recompute risk scores
  rules list [--json]
      the rule catalog: id, severity, OWASP NHI Top 10 id, NIST CSF 2.0 subcategories`;

export async function runRulesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "list") return list(rest);
  if (sub === "run") {
    try {
      return await run(rest);
    } finally {
      await closeDb();
    }
  }
  console.error(sub && sub !== "help" && sub !== "--help" ? `Unknown rules subcommand "${sub}".\n\n${HELP}` : HELP);
  return sub === "help" || sub === "--help" ? 0 : 2;
}

async function run(argv: string[]): Promise<number> {
  let values: { json?: boolean; rule?: string[]; "unused-window-days"?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, rule: { type: "string", multiple: true }, "unused-window-days": { type: "string" } },
      strict: true,
    }));
  } catch (err) {
    console.error(`steward rules run: ${(err as Error).message}`);
    return 2;
  }
  let unusedWindowDays: number | undefined;
  if (values["unused-window-days"] !== undefined) {
    unusedWindowDays = Number(values["unused-window-days"]);
    if (!Number.isInteger(unusedWindowDays) || unusedWindowDays < 1 || unusedWindowDays > 3650) {
      console.error("steward rules run: --unused-window-days must be a whole number between 1 and 3650");
      return 2;
    }
  }
  let summary: RuleRunSummary;
  try {
    summary = await runRules({ ruleIds: values.rule, unusedWindowDays, actor: null });
  } catch (err) {
    if (err instanceof UnknownRuleError) {
      console.error(`steward rules run: ${err.message}. See \`npm run steward -- rules list\`.`);
      return 2;
    }
    throw err;
  }
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  }
  printTable(summary);
  return 0;
}

function printTable(s: RuleRunSummary): void {
  const head = ["rule", "owasp", "severity", "open", "new", "resolved", "excepted", "ms"];
  const rows = s.perRule.map((r) => [r.id, r.owasp, r.severity, r.open, r.new, r.resolved, r.excepted, r.ms].map(String));
  rows.push(["total", "", "", s.totals.open, s.totals.new, s.totals.resolved, s.totals.excepted, ""].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  const retired = s.totals.retiredResolved ? `, ${s.totals.retiredResolved} findings of retired rules resolved` : "";
  console.log(`\nRules run in ${(s.durationMs / 1000).toFixed(1)} s (unused window ${s.unusedWindowDays} days); ${s.identitiesRescored} risk scores changed${retired}.`);
  console.log(`Time: ${Object.entries(s.phaseMs).map(([k, v]) => `${k} ${v} ms`).join(", ")}.`);
}

function list(argv: string[]): number {
  const json = argv.includes("--json");
  if (json) {
    console.log(JSON.stringify(RULE_CATALOG, null, 2));
    return 0;
  }
  for (const r of RULE_CATALOG) {
    console.log(`${r.id.padEnd(32)} ${r.severity.padEnd(8)} ${r.owasp.id.padEnd(5)} ${r.nist.map((n) => n.id).join(", ")}`);
    console.log(`  ${r.title}`);
  }
  return 0;
}
