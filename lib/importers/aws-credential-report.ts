// AWS IAM credential report (FORMATS.md section 1): raw CSV, the CLI/API JSON with base64 `Content`, or JSON with
// the CSV text already decoded in `Content` (cloudmapper). Columns by header name, never by position.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedCredential, NormalizedIdentity, ParseOptions, RowError } from "./types";
import { isObject, laterOf, parseBool, readCsv, stripBom, timeReader, tryJson, Warnings, type CsvRow } from "./util";

const REPORT_COLUMNS = ["user_creation_time", "password_enabled", "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "cert_1_active"];

/** A header row with "user" and "arn" and at least one report column, in any order (some tools drop columns). */
function isReportHeader(text: string): boolean {
  const cols = text.split(/\r?\n/, 1)[0].split(",").map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
  return cols.includes("user") && cols.includes("arn") && REPORT_COLUMNS.some((c) => cols.includes(c));
}

/** The CSV text inside any of the accepted wrappers, or null when this is not a credential report. */
export function credentialReportCsv(text: string, json?: unknown): string | null {
  const body = stripBom(text);
  if (isReportHeader(body)) return body;
  const j = json ?? tryJson(body);
  if (!isObject(j) || typeof j.Content !== "string") return null;
  const content = stripBom(j.Content.trim());
  if (isReportHeader(content)) return content;
  // The API and the CLI return Content base64-encoded.
  if (/^[A-Za-z0-9+/=\s]+$/.test(content)) {
    const decoded = stripBom(Buffer.from(content.replace(/\s+/g, ""), "base64").toString("utf8"));
    return isReportHeader(decoded) ? decoded : null;
  }
  return null;
}

function detect(sample: DetectSample): number {
  const head = stripBom(sample.head);
  if (isReportHeader(head)) return 0.99;
  if (isObject(sample.json) && typeof sample.json.Content === "string") return credentialReportCsv(sample.head, sample.json) ? 0.97 : 0.3;
  if (/"ReportFormat"\s*:\s*"text\/csv"/.test(head)) return 0.9;
  return 0;
}

const ACCOUNT_RE = /^arn:(aws[\w-]*):iam::(\d{12}|[\w-]+):/;

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const identities: NormalizedIdentity[] = [];
  const rowErrors: RowError[] = [];
  const prefixes = new Set<string>();
  const accounts = new Set<string>();
  let recordsRead = 0;

  for (const file of files) {
    const csv = credentialReportCsv(file.text, file.json);
    if (csv === null) {
      throw new ValidationError(
        `${file.fileName} is not an AWS credential report: expected the CSV (header "user,arn,user_creation_time,...") or the JSON of "aws iam get-credential-report".`,
      );
    }
    const table = readCsv(csv);
    for (const e of table.errors) rowErrors.push({ ...e, path: file.fileName });
    if (!table.header.includes("user") || !table.header.includes("arn")) {
      throw new ValidationError(`${file.fileName}: the credential report has no "user" and "arn" columns.`);
    }
    // A report with dropped columns (hand-made fixtures) cannot say a missing key was deleted.
    const complete = ["password_enabled", "access_key_1_active", "access_key_2_active", "cert_1_active", "cert_2_active"].every((c) => table.header.includes(c));
    for (const row of table.rows) {
      recordsRead++;
      try {
        const identity = parseRow(row, time, complete);
        identities.push(identity);
        const m = ACCOUNT_RE.exec(identity.externalId);
        if (m) {
          accounts.add(m[2]);
          prefixes.add(`arn:${m[1]}:iam::${m[2]}:user/`);
          prefixes.add(`arn:${m[1]}:iam::${m[2]}:root`);
        }
      } catch (err) {
        rowErrors.push({ row: row.line, path: file.fileName, message: (err as Error).message });
      }
    }
  }
  if (accounts.size > 1) warnings.add(`The report covers several AWS accounts (${[...accounts].join(", ")}); they are imported into one source`);
  return {
    format: "aws-credential-report",
    platform: "aws",
    sourceKey: accounts.size === 1 ? `aws:${[...accounts][0]}` : null,
    identities,
    rowErrors,
    warnings: warnings.list(),
    // The report lists every IAM user (and root) of the account: users it no longer lists were deleted.
    fullScope: prefixes.size ? { externalIdPrefixes: [...prefixes] } : null,
    recordsRead,
  };
}

type Time = ReturnType<typeof timeReader>;

function parseRow(row: CsvRow, time: Time, complete: boolean): NormalizedIdentity {
  const user = row.get("user");
  const arn = row.get("arn");
  if (!user || !arn) throw new Error(`Missing ${!user ? "user" : "arn"}`);
  if (!arn.startsWith("arn:")) throw new Error(`"${arn}" is not an ARN`);
  const isRoot = user === "<root_account>" || arn.endsWith(":root");
  const where = (c: string) => `${user} ${c}`;
  const created = time(row.get("user_creation_time"), where("user_creation_time"));
  const credentials: NormalizedCredential[] = [];
  const usedDates: (Date | null)[] = [];
  const tags: Record<string, string> = { "aws:type": isRoot ? "root" : "iam-user" };

  const passwordEnabled = parseBool(row.get("password_enabled"));
  const passwordLastUsedRaw = row.get("password_last_used");
  const passwordLastUsed = time(passwordLastUsedRaw, where("password_last_used"));
  if (passwordLastUsedRaw?.toLowerCase() === "no_information") tags["aws:passwordLastUsed"] = "never or before 2014-10-20";
  usedDates.push(passwordLastUsed);
  if (passwordEnabled) {
    const changed = time(row.get("password_last_changed"), where("password_last_changed"));
    credentials.push({
      externalId: "password",
      type: "PASSWORD",
      name: "Console password",
      status: "ACTIVE",
      createdAt: changed ?? created,
      lastRotatedAt: changed,
      lastUsedAt: passwordLastUsed,
      // password_next_rotation: when the password policy forces a change.
      expiresAt: time(row.get("password_next_rotation"), where("password_next_rotation")),
    });
  }

  let activeKeys = 0;
  for (const n of [1, 2]) {
    const active = parseBool(row.get(`access_key_${n}_active`));
    const rotated = time(row.get(`access_key_${n}_last_rotated`), where(`access_key_${n}_last_rotated`));
    // An inactive key keeps its date (guardian/security-hq): active=false alone does not mean "no key".
    if (!active && !rotated) continue;
    if (active) activeKeys++;
    const lastUsed = time(row.get(`access_key_${n}_last_used_date`), where(`access_key_${n}_last_used_date`));
    usedDates.push(lastUsed);
    const service = row.get(`access_key_${n}_last_used_service`);
    const region = row.get(`access_key_${n}_last_used_region`);
    const usedOn = [service, region].filter((v) => v && v.toUpperCase() !== "N/A").join(" in ");
    credentials.push({
      externalId: `access_key_${n}`,
      type: "ACCESS_KEY",
      name: `Access key ${n}${usedOn ? ` (last used: ${usedOn})` : ""}`,
      status: active ? "ACTIVE" : "INACTIVE",
      createdAt: rotated,
      lastRotatedAt: rotated,
      lastUsedAt: lastUsed,
      // IAM access keys never expire.
      expiresAt: null,
    });
  }
  for (const n of [1, 2]) {
    const active = parseBool(row.get(`cert_${n}_active`));
    const rotated = time(row.get(`cert_${n}_last_rotated`), where(`cert_${n}_last_rotated`));
    if (!active && !rotated) continue;
    credentials.push({
      externalId: `cert_${n}`,
      type: "CERTIFICATE",
      name: `X.509 signing certificate ${n}`,
      status: active ? "ACTIVE" : "INACTIVE",
      createdAt: rotated,
      lastRotatedAt: rotated,
      expiresAt: null,
    });
  }

  // NHI heuristic (FORMATS.md 1, unverified): no password and an active key = a machine user; password + MFA = a human.
  const mfa = parseBool(row.get("mfa_active"));
  tags["nhi:heuristic"] = isRoot ? "root-account" : !passwordEnabled && activeKeys > 0 ? "likely-machine" : passwordEnabled && mfa ? "likely-human" : "unknown";

  return {
    externalId: arn,
    name: isRoot ? "root account" : user,
    kind: "SERVICE_ACCOUNT",
    status: "ACTIVE",
    createdAtSource: created,
    lastUsedAt: laterOf(...usedDates),
    ownerHints: [],
    platformManaged: false,
    tags,
    credentials,
    entitlements: [],
    credentialsComplete: complete,
    entitlementsComplete: false,
    origin: `line ${row.line}`,
  };
}

export const awsCredentialReport: ImportFormat = {
  name: "aws-credential-report",
  label: "AWS IAM credential report (CSV or get-credential-report JSON)",
  platform: "aws",
  detect,
  parse,
};
