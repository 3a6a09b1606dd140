// The one Prisma client (DESIGN.md 5.5). Nothing else imports the generated client.
import { PrismaClient } from "./generated/client";
import { env } from "../env";
import { createDbTarget, type DbKind } from "./connection";

export { Prisma, PrismaClient } from "./generated/client";
export * from "./generated/enums";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

interface DbHolder {
  client: PrismaClient;
  close: () => Promise<void>;
  kind: DbKind;
}

const globalForDb = globalThis as unknown as { __stewardDb?: DbHolder };

function create(): DbHolder {
  // One PGlite per data directory per process: the holder lives on globalThis so dev reloads reuse it.
  const target = createDbTarget();
  // A request's transaction waits up to 10 s for a pooled connection (Prisma's default is 2 s): under a burst the
  // requests queue instead of failing; past that the API answers 503 (lib/api/route.ts isPoolBusy).
  const client = new PrismaClient({ adapter: target.factory, transactionOptions: { maxWait: 10_000 } });
  return {
    client,
    kind: target.kind,
    close: async () => {
      await client.$disconnect();
      await target.close();
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

export function dbKind(): DbKind {
  return env().DATABASE_URL ? "postgres" : "pglite";
}

/** Closes the shared client (CLI and tests); the next use opens a new one. */
export async function closeDb(): Promise<void> {
  const h = globalForDb.__stewardDb;
  globalForDb.__stewardDb = undefined;
  if (h) await h.close();
}
