// `npm run steward -- snapshot [--json]`: writes today's posture snapshot (idempotent per day).
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { writeDailySnapshot } from "../../lib/posture/snapshot";

export async function runSnapshot(argv: string[]): Promise<number> {
  let json = false;
  try {
    ({ values: { json = false } } = parseArgs({ args: argv, options: { json: { type: "boolean" } }, strict: true }));
  } catch (err) {
    console.error(`steward snapshot: ${(err as Error).message}`);
    return 2;
  }
  try {
    const s = await writeDailySnapshot();
    if (json) console.log(JSON.stringify(s));
    else console.log(`Posture snapshot for ${s.day}: ${s.identities.toLocaleString("en-US")} NHIs in ${s.rows} rows, ${(s.ms / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await closeDb();
  }
}
