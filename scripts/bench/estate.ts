// Builds the benchmark estate in an empty database: the demo generator (lib/seed) at scale, written with COPY,
// then the rule run (findings + risk scores) and 12 months of daily posture snapshots.
import type pg from "pg";
import { generateEstateBase, generateIdentityChunks } from "../../lib/seed";
import { hashPassword } from "../../lib/auth/password";
import { DEMO_PASSWORD } from "../../lib/seed/types";
import { copyRows } from "./copy";
import type { RawSql } from "./types";

export interface LoadStats {
  identities: number;
  credentials: number;
  entitlements: number;
  findings: number;
  snapshots: number;
  /** Seconds per phase: generate (JS generator), copy (COPY into PostgreSQL), rules, snapshots, analyze. */
  seconds: Record<string, number>;
  /** Rows of Identity + Credential + Entitlement per second of COPY. */
  copyRowsPerSec: number;
}

export const SNAPSHOT_DAYS = 365;

export async function loadEstate(
  client: pg.ClientBase,
  { identities, seed, now, log }: { identities: number; seed: number; now: Date; log: (line: string) => void },
): Promise<Omit<LoadStats, "findings" | "seconds"> & { seconds: Record<string, number> }> {
  // The demo logins get the demo password so that the load test (scripts/load-test.ts) can sign in.
  const opts = { identities, seed, now, demoPasswordHash: await hashPassword(DEMO_PASSWORD) };
  const base = generateEstateBase(opts);
  await copyRows(client, "Team", base.teams.map((t) => ({ ...t, leadId: null })));
  await copyRows(client, "User", base.users);
  for (const t of base.teams) if (t.leadId) await client.query(`UPDATE "Team" SET "leadId" = $1 WHERE id = $2`, [t.leadId, t.id]);
  await copyRows(client, "Source", base.sources);
  await copyRows(client, "RotationPolicy", base.rotationPolicies);

  // Secondary indexes are dropped for the load and rebuilt after it: one sort per index instead of millions of
  // random inserts (how a large initial import into PostgreSQL is usually done). Primary keys stay (foreign keys
  // need them).
  const indexes = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN ('Identity', 'Credential', 'Entitlement')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const ix of indexes.rows) await client.query(`DROP INDEX "${ix.indexname}"`);

  const stats = { identities: 0, credentials: 0, entitlements: 0, snapshots: 0, seconds: { generate: 0, copy: 0 } as Record<string, number>, copyRowsPerSec: 0 };
  let lastLog = Date.now();
  let t = performance.now();
  for (const chunk of generateIdentityChunks(opts, { base, chunkSize: 5000 })) {
    stats.seconds.generate += (performance.now() - t) / 1000;
    t = performance.now();
    // Parents first: foreign keys are checked row by row.
    stats.identities += await copyRows(client, "Identity", chunk.identities);
    stats.credentials += await copyRows(client, "Credential", chunk.credentials);
    stats.entitlements += await copyRows(client, "Entitlement", chunk.entitlements);
    stats.seconds.copy += (performance.now() - t) / 1000;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  ${stats.identities.toLocaleString("en")} / ${identities.toLocaleString("en")} NHIs loaded`);
    }
    t = performance.now();
  }
  t = performance.now();
  for (const ix of indexes.rows) await client.query(ix.indexdef);
  stats.seconds.indexes = (performance.now() - t) / 1000;
  stats.copyRowsPerSec = Math.round((stats.identities + stats.credentials + stats.entitlements) / stats.seconds.copy);
  return stats;
}

/**
 * 12 months of daily PostureSnapshot rows (per team, plus the estate-wide row with teamId ""), shaped from today's
 * estate with a slow upward drift. A stand-in until the snapshot job can backfill history; the dashboard only reads
 * these rows, so their values matter less than their number.
 */
export async function writeSnapshots(sql: RawSql, now: Date): Promise<number> {
  const r = await sql.query(
    `WITH per_team AS (
       SELECT COALESCE("teamId", '') AS team, count(*)::int AS n,
              count(*) FILTER (WHERE "isPrivileged")::int AS priv,
              count(*) FILTER (WHERE "ownerId" IS NULL)::int AS orphans,
              sum("entitlementCount")::int AS granted,
              sum("entitlementCount" - "unusedEntitlements")::int AS used,
              sum("credentialCount")::int AS creds
       FROM "Identity" GROUP BY 1
       UNION ALL
       SELECT '', count(*)::int, count(*) FILTER (WHERE "isPrivileged")::int, count(*) FILTER (WHERE "ownerId" IS NULL)::int,
              sum("entitlementCount")::int, sum("entitlementCount" - "unusedEntitlements")::int, sum("credentialCount")::int
       FROM "Identity"
     ), days AS (
       SELECT d::date AS day, 0.75 + 0.25 * ((d::date - ($1::date - ${SNAPSHOT_DAYS - 1}))::numeric / ${SNAPSHOT_DAYS - 1}) AS f
       FROM generate_series($1::date - ${SNAPSHOT_DAYS - 1}, $1::date, interval '1 day') d
     )
     INSERT INTO "PostureSnapshot" (id, day, "teamId", identities, privileged, orphans, owned, "entitlementsGranted",
                                    "entitlementsUsed", credentials, "credentialsCompliant")
     SELECT md5(t.team || days.day::text), days.day, t.team, round(t.n * days.f), round(t.priv * days.f),
            round(t.orphans * (2 - days.f)), round((t.n - t.orphans) * days.f), round(t.granted * days.f),
            round(t.used * days.f), round(t.creds * days.f), round(t.creds * 0.6 * days.f)
     FROM per_team t CROSS JOIN days
     ON CONFLICT DO NOTHING`,
    [now.toISOString().slice(0, 10)],
  );
  return r.rowCount ?? 0;
}
