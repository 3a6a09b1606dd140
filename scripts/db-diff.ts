// Development: writes the next migration from the difference between prisma/migrations and the schema.
// Usage: npm run db:diff -- <name>. Uses the wasm schema engine on a throwaway in-memory PGlite (no server needed).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PGLITE_EXTENSIONS } from "../lib/db/connection";
import { MIGRATIONS_DIR, NO_FILTERS, openSchemaEngine, readMigrations, readSchema } from "../lib/db/schema-engine";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(1);
}
const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
const factory = new PrismaPGlite(pglite);
// The engine replays the migrations into a shadow database, which the adapter opens without extensions.
factory.connectToShadowDb = () => new PrismaPGlite(new PGlite({ dataDir: "memory://shadow", extensions: PGLITE_EXTENSIONS })).connect();
const engine = await openSchemaEngine(factory);
const migrations = readMigrations();
const from = migrations.migrationDirectories.length ? { tag: "migrations" as const, ...migrations } : { tag: "empty" as const };
const result = await engine.diff({
  from,
  to: { tag: "schemaDatamodel", files: [readSchema()] },
  script: true,
  exitCode: null,
  filters: NO_FILTERS,
});
engine.free();
await pglite.close();
const sql = (result as { stdout?: string }).stdout ?? "";
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log("Schema and migrations agree: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "postgresql"\n');
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
