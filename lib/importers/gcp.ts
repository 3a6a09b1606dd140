// Google Cloud (FORMATS.md section 3): one import may combine several files (or one bundle object):
//   gcloud iam service-accounts list --format=json        (array, or REST {"accounts": [...]})
//   gcloud iam service-accounts keys list --format=json   (array, or REST {"keys": [...]}; one file per SA)
//   gcloud projects get-iam-policy P --format=json        ({bindings}; or {resource, policy} / asset search arrays)
// Keys and bindings are joined to accounts by e-mail; the stable key is uniqueId.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedCredential, NormalizedEntitlement, NormalizedIdentity, ParseOptions, Privilege, RowError } from "./types";
import { mergeEntitlements } from "./aws-policy";
import { asArray, emailsIn, isObject, noExpiry, sensitivityOf, str, timeReader, tryJson, Warnings } from "./util";

type Obj = Record<string, unknown>;

const isAccount = (o: unknown): o is Obj => isObject(o) && typeof o.email === "string" && ("uniqueId" in o || /serviceAccounts\//.test(String(o.name ?? "")));
const isKey = (o: unknown): o is Obj => isObject(o) && ("validAfterTime" in o || "keyAlgorithm" in o || "keyType" in o || /\/keys\/[^/]+$/.test(String(o.name ?? "")));
const isPolicy = (o: unknown): o is Obj => isObject(o) && Array.isArray(o.bindings);

interface Parts {
  accounts: { o: Obj; path: string }[];
  keys: { o: Obj; path: string }[];
  policies: { policy: Obj; resource: string | null; path: string }[];
}

function classify(file: ImportFile, json: unknown, parts: Parts): boolean {
  const f = file.fileName;
  let found = false;
  const addList = (list: unknown[], path: string) => {
    list.forEach((o, i) => {
      if (isKey(o)) { parts.keys.push({ o, path: `${f} ${path}[${i}]` }); found = true; }
      else if (isAccount(o)) { parts.accounts.push({ o, path: `${f} ${path}[${i}]` }); found = true; }
      else if (isObject(o) && isPolicy(o.policy)) {
        parts.policies.push({ policy: o.policy, resource: str(o.resource) ?? str(o.name), path: `${f} ${path}[${i}]` });
        found = true;
      }
    });
  };
  if (Array.isArray(json)) addList(json, "$");
  else if (isObject(json)) {
    for (const k of ["accounts", "serviceAccounts"]) if (Array.isArray(json[k])) addList(json[k] as unknown[], `$.${k}`);
    if (Array.isArray(json.keys)) addList(json.keys, "$.keys");
    if (Array.isArray(json.results)) addList(json.results, "$.results");
    for (const k of ["policy", "iamPolicy"]) {
      if (isPolicy(json[k])) { parts.policies.push({ policy: json[k] as Obj, resource: str(json.resource), path: `${f} $.${k}` }); found = true; }
    }
    if (Array.isArray(json.policies)) addList(json.policies, "$.policies");
    if (isPolicy(json)) { parts.policies.push({ policy: json, resource: str(json.resource), path: `${f} $` }); found = true; }
    if (isAccount(json)) addList([json], "$");
  }
  return found;
}

function detect(sample: DetectSample): number {
  const parts: Parts = { accounts: [], keys: [], policies: [] };
  if (sample.json !== undefined && classify({ fileName: sample.fileName, text: "" }, sample.json, parts)) {
    if (parts.accounts.length || parts.keys.length) return 0.95;
    // A bare {bindings} policy: GCP's shape ("members" with "serviceAccount:" prefixes).
    return /"members"\s*:/.test(sample.head) ? 0.85 : 0.5;
  }
  if (/iam\.gserviceaccount\.com|"keyAlgorithm"|"validAfterTime"|"uniqueId"/.test(sample.head)) return 0.6;
  return 0;
}

const SA_IN_NAME = /serviceAccounts\/([^/]+)\/keys\/([^/]+)$/;

/** Google-owned service agents (only in policies): kept and tagged platform-managed, excluded from owner KPIs. */
export function isServiceAgent(email: string): boolean {
  return /^service-\d+@/.test(email) || /@gcp-sa-[\w-]+\.iam\.gserviceaccount\.com$/.test(email)
    || /@(cloudservices|cloudbuild|compute-system\.iam|container-engine-robot\.iam)\.gserviceaccount\.com$/.test(email);
}

/** roles/owner|editor, *.admin, impersonation roles → ADMIN; *.viewer → READ; other predefined roles → WRITE. */
export function gcpRolePrivilege(role: string): Privilege {
  const r = role.toLowerCase();
  if (r === "roles/owner" || r === "roles/editor") return "ADMIN";
  if (/^roles\/iam\.(serviceaccount(user|tokencreator|keyadmin|admin)|workloadidentityuser|securityadmin|roleadmin)$/.test(r)) return "ADMIN";
  if (/\.admin$|admin$/.test(r)) return "ADMIN";
  if (r === "roles/viewer" || r === "roles/browser" || /(viewer|reader|browser|lister|metadataviewer)$/.test(r)) return "READ";
  if (r.startsWith("roles/")) return "WRITE";
  return "UNKNOWN";
}

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const now = options.now ?? new Date();
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const rowErrors: RowError[] = [];
  const parts: Parts = { accounts: [], keys: [], policies: [] };
  for (const file of files) {
    const json = file.json ?? tryJson(file.text);
    if (json === undefined || !classify(file, json, parts)) {
      throw new ValidationError(
        `${file.fileName} is not a Google Cloud export: expected "gcloud iam service-accounts list", "... keys list" or "gcloud projects get-iam-policy" in JSON (--format=json).`,
      );
    }
  }

  const byEmail = new Map<string, NormalizedIdentity>();
  const identities: NormalizedIdentity[] = [];
  const projects = new Set<string>();
  for (const { o, path } of parts.accounts) {
    const email = str(o.email)!.toLowerCase();
    const uniqueId = str(o.uniqueId);
    const project = str(o.projectId) ?? /^projects\/([^/]+)\//.exec(String(o.name ?? ""))?.[1] ?? null;
    if (project && project !== "-") projects.add(project);
    if (!uniqueId) warnings.add("A service account has no uniqueId; its e-mail is used as its key");
    const displayName = str(o.displayName);
    const description = str(o.description);
    const tags: Record<string, string> = { "gcp:email": email };
    if (project) tags["gcp:project"] = project;
    if (displayName) tags["gcp:displayName"] = displayName;
    if (/-compute@developer\.gserviceaccount\.com$/.test(email)) tags["gcp:default"] = "compute";
    if (/@appspot\.gserviceaccount\.com$/.test(email)) tags["gcp:default"] = "app-engine";
    const platformManaged = isServiceAgent(email);
    if (platformManaged) tags["managed-by"] = "google";
    const identity: NormalizedIdentity = {
      externalId: uniqueId ?? email,
      name: email,
      kind: "SERVICE_ACCOUNT",
      // `disabled` is absent when false.
      status: o.disabled === true ? "DISABLED" : "ACTIVE",
      ownerHints: [...new Set([...emailsIn(description), ...emailsIn(displayName)].filter((e) => !e.endsWith("gserviceaccount.com")))],
      ownerHintOrigins: Object.fromEntries([...emailsIn(displayName).map((e) => [e, "displayName"]), ...emailsIn(description).map((e) => [e, "description"])]),
      purpose: description ?? displayName,
      platformManaged,
      tags,
      credentials: [],
      entitlements: [],
      credentialsComplete: false,
      entitlementsComplete: false,
      origin: path,
    };
    if (byEmail.has(email)) { warnings.add(`Service account ${email} is listed twice; the first is kept`); continue; }
    byEmail.set(email, identity);
    identities.push(identity);
  }

  // Keys → credentials of the account named in the key's resource name.
  for (const { o, path } of parts.keys) {
    const m = SA_IN_NAME.exec(String(o.name ?? ""));
    if (!m) { rowErrors.push({ path, message: `Key has no resource name "projects/P/serviceAccounts/EMAIL/keys/ID"` }); continue; }
    const email = decodeURIComponent(m[1]).toLowerCase();
    const keyId = m[2];
    const owner = byEmail.get(email);
    if (!owner) {
      rowErrors.push({ path, message: `Key ${keyId} belongs to ${email}, which is not in the service-accounts list of this import (add "gcloud iam service-accounts list --format=json" to the same import)` });
      continue;
    }
    const created = time(o.validAfterTime, `key ${keyId} validAfterTime`);
    const validBefore = time(o.validBeforeTime, `key ${keyId} validBeforeTime`);
    const expiresAt = noExpiry(validBefore);
    let keyType = str(o.keyType);
    // Older responses lack keyType: Google-rotated keys show short validity windows (about 36 h in 2017 data).
    if (!keyType && created && expiresAt && expiresAt.getTime() - created.getTime() < 15 * 86_400_000) keyType = "SYSTEM_MANAGED";
    keyType ??= "USER_MANAGED";
    const system = keyType === "SYSTEM_MANAGED";
    const disabled = o.disabled === true;
    const exposed = asArray(o.extendedStatus).some((s) => isObject(s) && /EXPOSED/.test(String(s.key)))
      || /EXPOSED|COMPROMISE/.test(String(o.disableReason ?? o.disable_reason ?? ""));
    if (exposed) owner.tags["gcp:keyExposed"] = keyId;
    const reason = str(o.disableReason ?? o.disable_reason)?.replace("SERVICE_ACCOUNT_KEY_DISABLE_REASON_", "").toLowerCase();
    const cred: NormalizedCredential = {
      externalId: keyId,
      type: "SA_KEY",
      name: [system ? "Google-managed key" : "User-managed key", str(o.keyAlgorithm)?.replace("KEY_ALG_", ""), exposed ? "EXPOSED" : null, reason ? `disabled: ${reason}` : null]
        .filter(Boolean).join(" · "),
      status: disabled ? "INACTIVE" : expiresAt && expiresAt < now ? "EXPIRED" : "ACTIVE",
      createdAt: created,
      lastRotatedAt: null,
      expiresAt,
      // SYSTEM_MANAGED keys are rotated by Google: ephemeral, so rotation rules skip them.
      ephemeral: system,
      storage: system ? "google-managed" : undefined,
    };
    if (!owner.credentials.some((c) => c.externalId === keyId)) owner.credentials.push(cred);
    owner.credentialsComplete = true;
  }

  // Policy bindings → entitlements of the service-account members.
  const defaultProject = projects.size === 1 ? [...projects][0] : null;
  const extra = new Map<string, NormalizedIdentity>();
  let foreign = 0;
  const touched = new Map<NormalizedIdentity, Set<string>>();
  for (const { policy, resource: res, path } of parts.policies) {
    const resource = res ?? (defaultProject ? `projects/${defaultProject}` : "project");
    asArray(policy.bindings).forEach((b, bi) => {
      if (!isObject(b) || typeof b.role !== "string") { rowErrors.push({ path: `${path}.bindings[${bi}]`, message: "Binding has no role" }); return; }
      const role = b.role;
      const condition = isObject(b.condition) ? b.condition : null;
      for (const member of asArray(b.members).filter((m): m is string => typeof m === "string")) {
        const target = memberIdentity(member, byEmail, extra);
        if (target === "foreign") { foreign++; continue; }
        if (!target) continue;
        const privilege = gcpRolePrivilege(role);
        const ent: NormalizedEntitlement = {
          resource, permission: role, privilege, via: "BINDING", viaName: role,
          // Owner/editor/admin of a whole project, folder or organisation: the cloud control plane.
          sensitivity: privilege === "ADMIN" && /^(projects|folders|organizations)\/[^/]+$/.test(resource) ? "CRITICAL" : sensitivityOf(resource, role, privilege),
          condition: member.startsWith("deleted:") ? { ...(condition ? { condition } : {}), deletedMember: member } : condition,
        };
        target.entitlements.push(ent);
        if (!touched.has(target)) touched.set(target, new Set());
        touched.get(target)!.add(resource);
      }
    });
  }
  for (const [identity, resources] of touched) {
    identity.entitlements = mergeEntitlements(identity.entitlements);
    identity.entitlementsComplete = true;
    identity.entitlementResources = [...resources];
  }
  // Accounts with no binding on an exported policy: the policy is complete for those resources too.
  const allResources = [...new Set(parts.policies.map((p) => p.resource ?? (defaultProject ? `projects/${defaultProject}` : "project")))];
  if (allResources.length) {
    for (const identity of identities) {
      if (!touched.has(identity)) { identity.entitlementsComplete = true; identity.entitlementResources = allResources; }
    }
  }
  identities.push(...extra.values());
  if (foreign) warnings.add(`${foreign} binding member(s) are service accounts of other projects; import those projects to see them`);
  if (!parts.accounts.length) warnings.add("No service-accounts list in this import: only service agents, workload identities and deleted members from the policy are imported");

  return {
    format: "gcp",
    platform: "gcp",
    sourceKey: defaultProject ? `gcp:${defaultProject}` : null,
    identities,
    rowErrors,
    warnings: warnings.list(),
    // The accounts list is the complete list of the project's service accounts (not the agents or principals
    // that only appear in policies).
    fullScope: parts.accounts.length ? { kinds: ["SERVICE_ACCOUNT"], excludeExternalIdPrefixes: ["serviceAgent:"] } : null,
    recordsRead: parts.accounts.length + parts.keys.length + parts.policies.length,
  };
}

/** The identity a policy member names, creating service agents, GKE/federated principals and deleted members. */
function memberIdentity(member: string, byEmail: Map<string, NormalizedIdentity>, extra: Map<string, NormalizedIdentity>): NormalizedIdentity | "foreign" | null {
  const mk = (externalId: string, name: string, over: Partial<NormalizedIdentity>): NormalizedIdentity => {
    const existing = extra.get(externalId);
    if (existing) return existing;
    const identity: NormalizedIdentity = {
      externalId, name, kind: "SERVICE_ACCOUNT", status: "ACTIVE", ownerHints: [], platformManaged: false, tags: {},
      credentials: [], entitlements: [], credentialsComplete: false, entitlementsComplete: false, origin: `policy member ${member}`, ...over,
    };
    extra.set(externalId, identity);
    return identity;
  };
  const deleted = /^deleted:serviceAccount:([^?]+)\?uid=(\d+)$/.exec(member);
  if (deleted) {
    // A binding left behind by a deleted service account: an orphan grant. The uid matches the account's old key.
    return mk(deleted[2], deleted[1].toLowerCase(), { status: "DELETED_AT_SOURCE", tags: { "gcp:orphanGrant": "true", "gcp:email": deleted[1].toLowerCase() } });
  }
  const gke = /^serviceAccount:([\w.-]+)\.svc\.id\.goog\[([^/\]]+)\/([^\]]+)\]$/.exec(member);
  if (gke) {
    return mk(member, `${gke[2]}/${gke[3]}`, { kind: "WORKLOAD_IDENTITY", tags: { "gcp:workloadPool": `${gke[1]}.svc.id.goog`, "k8s:namespace": gke[2], "k8s:serviceAccount": gke[3] } });
  }
  if (member.startsWith("principal://") || member.startsWith("principalSet://")) {
    const pool = /workloadIdentityPools\/([^/]+)\/(.+)$/.exec(member);
    return mk(member, pool ? `${pool[1]}: ${pool[2]}` : member, { kind: "WORKLOAD_IDENTITY", tags: { "gcp:federated": "true" } });
  }
  const sa = /^serviceAccount:(.+)$/.exec(member);
  if (!sa) return null; // users, groups, domains, allUsers: not NHIs
  const email = sa[1].toLowerCase();
  const known = byEmail.get(email);
  if (known) return known;
  if (isServiceAgent(email)) {
    return mk(`serviceAgent:${email}`, email, { platformManaged: true, tags: { "managed-by": "google", "gcp:email": email, "gcp:serviceAgent": "true" } });
  }
  return "foreign";
}

export const gcp: ImportFormat = {
  name: "gcp",
  label: "Google Cloud service accounts, keys and IAM policy (gcloud --format=json)",
  platform: "gcp",
  detect,
  parse,
};
