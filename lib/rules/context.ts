// Builds the RuleContext: defaults, overridden by Setting rows, overridden by explicit arguments.
import { db } from "../db";
import { PURPOSE_REVIEW_DAYS, UNUSED_WINDOW_DAYS } from "../identities/rules";
import type { RuleContext } from "./types";

export const UNUSED_WINDOW_SETTING_KEY = "rules.unusedWindowDays";

export const RULE_DEFAULTS: Omit<RuleContext, "now"> = {
  unusedWindowDays: UNUSED_WINDOW_DAYS,
  breakGlassTestDays: 90,
  purposeReviewDays: PURPOSE_REVIEW_DAYS,
  defaultMaxAgeDays: 90,
};

/** A Setting value of 120, "120" or { "days": 120 }; anything else (or out of 1..3650) is ignored. */
export function parseWindowDays(value: unknown): number | undefined {
  const raw = value && typeof value === "object" && "days" in value ? (value as { days: unknown }).days : value;
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 3650 ? n : undefined;
}

export async function loadRuleContext(over: Partial<RuleContext> = {}): Promise<RuleContext> {
  let unusedWindowDays = over.unusedWindowDays;
  if (unusedWindowDays === undefined) {
    const row = await db.setting.findUnique({ where: { key: UNUSED_WINDOW_SETTING_KEY }, select: { value: true } });
    unusedWindowDays = parseWindowDays(row?.value) ?? RULE_DEFAULTS.unusedWindowDays;
  }
  return {
    ...RULE_DEFAULTS,
    ...over,
    unusedWindowDays,
    now: over.now ?? new Date(),
  };
}
