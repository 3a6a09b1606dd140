// Azure / Entra ID (FORMATS.md section 4): service principals (`az ad sp list --all`, Graph GET /servicePrincipals),
// applications (`az ad app list --all`, GET /applications) and optionally `az role assignment list --all`, in
// Graph v1.0 or legacy AAD Graph field names, as bare arrays or {"value": [...]} envelopes. Client secrets mostly
// live on the application object: they are joined to the service principal on appId.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedCredential, NormalizedIdentity, ParseOptions, Privilege, RowError } from "./types";
import { mergeEntitlements } from "./aws-policy";
import { asArray, EMAIL_RE, emailsIn, environmentFromTags, isObject, noExpiry, parseBool, sensitivityOf, str, tagsFrom, timeReader, tryJson, Warnings } from "./util";

type Obj = Record<string, unknown>;

const odataType = (o: Obj) => String(o["@odata.type"] ?? o["odata.type"] ?? o.objectType ?? "");
const isSp = (o: unknown): o is Obj => isObject(o) && ("servicePrincipalType" in o || /ServicePrincipal/i.test(odataType(o)));
const isApp = (o: unknown): o is Obj => isObject(o) && !("servicePrincipalType" in o) && !/ServicePrincipal/i.test(odataType(o)) && typeof o.appId === "string"
  && (/Application/i.test(odataType(o)) || "signInAudience" in o || "requiredResourceAccess" in o || "identifierUris" in o || "publisherDomain" in o);
const isAssignment = (o: unknown): o is Obj => isObject(o) && "principalId" in o && ("roleDefinitionName" in o || "roleDefinitionId" in o) && "scope" in o;

/** Microsoft's own tenants: their service principals are first-party (platform-managed). Unverified list. */
const MICROSOFT_TENANTS = new Set(["f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47", "33e01921-4d64-4f8c-a055-5bdaffd5e33d"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Parts {
  sps: { o: Obj; path: string }[];
  apps: { o: Obj; path: string }[];
  assignments: { o: Obj; path: string }[];
  paged: boolean;
}

function classify(file: ImportFile, json: unknown, parts: Parts): boolean {
  const list = asArray(json, ["value"]);
  if (isObject(json) && typeof json["@odata.nextLink"] === "string") parts.paged = true;
  let found = false;
  list.forEach((o, i) => {
    const path = `${file.fileName} $${Array.isArray(json) ? "" : ".value"}[${i}]`;
    if (isSp(o)) { parts.sps.push({ o, path }); found = true; }
    else if (isApp(o)) { parts.apps.push({ o, path }); found = true; }
    else if (isAssignment(o)) { parts.assignments.push({ o, path }); found = true; }
  });
  // An empty Graph page is still recognisably Graph.
  if (!list.length && isObject(json) && /servicePrincipals|applications/.test(String(json["@odata.context"] ?? ""))) found = true;
  return found;
}

function detect(sample: DetectSample): number {
  const parts: Parts = { sps: [], apps: [], assignments: [], paged: false };
  if (sample.json !== undefined && classify({ fileName: sample.fileName, text: "" }, sample.json, parts)) {
    return parts.sps.length || parts.apps.length ? 0.95 : 0.8;
  }
  if (/"servicePrincipalType"|"odata\.type"\s*:\s*"Microsoft\.DirectoryServices|"appOwnerOrganizationId"/.test(sample.head)) return 0.6;
  return 0;
}

/** Owner / User Access Administrator / *Administrator → ADMIN; *Contributor, *Writer → WRITE; *Reader → READ. */
export function azureRolePrivilege(role: string): Privilege {
  if (/^(owner|user access administrator|role based access control administrator)$/i.test(role) || /administrator|admin$/i.test(role)) return "ADMIN";
  if (/reader|viewer/i.test(role)) return "READ";
  if (/contributor|writer|operator|user|sender|owner/i.test(role)) return "WRITE";
  return "UNKNOWN";
}

function credentials(o: Obj, onApp: boolean, now: Date, time: ReturnType<typeof timeReader>): NormalizedCredential[] {
  const out: NormalizedCredential[] = [];
  const where = onApp ? " (on the application)" : "";
  // Only metadata is read: secretText, value, hint (first characters of the secret) and key are never copied.
  for (const p of asArray(o.passwordCredentials).filter(isObject)) {
    const keyId = str(p.keyId);
    if (!keyId) continue;
    const expiresAt = noExpiry(time(p.endDateTime ?? p.endDate, `secret ${keyId} end`));
    out.push({
      externalId: keyId,
      type: "CLIENT_SECRET",
      name: `${str(p.displayName) ?? "Client secret"}${where}`,
      status: expiresAt && expiresAt < now ? "EXPIRED" : "ACTIVE",
      createdAt: time(p.startDateTime ?? p.startDate, `secret ${keyId} start`),
      expiresAt,
    });
  }
  for (const k of asArray(o.keyCredentials).filter(isObject)) {
    const keyId = str(k.keyId);
    if (!keyId) continue;
    const expiresAt = noExpiry(time(k.endDateTime ?? k.endDate, `key ${keyId} end`));
    const type = str(k.type) ?? "";
    out.push({
      externalId: keyId,
      type: /symmetric/i.test(type) && !/asymmetric/i.test(type) ? "CLIENT_SECRET" : "CERTIFICATE",
      name: `${str(k.displayName) ?? (type || "Key credential")}${k.usage ? ` (${String(k.usage)})` : ""}${where}`,
      status: expiresAt && expiresAt < now ? "EXPIRED" : "ACTIVE",
      createdAt: time(k.startDateTime ?? k.startDate, `key ${keyId} start`),
      expiresAt,
      // customKeyIdentifier defaults to the certificate thumbprint: an identifier, not key material.
      fingerprint: str(k.customKeyIdentifier),
    });
  }
  return out;
}

/** Owner hints of a service principal or application; `origins` receives where each came from. */
function ownersOf(o: Obj, origins: Record<string, string>, what: string): string[] {
  const hints: string[] = [];
  const add = (h: string, from: string) => {
    hints.push(h);
    origins[h] ??= `${what} ${from}`;
  };
  for (const ow of asArray(o.owners).filter(isObject)) {
    const h = str(ow.mail) ?? str(ow.userPrincipalName);
    if (h) add(h, "owners");
  }
  for (const e of asArray(o.notificationEmailAddresses)) if (typeof e === "string" && EMAIL_RE.test(e)) add(e, "notificationEmailAddresses");
  for (const e of emailsIn(str(o.notes))) add(e, "notes");
  return [...new Set(hints)];
}

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const now = options.now ?? new Date();
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const rowErrors: RowError[] = [];
  const parts: Parts = { sps: [], apps: [], assignments: [], paged: false };
  for (const file of files) {
    const json = file.json ?? tryJson(file.text);
    if (json === undefined || !classify(file, json, parts)) {
      throw new ValidationError(
        `${file.fileName} is not an Azure / Entra ID export: expected "az ad sp list", "az ad app list" or "az role assignment list" JSON, or a Microsoft Graph {"value": [...]} page.`,
      );
    }
  }
  const appsById = new Map<string, Obj>();
  for (const { o } of parts.apps) appsById.set(String(o.appId).toLowerCase(), o);

  // Our tenant: given as the source key (azure:<tenant-id>), or the owner organisation of our own apps' SPs.
  const fromKey = options.sourceKey?.split(":")[1];
  let tenant = fromKey && GUID.test(fromKey) ? fromKey.toLowerCase() : null;
  if (!tenant) {
    const counts = new Map<string, number>();
    for (const { o } of parts.sps) {
      const org = str(o.appOwnerOrganizationId ?? o.appOwnerTenantId)?.toLowerCase();
      if (org && appsById.has(String(o.appId ?? "").toLowerCase())) counts.set(org, (counts.get(org) ?? 0) + 1);
    }
    tenant = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }
  if (!tenant && parts.sps.length) warnings.add("The tenant ID is unknown (pass --source azure:<tenant-id>, or include \"az ad app list\"): third-party apps cannot be told apart");

  const identities: NormalizedIdentity[] = [];
  const byObjectId = new Map<string, NormalizedIdentity>();
  const usedApps = new Set<string>();
  const appCredsKnown = parts.apps.length > 0;
  for (const { o, path } of parts.sps) {
    const id = str(o.id ?? o.objectId);
    if (!id) { rowErrors.push({ path, message: "Service principal has no id (objectId)" }); continue; }
    const appId = str(o.appId)?.toLowerCase() ?? null;
    const type = str(o.servicePrincipalType) ?? (o.objectType ? "Legacy-export" : "Application");
    const ownerOrg = str(o.appOwnerOrganizationId ?? o.appOwnerTenantId)?.toLowerCase() ?? null;
    const firstParty = ownerOrg !== null && MICROSOFT_TENANTS.has(ownerOrg) && type !== "ManagedIdentity";
    const thirdParty = !firstParty && ownerOrg !== null && tenant !== null && ownerOrg !== tenant && type === "Application";
    const tags: Record<string, string> = { ...tagsFrom(o.tags), "azure:servicePrincipalType": type };
    if (appId) tags["azure:appId"] = appId;
    if (ownerOrg) tags["azure:appOwnerOrganizationId"] = ownerOrg;
    if (thirdParty) tags["azure:thirdParty"] = "true";
    if (firstParty) tags["managed-by"] = "microsoft";
    const alt = asArray(o.alternativeNames).filter((a): a is string => typeof a === "string" && a.startsWith("/subscriptions/"));
    if (alt.length) tags["azure:resourceId"] = alt[0];
    const app = appId ? appsById.get(appId) : undefined;
    if (app && appId) usedApps.add(appId);
    const creds = [...credentials(o, false, now, time), ...(app ? credentials(app, true, now, time) : [])];
    const enabled = parseBool(o.accountEnabled);
    const ownerHintOrigins: Record<string, string> = {};
    const identity: NormalizedIdentity = {
      externalId: id.toLowerCase(),
      name: str(o.displayName) ?? str(o.appDisplayName) ?? appId ?? id,
      kind: type === "ManagedIdentity" ? "WORKLOAD_IDENTITY" : thirdParty ? "OAUTH_APP" : "SERVICE_ACCOUNT",
      status: enabled === false || /^Disabled/i.test(String(o.disabledByMicrosoftStatus ?? "")) ? "DISABLED" : "ACTIVE",
      environment: environmentFromTags(tags),
      createdAtSource: time(o.createdDateTime ?? app?.createdDateTime, `${id} createdDateTime`),
      ownerHints: [...new Set([...ownersOf(o, ownerHintOrigins, "service principal"), ...(app ? ownersOf(app, ownerHintOrigins, "application") : [])])],
      ownerHintOrigins,
      purpose: str(o.description) ?? str(o.appDescription) ?? str(app?.description) ?? str(o.notes),
      platformManaged: firstParty,
      tags,
      credentials: dedupe(creds),
      entitlements: [],
      // App secrets are only known when the applications list is in the same import.
      credentialsComplete: appCredsKnown,
      entitlementsComplete: false,
      origin: path,
    };
    identities.push(identity);
    byObjectId.set(identity.externalId, identity);
  }

  // Application registrations without a service principal in this tenant still hold credentials.
  for (const { o, path } of parts.apps) {
    const appId = String(o.appId).toLowerCase();
    if (usedApps.has(appId)) continue;
    const objectId = str(o.id ?? o.objectId) ?? appId;
    const tags: Record<string, string> = { ...tagsFrom(o.tags), "azure:appId": appId, "azure:noServicePrincipal": "true" };
    const ownerHintOrigins: Record<string, string> = {};
    identities.push({
      externalId: `application:${objectId.toLowerCase()}`,
      name: str(o.displayName) ?? appId,
      kind: "SERVICE_ACCOUNT",
      status: "ACTIVE",
      environment: environmentFromTags(tags),
      createdAtSource: time(o.createdDateTime, `${appId} createdDateTime`),
      ownerHints: ownersOf(o, ownerHintOrigins, "application"),
      ownerHintOrigins,
      purpose: str(o.description) ?? str(o.notes),
      platformManaged: false,
      tags,
      credentials: dedupe(credentials(o, true, now, time)),
      entitlements: [],
      credentialsComplete: true,
      entitlementsComplete: false,
      origin: path,
    });
  }

  // Azure RBAC role assignments → entitlements of the principals they name.
  let unmatched = 0;
  for (const { o, path } of parts.assignments) {
    const principal = str(o.principalId)?.toLowerCase();
    const identity = principal ? byObjectId.get(principal) : undefined;
    if (!identity) { if (String(o.principalType ?? "ServicePrincipal") === "ServicePrincipal") unmatched++; continue; }
    const role = str(o.roleDefinitionName) ?? str(o.roleDefinitionId)?.split("/").pop() ?? "role";
    const scope = str(o.scope);
    if (!scope) { rowErrors.push({ path, message: "Role assignment has no scope" }); continue; }
    const privilege = azureRolePrivilege(role);
    identity.entitlements.push({
      resource: scope, permission: role, privilege, via: "BINDING", viaName: str(o.name) ?? role,
      sensitivity: privilege === "ADMIN" && /^\/subscriptions\/[^/]+$|^\/$|managementGroups/i.test(scope) ? "CRITICAL" : sensitivityOf(scope, role, privilege),
      condition: str(o.condition) ? { condition: o.condition } : null,
      grantedAt: time(o.createdOn, `assignment ${path} createdOn`),
    });
  }
  if (parts.assignments.length) {
    for (const identity of byObjectId.values()) {
      identity.entitlements = mergeEntitlements(identity.entitlements);
      identity.entitlementsComplete = true;
    }
  }
  if (unmatched) warnings.add(`${unmatched} role assignment(s) name service principals that are not in this import`);
  if (parts.paged) warnings.add("The Graph response has an @odata.nextLink: only this page is imported and nothing is marked deleted (use az ... list --all)");
  if (parts.sps.some(({ o }) => "objectId" in o && !("id" in o))) warnings.add("Legacy AAD Graph field names (Azure CLI 2.36 or older) were read");

  return {
    format: "azure",
    platform: "azure",
    sourceKey: tenant ? `azure:${tenant}` : null,
    identities,
    rowErrors,
    warnings: warnings.list(),
    fullScope: parts.sps.length && !parts.paged ? (parts.apps.length ? {} : { excludeExternalIdPrefixes: ["application:"] }) : null,
    recordsRead: parts.sps.length + parts.apps.length + parts.assignments.length,
  };
}

function dedupe(creds: NormalizedCredential[]): NormalizedCredential[] {
  const seen = new Map<string, NormalizedCredential>();
  for (const c of creds) if (!seen.has(c.externalId)) seen.set(c.externalId, c);
  return [...seen.values()];
}

export const azure: ImportFormat = {
  name: "azure",
  label: "Azure / Entra ID service principals and applications (az CLI or Microsoft Graph JSON)",
  platform: "azure",
  detect,
  parse,
};
