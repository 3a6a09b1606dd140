import fs from "node:fs";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { env } from "../env";

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
 * mkdir -p, one level at a time: Node's own recursive mkdir never returns under some virtual file systems (seen
 * with /proc), and a start command must fail with a message, not hang.
 */
export function mkdirp(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) mkdirp(parent);
  fs.mkdirSync(dir);
}

/**
 * Opens the database named by the environment: PostgreSQL when DATABASE_URL is set, otherwise PGlite in
 * STEWARD_DATA_DIR/db. Returns an adapter factory usable by both Prisma Client and the schema engine.
 */
export async function openDbTarget(): Promise<DbTarget> {
  const url = env().DATABASE_URL;
  if (url) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const pg = await import("pg");
    const pool = new pg.default.Pool({ connectionString: url, max: env().STEWARD_DB_POOL });
    return {
      kind: "postgres",
      description: redactUrl(url),
      factory: new PrismaPg(pool),
      close: () => pool.end(),
    };
  }
  const dir = path.join(dataDir(), "db");
  ensureDataDir(dir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const client = new PGlite(dir);
  await client.waitReady;
  return {
    kind: "pglite",
    description: dir,
    factory: new PrismaPGlite(client),
    close: () => client.close(),
  };
}

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
