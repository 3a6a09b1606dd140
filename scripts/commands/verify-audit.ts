// `npm run steward -- verify-audit [--from DATE] [--head HASH] [--file EXPORT.json] [--json]`
// Exit 0: the chain is intact. Exit 1: it is broken (the first broken row is named). Exit 2: bad usage.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { verifyAuditChain, verifyExportFile, type VerifyResult } from "../../lib/audit/verify";

const HELP = `Usage: npm run steward -- verify-audit [--from DATE] [--head HASH] [--json]
       npm run steward -- verify-audit --file EXPORT.json [--json]

  Recomputes the SHA-256 hash chain of the audit log and reports the first row that was edited, removed,
  inserted or reordered.
  --from DATE    start at the first event on or after DATE (ISO date or date-time, UTC); its link to the
                 event before it is still checked
  --head HASH    a chain head hash noted earlier (shown on the audit page and in every export): fails if it is
                 no longer in the chain, i.e. events at the end were removed
  --file FILE    verify a JSON export from the audit page or GET /api/v1/audit/export instead of the database
  --json         print the result as JSON`;

export async function runVerifyAudit(argv: string[], out: { log: (s: string) => void; error: (s: string) => void } = console): Promise<number> {
  let values: { from?: string; head?: string; file?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: "string" }, head: { type: "string" }, file: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } },
      strict: true,
    }));
  } catch (err) {
    out.error(`steward verify-audit: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out.log(HELP);
    return 0;
  }
  let from: Date | undefined;
  if (values.from !== undefined) {
    from = new Date(/^\d{4}-\d{2}-\d{2}$/.test(values.from) ? `${values.from}T00:00:00Z` : values.from);
    if (Number.isNaN(from.getTime())) {
      out.error(`steward verify-audit: --from "${values.from}" is not a date (use e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`);
      return 2;
    }
  }
  if (values.head !== undefined && !/^[0-9a-f]{64}$/.test(values.head)) {
    out.error("steward verify-audit: --head must be a 64-character hex SHA-256 hash");
    return 2;
  }

  let result: VerifyResult;
  let scope: string;
  if (values.file) {
    if (from || values.head) {
      out.error("steward verify-audit: --file cannot be combined with --from or --head");
      return 2;
    }
    let text: string;
    try {
      text = fs.readFileSync(values.file, "utf8");
    } catch (err) {
      out.error(`steward verify-audit: cannot read ${values.file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return 2;
    }
    const r = verifyExportFile(text);
    if ("error" in r) {
      out.error(`steward verify-audit: ${r.error}`);
      return 2;
    }
    result = r.result;
    scope = r.linked ? `export ${values.file}` : `export ${values.file} (filtered: row hashes only, links not checkable)`;
  } else {
    try {
      result = await verifyAuditChain({ from, expectHead: values.head });
    } finally {
      await closeDb();
    }
    scope = from ? `audit log from ${from.toISOString()}` : "audit log";
  }

  if (values.json) {
    out.log(JSON.stringify(result, null, 2));
  } else if (result.ok) {
    const head = result.head ? `; head seq ${result.head.seq} ${result.head.hash}` : "";
    out.log(`OK: ${result.checked.toLocaleString("en-US")} events in the ${scope} verified${head}.`);
  } else {
    const b = result.broken!;
    out.error(
      `BROKEN: ${scope}: event seq ${b.seq} (id ${b.id}, ${b.action}, ${b.at}): ${b.reason}.\n` +
        `${result.checked.toLocaleString("en-US")} events before it verified.`,
    );
  }
  return result.ok ? 0 : 1;
}
