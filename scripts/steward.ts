// Steward CLI: `npm run steward -- <command>`. Calls the same lib/ functions as the web app.
import { parseArgs } from "node:util";
import { EnvError } from "../lib/env";
import { DbConfigError } from "../lib/db/connection";
import { MissingSecretError } from "../lib/auth/secret";
import { isJson, logger } from "../lib/log";

const HELP = `Usage: npm run steward -- <command> [options]

Commands:
  migrate                              apply pending database migrations
  seed [--identities N] [--seed S]     build the deterministic demo estate (empty database only)
  import [--format auto|NAME] FILE [FILE...] [--source KEY] [--json]
                                       import a platform export (AWS, GCP, Azure, Kubernetes, GitHub,
                                       CyberArk, or Steward's CSV/JSON template)
  rules run [--json]                   run the risk rules: findings (OWASP NHI Top 10) and risk scores
  jobs run [--force NAME] [--json]     run the periodic jobs that are due (each once per slot across replicas)
  jobs list                            the jobs and their last runs
  exceptions expire [--json]           expire overdue risk exceptions, queue expiry warnings
  snapshot [--json]                    write today's posture snapshot (the dashboard's figures; idempotent)
  user create --email E --role R [--name N] [--team T]
                                       create a user; the password is read from STEWARD_PASSWORD,
                                       from stdin when piped, or prompted for
  user deactivate --email E            deactivate a user: each NHI they own goes to its backup owner
                                       as a transfer to accept; NHIs with no backup owner become orphans
  verify-audit [--from DATE] [--head HASH] [--file EXPORT.json] [--json]
                                       recompute the audit hash chain; exit 1 naming the first
                                       edited, removed or reordered event
  help                                 this text

Environment: DATABASE_URL (PostgreSQL; unset = embedded PGlite in STEWARD_DATA_DIR, default ./.steward)`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  migrate: async () => {
    const { runMigrate } = await import("./commands/migrate");
    return runMigrate();
  },
  seed: async (argv) => {
    const { runSeed } = await import("./commands/seed");
    return runSeed(argv);
  },
  import: async (argv) => {
    const { runImport } = await import("./commands/import");
    return runImport(argv);
  },
  rules: async (argv) => {
    const { runRulesCommand } = await import("./commands/rules");
    return runRulesCommand(argv);
  },
  jobs: async (argv) => {
    const { runJobsCommand } = await import("./commands/jobs");
    return runJobsCommand(argv);
  },
  exceptions: async (argv) => {
    const { runExceptionsCommand } = await import("./commands/exceptions");
    return runExceptionsCommand(argv);
  },
  snapshot: async (argv) => {
    const { runSnapshot } = await import("./commands/snapshot");
    return runSnapshot(argv);
  },
  user: async (argv) => {
    const { runUser } = await import("./commands/user");
    return runUser(argv);
  },
  "verify-audit": async (argv) => {
    const { runVerifyAudit } = await import("./commands/verify-audit");
    return runVerifyAudit(argv);
  },
  start: async (argv) => {
    const { runStart } = await import("./commands/start");
    return runStart(argv);
  },
  help: async () => {
    console.log(HELP);
    return 0;
  },
};

async function main(): Promise<number> {
  const { positionals } = parseArgs({ args: process.argv.slice(2, 3), allowPositionals: true, strict: false });
  const name = positionals[0] ?? "help";
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${HELP}`);
    return 2;
  }
  return command(process.argv.slice(3));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Configuration problems are the user's to fix: one clear line, no stack.
    const config = err instanceof EnvError || err instanceof DbConfigError || err instanceof MissingSecretError;
    if (isJson()) {
      // A container's last words must be a JSON line too, or the log collector files them as garbage.
      logger.error(config ? `steward: ${err.message}` : "steward: unexpected error", config ? {} : { err });
    } else if (config) {
      console.error(`steward: ${err.message}`);
    } else {
      console.error(err);
    }
    process.exit(1);
  },
);
