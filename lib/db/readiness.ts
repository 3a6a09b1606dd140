// Readiness (GET /api/ready): the database answers and every migration on disk has been applied. A load balancer
// routes traffic to a replica only when this holds; liveness (/api/health) says only that the process serves HTTP.
import fs from "node:fs";
import path from "node:path";
import { db } from "./index";

export type Readiness =
  | { ready: true; migrations: number }
  | { ready: false; reason: "database_unreachable" | "migrations_pending" | "shutting_down"; message: string; pending?: string[] };

const globalForReady = globalThis as unknown as { __stewardDraining?: boolean };

/** Marks this process as shutting down: readiness fails at once so load balancers stop sending new requests. */
export function markDraining(): void {
  globalForReady.__stewardDraining = true;
}

export function migrationNamesOnDisk(dir = path.resolve("prisma/migrations")): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export async function checkReadiness(migrationsDir?: string): Promise<Readiness> {
  if (globalForReady.__stewardDraining) return { ready: false, reason: "shutting_down", message: "This server is shutting down." };
  let applied: Set<string>;
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (err) {
    // A missing _prisma_migrations table means nothing was ever migrated; anything else is reachability.
    const msg = String((err as Error)?.message ?? err);
    if (/_prisma_migrations/.test(msg) && /does not exist/.test(msg)) {
      return { ready: false, reason: "migrations_pending", message: "The database has never been migrated.", pending: migrationNamesOnDisk(migrationsDir) };
    }
    return { ready: false, reason: "database_unreachable", message: "The database does not answer." };
  }
  const onDisk = migrationNamesOnDisk(migrationsDir);
  const pending = onDisk.filter((m) => !applied.has(m));
  if (pending.length) {
    return { ready: false, reason: "migrations_pending", message: `${pending.length} migration(s) not applied: run \`npm run steward -- migrate\`.`, pending };
  }
  return { ready: true, migrations: onDisk.length };
}
