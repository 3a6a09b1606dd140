// Every rule the engine runs, in catalog order (ownership, credentials, access, environment, agents and vendors).
import type { RuleDefinition } from "./types";
import { orphanedNhi } from "./defs/orphaned-nhi";
import { ownerDeparted } from "./defs/owner-departed";
import { ownerMovedTeam } from "./defs/owner-moved-team";
import { unusedNhi } from "./defs/unused-nhi";
import { purposeUnconfirmed } from "./defs/purpose-unconfirmed";
import { rotationOverdue } from "./defs/rotation-overdue";
import { neverExpiringPrivileged } from "./defs/never-expiring-privileged";
import { privilegedCriticalLongLived } from "./defs/privileged-critical-long-lived";
import { expiredCredentialAttached } from "./defs/expired-credential-attached";
import { multipleActiveKeys } from "./defs/multiple-active-keys";
import { unvaultedCredential } from "./defs/unvaulted-credential";
import { staticKeyInCi } from "./defs/static-key-in-ci";
import { passwordLogin } from "./defs/password-login";
import { adminWildcard } from "./defs/admin-wildcard";
import { unusedEntitlements } from "./defs/unused-entitlements";
import { standingPrivilegedAccess } from "./defs/standing-privileged-access";
import { breakGlassUntested } from "./defs/break-glass-untested";
import { prodNonprodCrossover } from "./defs/prod-nonprod-crossover";
import { sharedNhi } from "./defs/shared-nhi";
import { aiAgentUnaccountable } from "./defs/ai-agent-unaccountable";
import { aiAgentBeyondRead } from "./defs/ai-agent-beyond-read";
import { thirdPartyWrite } from "./defs/third-party-write";

export const RULES: readonly RuleDefinition[] = [
  orphanedNhi,
  ownerDeparted,
  ownerMovedTeam,
  unusedNhi,
  purposeUnconfirmed,
  rotationOverdue,
  neverExpiringPrivileged,
  expiredCredentialAttached,
  multipleActiveKeys,
  unvaultedCredential,
  staticKeyInCi,
  passwordLogin,
  adminWildcard,
  privilegedCriticalLongLived,
  unusedEntitlements,
  standingPrivilegedAccess,
  breakGlassUntested,
  prodNonprodCrossover,
  sharedNhi,
  aiAgentUnaccountable,
  aiAgentBeyondRead,
  thirdPartyWrite,
];

export const RULE_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));

export class UnknownRuleError extends Error {}

/** The rules named by id (in catalog order), or all of them; an unknown id is an error, not a silent skip. */
export function selectRules(ruleIds?: readonly string[]): RuleDefinition[] {
  if (!ruleIds) return [...RULES];
  const unknown = ruleIds.filter((id) => !RULE_BY_ID.has(id));
  if (unknown.length) throw new UnknownRuleError(`Unknown rule id(s): ${unknown.join(", ")}`);
  const wanted = new Set(ruleIds);
  return RULES.filter((r) => wanted.has(r.id));
}
