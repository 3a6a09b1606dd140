// GitHub organisation exports (FORMATS.md section 6), REST JSON:
//   GET /orgs/{org}/personal-access-tokens            fine-grained PAT grants
//   GET /orgs/{org}/personal-access-token-requests    pending PAT requests
//   GET /orgs/{org}/installations                     {total_count, installations[]}
//   GET /repos/{owner}/{repo}/keys                    deploy keys (one file per repo; or {"repository", "keys"})
//   GET /orgs/{org}/credential-authorizations         classic PATs and SSH keys in SAML-SSO orgs
// Never read: a deploy key's public key is reduced to its fingerprint; token_last_eight is dropped.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedEntitlement, NormalizedIdentity, ParseOptions, Privilege, RowError } from "./types";
import { asArray, isObject, sensitivityOf, sha256Fingerprint, str, timeReader, tryJson, Warnings } from "./util";

type Obj = Record<string, unknown>;
type Kind = "pat" | "patRequest" | "installation" | "deployKey" | "credential";

function kindOf(o: unknown): Kind | null {
  if (!isObject(o)) return null;
  if ("token_expired" in o || "token_expires_at" in o) return "access_granted_at" in o || !("reason" in o) ? "pat" : "patRequest";
  if ("app_slug" in o || ("app_id" in o && "target_type" in o)) return "installation";
  if ("read_only" in o && "key" in o) return "deployKey";
  if ("credential_type" in o && "credential_id" in o) return "credential";
  return null;
}

interface Item { o: Obj; kind: Kind; path: string; repo?: string }

function collect(file: ImportFile, json: unknown): Item[] {
  const out: Item[] = [];
  const add = (list: unknown[], path: string, repo?: string) =>
    list.forEach((o, i) => { const k = kindOf(o); if (k) out.push({ o: o as Obj, kind: k, path: `${file.fileName} ${path}[${i}]`, repo }); });
  if (Array.isArray(json)) add(json, "$");
  else if (isObject(json)) {
    if (Array.isArray(json.installations)) add(json.installations, "$.installations");
    if (Array.isArray(json.keys)) add(json.keys, "$.keys", str(json.repository) ?? undefined);
    if (!out.length) {
      // {"owner/repo": [deploy keys], ...}
      for (const [k, v] of Object.entries(json)) if (/^[\w.-]+\/[\w.-]+$/.test(k) && Array.isArray(v)) add(v, `$["${k}"]`, k);
    }
    if (!out.length && kindOf(json)) add([json], "$");
  }
  return out;
}

function detect(sample: DetectSample): number {
  if (sample.json !== undefined) {
    const items = collect({ fileName: sample.fileName, text: "" }, sample.json);
    if (items.length) return 0.95;
    if (isObject(sample.json) && "total_count" in sample.json && Array.isArray(sample.json.installations)) return 0.9;
  }
  if (/"token_expired"|"app_slug"|"read_only"\s*:\s*(true|false)|"credential_type"/.test(sample.head)) return 0.6;
  return 0;
}

const PRIV: Record<string, Privilege> = { read: "READ", write: "WRITE", admin: "ADMIN" };
const SENSITIVE_PERMS = /^(administration|secrets|organization_secrets|actions|workflows|members|organization_administration|organization_user_blocking|environments|organization_self_hosted_runners|security_events|deployments)$/;

function permissionEntitlements(perms: unknown, resourceFor: (scope: string) => string[], via: "DIRECT" | "BINDING", viaName: string): NormalizedEntitlement[] {
  const out: NormalizedEntitlement[] = [];
  if (!isObject(perms)) return out;
  // Fine-grained PATs nest {organization:{}, repository:{}, other:{}}; installations are flat {perm: level}.
  const nested = ["organization", "repository", "other"].some((k) => isObject(perms[k]));
  const groups: [string, Obj][] = nested
    ? (["organization", "repository", "other"] as const).filter((k) => isObject(perms[k])).map((k) => [k, perms[k] as Obj])
    : [["mixed", perms]];
  for (const [scope, map] of groups) {
    for (const [perm, level] of Object.entries(map)) {
      if (typeof level !== "string") continue;
      const privilege = PRIV[level.toLowerCase()] ?? "UNKNOWN";
      const isOrgPerm = scope === "organization" || (scope === "mixed" && /^(organization_|members$)/.test(perm));
      for (const resource of resourceFor(isOrgPerm ? "organization" : "repository")) {
        const permission = `${perm}:${level}`;
        const sensitivity = SENSITIVE_PERMS.test(perm) && privilege !== "READ" ? "CRITICAL" : SENSITIVE_PERMS.test(perm) ? "HIGH"
          // Writing to every repository of the organisation.
          : resource.endsWith("/*") && privilege !== "READ" && privilege !== "UNKNOWN" ? "HIGH"
          : sensitivityOf(resource, permission, privilege);
        out.push({ resource, permission, privilege, sensitivity, via, viaName });
      }
    }
  }
  return out;
}

function classicScopePrivilege(scope: string): Privilege {
  if (/^(admin:|delete_repo|site_admin|write:org|admin$)/.test(scope)) return "ADMIN";
  if (/^(read:|user:email)/.test(scope)) return "READ";
  return "WRITE";
}

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const rowErrors: RowError[] = [];
  const items: Item[] = [];
  for (const file of files) {
    const json = file.json ?? tryJson(file.text);
    const found = json === undefined ? [] : collect(file, json);
    const emptyList = Array.isArray(json) && json.length === 0;
    const emptyInstallations = isObject(json) && Array.isArray(json.installations);
    if (!found.length && !emptyList && !emptyInstallations) {
      throw new ValidationError(
        `${file.fileName} is not a GitHub export: expected the JSON of /orgs/{org}/personal-access-tokens, /personal-access-token-requests, /installations, /credential-authorizations or /repos/{owner}/{repo}/keys.`,
      );
    }
    items.push(...found);
  }
  const orgs = new Set<string>();
  const prefixes = new Set<string>();
  const identities: NormalizedIdentity[] = [];
  for (const item of items) {
    try {
      const identity = build(item, time, orgs, warnings);
      identities.push(identity);
      prefixes.add(identity.externalId.slice(0, identity.externalId.lastIndexOf("/") + 1));
    } catch (err) {
      rowErrors.push({ path: item.path, message: (err as Error).message });
    }
  }
  return {
    format: "github",
    platform: "github",
    sourceKey: orgs.size === 1 ? `github:${[...orgs][0]}` : null,
    identities,
    rowErrors,
    warnings: warnings.list(),
    // Each REST list is complete for its kind (and deploy keys for their repository).
    fullScope: prefixes.size ? { externalIdPrefixes: [...prefixes] } : null,
    recordsRead: items.length,
  };
}

function build(item: Item, time: ReturnType<typeof timeReader>, orgs: Set<string>, warnings: Warnings): NormalizedIdentity {
  const { o, kind } = item;
  const id = str(o.id ?? o.credential_id);
  if (!id) throw new Error("Record has no id");
  const base = { ownerHints: [] as string[], platformManaged: false, tags: {} as Record<string, string>, credentials: [], entitlements: [], credentialsComplete: true, entitlementsComplete: true, origin: item.path };

  if (kind === "pat" || kind === "patRequest") {
    const org = /\/orgs\/([^/]+)\//.exec(String(o.repositories_url ?? ""))?.[1] ?? null;
    if (org) orgs.add(org);
    const owner = isObject(o.owner) ? str(o.owner.login) : null;
    const selection = str(o.repository_selection) ?? "none";
    const repoNames = asArray(o.repositories).filter(isObject).map((r) => str(r.full_name)).filter((x): x is string => !!x);
    const orgName = org ?? "org";
    const resourceFor = (scope: string) =>
      scope === "organization" ? [`org:${orgName}`]
        : selection === "all" ? [`${orgName}/*`]
        : selection === "subset" ? (repoNames.length ? repoNames : [`${orgName}/(selected repositories)`])
        : [];
    const expired = o.token_expired === true;
    const granted = time(kind === "pat" ? o.access_granted_at : o.created_at, `PAT ${id} granted`);
    const tokenName = str(o.token_name);
    const tags: Record<string, string> = { "github:repositorySelection": selection };
    if (owner) tags["github:owner"] = owner;
    if (kind === "patRequest") tags["github:request"] = "pending";
    if (selection === "subset" && !repoNames.length) warnings.add("PATs with selected repositories: follow repositories_url to list them (imported as \"(selected repositories)\")");
    return {
      ...base,
      externalId: `${kind === "pat" ? "pat" : "pat-request"}/${id}`,
      name: tokenName ?? `${owner ?? "unknown"} fine-grained PAT ${id}`,
      kind: "CI_CD_TOKEN",
      // A pending request grants nothing yet; an expired token cannot be used.
      status: kind === "patRequest" || expired ? "DISABLED" : "ACTIVE",
      createdAtSource: granted,
      lastUsedAt: time(o.token_last_used_at, `PAT ${id} token_last_used_at`),
      // The owner is a human: a login here, matched to a user when it is an e-mail address.
      ownerHints: owner ? [owner] : [],
      ownerHintOrigins: owner ? { [owner]: "PAT owner" } : {},
      purpose: str(o.reason),
      tags,
      credentials: [{
        externalId: str(o.token_id) ?? id,
        type: "TOKEN",
        name: tokenName ?? "fine-grained personal access token",
        status: expired ? "EXPIRED" : "ACTIVE",
        createdAt: granted,
        lastUsedAt: time(o.token_last_used_at, `PAT ${id} token_last_used_at`),
        // token_expires_at null = no expiry.
        expiresAt: time(o.token_expires_at, `PAT ${id} token_expires_at`),
      }],
      entitlements: permissionEntitlements(o.permissions, resourceFor, "DIRECT", kind === "pat" ? "fine-grained PAT grant" : "PAT request"),
    };
  }

  if (kind === "installation") {
    const account = isObject(o.account) ? o.account : {};
    const login = str(account.login) ?? "account";
    if (String(o.target_type ?? account.type) === "Organization") orgs.add(login);
    const selection = str(o.repository_selection) ?? "all";
    const slug = str(o.app_slug) ?? `app-${str(o.app_id) ?? id}`;
    const suspended = str(o.suspended_at);
    const tags: Record<string, string> = { "github:app": slug, "github:repositorySelection": selection };
    if (str(o.app_id)) tags["github:appId"] = str(o.app_id)!;
    const events = asArray(o.events).filter((e): e is string => typeof e === "string");
    if (events.length) tags["github:events"] = events.join(", ").slice(0, 250);
    if (suspended) tags["github:suspendedAt"] = suspended;
    return {
      ...base,
      externalId: `installation/${id}`,
      name: slug,
      kind: "OAUTH_APP",
      status: suspended ? "DISABLED" : "ACTIVE",
      createdAtSource: time(o.created_at, `installation ${id} created_at`),
      tags,
      // Installation tokens last one hour and the App's private keys are not listed by this API.
      entitlements: permissionEntitlements(o.permissions, (scope) => scope === "organization" ? [`org:${login}`] : [selection === "all" ? `${login}/*` : `${login}/(selected repositories)`], "BINDING", `installation of ${slug}`),
    };
  }

  if (kind === "deployKey") {
    const repo = item.repo ?? /\/repos\/([^/]+\/[^/]+)\/keys\//.exec(String(o.url ?? ""))?.[1];
    if (!repo) throw new Error(`Deploy key ${id}: the repository is unknown (no url; wrap the list as {"repository": "owner/repo", "keys": [...]})`);
    orgs.add(repo.split("/")[0]);
    const readOnly = o.read_only !== false;
    const title = str(o.title) ?? `key ${id}`;
    const addedBy = str(o.added_by);
    const created = time(o.created_at, `deploy key ${id} created_at`);
    const lastUsed = time(o.last_used, `deploy key ${id} last_used`);
    const permission = readOnly ? "contents:read" : "contents:write";
    const privilege = readOnly ? "READ" : "WRITE";
    return {
      ...base,
      externalId: `deploy-key/${repo}/${id}`,
      name: `${repo}: ${title}`,
      kind: "SSH_KEY",
      status: o.enabled === false ? "DISABLED" : "ACTIVE",
      createdAtSource: created,
      lastUsedAt: lastUsed,
      ownerHints: addedBy ? [addedBy] : [],
      ownerHintOrigins: addedBy ? { [addedBy]: "deploy key added_by" } : {},
      tags: { "github:repository": repo, ...(o.verified !== undefined ? { "github:verified": String(o.verified) } : {}), ...(addedBy ? { "github:addedBy": addedBy } : {}) },
      credentials: [{
        externalId: id, type: "SSH_KEY", name: title, status: o.enabled === false ? "INACTIVE" : "ACTIVE",
        createdAt: created, lastUsedAt: lastUsed, expiresAt: null,
        fingerprint: typeof o.key === "string" ? sha256Fingerprint(o.key) : null,
      }],
      entitlements: [{ resource: repo, permission, privilege, sensitivity: readOnly ? "NORMAL" : "HIGH", via: "DIRECT", viaName: "deploy key" }],
    };
  }

  // credential-authorizations (SAML SSO): classic PATs and SSH keys of members.
  const login = str(o.login);
  const type = str(o.credential_type) ?? "credential";
  const isSsh = /ssh/i.test(type);
  const scopes = asArray(o.scopes).filter((s): s is string => typeof s === "string");
  const authorized = time(o.credential_authorized_at, `credential ${id} credential_authorized_at`);
  const accessed = time(o.credential_accessed_at, `credential ${id} credential_accessed_at`);
  const title = str(o.authorized_credential_title) ?? str(o.authorized_credential_note);
  return {
    ...base,
    externalId: `credential/${id}`,
    name: `${login ?? "member"}: ${title ?? type}`,
    kind: isSsh ? "SSH_KEY" : "CI_CD_TOKEN",
    status: "ACTIVE",
    createdAtSource: authorized,
    lastUsedAt: accessed,
    ownerHints: login ? [login] : [],
    ownerHintOrigins: login ? { [login]: "credential authorization login" } : {},
    tags: { "github:credentialType": type, ...(login ? { "github:owner": login } : {}) },
    credentials: [{
      externalId: str(o.authorized_credential_id) ?? id, type: isSsh ? "SSH_KEY" : "TOKEN", name: title ?? type, status: "ACTIVE",
      createdAt: authorized, lastUsedAt: accessed,
      expiresAt: time(o.authorized_credential_expires_at, `credential ${id} expires`),
      fingerprint: str(o.fingerprint),
    }],
    entitlements: scopes.map((s) => {
      const privilege = classicScopePrivilege(s);
      return { resource: "org", permission: `scope:${s}`, privilege, sensitivity: sensitivityOf("org", s, privilege), via: "DIRECT" as const, viaName: "OAuth scope" };
    }),
  };
}

export const github: ImportFormat = {
  name: "github",
  label: "GitHub fine-grained PATs, App installations, deploy keys (REST JSON)",
  platform: "github",
  detect,
  parse,
};
