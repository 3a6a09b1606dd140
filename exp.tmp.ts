import fs from "node:fs";
import { Prisma } from "./lib/db";
const { db, closeDb } = await import("./lib/db");
const { routedCte, snapshotCtes } = await import("./lib/campaigns/sql");

async function pgCpu(): Promise<number> {
  const rows = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* not local */ }
  }
  return ticks * 10;
}
const mode = process.argv[2] ?? "json";
const limit = Number(process.argv[3] ?? 100000);
const admin = await db.user.findFirstOrThrow({ where: { email: "admin@steward.local" } });
const ids = (await db.identity.findMany({ select: { id: true }, take: limit })).map((r) => r.id);
const now = new Date();
const cpu0 = await pgCpu();
const t0 = performance.now();
await db.$transaction(async (tx) => {
  if (mode === "json") {
    const n = await tx.$queryRaw<{ n: bigint; bytes: bigint }[]>(Prisma.sql`WITH ${routedCte({ ids, fallbackReviewerId: admin.id, backupReviewerId: null })}, ${snapshotCtes({ now, unusedWindowDays: 90, defaultMaxAgeDays: 90 })}
      SELECT count(*) AS n, sum(length(s.snapshot::text)) AS bytes FROM routed r JOIN snap s ON s.id = r."identityId"`);
    console.log(n);
  } else if (mode === "routed") {
    const n = await tx.$queryRaw(Prisma.sql`WITH ${routedCte({ ids, fallbackReviewerId: admin.id, backupReviewerId: null })} SELECT count(*) FROM routed`);
    console.log(n);
  } else if (mode === "norm") {
    await tx.$executeRawUnsafe(`CREATE TABLE x_item (id text PRIMARY KEY, "campaignId" text, "identityId" text, part text, "reviewerId" text, "routedBy" text, "teamId" text, snapshot json, UNIQUE ("campaignId", "identityId", part))`);
    await tx.$executeRawUnsafe(`CREATE INDEX ON x_item ("reviewerId", "campaignId")`);
    await tx.$executeRawUnsafe(`CREATE TABLE x_ent ("itemId" text, id text, resource text, permission text, privilege text, sensitivity text, via text, "viaName" text, "grantedAt" timestamp, "expiresAt" timestamp, "lastUsedAt" timestamp, unused boolean, suggested text, reason text, PRIMARY KEY ("itemId", id))`);
    let t = performance.now();
    const items = await tx.$executeRaw(Prisma.sql`WITH ${routedCte({ ids, fallbackReviewerId: admin.id, backupReviewerId: null })}
      INSERT INTO x_item SELECT 'ri_' || replace(gen_random_uuid()::text, '-', ''), 'c1', r."identityId", r.part::text, r."reviewerId", r."routedBy"::text, r."teamId",
        json_build_object('v', 2, 'identity', json_build_object('id', i.id, 'name', i.name, 'externalId', i."externalId", 'kind', i.kind, 'status', i.status, 'environment', i.environment, 'criticality', i.criticality, 'riskScore', i."riskScore", 'riskReasons', i."riskReasons", 'breakGlass', i."breakGlass", 'purpose', i.purpose, 'lastUsedAt', i."lastUsedAt", 'createdAtSource', i."createdAtSource", 'owner', json_build_object('id', o.id, 'name', o.name, 'email', o.email, 'active', o.active), 'delegatedScopes', to_json(i."delegatedScopes"), 'suggested', 'CONFIRM', 'reason', 'In use'))
      FROM routed r JOIN "Identity" i ON i.id = r."identityId" LEFT JOIN "User" o ON o.id = i."ownerId"`);
    console.log("items", items, Math.round(performance.now() - t)); t = performance.now();
    const ents = await tx.$executeRaw(Prisma.sql`INSERT INTO x_ent SELECT it.id, e.id, e.resource, e.permission, e.privilege::text, e.sensitivity::text, e.via::text, e."viaName", e."grantedAt", e."expiresAt", e."lastUsedAt", e."lastUsedAt" < now(), CASE WHEN e."lastUsedAt" < now() - interval '90 days' THEN 'REVOKE' ELSE 'KEEP' END, 'Used ' || floor(extract(epoch from (now() - e."lastUsedAt"))/86400)::int || ' days ago'
      FROM x_item it JOIN "Entitlement" e ON e."identityId" = it."identityId" WHERE e.status = 'ACTIVE' AND it.part = 'ACCESS'`);
    console.log("ents", ents, Math.round(performance.now() - t));
  } else if (mode === "norm2") {
    await tx.$executeRawUnsafe(`CREATE TABLE x_item (id text PRIMARY KEY, "campaignId" text, "identityId" text, part text, "reviewerId" text, "routedBy" text, "teamId" text, UNIQUE ("campaignId", "identityId", part))`);
    await tx.$executeRawUnsafe(`CREATE INDEX ON x_item ("reviewerId", "campaignId")`);
    await tx.$executeRawUnsafe(`CREATE TABLE x_idn ("campaignId" text, "identityId" text, name text, "externalId" text, kind text, status text, environment text, criticality text, "riskScore" int, "riskReasons" jsonb, "isPrivileged" bool, "breakGlass" bool, "breakGlassTestedAt" timestamp, shared bool, purpose text, "purposeConfirmedAt" timestamp, "lastUsedAt" timestamp, "createdAtSource" timestamp, "sourceKey" text, "sourcePlatform" text, "sourceName" text, "teamId" text, "teamName" text, "ownerId" text, "ownerName" text, "ownerEmail" text, "ownerActive" bool, "backupOwnerId" text, "backupOwnerName" text, "onBehalfOfId" text, "onBehalfOfName" text, "onBehalfOfActive" bool, "delegatedScopes" text[], suggested text, reason text, PRIMARY KEY ("campaignId", "identityId"))`);
    await tx.$executeRawUnsafe(`CREATE TABLE x_ent ("campaignId" text, "identityId" text, id text, resource text, permission text, privilege text, sensitivity text, via text, "viaName" text, "grantedAt" timestamp, "expiresAt" timestamp, "lastUsedAt" timestamp, unused boolean, suggested text, PRIMARY KEY ("campaignId", "identityId", id))`);
    let t = performance.now(); let c = await pgCpu();
    await tx.$executeRawUnsafe(`CREATE TEMP TABLE routed ON COMMIT DROP AS SELECT 1`);
    const items = await tx.$executeRaw(Prisma.sql`WITH ${routedCte({ ids, fallbackReviewerId: admin.id, backupReviewerId: null })}
      INSERT INTO x_item SELECT 'ri_' || replace(gen_random_uuid()::text, '-', ''), 'c1', r."identityId", r.part::text, r."reviewerId", r."routedBy"::text, r."teamId" FROM routed r`);
    console.log("items", items, Math.round(performance.now() - t), (await pgCpu()) - c); t = performance.now(); c = await pgCpu();
    const idn = await tx.$executeRaw(Prisma.sql`INSERT INTO x_idn SELECT 'c1', i.id, i.name, i."externalId", i.kind::text, i.status::text, i.environment::text, i.criticality::text, i."riskScore", i."riskReasons", i."isPrivileged", i."breakGlass", i."breakGlassTestedAt", i.shared, i.purpose, i."purposeConfirmedAt", i."lastUsedAt", i."createdAtSource", s.key, s.platform, s.name, t.id, t.name, o.id, o.name, o.email, o.active, b.id, b.name, h.id, h.name, h.active, i."delegatedScopes", CASE WHEN i."lastUsedAt" < now() - interval '90 days' THEN 'DECOMMISSION' ELSE 'CONFIRM' END, 'In use (last used ' || floor(extract(epoch from (now() - i."lastUsedAt"))/86400)::int || ' days ago)'
      FROM x_item it JOIN "Identity" i ON i.id = it."identityId" JOIN "Source" s ON s.id = i."sourceId" LEFT JOIN "Team" t ON t.id = i."teamId" LEFT JOIN "User" o ON o.id = i."ownerId" LEFT JOIN "User" b ON b.id = i."backupOwnerId" LEFT JOIN "User" h ON h.id = i."onBehalfOfUserId" WHERE it.part = 'ACCESS'`);
    console.log("idn", idn, Math.round(performance.now() - t), (await pgCpu()) - c); t = performance.now(); c = await pgCpu();
    const ents = await tx.$executeRaw(Prisma.sql`INSERT INTO x_ent SELECT 'c1', e."identityId", e.id, e.resource, e.permission, e.privilege::text, e.sensitivity::text, e.via::text, e."viaName", e."grantedAt", e."expiresAt", e."lastUsedAt", e."lastUsedAt" < now(), CASE WHEN e."lastUsedAt" < now() - interval '90 days' THEN 'REVOKE' ELSE 'KEEP' END
      FROM x_idn it JOIN "Entitlement" e ON e."identityId" = it."identityId" WHERE e.status = 'ACTIVE'`);
    console.log("ents", ents, Math.round(performance.now() - t), (await pgCpu()) - c);
  } else if (mode === "rows") {
    await tx.$executeRawUnsafe(`CREATE TEMP TABLE acc (item text, kind text, tid text, resource text, permission text, privilege text, sensitivity text, via text, "viaName" text, "grantedAt" timestamp, "expiresAt" timestamp, "lastUsedAt" timestamp, unused boolean) ON COMMIT DROP`);
    const n = await tx.$executeRaw(Prisma.sql`INSERT INTO acc SELECT e."identityId", 'E', e.id, e.resource, e.permission, e.privilege::text, e.sensitivity::text, e.via::text, e."viaName", e."grantedAt", e."expiresAt", e."lastUsedAt", e."lastUsedAt" < now() FROM unnest(${ids}::text[]) s(id) JOIN "Entitlement" e ON e."identityId" = s.id WHERE e.status = 'ACTIVE'`);
    console.log(n);
  }
  throw new Error("rollback");
}, { timeout: 3600_000 }).catch((e) => { if (e.message !== "rollback") throw e; });
const ms = Math.round(performance.now() - t0);
console.log(mode, limit, "wall ms", ms, "pg cpu ms", (await pgCpu()) - cpu0);
await closeDb();
