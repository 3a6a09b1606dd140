import fs from "node:fs";
import path from "node:path";
import { assertReachable, createDbTarget, dataDir, type DbTarget } from "./connection";
import { NO_FILTERS, openSchemaEngine, readMigrations } from "./schema-engine";

// Any fixed 64-bit key: all Steward processes agree on it so only one migrates at a time.
const MIGRATION_LOCK_KEY = 727_003_001;

export interface MigrateResult {
  applied: string[];
  target: string;
}

/**
 * Applies pending migrations from prisma/migrations (recorded in _prisma_migrations, like `prisma migrate deploy`).
 * Safe to run twice, and from two processes at once: PostgreSQL takes an advisory lock; the embedded database
 * takes a lock file, since PGlite cannot be opened by two processes anyway.
 */
export async function migrate(log: (line: string) => void = () => {}): Promise<MigrateResult> {
  const target = createDbTarget();
  try {
    await assertReachable(target);
    return await withMigrationLock(target, async () => {
      const engine = await openSchemaEngine(target.factory, (m) => {
        if (process.env.STEWARD_DEBUG_MIGRATE) log(m);
      });
      try {
        const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTERS });
        return { applied: out.appliedMigrationNames, target: target.description };
      } finally {
        engine.free();
      }
    });
  } finally {
    await target.close();
  }
}

async function withMigrationLock<T>(target: DbTarget, fn: () => Promise<T>): Promise<T> {
  if (target.kind === "postgres") {
    // Session-level advisory lock on its own connection, held while the engine works on others.
    const conn = await target.factory.connect();
    try {
      await conn.executeRaw({ sql: `SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`, args: [], argTypes: [] });
      try {
        return await fn();
      } finally {
        await conn.executeRaw({ sql: `SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`, args: [], argTypes: [] });
      }
    } finally {
      await conn.dispose();
    }
  }
  const release = acquireDirLock(path.join(dataDir(), "migrate.lock"));
  try {
    return await fn();
  } finally {
    release();
  }
}

/** An exclusive lock file holding our pid; a stale one (dead pid) is taken over. Waits up to 60 s. */
export function acquireDirLock(file: string, timeoutMs = 60_000): () => void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(file, "utf8").trim());
      if (!holder || !isAlive(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another Steward process (pid ${holder}) holds ${file}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
