// Steward's own import template (docs/import-template.md): a CSV with one row per identity × credential ×
// entitlement (identity columns repeated), or a JSON document {format, source, fullInventory, identities: [...]}.
// For inventories no vendor format covers: home-grown vaults, SaaS API keys, spreadsheets.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportReader, ImportResult, NormalizedCredential, NormalizedEntitlement, NormalizedIdentity, ParseOptions, RowError } from "./types";
import {
  parseCredentialStatus, parseCredentialType, parseEnv, parseFlag, parseIdentityStatus, parseKind, parsePrivilege, parseSensitivity,
  parseTagList, parseVia, SECRET_FIELD_RE, splitList,
} from "./generic-fields";
import type { Readable } from "node:stream";
import { asArray, capKey, type CsvRow, isObject, parseTime, readCsv, sensitivityOf, str, streamCsv, stripBom, tagsFrom, tryJson, Warnings } from "./util";

export const TEMPLATE_FORMAT = "steward-import/v1";
const REQUIRED = ["external_id", "name", "kind"];

function detect(sample: DetectSample): number {
  if (isObject(sample.json)) {
    if (sample.json.format === TEMPLATE_FORMAT) return 1;
    if (Array.isArray(sample.json.identities) && isObject(sample.json.identities[0]) && "externalId" in sample.json.identities[0]) return 0.8;
    return 0;
  }
  if (sample.json !== undefined) return 0;
  const header = stripBom(sample.head).split(/\r?\n/, 1)[0].toLowerCase();
  const cols = header.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  if (REQUIRED.every((c) => cols.includes(c))) return 0.97;
  if (cols.includes("external_id") && (cols.includes("credential_id") || cols.includes("entitlement_resource"))) return 0.8;
  return 0;
}

interface Ctx {
  now: Date;
  warnings: Warnings;
  rowErrors: RowError[];
  byKey: Map<string, NormalizedIdentity>;
  order: NormalizedIdentity[];
  /** Keys of identities one of whose rows was rejected: their lists are not complete, so nothing is revoked. */
  tainted: Set<string>;
}

const newCtx = (options: ParseOptions): Ctx => ({ now: options.now ?? new Date(), warnings: new Warnings(), rowErrors: [], byKey: new Map(), order: [], tainted: new Set() });

const keyOf = (i: { sourceKey?: string | null; externalId: string }) => `${i.sourceKey ?? ""}\u0000${i.externalId}`;

const time = (v: unknown, name: string, opts: ParseOptions): Date | null => {
  try {
    return parseTime(v, opts);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`);
  }
};

/** Adds one identity (or merges a repeated one: the template repeats identity columns on every row). */
function merge(ctx: Ctx, identity: NormalizedIdentity): void {
  const key = keyOf(identity);
  const prev = ctx.byKey.get(key);
  if (!prev) {
    ctx.byKey.set(key, identity);
    ctx.order.push(identity);
    return;
  }
  for (const c of identity.credentials) {
    const i = prev.credentials.findIndex((x) => x.externalId === c.externalId);
    if (i < 0) prev.credentials.push(c);
  }
  for (const e of identity.entitlements) {
    if (!prev.entitlements.some((x) => x.resource === e.resource && x.permission === e.permission)) prev.entitlements.push(e);
  }
  for (const h of identity.ownerHints) if (!prev.ownerHints.includes(h)) prev.ownerHints.push(h);
  prev.ownerHintOrigins = { ...identity.ownerHintOrigins, ...prev.ownerHintOrigins };
  Object.assign(prev.tags, { ...identity.tags, ...prev.tags });
  prev.owner ??= identity.owner;
  prev.createdAtSource ??= identity.createdAtSource;
  prev.lastUsedAt ??= identity.lastUsedAt;
  prev.purpose ??= identity.purpose;
  prev.environment ??= identity.environment;
}

/** Identities whose rows were partly rejected describe only part of their credentials and entitlements. */
function untaint(ctx: Ctx, identity: NormalizedIdentity): NormalizedIdentity {
  if (ctx.tainted.has(keyOf(identity))) {
    identity.credentialsComplete = false;
    identity.entitlementsComplete = false;
  }
  return identity;
}

function credentialStatus(raw: string | null, expiresAt: Date | null, now: Date) {
  const s = parseCredentialStatus(raw, "ACTIVE");
  return s === "ACTIVE" && expiresAt && expiresAt < now ? "EXPIRED" : s;
}

/** The template's owner column: the first address is the customer's stated owner, any others are hints. */
function owners(list: string[], origin: string): Pick<NormalizedIdentity, "owner" | "ownerHints" | "ownerHintOrigins"> {
  const [owner, ...rest] = [...new Set(list)];
  return { owner: owner ?? null, ownerHints: rest, ownerHintOrigins: Object.fromEntries(rest.map((h) => [h, origin])) };
}

interface CsvColumns {
  hasCreds: boolean;
  hasEnts: boolean;
}

function checkHeader(fileName: string, header: string[], ctx: Ctx): CsvColumns {
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new ValidationError(`${fileName} is not a Steward import template: missing column(s) ${missing.join(", ")} (see docs/import-template.md).`);
  }
  const secretCols = header.filter((h) => SECRET_FIELD_RE.test(h));
  if (secretCols.length) ctx.warnings.add(`Column(s) ${secretCols.join(", ")} were ignored: Steward never stores secret values`);
  return {
    hasCreds: header.includes("credential_id") || header.includes("credential_type"),
    hasEnts: header.includes("entitlement_resource"),
  };
}

/** One CSV row → one (partial) identity; throws a message for the row error list. */
function identityFromRow(row: CsvRow, cols: CsvColumns, ctx: Ctx, opts: ParseOptions): NormalizedIdentity {
  const g = row.get.bind(row);
  const externalId = g("external_id");
  const name = g("name");
  if (!externalId) throw new Error("external_id is required");
  const sourceKey = g("source") ?? undefined;
  try {
    if (!name) throw new Error("name is required");
    const enabled = parseFlag(g("enabled"), "enabled");
    const tags = parseTagList(g("tags"));
    const credentials: NormalizedCredential[] = [];
    if (g("credential_id") || g("credential_type")) {
      const type = parseCredentialType(g("credential_type"));
      const expiresAt = time(g("credential_expires_at"), "credential_expires_at", opts);
      credentials.push({
        externalId: g("credential_id") ?? type.toLowerCase(),
        type,
        name: g("credential_name"),
        status: credentialStatus(g("credential_status"), expiresAt, ctx.now),
        createdAt: time(g("credential_created_at"), "credential_created_at", opts),
        lastRotatedAt: time(g("credential_last_rotated_at"), "credential_last_rotated_at", opts),
        lastUsedAt: time(g("credential_last_used_at"), "credential_last_used_at", opts),
        expiresAt,
        storage: g("credential_storage"),
        fingerprint: g("credential_fingerprint"),
        ephemeral: parseFlag(g("credential_ephemeral"), "credential_ephemeral") ?? false,
      });
    }
    const entitlements: NormalizedEntitlement[] = [];
    const resource = g("entitlement_resource");
    if (resource) {
      const permission = g("entitlement_action") ?? g("entitlement_permission") ?? "access";
      const privilege = parsePrivilege(g("privilege"), "UNKNOWN");
      entitlements.push({
        resource: capKey(resource),
        permission: capKey(permission),
        privilege,
        sensitivity: g("sensitivity") ? parseSensitivity(g("sensitivity")) : sensitivityOf(resource, permission, privilege),
        via: parseVia(g("via"), "DIRECT"),
        viaName: g("via_name"),
        grantedAt: time(g("entitlement_granted_at"), "entitlement_granted_at", opts),
        expiresAt: time(g("entitlement_expires_at"), "entitlement_expires_at", opts),
        lastUsedAt: time(g("entitlement_last_used_at"), "entitlement_last_used_at", opts),
      });
    }
    return {
      externalId,
      name,
      kind: parseKind(g("kind")),
      status: g("status") ? parseIdentityStatus(g("status")) : enabled === false ? "DISABLED" : "ACTIVE",
      environment: parseEnv(g("environment")),
      createdAtSource: time(g("created_at"), "created_at", opts),
      lastUsedAt: time(g("last_used_at"), "last_used_at", opts),
      ...owners(splitList(g("owner_email") ?? g("owner")), "template owner_email (not the first)"),
      purpose: g("purpose"),
      platformManaged: parseFlag(g("platform_managed"), "platform_managed") ?? false,
      tags,
      credentials,
      entitlements,
      onBehalfOf: g("on_behalf_of_email"),
      delegatedScopes: splitList(g("delegated_scopes")),
      credentialsComplete: cols.hasCreds,
      entitlementsComplete: cols.hasEnts,
      sourceKey,
      origin: `line ${row.line}`,
    };
  } catch (err) {
    ctx.tainted.add(keyOf({ sourceKey, externalId }));
    throw err;
  }
}

function parseCsvFile(file: ImportFile, ctx: Ctx, opts: ParseOptions): number {
  const table = readCsv(file.text);
  const cols = checkHeader(file.fileName, table.header, ctx);
  for (const e of table.errors) ctx.rowErrors.push({ ...e, path: file.fileName });
  for (const row of table.rows) {
    try {
      merge(ctx, identityFromRow(row, cols, ctx, opts));
    } catch (err) {
      ctx.rowErrors.push({ row: row.line, path: file.fileName, message: (err as Error).message });
    }
  }
  return table.rows.length;
}

/** A CSV file of the template to stream: its size and a fresh byte stream. */
export interface StreamedCsv {
  fileName: string;
  size: number;
  open(): Readable;
}

/**
 * Steward's CSV template, streamed (csv-parse): rows are read, validated and merged into identities batch by batch,
 * so memory does not grow with the file. Rows of one identity should be adjacent (the template's order); an identity
 * whose rows come back after its batch was written is merged as a partial record (nothing revoked) with a warning.
 */
export function streamGenericCsv(files: StreamedCsv[], options: ParseOptions = {}, finish: (i: NormalizedIdentity) => NormalizedIdentity = (i) => i): ImportReader {
  const ctx = newCtx(options);
  const totalBytes = files.reduce((n, f) => n + f.size, 0) || 1;
  let bytesDone = 0;
  let recordsRead = 0;
  let lateRepeats = 0;
  const sources = new Set<string>();
  const flushed = new Set<string>();
  const take = (): NormalizedIdentity[] => {
    const out = ctx.order.map((i) => {
      const key = keyOf(i);
      if (flushed.has(key)) {
        lateRepeats++;
        i.credentialsComplete = false;
        i.entitlementsComplete = false;
      }
      return finish(untaint(ctx, i));
    });
    for (const k of ctx.byKey.keys()) flushed.add(k);
    ctx.byKey.clear();
    ctx.order = [];
    ctx.tainted.clear();
    return out;
  };
  return {
    format: generic,
    platform: "manual",
    sourceKey: null,
    total: null,
    fraction: () => Math.min(1, bytesDone / totalBytes),
    async *batches(size: number) {
      let before = 0;
      for (const file of files) {
        let cols: CsvColumns | null = null;
        const rows = streamCsv(
          file.open(),
          (header) => { cols = checkHeader(file.fileName, header, ctx); },
          (e) => ctx.rowErrors.push({ ...e, path: file.fileName }),
          (n) => { bytesDone = Math.min(totalBytes, bytesDone + n); },
        );
        for await (const row of rows) {
          recordsRead++;
          try {
            const identity = identityFromRow(row, cols!, ctx, options);
            if (identity.sourceKey) sources.add(identity.sourceKey);
            // A new identity once the batch is full: write the batch (an identity's adjacent rows stay together).
            if (ctx.order.length >= size && !ctx.byKey.has(keyOf(identity))) yield take();
            merge(ctx, identity);
          } catch (err) {
            ctx.rowErrors.push({ row: row.line, path: file.fileName, message: (err as Error).message });
          }
        }
        before += file.size;
        bytesDone = before;
      }
      if (ctx.order.length) yield take();
      bytesDone = totalBytes;
    },
    result() {
      const warnings = ctx.warnings.list();
      if (lateRepeats) warnings.push(`Rows of ${lateRepeats} identit${lateRepeats === 1 ? "y were" : "ies were"} not next to each other and were merged without revoking anything: sort the file by source and external_id`);
      return {
        format: "generic",
        platform: "manual",
        sourceKey: sources.size === 1 ? [...sources][0] : null,
        rowErrors: ctx.rowErrors,
        warnings,
        fullScope: null,
        recordsRead,
      };
    },
  };
}

function parseJsonIdentity(o: Record<string, unknown>, ctx: Ctx, opts: ParseOptions, docSource: string | undefined): NormalizedIdentity {
  const externalId = str(o.externalId ?? o.external_id);
  const name = str(o.name);
  if (!externalId) throw new Error("externalId is required");
  if (!name) throw new Error("name is required");
  const secretKeys = (obj: Record<string, unknown>) => Object.keys(obj).filter((k) => SECRET_FIELD_RE.test(k));
  const credentials = asArray(o.credentials).filter(isObject).map((c, i) => {
    if (secretKeys(c).length) ctx.warnings.add(`Credential field(s) ${secretKeys(c).join(", ")} were ignored: Steward never stores secret values`);
    const type = parseCredentialType(str(c.type));
    const expiresAt = time(c.expiresAt, `credentials[${i}].expiresAt`, opts);
    return {
      externalId: str(c.id ?? c.externalId) ?? `${type.toLowerCase()}-${i + 1}`,
      type,
      name: str(c.name),
      status: credentialStatus(str(c.status), expiresAt, ctx.now),
      createdAt: time(c.createdAt, `credentials[${i}].createdAt`, opts),
      lastRotatedAt: time(c.lastRotatedAt, `credentials[${i}].lastRotatedAt`, opts),
      lastUsedAt: time(c.lastUsedAt, `credentials[${i}].lastUsedAt`, opts),
      expiresAt,
      storage: str(c.storage),
      fingerprint: str(c.fingerprint),
      ephemeral: c.ephemeral === true,
    } satisfies NormalizedCredential;
  });
  const entitlements = asArray(o.entitlements).filter(isObject).map((e, i) => {
    const resource = str(e.resource);
    if (!resource) throw new Error(`entitlements[${i}].resource is required`);
    const permission = str(e.permission ?? e.action) ?? "access";
    const privilege = parsePrivilege(str(e.privilege), "UNKNOWN");
    return {
      resource: capKey(resource),
      permission: capKey(permission),
      privilege,
      sensitivity: e.sensitivity ? parseSensitivity(str(e.sensitivity)) : sensitivityOf(resource, permission, privilege),
      via: parseVia(str(e.via), "DIRECT"),
      viaName: str(e.viaName),
      condition: e.condition ?? null,
      grantedAt: time(e.grantedAt, `entitlements[${i}].grantedAt`, opts),
      expiresAt: time(e.expiresAt, `entitlements[${i}].expiresAt`, opts),
      lastUsedAt: time(e.lastUsedAt, `entitlements[${i}].lastUsedAt`, opts),
    } satisfies NormalizedEntitlement;
  });
  const ownerList = [o.owner, o.ownerEmail, ...asArray(o.owners)].flatMap((x) => (typeof x === "string" ? splitList(x) : []));
  const status = str(o.status) ? parseIdentityStatus(str(o.status)) : o.enabled === false ? "DISABLED" : "ACTIVE";
  return {
    externalId,
    name,
    kind: parseKind(str(o.kind)),
    status,
    environment: parseEnv(str(o.environment)),
    createdAtSource: time(o.createdAt, "createdAt", opts),
    lastUsedAt: time(o.lastUsedAt, "lastUsedAt", opts),
    ...owners(ownerList, "template owners (not the first)"),
    purpose: str(o.purpose),
    platformManaged: o.platformManaged === true,
    tags: tagsFrom(o.tags),
    credentials,
    entitlements,
    onBehalfOf: str(o.onBehalfOfEmail ?? o.onBehalfOf),
    delegatedScopes: asArray(o.delegatedScopes).filter((s): s is string => typeof s === "string"),
    credentialsComplete: Array.isArray(o.credentials),
    entitlementsComplete: Array.isArray(o.entitlements),
    sourceKey: str(o.source) ?? docSource,
  };
}

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const ctx = newCtx(options);
  let recordsRead = 0;
  let full = false;
  let docSourceKey: string | null = null;
  for (const file of files) {
    const json = file.json ?? tryJson(file.text);
    if (json === undefined) {
      recordsRead += parseCsvFile(file, ctx, options);
      continue;
    }
    const doc = Array.isArray(json) ? { identities: json } : isObject(json) ? json : null;
    if (!doc || !Array.isArray(doc.identities)) {
      throw new ValidationError(`${file.fileName} is not a Steward import template: expected {"format": "${TEMPLATE_FORMAT}", "identities": [...]} (see docs/import-template.md).`);
    }
    if (doc.fullInventory === true) full = true;
    const docSource = str(doc.source) ?? undefined;
    if (docSource) docSourceKey = docSource;
    doc.identities.forEach((o: unknown, i: number) => {
      recordsRead++;
      try {
        if (!isObject(o)) throw new Error("not an object");
        merge(ctx, { ...parseJsonIdentity(o, ctx, options, docSource), origin: `identities[${i}]` });
      } catch (err) {
        ctx.rowErrors.push({ path: `${file.fileName} $.identities[${i}]`, message: (err as Error).message });
      }
    });
  }
  const sources = new Set(ctx.order.map((i) => i.sourceKey).filter(Boolean));
  return {
    format: "generic",
    platform: "manual",
    sourceKey: docSourceKey ?? (sources.size === 1 ? [...sources][0]! : null),
    identities: ctx.order.map((i) => untaint(ctx, i)),
    rowErrors: ctx.rowErrors,
    warnings: ctx.warnings.list(),
    // A template file is a partial list unless it says it is complete ("fullInventory": true, or --full).
    fullScope: full ? {} : null,
    recordsRead,
  };
}

export const generic: ImportFormat = {
  name: "generic",
  label: "Steward import template (CSV or JSON, docs/import-template.md)",
  platform: "manual",
  detect,
  parse,
};
