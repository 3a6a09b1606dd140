// `aws iam get-account-authorization-details` (FORMATS.md section 2): users and roles with their managed, inline
// and group policies expanded into entitlements. A missing list (a --filter export) is "not in this file", never
// "nothing exists": only the lists present define what is marked deleted.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedEntitlement, NormalizedIdentity, ParseOptions, RowError } from "./types";
import { decodePolicyDocument, entitlementsFromPolicy, mergeEntitlements, trustPrincipals, type PolicyGrant } from "./aws-policy";
import { asArray, environmentFromTags, isObject, ownerHintsFromTags, str, tagsFrom, timeReader, tryJson, Warnings } from "./util";

const LISTS = ["UserDetailList", "RoleDetailList", "GroupDetailList", "Policies"] as const;

function detect(sample: DetectSample): number {
  if (isObject(sample.json) && LISTS.some((k) => k in (sample.json as object))) return 0.99;
  const first: unknown = Array.isArray(sample.json) ? sample.json[0] : undefined;
  if (isObject(first) && LISTS.some((k) => k in first)) return 0.95;
  if (/"(UserDetailList|RoleDetailList|GroupDetailList)"\s*:/.test(sample.head)) return 0.95;
  return 0;
}

type Obj = Record<string, unknown>;
const objs = (v: unknown): Obj[] => asArray(v).filter(isObject);
const ACCOUNT_RE = /^arn:(aws[\w-]*):iam::(\d{12}|[\w-]+):/;

interface Pages {
  users: Obj[];
  roles: Obj[];
  groups: Obj[];
  policies: Obj[];
  present: Set<string>;
  truncated: boolean;
}

function collect(files: ImportFile[]): Pages {
  const pages: Pages = { users: [], roles: [], groups: [], policies: [], present: new Set(), truncated: false };
  for (const file of files) {
    const json = file.json ?? tryJson(file.text);
    // A hand-paged export saved as an array of pages is merged.
    const docs = Array.isArray(json) ? json.filter(isObject) : isObject(json) ? [json] : [];
    if (!docs.length || !docs.some((d) => LISTS.some((k) => k in d))) {
      throw new ValidationError(
        `${file.fileName} is not the output of "aws iam get-account-authorization-details": expected a JSON object with UserDetailList, RoleDetailList, GroupDetailList or Policies.`,
      );
    }
    for (const d of docs) {
      for (const k of LISTS) if (k in d) pages.present.add(k);
      pages.users.push(...objs(d.UserDetailList));
      pages.roles.push(...objs(d.RoleDetailList));
      pages.groups.push(...objs(d.GroupDetailList));
      pages.policies.push(...objs(d.Policies));
      if (d.IsTruncated === true && docs.length === 1) pages.truncated = true;
    }
  }
  return pages;
}

/** The document of a managed policy's default version (IsDefaultVersion, or VersionId = DefaultVersionId). */
function defaultDocument(policy: Obj): Obj | null {
  const versions = objs(policy.PolicyVersionList);
  const v = versions.find((x) => x.IsDefaultVersion === true || x.IsDefaultVersion === "true")
    ?? versions.find((x) => x.VersionId && x.VersionId === policy.DefaultVersionId)
    ?? (versions.length === 1 ? versions[0] : undefined);
  return v ? decodePolicyDocument(v.Document) : null;
}

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const rowErrors: RowError[] = [];
  const pages = collect(files);
  const policyDocs = new Map<string, Obj | null>();
  for (const p of pages.policies) {
    const arn = str(p.Arn);
    if (arn) policyDocs.set(arn, defaultDocument(p));
  }
  const groupsByName = new Map<string, Obj>();
  for (const g of pages.groups) {
    const name = str(g.GroupName);
    if (name) groupsByName.set(name, g);
  }

  const managedGrants = (attached: unknown, via: "MANAGED" | "GROUP", prefix = ""): PolicyGrant[] =>
    // The aws-cli doc example shows AttachedManagedPolicies as an object: asArray tolerates both.
    objs(attached).map((a) => {
      const arn = str(a.PolicyArn) ?? undefined;
      const name = str(a.PolicyName) ?? arn?.split("/").pop() ?? "unknown-policy";
      const known = arn !== undefined && policyDocs.has(arn);
      if (!known) warnings.add(`Managed policy ${name} is not in Policies[] (a filtered export?); imported by name only`);
      return { document: known ? policyDocs.get(arn!) ?? null : null, policyName: name, policyArn: arn, via, viaName: `${prefix}${name}` };
    });
  const inlineGrants = (list: unknown, via: "INLINE" | "GROUP", prefix = ""): PolicyGrant[] =>
    objs(list).map((p) => {
      const name = str(p.PolicyName) ?? "inline-policy";
      const document = decodePolicyDocument(p.PolicyDocument);
      if (!document) warnings.add(`Inline policy ${name}: unreadable policy document; imported by name only`);
      return { document, policyName: name, via, viaName: `${prefix}${name}` };
    });

  const identities: NormalizedIdentity[] = [];
  const accounts = new Map<string, string>();
  const add = (arn: string) => {
    const m = ACCOUNT_RE.exec(arn);
    if (m) accounts.set(m[2], m[1]);
  };
  for (const p of pages.policies) if (typeof p.Arn === "string" && !p.Arn.startsWith("arn:aws:iam::aws:")) add(p.Arn);

  const build = (o: Obj, i: number, list: "UserDetailList" | "RoleDetailList"): NormalizedIdentity => {
    const isUser = list === "UserDetailList";
    const arn = str(o.Arn);
    const name = str(isUser ? o.UserName : o.RoleName) ?? arn?.split("/").pop();
    if (!arn || !name) throw new Error(`${list}[${i}] has no Arn`);
    add(arn);
    const tags: Record<string, string> = { ...tagsFrom(o.Tags), "aws:type": isUser ? "iam-user" : "iam-role" };
    const path = str(o.Path);
    if (path && path !== "/") tags["aws:path"] = path;
    const boundary = isObject(o.PermissionsBoundary) ? str(o.PermissionsBoundary.PermissionsBoundaryArn) : null;
    if (boundary) tags["aws:permissionsBoundary"] = boundary;

    const grants: PolicyGrant[] = [
      ...managedGrants(o.AttachedManagedPolicies, "MANAGED"),
      ...inlineGrants(isUser ? o.UserPolicyList : o.RolePolicyList, "INLINE"),
    ];
    if (isUser) {
      for (const gname of asArray(o.GroupList).filter((g): g is string => typeof g === "string")) {
        const g = groupsByName.get(gname);
        if (!g) {
          if (pages.present.has("GroupDetailList")) warnings.add(`Group ${gname} is not in GroupDetailList`);
          continue;
        }
        grants.push(...managedGrants(g.AttachedManagedPolicies, "GROUP", `${gname}: `), ...inlineGrants(g.GroupPolicyList, "GROUP", `${gname}: `));
      }
      const groups = asArray(o.GroupList).filter((g) => typeof g === "string");
      if (groups.length) tags["aws:groups"] = groups.join(", ");
    }
    const entitlements: NormalizedEntitlement[] = mergeEntitlements(grants.flatMap(entitlementsFromPolicy));

    let lastUsedAt: Date | null = null;
    let platformManaged = false;
    if (!isUser) {
      // RoleLastUsed: {LastUsedDate}, {} or absent; only the trailing 400 days are tracked, so no date is "unknown".
      const rlu = isObject(o.RoleLastUsed) ? o.RoleLastUsed : null;
      lastUsedAt = time(rlu?.LastUsedDate, `${name} RoleLastUsed.LastUsedDate`);
      if (!lastUsedAt) tags["aws:lastUsed"] = "not used in the last 400 days, or unknown";
      else if (str(rlu?.Region)) tags["aws:lastUsedRegion"] = str(rlu?.Region)!;
      const trust = trustPrincipals(decodePolicyDocument(o.AssumeRolePolicyDocument));
      if (trust.services.length) tags["aws:trustedServices"] = trust.services.join(", ");
      if (trust.federated.length) tags["aws:federated"] = trust.federated.join(", ");
      const own = ACCOUNT_RE.exec(arn)?.[2];
      const foreign = trust.aws.filter((p) => p === "*" || !p.includes(`:${own}:`) && p !== own);
      if (foreign.length) tags["aws:crossAccount"] = foreign.join(", ");
      // Service-linked roles are created and managed by AWS services.
      platformManaged = path?.startsWith("/aws-service-role/") ?? false;
      const profiles = objs(o.InstanceProfileList).map((p) => str(p.InstanceProfileName)).filter(Boolean);
      if (profiles.length) tags["aws:instanceProfiles"] = profiles.join(", ");
    }
    if (platformManaged) tags["managed-by"] = "aws";
    const ownerHintOrigins: Record<string, string> = {};
    return {
      externalId: arn,
      name,
      kind: isUser ? "SERVICE_ACCOUNT" : "WORKLOAD_IDENTITY",
      status: "ACTIVE",
      environment: environmentFromTags(tags),
      createdAtSource: time(o.CreateDate, `${name} CreateDate`),
      lastUsedAt,
      ownerHints: ownerHintsFromTags(tags, ownerHintOrigins),
      ownerHintOrigins,
      purpose: str(o.Description),
      platformManaged,
      tags,
      credentials: [],
      entitlements,
      credentialsComplete: false,
      entitlementsComplete: true,
      origin: `${list}[${i}]`,
    };
  };

  for (const [list, items] of [["UserDetailList", pages.users], ["RoleDetailList", pages.roles]] as const) {
    items.forEach((o, i) => {
      try {
        identities.push(build(o, i, list));
      } catch (err) {
        rowErrors.push({ path: `$.${list}[${i}]`, message: (err as Error).message });
      }
    });
  }

  for (const k of ["UserDetailList", "RoleDetailList"] as const) {
    if (!pages.present.has(k)) warnings.add(`${k} is not in the file (a filtered export): existing ${k === "UserDetailList" ? "users" : "roles"} are left as they are`);
  }
  let fullScope: ImportResult["fullScope"] = null;
  if (pages.truncated) {
    warnings.add("The export is truncated (IsTruncated is true): nothing is marked deleted. Export without --max-items to get every page.");
  } else if (accounts.size === 1) {
    const [[acct, partition]] = [...accounts];
    const prefixes = [
      ...(pages.present.has("UserDetailList") ? [`arn:${partition}:iam::${acct}:user/`] : []),
      ...(pages.present.has("RoleDetailList") ? [`arn:${partition}:iam::${acct}:role/`] : []),
    ];
    fullScope = prefixes.length ? { externalIdPrefixes: prefixes } : null;
  }
  if (accounts.size > 1) warnings.add(`The file names several AWS accounts (${[...accounts.keys()].join(", ")}); nothing is marked deleted`);
  return {
    format: "aws-authorization-details",
    platform: "aws",
    sourceKey: accounts.size === 1 ? `aws:${[...accounts.keys()][0]}` : null,
    identities,
    rowErrors,
    warnings: warnings.list(),
    fullScope,
    recordsRead: pages.users.length + pages.roles.length,
  };
}

export const awsAuthorizationDetails: ImportFormat = {
  name: "aws-authorization-details",
  label: "AWS get-account-authorization-details (JSON)",
  platform: "aws",
  detect,
  parse,
};
