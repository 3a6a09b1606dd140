// The rule engine's public surface: run it, preview one rule, read the catalog.
export { runRules, findViolations, refreshPlannerStats, type RunRulesOptions, type RuleRunSummary, type RuleRunStat } from "./engine";
export { RULE_CATALOG, ruleCatalogEntry, rulesByOwasp, type RuleCatalogEntry } from "./catalog";
export { RULES, RULE_BY_ID, selectRules, UnknownRuleError } from "./registry";
export { recomputeRiskScores, SEVERITY_WEIGHT } from "./risk";
export { UNUSED_WINDOW_SETTING_KEY, RULE_DEFAULTS } from "./context";
export { OWASP_NHI, NIST_CSF, type OwaspNhiId, type NistCsfId, type RuleDefinition, type RuleContext, type Violation } from "./types";
