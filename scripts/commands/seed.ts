import { parseArgs } from "node:util";
import { closeDb, db } from "../../lib/db";
import { recordAuditStandalone } from "../../lib/audit/log";
import { DEMO_SETTING_KEY } from "../../lib/settings/keys";
import { seedDemo } from "../../lib/seed";
import { runRules } from "../../lib/rules/engine";
import { seedDemoExceptions } from "../../lib/seed/exceptions";
import { backfillPostureHistory } from "../../lib/posture/backfill";
import { seedDemoCampaign } from "../../lib/seed/campaign";

export async function runSeed(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { identities: { type: "string", default: "5000" }, seed: { type: "string", default: "42" } },
    strict: true,
  });
  const identities = Number(values.identities);
  const seed = Number(values.seed);
  if (!Number.isInteger(identities) || identities < 1 || identities > 2_000_000) {
    console.error("steward seed: --identities must be a whole number between 1 and 2,000,000");
    return 2;
  }
  if (!Number.isInteger(seed)) {
    console.error("steward seed: --seed must be a whole number");
    return 2;
  }
  try {
    await seedDemoEstate({ identities, seed, log: (l) => console.log(l) });
    return 0;
  } finally {
    await closeDb();
  }
}

/** Seeds the demo estate and marks the database as a demo one (the login page then shows the demo sign-ins). */
export async function seedDemoEstate({ identities, seed, log }: { identities: number; seed: number; log: (line: string) => void }) {
  const t0 = Date.now();
  let lastPct = -1;
  const summary = await seedDemo({
    identities,
    seed,
    onProgress: (done: number, total: number) => {
      const pct = Math.floor((done / Math.max(total, 1)) * 10) * 10;
      if (pct !== lastPct && process.stdout.isTTY) {
        lastPct = pct;
        process.stdout.write(`\r  seeding… ${pct}%`);
      }
    },
  });
  if (process.stdout.isTTY) process.stdout.write("\r");
  await db.setting.upsert({
    where: { key: DEMO_SETTING_KEY },
    create: { key: DEMO_SETTING_KEY, value: { identities, seed, seededAt: new Date().toISOString() } },
    update: { value: { identities, seed, seededAt: new Date().toISOString() } },
  });
  await recordAuditStandalone({ actor: null, action: "demo.seed", targetType: "Estate", meta: { identities, seed, summary } });
  log(`Seeded the demo estate: ${JSON.stringify(summary)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Findings and risk scores come from the rule engine, as they will after every real import.
  const t1 = Date.now();
  const rules = await runRules({ actor: null });
  log(`Ran ${rules.perRule.length} risk rules: ${rules.totals.open} open findings in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  // A few risk exceptions in every state, on top of the findings the rules just produced.
  const exceptions = await seedDemoExceptions();
  log(`Added ${exceptions} demo risk exceptions`);
  // Today's posture snapshot, and a plausible 180-day history behind it so the dashboard's trends have a story.
  const history = await backfillPostureHistory({ days: 180 });
  log(`Wrote the posture snapshot and ${history.days} days of demo history (${history.rows} rows) in ${(history.ms / 1000).toFixed(1)} s`);
  // A running attestation campaign (after the rules: its snapshots show their risk scores and reasons).
  const t2 = Date.now();
  const campaign = await seedDemoCampaign();
  if (campaign) log(`Launched a demo campaign: ${campaign.items} review items, ${campaign.decided} decided, in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  return summary;
}
