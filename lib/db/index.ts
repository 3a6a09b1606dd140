// The one Prisma client (DESIGN.md 5.5). Nothing else imports the generated client.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";
import { dataDir, ensureDataDir } from "./connection";

export { Prisma, PrismaClient } from "./generated/client";
export * from "./generated/enums";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

interface DbHolder {
  client: PrismaClient;
  close: () => Promise<void>;
  kind: "pglite" | "postgres";
}

const globalForDb = globalThis as unknown as { __stewardDb?: DbHolder };

function create(): DbHolder {
  const url = env().DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: env().STEWARD_DB_POOL });
    const client = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      client,
      kind: "postgres",
      close: async () => {
        await client.$disconnect();
        await pool.end();
      },
    };
  }
  const dir = path.join(dataDir(), "db");
  ensureDataDir(dir);
  // One PGlite per data directory per process: the holder lives on globalThis so dev reloads reuse it.
  const pglite = new PGlite(dir);
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    client,
    kind: "pglite",
    close: async () => {
      await client.$disconnect();
      await pglite.close();
    },
  };
}

function holder(): DbHolder {
  globalForDb.__stewardDb ??= create();
  return globalForDb.__stewardDb;
}

/** The shared Prisma client, opened on first use. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = holder().client as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export function dbKind(): "pglite" | "postgres" {
  return env().DATABASE_URL ? "postgres" : "pglite";
}

/** Closes the shared client (CLI and tests); the next use opens a new one. */
export async function closeDb(): Promise<void> {
  const h = globalForDb.__stewardDb;
  globalForDb.__stewardDb = undefined;
  if (h) await h.close();
}
