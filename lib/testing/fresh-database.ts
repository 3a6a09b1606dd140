// New, empty databases on the PostgreSQL server of a URL, for the data-layer tests and the e2e server.
import crypto from "node:crypto";
import pg from "pg";

async function withServer<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Creates `<prefix><random>` on the server of `serverUrl` and returns its name and URL. With `dropIdle`, first drops
 * the idle databases of earlier runs with the same prefix (a killed process had no chance to drop its own).
 */
export async function createFreshDatabase(serverUrl: string, prefix: string, { dropIdle = false, template }: { dropIdle?: boolean; template?: string } = {}) {
  const name = `${prefix}${crypto.randomBytes(5).toString("hex")}`;
  await withServer(serverUrl, async (c) => {
    if (dropIdle) {
      const stale = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
      for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    }
    await c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
