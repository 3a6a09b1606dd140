import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "../env";
import { mkdirp } from "../fs";
import { logger } from "../log";

export type DbKind = "pglite" | "postgres";

export interface DbTarget {
  kind: DbKind;
  /** Data directory of the embedded database, or the server URL with the password hidden. */
  description: string;
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
}

export class DbConfigError extends Error {}

export function dataDir(): string {
  return path.resolve(env().STEWARD_DATA_DIR);
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

/** Ensures the data directory exists and is writable; one clear error otherwise. */
export function ensureDataDir(dir: string): void {
  try {
    mkdirp(path.resolve(dir));
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new DbConfigError(
      `Data directory ${dir} is missing and cannot be created, or is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)}). Set STEWARD_DATA_DIR to a writable folder.`,
    );
  }
}

/**
 * The database named by the environment: PostgreSQL when DATABASE_URL is set, otherwise PGlite in
 * STEWARD_DATA_DIR/db, as an adapter factory for both Prisma Client (lib/db) and the schema engine (migrations).
 */
export function createDbTarget(): DbTarget {
  const url = env().DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: env().STEWARD_DB_POOL });
    // An idle connection the server ends (restart, failover, a dropped database) is an "error" event on the pool:
    // without a listener Node exits. The pool replaces the connection on the next query; log it and go on.
    pool.on("error", (err) => logger.warn("database connection closed by the server", { err }));
    return { kind: "postgres", description: redactUrl(url), factory: new PrismaPg(pool), close: () => pool.end() };
  }
  const dir = path.join(dataDir(), "db");
  ensureDataDir(dir);
  // PGlite queues queries until it is ready, so the target can be created synchronously. pg_trgm backs the inventory's
  // text search indexes (migration inventory_text_search); PGlite ships it as a contrib extension to load.
  const client = new PGlite(dir, { extensions: PGLITE_EXTENSIONS });
  return { kind: "pglite", description: dir, factory: new PrismaPGlite(client), close: () => client.close() };
}

/** Extensions the migrations create (CREATE EXTENSION): PGlite must load them when it opens a database. */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** Checks that the database answers; turns driver errors into one readable line. */
export async function assertReachable(target: DbTarget): Promise<void> {
  try {
    const adapter = await target.factory.connect();
    await adapter.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] });
    await adapter.dispose();
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string; code?: string } };
    const why = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
    throw new DbConfigError(`Cannot reach the database at ${target.description}: ${why}`);
  }
}
