// `npm run steward -- exceptions expire [--json]`: expires overdue risk exceptions (their findings reopen) and queues
// the "expires soon" warnings. The jobs scheduler runs the same function; running it again changes nothing.
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { expireExceptions } from "../../lib/exceptions/expiry";

const HELP = `Usage: npm run steward -- exceptions expire [--json]

  exceptions expire [--json]
      expire approved exceptions past their expiry (findings reopen, risk scores are recomputed) and queue the
      warnings to owners and approvers ahead of expiry (outbox). Idempotent.`;

export async function runExceptionsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "expire") {
    console.error(sub && sub !== "help" && sub !== "--help" ? `Unknown exceptions subcommand "${sub}".\n\n${HELP}` : HELP);
    return sub === "help" || sub === "--help" ? 0 : 2;
  }
  let json = false;
  try {
    json = Boolean(parseArgs({ args: rest, options: { json: { type: "boolean" } }, strict: true }).values.json);
  } catch (err) {
    console.error(`steward exceptions expire: ${(err as Error).message}`);
    return 2;
  }
  try {
    const summary = await expireExceptions(new Date(), { actor: null, trigger: "cli" });
    if (json) console.log(JSON.stringify(summary, null, 2));
    else console.log(`Expired ${summary.expired} exception(s); ${summary.reopened} finding(s) reopened; ${summary.messages} notification(s) queued.`);
    return 0;
  } finally {
    await closeDb();
  }
}
