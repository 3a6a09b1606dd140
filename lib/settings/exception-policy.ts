import "server-only";
import { db, type Tx } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { DEFAULT_EXCEPTION_POLICY, ZExceptionPolicy, type TExceptionPolicy } from "../exceptions/schemas";
import { EXCEPTION_POLICY_SETTING_KEY } from "./keys";

/**
 * The risk-exception policy: the stored Setting merged over the defaults. A stored value that no longer parses (an
 * old shape, a hand edit) falls back to the defaults field by field rather than breaking every request.
 */
export async function getExceptionPolicy(client: Tx | typeof db = db): Promise<TExceptionPolicy> {
  const row = await client.setting.findUnique({ where: { key: EXCEPTION_POLICY_SETTING_KEY }, select: { value: true } });
  const stored = row?.value && typeof row.value === "object" ? (row.value as Record<string, unknown>) : {};
  const merged = { ...DEFAULT_EXCEPTION_POLICY };
  for (const key of Object.keys(DEFAULT_EXCEPTION_POLICY) as (keyof TExceptionPolicy)[]) {
    const field = ZExceptionPolicy.shape[key].safeParse(stored[key]);
    if (field.success) (merged as Record<string, unknown>)[key] = field.data;
  }
  return ZExceptionPolicy.safeParse(merged).success ? merged : DEFAULT_EXCEPTION_POLICY;
}

/** Admin: changes the policy; audited with before and after. */
export async function updateExceptionPolicy(viewer: Viewer, raw: TExceptionPolicy): Promise<TExceptionPolicy> {
  assertCan(viewer, "settings:manage");
  const next = ZExceptionPolicy.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await getExceptionPolicy(tx);
    await tx.setting.upsert({
      where: { key: EXCEPTION_POLICY_SETTING_KEY },
      create: { key: EXCEPTION_POLICY_SETTING_KEY, value: next },
      update: { value: next },
    });
    await recordAudit(tx, { actor: viewer, action: "exception.policy.update", targetType: "Setting", targetId: EXCEPTION_POLICY_SETTING_KEY, before, after: next });
    return next;
  });
}
