// IAM policy documents → entitlements: decoding (object, JSON string, URL-encoded string), statement expansion and
// the privilege heuristic (FORMATS.md section 2; the heuristic is unverified and kept in this one place).
import type { GrantVia, NormalizedEntitlement, Privilege } from "./types";
import { capKey, isObject, joinActions, maxPrivilege, maxSensitivity, sensitivityOf } from "./util";

/** A policy document as the API (URL-encoded), the CLI (object) or a tool (JSON string) gives it. */
export function decodePolicyDocument(doc: unknown): Record<string, unknown> | null {
  if (isObject(doc)) return doc;
  if (typeof doc !== "string") return null;
  let text = doc.trim();
  if (!text) return null;
  if (!text.startsWith("{")) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, "%20"));
    } catch {
      return null;
    }
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter((x): x is string => typeof x === "string");

export function statementsOf(doc: Record<string, unknown> | null): Record<string, unknown>[] {
  if (!doc) return [];
  const s = doc.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []).filter(isObject);
}

const READ_VERB = /^(get|list|describe|head|read|view|search|query|scan|batchget|lookup|select|check|validate|verify|estimate|preview|discover|download|export)/i;
// iam:* and the IAM writes that let an identity grant itself more (privilege escalation paths).
const ESCALATION = /^iam:(\*|passrole|createaccesskey|createloginprofile|updateloginprofile|attach\w*policy|put\w*policy|createpolicyversion|setdefaultpolicyversion|updateassumerolepolicy|addusertogroup)$/i;
const ADMIN_POLICY = /^(AdministratorAccess|IAMFullAccess|AWSOrganizationsFullAccess)$/;

/** `*` / `iam:*` / escalation → ADMIN; Get/List/Describe... → READ; other verbs (Put/Create/Delete...) → WRITE. */
export function awsActionPrivilege(action: string): Privilege {
  const a = action.trim();
  if (a === "*" || a === "*:*") return "ADMIN";
  if (ESCALATION.test(a)) return "ADMIN";
  const i = a.indexOf(":");
  const verb = i >= 0 ? a.slice(i + 1) : a;
  if (verb === "*") return "WRITE";
  if (READ_VERB.test(verb)) return "READ";
  return "WRITE";
}

/** Privilege of a managed policy known only by name (its document is not in the export). */
export function policyNamePrivilege(name: string): Privilege {
  if (ADMIN_POLICY.test(name)) return "ADMIN";
  if (/ReadOnly|ViewOnly|Viewer|SecurityAudit|ReadAccess/i.test(name)) return "READ";
  if (/FullAccess|PowerUser|Admin/i.test(name)) return "WRITE";
  return "UNKNOWN";
}

export interface PolicyGrant {
  document: Record<string, unknown> | null;
  policyName: string;
  policyArn?: string;
  via: GrantVia;
  viaName: string;
}

/**
 * One entitlement per Allow statement × resource: permission = the statement's actions (or "NOT ..." for
 * NotAction), privilege = the highest of its actions. A policy known by name only gives one entitlement on the
 * policy itself. Deny statements grant nothing and are skipped.
 */
export function entitlementsFromPolicy(grant: PolicyGrant): NormalizedEntitlement[] {
  const adminByName = ADMIN_POLICY.test(grant.policyName);
  if (!grant.document) {
    const privilege = policyNamePrivilege(grant.policyName);
    const resource = grant.policyArn ?? `policy/${grant.policyName}`;
    const permission = `policy:${grant.policyName}`;
    return [{
      resource, permission, privilege, via: grant.via, viaName: grant.viaName,
      sensitivity: privilege === "ADMIN" ? "CRITICAL" : sensitivityOf(resource, permission, privilege),
      condition: { note: "policy document not in the export" },
    }];
  }
  const out: NormalizedEntitlement[] = [];
  for (const st of statementsOf(grant.document)) {
    if (String(st.Effect ?? "Allow").toLowerCase() !== "allow") continue;
    const actions = list(st.Action);
    const notActions = list(st.NotAction);
    if (!actions.length && !notActions.length) continue;
    const resources = st.Resource !== undefined ? list(st.Resource) : st.NotResource !== undefined ? list(st.NotResource).map((r) => `NOT ${r}`) : ["*"];
    const permission = actions.length ? joinActions(actions) : `NOT ${joinActions(notActions)}`;
    const capped = permission.includes("… [");
    for (const resource of resources.length ? resources : ["*"]) {
      let privilege: Privilege = actions.length
        ? maxPrivilege(...actions.map(awsActionPrivilege))
        // NotAction allows everything else: on "*" that is an administrator (PowerUserAccess style).
        : resource === "*" ? "ADMIN" : "WRITE";
      if (adminByName) privilege = "ADMIN";
      const condition = st.Condition !== undefined || capped
        ? { ...(st.Condition !== undefined ? { Condition: st.Condition } : {}), ...(capped ? { actions: actions.length ? actions : notActions } : {}) }
        : null;
      out.push({
        resource: capKey(resource),
        permission,
        privilege,
        sensitivity: sensitivityOf(resource, permission, privilege),
        via: grant.via,
        viaName: grant.viaName,
        condition,
      });
    }
  }
  return out;
}

/** Merges grants with the same (resource, permission): the schema keeps one row per pair. */
export function mergeEntitlements(ents: NormalizedEntitlement[]): NormalizedEntitlement[] {
  const byKey = new Map<string, NormalizedEntitlement>();
  for (const e of ents) {
    const key = `${e.resource}\u0000${e.permission}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...e });
      continue;
    }
    prev.privilege = maxPrivilege(prev.privilege, e.privilege);
    prev.sensitivity = maxSensitivity(prev.sensitivity, e.sensitivity);
    if (e.viaName && prev.viaName !== e.viaName && !(prev.viaName ?? "").split("; ").includes(e.viaName)) {
      prev.viaName = capKey(`${prev.viaName ?? ""}; ${e.viaName}`, 500);
    }
    if (prev.expiresAt && !e.expiresAt) prev.expiresAt = null;
  }
  return [...byKey.values()];
}

/** Trust policy principals: services, other AWS accounts and federated providers that may assume a role. */
export function trustPrincipals(doc: Record<string, unknown> | null): { services: string[]; aws: string[]; federated: string[] } {
  const out = { services: [] as string[], aws: [] as string[], federated: [] as string[] };
  for (const st of statementsOf(doc)) {
    if (String(st.Effect ?? "Allow").toLowerCase() !== "allow") continue;
    const p = st.Principal;
    if (p === "*") out.aws.push("*");
    if (!isObject(p)) continue;
    out.services.push(...list(p.Service));
    out.aws.push(...list(p.AWS));
    out.federated.push(...list(p.Federated));
  }
  return { services: [...new Set(out.services)], aws: [...new Set(out.aws)], federated: [...new Set(out.federated)] };
}
