// CyberArk PVWA account report CSV (FORMATS.md section 7: epv-api-scripts Get-AccountReport.ps1), plus the
// onboarding template's column names. Vaulted accounts: the secret lives in the safe, so storage = the safe.
// A `password` column (the onboarding template carries one) is never read.
import { ValidationError } from "../errors";
import type { DetectSample, ImportFile, ImportFormat, ImportResult, NormalizedIdentity, ParseOptions, RowError } from "./types";
import { parseBool, readCsv, stripBom, timeReader, Warnings, type CsvRow } from "./util";

const SECRET_COLUMNS = ["password", "secret", "secretvalue", "secret_value", "key", "privatekey", "private_key"];

function headerOf(text: string): string[] {
  const first = stripBom(text).split(/\r?\n/, 1)[0] ?? "";
  return first.split(",").map((h) => h.trim().replace(/^"|"$/g, "").toLowerCase());
}

function detect(sample: DetectSample): number {
  if (sample.json !== undefined) return 0;
  const h = headerOf(sample.head);
  const hasUser = h.includes("username");
  const hasSafe = h.includes("safename") || h.includes("safe");
  const hasPlatform = h.includes("platformid") || h.includes("secrettype") || h.includes("platformname");
  if (hasUser && hasSafe && hasPlatform) return 0.95;
  if (hasUser && hasSafe) return 0.7;
  return 0;
}

function parse(files: ImportFile[], options: ParseOptions = {}): ImportResult {
  const warnings = new Warnings();
  const time = timeReader(warnings, options);
  const identities: NormalizedIdentity[] = [];
  const rowErrors: RowError[] = [];
  let recordsRead = 0;
  for (const file of files) {
    const table = readCsv(file.text);
    if (!table.header.includes("username") || !(table.header.includes("safename") || table.header.includes("safe"))) {
      throw new ValidationError(`${file.fileName} is not a CyberArk account report: expected a CSV with UserName, Address and safeName columns.`);
    }
    const secretCols = table.header.filter((h) => SECRET_COLUMNS.includes(h));
    if (secretCols.length) warnings.add(`Column(s) ${secretCols.join(", ")} were ignored: Steward never stores secret values`);
    for (const e of table.errors) rowErrors.push({ ...e, path: file.fileName });
    for (const row of table.rows) {
      recordsRead++;
      try {
        identities.push(parseRow(row, time, options.dateOrder !== undefined, (m) => warnings.add(m)));
      } catch (err) {
        rowErrors.push({ row: row.line, path: file.fileName, message: (err as Error).message });
      }
    }
  }
  // Two accounts with the same object name in one report: keep the first.
  const seen = new Set<string>();
  const unique = identities.filter((i) => (seen.has(i.externalId) ? (warnings.add(`Account ${i.externalId} is listed twice; the first row is kept`), false) : (seen.add(i.externalId), true)));
  return {
    format: "cyberark",
    platform: "cyberark",
    sourceKey: null,
    identities: unique,
    rowErrors,
    warnings: warnings.list(),
    // The report lists every account the exporting user can see.
    fullScope: unique.length ? {} : null,
    recordsRead,
  };
}

function parseRow(row: CsvRow, time: ReturnType<typeof timeReader>, dateOrderGiven: boolean, warn: (m: string) => void): NormalizedIdentity {
  const user = row.get("username");
  const address = row.get("address");
  const safe = row.get("safename") ?? row.get("safe");
  if (!user) throw new Error("Missing UserName");
  if (!safe) throw new Error("Missing safeName");
  const platformId = row.get("platformid");
  const platformName = row.get("platformname");
  const secretType = (row.get("secrettype") ?? "password").toLowerCase();
  const objectName = row.get("objectname") ?? row.get("name");
  const isAccessKey = /^(AKIA|ASIA)[A-Z0-9]{12,}$/.test(user) || /access.?key/i.test(platformId ?? "");
  const isKey = secretType === "key";
  const managed = parseBool(row.get("accountmanaged") ?? (row.get("disableautomgmt") ? String(!parseBool(row.get("disableautomgmt"))) : null));
  const tags: Record<string, string> = { "cyberark:safe": safe };
  if (address) tags["cyberark:address"] = address;
  if (platformId) tags["cyberark:platformId"] = platformId;
  if (platformName) tags["cyberark:platformName"] = platformName;
  if (managed !== undefined) tags["cyberark:managed"] = String(managed);
  for (const [col, tag] of [["manualmanagementreason", "manualManagementReason"], ["disableautomgmtreason", "manualManagementReason"], ["managingcpm", "managingCpm"], ["secretstatus", "secretStatus"], ["changenext", "changeNext"], ["verifylast", "verifyLast"]] as const) {
    const v = row.get(col);
    if (v) tags[`cyberark:${tag}`] = v;
  }
  for (const col of ["dualcontrol", "exclusiveuse", "onetime", "requirereason", "restrictedtospecificmachines"]) {
    const b = parseBool(row.get(col));
    if (b !== undefined) tags[`cyberark:${col}`] = String(b);
  }
  const changeLastRaw = row.get("changelast");
  if (changeLastRaw && /^\d{1,2}\/\d{1,2}\//.test(changeLastRaw) && !dateOrderGiven) {
    warn("ChangeLast is a locale date: read as month/day/year unless the day is over 12 (choose --date-order DMY for day/month)");
  }
  const changeLast = time(changeLastRaw, `line ${row.line} ChangeLast`);
  if (changeLastRaw && /never/i.test(changeLastRaw)) tags["cyberark:changeLast"] = changeLastRaw;
  const name = address ? `${user}@${address}` : user;
  return {
    externalId: objectName ?? `${safe}/${name}`,
    name,
    kind: isKey ? "SSH_KEY" : isAccessKey ? "API_KEY" : "SERVICE_ACCOUNT",
    status: "ACTIVE",
    ownerHints: [`safe:${safe}`],
    ownerHintOrigins: { [`safe:${safe}`]: "safeName" },
    platformManaged: false,
    tags,
    credentials: [{
      externalId: "secret",
      type: isKey ? "SSH_KEY" : isAccessKey ? "ACCESS_KEY" : "PASSWORD",
      name: platformName ?? platformId ?? secretType,
      // A failed CPM change leaves the old secret in place: still active.
      status: "ACTIVE",
      createdAt: null,
      lastRotatedAt: changeLast,
      expiresAt: null,
      storage: `cyberark:${safe}`,
    }],
    entitlements: [],
    credentialsComplete: true,
    entitlementsComplete: false,
    origin: `line ${row.line}`,
  };
}

export const cyberark: ImportFormat = {
  name: "cyberark",
  label: "CyberArk PVWA account report (CSV)",
  platform: "cyberark",
  detect,
  parse,
};
