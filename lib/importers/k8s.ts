// Kubernetes (FORMATS.md section 5): `kubectl get serviceaccounts,roles,clusterroles,rolebindings,clusterrolebindings
// -A -o json` (and token Secrets), as a List, an array of Lists, a bare array, or YAML with `---` separators.
// Identity key: "<namespace>/<name>" (RBAC binds by name, so a recreated SA inherits the same grants); uid is a tag.
import { parseAllDocuments } from "yaml";
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedCredential, NormalizedIdentity, ParseOptions, RowError } from "./types";
import { mergeEntitlements } from "./aws-policy";
import { entitlementsForBinding, subjectTarget } from "./k8s-rbac";
import { asArray, environmentFromTags, isObject, ownerHintsFromTags, parseEnvironment, str, timeReader, tryJson, Warnings } from "./util";

type Obj = Record<string, unknown>;
const KINDS = new Set(["ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Secret"]);
const PLATFORM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease"]);
const TOKEN_SECRET = "kubernetes.io/service-account-token";

/** Every object with a `kind`, from Lists, arrays of Lists, bare arrays and YAML streams. */
export function k8sItems(file: ImportFile): { items: Obj[]; parsed: boolean } {
  let docs: unknown[];
  const json = file.json ?? tryJson(file.text);
  if (json !== undefined) docs = [json];
  else {
    try {
      docs = parseAllDocuments(file.text).map((d) => {
        if (d.errors.length) throw d.errors[0];
        return d.toJS({ maxAliasCount: 1000 }) as unknown;
      });
    } catch {
      return { items: [], parsed: false };
    }
  }
  const items: Obj[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      if (Array.isArray(v.items) && (v.kind === undefined || /List$/.test(String(v.kind)))) v.items.forEach(walk);
      else if (typeof v.kind === "string") items.push(v);
    }
  };
  docs.forEach(walk);
  return { items, parsed: true };
}

function detect(sample: DetectSample): number {
  const h = sample.head;
  const hasRbac = /"?kind"?\s*:\s*"?(ServiceAccount|ClusterRoleBinding|RoleBinding|ClusterRole)\b/.test(h);
  if (hasRbac && /apiVersion/.test(h)) return 0.95;
  if (/"?kind"?\s*:\s*"?List"?/.test(h) && /apiVersion/.test(h) && /roleRef|serviceaccount/i.test(h)) return 0.8;
  return 0;
}

const meta = (o: Obj): Obj => (isObject(o.metadata) ? o.metadata : {});
const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, val] of Object.entries(v)) if (typeof val === "string") out[k] = val;
  return out;
};

const CLOUD_ANNOTATIONS: Record<string, string> = {
  "eks.amazonaws.com/role-arn": "aws:roleArn",
  "iam.gke.io/gcp-service-account": "gcp:serviceAccount",
  "azure.workload.identity/client-id": "azure:clientId",
  "azure.workload.identity/tenant-id": "azure:tenantId",
};

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const rowErrors: RowError[] = [];
  const items: Obj[] = [];
  for (const file of files) {
    const { items: found, parsed } = k8sItems(file);
    if (!parsed || !found.some((i) => KINDS.has(String(i.kind)))) {
      throw new ValidationError(
        `${file.fileName} is not a Kubernetes export: expected "kubectl get serviceaccounts,roles,clusterroles,rolebindings,clusterrolebindings -A -o json" (or -o yaml).`,
      );
    }
    items.push(...found);
  }
  const byKind = (k: string) => items.filter((i) => i.kind === k);
  const sas = byKind("ServiceAccount");
  const secrets = byKind("Secret");
  const bindings = [...byKind("RoleBinding"), ...byKind("ClusterRoleBinding")];
  const roles = new Map<string, Obj[] | null>();
  for (const r of [...byKind("Role"), ...byKind("ClusterRole")]) {
    const m = meta(r);
    const key = r.kind === "Role" ? `Role:${str(m.namespace)}/${str(m.name)}` : `ClusterRole:${str(m.name)}`;
    const rules = asArray(r.rules).filter(isObject);
    // Aggregated ClusterRoles (admin, edit, view) may come with their rules filled in or empty.
    roles.set(key, rules.length ? rules : isObject(r.aggregationRule) ? [] : rules);
  }
  const ignored = items.length - sas.length - secrets.length - bindings.length - roles.size;
  if (ignored > 0) warnings.add(`${ignored} object(s) of other kinds were ignored`);

  const identities = new Map<string, NormalizedIdentity>();
  const haveSecrets = secrets.length > 0;
  sas.forEach((sa, i) => {
    const m = meta(sa);
    const name = str(m.name);
    const ns = str(m.namespace) ?? "default";
    if (!name) { rowErrors.push({ path: `ServiceAccount[${i}]`, message: "ServiceAccount has no metadata.name" }); return; }
    const key = `${ns}/${name}`;
    const labels = strMap(m.labels);
    const annotations = strMap(m.annotations);
    const tags: Record<string, string> = { ...labels, "k8s:namespace": ns };
    const uid = str(m.uid);
    if (uid) tags["k8s:uid"] = uid;
    for (const [a, v] of Object.entries(annotations)) {
      if (CLOUD_ANNOTATIONS[a]) tags[CLOUD_ANNOTATIONS[a]] = v;
      // last-applied-configuration can be large (and for Secrets would repeat the data): never kept.
      else if (!a.startsWith("kubectl.kubernetes.io/") && v.length <= 256) tags[a] = v;
    }
    if (sa.automountServiceAccountToken === false) tags["k8s:automountToken"] = "false";
    const credentials: NormalizedCredential[] = [];
    if (!haveSecrets) {
      // No Secret objects exported: auto-generated token Secrets (before 1.24) are still named in secrets[].
      for (const s of asArray(sa.secrets).filter(isObject)) {
        const sname = str(s.name);
        if (sname && sname.startsWith(`${name}-token-`)) {
          credentials.push({ externalId: `secret/${sname}`, type: "TOKEN", name: `token Secret ${sname}`, status: "ACTIVE", createdAt: null, expiresAt: null });
        }
      }
    }
    const ownerHintOrigins: Record<string, string> = {};
    identities.set(key, {
      externalId: key,
      name: key,
      kind: "WORKLOAD_IDENTITY",
      status: "ACTIVE",
      environment: environmentFromTags(labels) ?? parseEnvironment(ns),
      createdAtSource: time(m.creationTimestamp, `${key} creationTimestamp`),
      ownerHints: ownerHintsFromTags({ ...labels, ...annotations }, ownerHintOrigins, "label"),
      ownerHintOrigins,
      purpose: str(annotations.description) ?? str(annotations["kubernetes.io/description"]),
      platformManaged: PLATFORM_NAMESPACES.has(ns),
      tags,
      credentials,
      entitlements: [],
      credentialsComplete: haveSecrets,
      entitlementsComplete: bindings.length > 0,
      origin: `ServiceAccount ${key}`,
    });
  });

  // Subjects of bindings that name service accounts not in the export: dangling grants (when SAs were exported)
  // or SAs known only from bindings.
  const ensure = (key: string): NormalizedIdentity => {
    let identity = identities.get(key);
    if (!identity) {
      const [ns] = key.split("/");
      identity = {
        externalId: key, name: key, kind: "WORKLOAD_IDENTITY", status: sas.length ? "DELETED_AT_SOURCE" : "ACTIVE",
        ownerHints: [], platformManaged: PLATFORM_NAMESPACES.has(ns),
        tags: { "k8s:namespace": ns, ...(sas.length ? { "k8s:danglingBinding": "true" } : { "k8s:fromBindingOnly": "true" }) },
        credentials: [], entitlements: [], credentialsComplete: false, entitlementsComplete: true, origin: `binding subject ${key}`,
      };
      identities.set(key, identity);
    }
    return identity;
  };

  // Token Secrets: hand-made ones are linked by annotation only (not listed in secrets[]).
  for (const s of secrets) {
    if (s.type !== TOKEN_SECRET) continue;
    const m = meta(s);
    const ann = strMap(m.annotations);
    const labels = strMap(m.labels);
    const saName = ann["kubernetes.io/service-account.name"];
    const ns = str(m.namespace) ?? "default";
    const sname = str(m.name) ?? "token";
    if (!saName) { rowErrors.push({ path: `Secret ${ns}/${sname}`, message: "Token Secret has no kubernetes.io/service-account.name annotation" }); continue; }
    const identity = identities.get(`${ns}/${saName}`);
    if (!identity) { warnings.add("Token Secrets name service accounts that are not in the export"); continue; }
    const invalidSince = labels["kubernetes.io/legacy-token-invalid-since"];
    identity.credentials.push({
      externalId: `secret/${sname}`,
      type: "TOKEN",
      name: `token Secret ${sname}`,
      status: invalidSince ? "INACTIVE" : "ACTIVE",
      createdAt: time(m.creationTimestamp, `Secret ${ns}/${sname} creationTimestamp`),
      // A date only (UTC), set by the control plane since 1.26-1.28.
      lastUsedAt: time(labels["kubernetes.io/legacy-token-last-used"], `Secret ${ns}/${sname} legacy-token-last-used`),
      expiresAt: null,
    });
  }

  for (const b of bindings) {
    const m = meta(b);
    const bname = str(m.name) ?? "binding";
    const bns = b.kind === "RoleBinding" ? str(m.namespace) ?? "default" : null;
    const roleRef = isObject(b.roleRef) ? b.roleRef : null;
    if (!roleRef || !str(roleRef.name)) { rowErrors.push({ path: `${b.kind} ${bname}`, message: "Binding has no roleRef" }); continue; }
    const roleKind = str(roleRef.kind) ?? "ClusterRole";
    const roleName = str(roleRef.name)!;
    const rulesKey = roleKind === "Role" ? `Role:${bns}/${roleName}` : `ClusterRole:${roleName}`;
    const rules = roles.has(rulesKey) ? roles.get(rulesKey)! : null;
    const ref = { namespace: bns, bindingName: bname, bindingKind: String(b.kind), roleKind, roleName };
    // A binding can have no subjects at all (system:node).
    for (const subject of asArray(b.subjects)) {
      const target = subjectTarget(subject, bns);
      if (!target) continue;
      if ("sa" in target) {
        ensure(target.sa).entitlements.push(...entitlementsForBinding(ref, rules, "BINDING"));
      } else {
        const group = "all" in target ? "system:serviceaccounts" : `system:serviceaccounts:${target.namespace}`;
        for (const identity of identities.values()) {
          // Groups grant to service accounts that exist, not to names only seen in bindings.
          if (identity.tags["k8s:danglingBinding"] || identity.tags["k8s:fromBindingOnly"]) continue;
          if ("namespace" in target && identity.tags["k8s:namespace"] !== target.namespace) continue;
          identity.entitlements.push(...entitlementsForBinding(ref, rules, "GROUP", ` (group ${group})`));
        }
      }
    }
  }

  const list = [...identities.values()];
  for (const identity of list) identity.entitlements = mergeEntitlements(identity.entitlements);
  const namespaces = new Set(sas.map((sa) => str(meta(sa).namespace) ?? "default"));
  if (!sas.length) warnings.add("No ServiceAccounts in this import: only service accounts named by bindings are imported, and nothing is marked deleted");
  return {
    format: "k8s",
    platform: "k8s",
    sourceKey: null,
    identities: list,
    rowErrors,
    warnings: warnings.list(),
    // `-A` exports cover the cluster; a single-namespace export only covers its namespace.
    fullScope: !sas.length ? null : namespaces.size > 1 ? {} : { externalIdPrefixes: [`${[...namespaces][0]}/`] },
    recordsRead: items.length,
  };
}

export const k8s: ImportFormat = {
  name: "k8s",
  label: "Kubernetes service accounts and RBAC (kubectl get ... -o json|yaml)",
  platform: "k8s",
  detect,
  parse,
};
