// Kubernetes RBAC rules → entitlements, with the privilege heuristic of FORMATS.md section 5 (unverified) in
// one place: `*` verbs or resources, escalate/bind/impersonate, exec into pods → ADMIN; create/update/patch/delete
// → WRITE; get/list/watch → READ. Reading secrets counts as sensitive.
import type { NormalizedEntitlement, Privilege, Sensitivity } from "./types";
import { capKey, isObject, joinActions, maxPrivilege, str } from "./util";

type Obj = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const BUILTIN_ROLE_PRIVILEGE: Record<string, Privilege> = { "cluster-admin": "ADMIN", admin: "ADMIN", edit: "WRITE", view: "READ" };

export function k8sVerbPrivilege(verb: string, resource: string): Privilege {
  const v = verb.toLowerCase();
  if (v === "*" || resource === "*") return "ADMIN";
  if (["escalate", "bind", "impersonate"].includes(v)) return "ADMIN";
  if (v === "create" && /^(pods\/exec|pods\/attach|serviceaccounts\/token|nodes\/proxy)$/.test(resource)) return "ADMIN";
  if (["create", "update", "patch", "delete", "deletecollection", "approve", "sign"].includes(v)) return "WRITE";
  if (["get", "list", "watch", "proxy"].includes(v)) return "READ";
  return "UNKNOWN";
}

function sensitivity(apiGroup: string, resource: string, privilege: Privilege, clusterWide: boolean): Sensitivity {
  if (privilege === "ADMIN" && clusterWide) return "CRITICAL";
  if (apiGroup === "rbac.authorization.k8s.io" && privilege !== "READ") return "CRITICAL";
  if (/^(secrets|serviceaccounts\/token|certificatesigningrequests)/.test(resource)) return privilege === "READ" ? "HIGH" : "CRITICAL";
  if (/^(nodes|persistentvolumes|clusterroles|clusterrolebindings|mutatingwebhookconfigurations|validatingwebhookconfigurations|customresourcedefinitions)/.test(resource)) return "HIGH";
  return "NORMAL";
}

export interface BindingRef {
  /** "ns" for a RoleBinding, null for a ClusterRoleBinding. */
  namespace: string | null;
  bindingName: string;
  bindingKind: string;
  roleKind: string;
  roleName: string;
}

/**
 * Entitlements one binding gives: each rule's apiGroup × resource × resourceName, with the rule's verbs as the
 * permission, scoped "@ namespace" or "@ cluster". Rules absent (role not exported, or an aggregated ClusterRole
 * the controller fills) → one entitlement on the role itself, privilege from the role name.
 */
export function entitlementsForBinding(ref: BindingRef, rules: Obj[] | null, via: "BINDING" | "GROUP", viaSuffix = ""): NormalizedEntitlement[] {
  const scope = ref.namespace ? `@ ${ref.namespace}` : "@ cluster";
  const clusterWide = ref.namespace === null;
  const viaName = capKey(`${ref.bindingKind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.bindingName} → ${ref.roleKind} ${ref.roleName}${viaSuffix}`, 400);
  const builtin = BUILTIN_ROLE_PRIVILEGE[ref.roleName];
  if (!rules || !rules.length) {
    const privilege = builtin ?? "UNKNOWN";
    return [{
      resource: `${ref.roleKind.toLowerCase()}/${ref.roleName} ${scope}`,
      permission: `role:${ref.roleName}`,
      privilege,
      sensitivity: privilege === "ADMIN" ? (clusterWide || ref.roleName === "cluster-admin" ? "CRITICAL" : "HIGH") : "NORMAL",
      via,
      viaName,
      condition: rules ? { note: "aggregated or empty role: rules are filled in by the controller" } : { note: "role not in the export" },
    }];
  }
  const out: NormalizedEntitlement[] = [];
  for (const rule of rules) {
    const verbs = strings(rule.verbs);
    if (!verbs.length) continue;
    const urls = strings(rule.nonResourceURLs);
    for (const url of urls) {
      const privilege = maxPrivilege(...verbs.map((v) => k8sVerbPrivilege(v, url === "*" ? "*" : "url")));
      out.push({ resource: capKey(`url:${url} @ cluster`), permission: joinActions(verbs), privilege, sensitivity: privilege === "ADMIN" ? "HIGH" : "NORMAL", via, viaName });
    }
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const names = strings(rule.resourceNames);
    for (const g of groups.length ? groups : resources.length ? [""] : []) {
      for (const r of resources) {
        let privilege = maxPrivilege(...verbs.map((v) => k8sVerbPrivilege(v, r)));
        if (g === "*" && privilege === "WRITE") privilege = "ADMIN";
        if (ref.roleName === "cluster-admin") privilege = "ADMIN";
        const base = `${g === "" ? "core" : g}/${r}`;
        for (const n of names.length ? names : [null]) {
          const resource = capKey(`${base}${n ? `/${n}` : ""} ${scope}`);
          out.push({ resource, permission: joinActions(verbs), privilege, sensitivity: sensitivity(g, r, privilege, clusterWide), via, viaName });
        }
      }
    }
  }
  return out;
}

/** A binding subject → the service accounts it names: one SA, every SA of a namespace, or every SA. */
export type SubjectTarget = { sa: string } | { namespace: string } | { all: true } | null;

export function subjectTarget(subject: unknown, bindingNamespace: string | null): SubjectTarget {
  if (!isObject(subject)) return null;
  const kind = str(subject.kind);
  const name = str(subject.name);
  if (!name) return null;
  if (kind === "ServiceAccount") {
    const ns = str(subject.namespace) ?? bindingNamespace;
    return ns ? { sa: `${ns}/${name}` } : null;
  }
  if (kind === "Group") {
    if (name === "system:serviceaccounts") return { all: true };
    const m = /^system:serviceaccounts:(.+)$/.exec(name);
    return m ? { namespace: m[1] } : null;
  }
  if (kind === "User") {
    const m = /^system:serviceaccount:([^:]+):(.+)$/.exec(name);
    return m ? { sa: `${m[1]}/${m[2]}` } : null;
  }
  return null;
}
