// Writes the demo estate (lib/seed/generate.ts) into the database with batched createMany. Used by
// `npm run steward -- seed` and by the first `npm start` on an empty embedded database.
import { db, type Prisma } from "../db";
import { hashPassword } from "../auth/password";
import { generateEstateBase, generateIdentityChunks } from "./generate";
import { DEMO_PASSWORD, type CredentialRow, type EntitlementRow, type EstateBase, type IdentityChunk, type IdentityRow } from "./types";

export { DEMO_PASSWORD } from "./types";
export { generateEstate, generateEstateBase, generateIdentityChunks } from "./generate";

/** The demo logins printed by `npm start`; all share the password DEMO_PASSWORD. */
export const DEMO_LOGINS = [
  { email: "admin@steward.local", role: "ADMIN" },
  { email: "ciso@steward.local", role: "SECURITY_VIEWER" },
  { email: "auditor@steward.local", role: "AUDITOR" },
  { email: "owner@steward.local", role: "OWNER" },
] as const;

export class SeedRefusedError extends Error {
  constructor(message = "The database already holds identities: the demo estate is only seeded into an empty database.") {
    super(message);
    this.name = "SeedRefusedError";
  }
}

export interface SeedOptions {
  identities?: number;
  seed?: number;
  now?: Date;
  /** "bulk" (default, fast) or "createMany" (Prisma's batched createMany; about 7x slower on PGlite). */
  method?: SeedMethod;
  /** Called after each chunk of identities is written: (identities written, identities in total). */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  identities: number;
  credentials: number;
  entitlements: number;
  users: number;
  teams: number;
  sources: number;
  rotationPolicies: number;
  seed: number;
  ms: number;
}

/** True when there are neither users nor identities (a fresh install). */
export async function isDatabaseEmpty(): Promise<boolean> {
  const [user, identity] = await Promise.all([
    db.user.findFirst({ select: { id: true } }),
    db.identity.findFirst({ select: { id: true } }),
  ]);
  return !user && !identity;
}

// PostgreSQL allows 65,535 bind parameters per statement and createMany binds every column of every row, so its
// batch size follows the row width.
const MAX_PARAMS = 30_000;
function batches<T extends object>(rows: readonly T[], maxRows = 5000): T[][] {
  if (rows.length === 0) return [];
  const size = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export type SeedMethod = "bulk" | "createMany";

type BulkTable = "Identity" | "Credential" | "Entitlement";

/**
 * Inserts rows of one of the three large tables. "bulk" sends each batch as one JSON parameter expanded
 * server-side by json_populate_recordset (one statement, one bind value): measured about 7x faster than
 * createMany on PGlite, where Prisma's per-value work dominates. Column names are the generated rows' keys,
 * which lib/seed/types.ts keeps assignable to Prisma's CreateManyInput (checked at compile time below).
 */
async function insertRows(table: BulkTable, rows: readonly object[], method: SeedMethod): Promise<void> {
  if (rows.length === 0) return;
  if (method === "createMany") {
    for (const b of batches(rows)) {
      if (table === "Identity") await db.identity.createMany({ data: b as IdentityRow[] });
      else if (table === "Credential") await db.credential.createMany({ data: b as CredentialRow[] });
      else await db.entitlement.createMany({ data: b as EntitlementRow[] });
    }
    return;
  }
  const cols = Object.keys(rows[0]!).map((c) => `"${c}"`).join(", ");
  const sql = `INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  for (let i = 0; i < rows.length; i += 5000) {
    await db.$executeRawUnsafe(sql, JSON.stringify(rows.slice(i, i + 5000)));
  }
}

// Compile-time guard: if the schema changes, these stop type-checking before the raw insert can drift.
type Assignable<T, U extends T> = U;
type NoExtraKeys<Row, Input> = [Exclude<keyof Row, keyof Input>] extends [never] ? true : false;
export type _RowChecks = [
  Assignable<Prisma.IdentityCreateManyInput, IdentityRow>,
  Assignable<Prisma.CredentialCreateManyInput, CredentialRow>,
  Assignable<Prisma.EntitlementCreateManyInput, EntitlementRow>,
  Assignable<true, NoExtraKeys<IdentityRow, Prisma.IdentityCreateManyInput>>,
  Assignable<true, NoExtraKeys<CredentialRow, Prisma.CredentialCreateManyInput>>,
  Assignable<true, NoExtraKeys<EntitlementRow, Prisma.EntitlementCreateManyInput>>,
];

/**
 * Rows that already exist are reused rather than duplicated: a user created with `steward user create` before
 * the first seed (same email), a team or source with the same name or key. Returns generated id -> stored id.
 */
async function writeBase(base: EstateBase) {
  const remap = new Map<string, string>();
  const created = { users: [] as string[], teams: [] as string[], sources: [] as string[], policies: [] as string[] };

  const existingTeams = await db.team.findMany({ where: { name: { in: base.teams.map((t) => t.name) } }, select: { id: true, name: true } });
  const teamByName = new Map(existingTeams.map((t) => [t.name, t.id]));
  const newTeams = base.teams.filter((t) => {
    const id = teamByName.get(t.name);
    if (id) remap.set(t.id, id);
    return !id;
  });
  // Leads are set after the users exist.
  for (const b of batches(newTeams.map((t) => ({ ...t, leadId: null })))) await db.team.createMany({ data: b });
  created.teams = newTeams.map((t) => t.id);

  const existingUsers = await db.user.findMany({ where: { email: { in: base.users.map((u) => u.email) } }, select: { id: true, email: true } });
  const userByEmail = new Map(existingUsers.map((u) => [u.email, u.id]));
  const newUsers = base.users.filter((u) => {
    const id = userByEmail.get(u.email);
    if (id) remap.set(u.id, id);
    return !id;
  });
  const r = (id: string | null) => (id === null ? null : (remap.get(id) ?? id));
  for (const b of batches(newUsers.map((u) => ({ ...u, teamId: r(u.teamId) })))) await db.user.createMany({ data: b });
  created.users = newUsers.map((u) => u.id);
  for (const t of newTeams) if (t.leadId) await db.team.update({ where: { id: t.id }, data: { leadId: r(t.leadId) } });

  const existingSources = await db.source.findMany({ where: { key: { in: base.sources.map((s) => s.key) } }, select: { id: true, key: true } });
  const sourceByKey = new Map(existingSources.map((s) => [s.key, s.id]));
  const newSources = base.sources.filter((s) => {
    const id = sourceByKey.get(s.key);
    if (id) remap.set(s.id, id);
    return !id;
  });
  for (const b of batches(newSources)) await db.source.createMany({ data: b });
  created.sources = newSources.map((s) => s.id);

  // Rotation policies are settings: an admin's own policies win over the demo defaults.
  if ((await db.rotationPolicy.count()) === 0) {
    await db.rotationPolicy.createMany({ data: base.rotationPolicies });
    created.policies = base.rotationPolicies.map((p) => p.id);
  }
  return { remap, created };
}

async function writeChunk(chunk: IdentityChunk, remap: Map<string, string>, method: SeedMethod) {
  const r = (id: string | null) => (id === null ? null : (remap.get(id) ?? id));
  const identities = remap.size === 0 ? chunk.identities : chunk.identities.map((i) => ({
    ...i,
    sourceId: r(i.sourceId)!,
    ownerId: r(i.ownerId),
    backupOwnerId: r(i.backupOwnerId),
    onBehalfOfUserId: r(i.onBehalfOfUserId),
    teamId: r(i.teamId),
  }));
  await insertRows("Identity", identities, method);
  await insertRows("Credential", chunk.credentials, method);
  await insertRows("Entitlement", chunk.entitlements, method);
}

/**
 * Seeds the deterministic demo estate. Refuses (SeedRefusedError) when any identity exists. If writing fails
 * half-way, what this call created is removed again so that a retry starts from the same empty state.
 */
export async function seedDemo(options: SeedOptions = {}): Promise<SeedSummary> {
  const t0 = performance.now();
  const identities = options.identities ?? 5000;
  const seed = options.seed ?? 42;
  const now = options.now ?? new Date();
  if (await db.identity.findFirst({ select: { id: true } })) throw new SeedRefusedError();

  // Hashing is deliberately slow: once for all four demo logins.
  const demoPasswordHash = await hashPassword(DEMO_PASSWORD);
  const opts = { identities, seed, now, demoPasswordHash };
  const base = generateEstateBase(opts);
  const { remap, created } = await writeBase(base);
  const summary: SeedSummary = {
    identities: 0, credentials: 0, entitlements: 0, users: created.users.length, teams: created.teams.length,
    sources: created.sources.length, rotationPolicies: created.policies.length, seed, ms: 0,
  };
  try {
    for (const chunk of generateIdentityChunks(opts, { base, chunkSize: 2000 })) {
      await writeChunk(chunk, remap, options.method ?? "bulk");
      summary.identities += chunk.identities.length;
      summary.credentials += chunk.credentials.length;
      summary.entitlements += chunk.entitlements.length;
      options.onProgress?.(summary.identities, identities);
    }
  } catch (err) {
    await undo(base, created).catch(() => undefined);
    throw err;
  }
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}

async function undo(base: EstateBase, created: { users: string[]; teams: string[]; sources: string[]; policies: string[] }) {
  // Identities only ever belong to sources of this seed (the database had none); credentials and entitlements cascade.
  const sourceIds = base.sources.map((s) => s.id);
  await db.identity.deleteMany({ where: { sourceId: { in: sourceIds } } });
  await db.source.deleteMany({ where: { id: { in: created.sources } } });
  await db.team.updateMany({ where: { id: { in: created.teams } }, data: { leadId: null } });
  await db.user.deleteMany({ where: { id: { in: created.users } } });
  await db.team.deleteMany({ where: { id: { in: created.teams } } });
  await db.rotationPolicy.deleteMany({ where: { id: { in: created.policies } } });
}
