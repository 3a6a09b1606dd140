// `npm run steward -- jobs run [--force NAME]... [--json]` and `jobs list [--json]`: the scheduler's entry point for
// cron or a Kubernetes CronJob (servers also tick in-process; each job runs once per slot either way).
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { JOBS } from "../../lib/jobs/registry";
import { forceJobs, recentJobRuns, runDueJobs, UnknownJobError } from "../../lib/jobs/runner";

const HELP = `Usage: npm run steward -- jobs <run|list> [options]

  jobs run [--force NAME]... [--json]
      run every job that is due now (reminders, expiries, snapshots, rule runs); --force runs the named jobs
      whatever their schedule. Exit 1 when a job failed.
  jobs list [--json]
      the jobs and their last runs`;

export async function runJobsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "run" && sub !== "list") {
    console.error(sub && sub !== "help" && sub !== "--help" ? `Unknown jobs subcommand "${sub}".\n\n${HELP}` : HELP);
    return sub === "help" || sub === "--help" ? 0 : 2;
  }
  let values: { json?: boolean; force?: string[] };
  try {
    ({ values } = parseArgs({ args: rest, options: { json: { type: "boolean" }, force: { type: "string", multiple: true } }, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  try {
    if (sub === "list") {
      const runs = await recentJobRuns(100);
      const rows = JOBS.map((j) => ({ job: j.name, description: j.description, last: runs.find((r) => r.job === j.name) ?? null }));
      if (values.json) console.log(JSON.stringify(rows));
      else for (const r of rows) console.log(`${r.job.padEnd(22)} ${r.last ? `${r.last.startedAt.toISOString()} ${r.last.ok === null ? "running" : r.last.ok ? "ok" : `FAILED: ${r.last.error}`}` : "never ran"}\n${" ".repeat(23)}${r.description}`);
      return 0;
    }
    const outcomes = values.force?.length ? await forceJobs(values.force, null) : await runDueJobs();
    if (values.json) console.log(JSON.stringify(outcomes));
    else for (const o of outcomes) console.log(`${o.job.padEnd(22)} ${o.status.padEnd(8)} ${o.slot}${o.ms !== undefined ? ` ${o.ms} ms` : ""}${o.error ? ` ${o.error}` : o.summary ? ` ${JSON.stringify(o.summary)}` : ""}`);
    return outcomes.some((o) => o.status === "failed") ? 1 : 0;
  } catch (err) {
    if (err instanceof UnknownJobError) {
      console.error(`steward: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await closeDb();
  }
}
