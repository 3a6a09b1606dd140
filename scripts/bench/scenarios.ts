// The benchmark scenarios, in run order. Each pairs the app path (real lib/ function, real viewer) with the best
// hand-written SQL for the same answer. To add one (dashboard, campaign launch, owner decision...), append an object.
import fs from "node:fs";
import path from "node:path";
import { listIdentities, getIdentityDetail } from "../../lib/identities/queries";
import { ZInventoryQuery } from "../../lib/identities/schemas";
import { resetInventoryCaches } from "../../lib/identities/paging";
import { listFindings } from "../../lib/findings/queries";
import { ZFindingQuery } from "../../lib/findings/schemas";
import { runRules } from "../../lib/rules/engine";
import { runImport } from "../../lib/imports/pipeline";
import { newIds } from "../../lib/imports/sql";
import { getPostureDashboard } from "../../lib/posture/queries";
import { ZPostureFilters } from "../../lib/posture/schemas";
import { writeDailySnapshot } from "../../lib/posture/snapshot";
import { createCampaign, launchCampaign } from "../../lib/campaigns/mutations";
import { decide } from "../../lib/campaigns/decisions";
import type { Viewer } from "../../lib/auth/permissions";
import type { BenchContext, Scenario } from "./types";

const PAGE = 50;
// Issue 7 targets at 500,000 NHIs.
const INVENTORY_TARGETS = { p95Ms: 150, maxRatio: 5 };

// --- inventory: the row the list shows, as one statement with its joins -----------------------------------------
const INVENTORY_COLUMNS = `i.id, i.name, i."externalId", i.kind, i.status, i.environment, i.criticality, i."riskScore",
  i."isPrivileged", i."platformManaged", i."lastUsedAt", i."oldestCredentialAt", i."unusedEntitlements",
  i."entitlementCount", i."credentialCount", o.id AS "ownerId", o.name AS "ownerName", o.active AS "ownerActive",
  s.id AS "sourceId", s.key AS "sourceKey", s.platform AS "sourcePlatform"`;

async function rawInventoryPage(ctx: BenchContext, where: string, params: unknown[], tail: string) {
  const from = `FROM "Identity" i`;
  const [rows, count] = await Promise.all([
    ctx.raw.query(
      `SELECT ${INVENTORY_COLUMNS} ${from} LEFT JOIN "User" o ON o.id = i."ownerId" JOIN "Source" s ON s.id = i."sourceId"
       WHERE ${where} ${tail}`,
      params,
    ),
    ctx.raw.query(`SELECT count(*)::int AS n ${from} WHERE ${where}`, params),
  ]);
  if (rows.rowCount === 0 && count.rows[0].n > 0) throw new Error("raw inventory page came back empty");
  return rows.rows;
}

const SEARCH_TERM = "payroll";
const FILTERS = { kind: "SERVICE_ACCOUNT", env: "PROD", criticality: "HIGH" } as const;
/** The page 90% of the way through the default sort: a user jumping near the end. */
const deepPage = (ctx: BenchContext) => Math.max(1, Math.floor((ctx.n * 0.9) / PAGE));
// Keyset position of the deep page, looked up once: the best SQL for "page k" when the previous page is known.
let deepKey: { riskScore: number; id: string } | null = null;

function rawDeepPage(ctx: BenchContext) {
  return deepKey
    ? rawInventoryPage(ctx, `(i."riskScore", i.id) < ($1, $2)`, [deepKey.riskScore, deepKey.id], `ORDER BY i."riskScore" DESC, i.id DESC LIMIT ${PAGE}`)
    : rawInventoryPage(ctx, "true", [], `ORDER BY i."riskScore" DESC, i.id DESC LIMIT ${PAGE}`);
}

// --- import: 100,000 generic-template rows (one identity, one credential, one entitlement each) -----------------
const IMPORT_ROWS = 100_000;
function importCsv(ctx: BenchContext, run: number, side: string): string {
  const file = path.join(ctx.tmpDir, `import-${side}-${run}.csv`);
  if (fs.existsSync(file)) return file;
  const kinds = ["service account", "api key", "workload", "ci_cd_token", "oauth"];
  const envs = ["prod", "staging", "dev"];
  const lines = ["external_id,name,kind,environment,owner_email,purpose,credential_id,credential_type,credential_created_at,entitlement_resource,entitlement_action,privilege"];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    lines.push(
      [
        `bench-${side}-${run}-${i}`, `bench-svc-${i}`, kinds[i % kinds.length], envs[i % 3], i % 7 === 0 ? "" : "owner@steward.local",
        `Benchmark workload ${i} exporting nightly reports`, `key-${i}`, "access_key", "2025-06-01T00:00:00Z",
        `arn:aws:s3:::bench-bucket-${i % 500}`, i % 5 === 0 ? "s3:PutObject" : "s3:GetObject", i % 5 === 0 ? "WRITE" : "READ",
      ].join(","),
    );
  }
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}
const importSource = (side: string, run: number) => `manual:bench-${side}-${run}`;

/**
 * The floor for the import: the same rows written by plain multi-row INSERTs (unnest of column arrays, 5,000 rows per
 * statement, ids made by the client), into the same tables with the same indexes and triggers, with none of the
 * import's work (no lookups, no change records, no merge rules, no rollups, no owners). Run interleaved with the app
 * side, so both see the same load.
 */
async function rawImport(ctx: BenchContext, file: string, sourceKey: string): Promise<void> {
  const lines = fs.readFileSync(file, "utf8").split("\n").slice(1).filter(Boolean);
  const [src] = (await ctx.raw.query(
    `INSERT INTO "Source" (id, key, platform, name) VALUES ($1, $2, 'manual', $2) RETURNING id`,
    [newIds(1)[0], sourceKey],
  )).rows;
  const kinds: Record<string, string> = { "service account": "SERVICE_ACCOUNT", "api key": "API_KEY", workload: "WORKLOAD_IDENTITY", ci_cd_token: "CI_CD_TOKEN", oauth: "OAUTH_APP" };
  const envs: Record<string, string> = { prod: "PROD", staging: "STAGING", dev: "DEV" };
  // Statement by statement (the raw side is a pool, not one connection); the after() hook removes it all.
  {
    for (let at = 0; at < lines.length; at += 5000) {
      const rows = lines.slice(at, at + 5000).map((l) => l.split(","));
      const ids = newIds(rows.length);
      await ctx.raw.query(
        `INSERT INTO "Identity" (id, "sourceId", "externalId", name, kind, environment, purpose, "credentialCount", "entitlementCount", "updatedAt", "accessChangedAt")
         SELECT id, $1, x, n, k::"IdentityKind", e::"Environment", p, 1, 1, now(), (now() AT TIME ZONE 'UTC') FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(id, x, n, k, e, p)`,
        [src.id, ids, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => kinds[r[2]]), rows.map((r) => envs[r[3]]), rows.map((r) => r[5])],
      );
      await ctx.raw.query(
        `INSERT INTO "Credential" (id, "identityId", "externalId", type, status, "createdAt")
         SELECT id, i, x, 'ACCESS_KEY', 'ACTIVE', c::timestamp(3) FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, i, x, c)`,
        [newIds(rows.length), ids, rows.map((r) => r[6]), rows.map((r) => r[8])],
      );
      await ctx.raw.query(
        `INSERT INTO "Entitlement" (id, "identityId", resource, permission, privilege)
         SELECT id, i, r, p, v::"Privilege" FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, i, r, p, v)`,
        [newIds(rows.length), ids, rows.map((r) => r[9]), rows.map((r) => r[10]), rows.map((r) => r[11])],
      );
    }
  }
}

async function dropImportedSource(ctx: BenchContext, side: string, run: number) {
  const key = importSource(side, run);
  await ctx.raw.query(`DELETE FROM "Identity" WHERE "sourceId" IN (SELECT id FROM "Source" WHERE key = $1)`, [key]);
  await ctx.raw.query(`DELETE FROM "ImportJob" WHERE "sourceId" IN (SELECT id FROM "Source" WHERE key = $1)`, [key]);
  await ctx.raw.query(`DELETE FROM "Source" WHERE key = $1`, [key]);
}

// --- campaigns: a DRAFT over "risk >= k", k chosen so the scope holds about the wanted number of NHIs -------------
const CAMPAIGN_ITEMS = 100_000;
let launchRiskMin = 0;
let launchCampaignId: string | null = null;
let launchedItems = 0;
let decisionCampaignId: string | null = null;
let decisionReviewer: Viewer | null = null;
let decisionItems: string[] = [];
let decisionsMade = 0;

/** The smallest riskMin whose scope holds at most `target` reviewable NHIs (or the closest above it). */
async function riskMinFor(ctx: BenchContext, target: number): Promise<number> {
  const rows = (await ctx.raw.query(
    `SELECT "riskScore" AS k, sum(count(*)) OVER (ORDER BY "riskScore" DESC) AS n FROM "Identity"
     WHERE status <> 'DELETED_AT_SOURCE' AND NOT "platformManaged" GROUP BY "riskScore" ORDER BY "riskScore" DESC`,
  )).rows as { k: number; n: string }[];
  let best = rows[0]?.k ?? 0;
  for (const r of rows) {
    if (Number(r.n) > target) break;
    best = r.k;
  }
  return best;
}

async function draftCampaign(ctx: BenchContext, riskMin: number, label: string): Promise<string> {
  const c = await createCampaign(ctx.admin, {
    name: `Benchmark ${label} (risk >= ${riskMin})`,
    scope: { riskMin },
    fallbackReviewerId: ctx.admin.id,
    dueAt: new Date(Date.now() + 30 * 86_400_000),
    noResponseOutcome: "NO_CHANGE",
  } as Parameters<typeof createCampaign>[1]);
  return c.id;
}

async function dropCampaign(ctx: BenchContext, id: string | null): Promise<void> {
  if (!id) return;
  await ctx.raw.query(`DELETE FROM "RemediationTask" WHERE "campaignId" = $1`, [id]).catch(() => undefined);
  await ctx.raw.query(`DELETE FROM "Campaign" WHERE id = $1`, [id]);
  // 100,000 deleted review items would otherwise sit as dead rows in every later scan of the table until autovacuum
  // (which a busy machine postpones).
  await ctx.raw.query(`VACUUM "ReviewItem"`);
}

export const SCENARIOS: Scenario[] = [
  {
    id: "inventory.default",
    title: "Inventory, default sort (risk), page 1",
    targets: INVENTORY_TARGETS,
    app: (ctx) => listIdentities(ctx.admin, ZInventoryQuery.parse({})),
    raw: (ctx) => rawInventoryPage(ctx, "true", [], `ORDER BY i."riskScore" DESC, i.id DESC LIMIT ${PAGE}`),
  },
  {
    id: "inventory.search",
    title: `Inventory, text search "${SEARCH_TERM}"`,
    targets: INVENTORY_TARGETS,
    app: (ctx) => listIdentities(ctx.admin, ZInventoryQuery.parse({ q: SEARCH_TERM })),
    raw: (ctx) =>
      rawInventoryPage(
        ctx,
        `(i.name ILIKE $1 OR i."externalId" ILIKE $1 OR i.purpose ILIKE $1)`,
        [`%${SEARCH_TERM}%`],
        `ORDER BY i."riskScore" DESC, i.id DESC LIMIT ${PAGE}`,
      ),
  },
  {
    id: "inventory.filters",
    title: "Inventory, 3 filters (kind, environment, criticality)",
    targets: INVENTORY_TARGETS,
    app: (ctx) => listIdentities(ctx.admin, ZInventoryQuery.parse(FILTERS)),
    raw: (ctx) =>
      rawInventoryPage(
        ctx,
        `i.kind = $1::"IdentityKind" AND i.environment = $2::"Environment" AND i.criticality = $3::"Criticality"`,
        [FILTERS.kind, FILTERS.env, FILTERS.criticality],
        `ORDER BY i."riskScore" DESC, i.id DESC LIMIT ${PAGE}`,
      ),
  },
  {
    id: "inventory.deep",
    title: "Inventory, cold jump to a deep page (90% through, e.g. a bookmark)",
    targets: INVENTORY_TARGETS,
    setup: async (ctx) => {
      const r = await ctx.raw.query(
        `SELECT "riskScore", id FROM "Identity" ORDER BY "riskScore" DESC, id DESC OFFSET $1 LIMIT 1`,
        [(deepPage(ctx) - 1) * PAGE - 1],
      );
      deepKey = r.rows[0] ?? null;
    },
    // Nothing remembered: the app takes its ids-only OFFSET path.
    before: async () => resetInventoryCaches(),
    app: (ctx) => listIdentities(ctx.admin, ZInventoryQuery.parse({ page: String(deepPage(ctx)) })),
    // Best SQL: keyset after the previous page's last row, an index range scan however deep.
    raw: (ctx) => rawDeepPage(ctx),
  },
  {
    id: "inventory.next",
    title: "Inventory, Next from a deep page (page k+1 after page k)",
    targets: INVENTORY_TARGETS,
    // Serve page k first (untimed), as the user just did; the timed request is page k+1.
    before: async (ctx, side) => {
      resetInventoryCaches();
      if (side === "app") await listIdentities(ctx.admin, ZInventoryQuery.parse({ page: String(deepPage(ctx) - 1) }));
    },
    app: (ctx) => listIdentities(ctx.admin, ZInventoryQuery.parse({ page: String(deepPage(ctx)) })),
    raw: (ctx) => rawDeepPage(ctx),
  },
  {
    id: "inventory.owner",
    title: "Inventory, an owner's own NHIs",
    targets: INVENTORY_TARGETS,
    app: (ctx) => listIdentities(ctx.owner, ZInventoryQuery.parse({})),
    raw: (ctx) =>
      rawInventoryPage(ctx, `(i."ownerId" = $1 OR i."backupOwnerId" = $1)`, [ctx.owner.id], `ORDER BY i."riskScore" DESC, i.id DESC LIMIT ${PAGE}`),
  },
  {
    id: "identity.detail",
    title: "NHI detail (identity, credentials, entitlements, activity)",
    targets: { p95Ms: 150, maxRatio: 5 },
    app: (ctx, run) => getIdentityDetail(ctx.admin, ctx.sampleIdentityIds[run % ctx.sampleIdentityIds.length]!),
    raw: (ctx, run) =>
      ctx.raw.query(
        `SELECT i.*, row_to_json(o) AS owner, row_to_json(s) AS source,
           (SELECT json_agg(c ORDER BY c.status, c."createdAt") FROM (SELECT * FROM "Credential" WHERE "identityId" = i.id LIMIT 500) c) AS credentials,
           (SELECT json_agg(e ORDER BY e.status, e.privilege, e."lastUsedAt" NULLS FIRST, e.id) FROM (SELECT * FROM "Entitlement" WHERE "identityId" = i.id LIMIT 500) e) AS entitlements,
           (SELECT json_agg(a) FROM (SELECT id, at, "actorEmail", action FROM "AuditEvent" WHERE "targetType" = 'Identity' AND "targetId" = i.id ORDER BY seq DESC LIMIT 50) a) AS activity
         FROM "Identity" i LEFT JOIN "User" o ON o.id = i."ownerId" JOIN "Source" s ON s.id = i."sourceId" WHERE i.id = $1`,
        [ctx.sampleIdentityIds[run % ctx.sampleIdentityIds.length]],
      ),
  },
  {
    id: "findings.page",
    title: "Findings, open, by severity, page 1 (with OWASP counts)",
    targets: { p95Ms: 150, maxRatio: 5 },
    app: (ctx) => listFindings(ctx.admin, ZFindingQuery.parse({})),
    raw: async (ctx) => {
      const [rows] = await Promise.all([
        ctx.raw.query(
          `SELECT f.id, f."ruleId", f."owaspId", f.severity, f.status, f.evidence, f."firstSeenAt", f."lastSeenAt", f."resolvedAt",
                  i.id AS "identityId", i.name, i.kind, o.name AS "ownerName", s.key AS "sourceKey"
           FROM "Finding" f JOIN "Identity" i ON i.id = f."identityId" LEFT JOIN "User" o ON o.id = i."ownerId"
           JOIN "Source" s ON s.id = i."sourceId"
           WHERE f.status = 'OPEN' ORDER BY f.severity ASC, f."firstSeenAt" ASC, f.id ASC LIMIT ${PAGE}`,
        ),
        ctx.raw.query(`SELECT count(*)::int FROM "Finding" WHERE status = 'OPEN'`),
        ctx.raw.query(`SELECT "owaspId", count(*)::int FROM "Finding" WHERE status = 'OPEN' GROUP BY 1`),
      ]);
      return rows.rows;
    },
  },
  {
    id: "rules.run",
    title: "Rule run (all rules: findings + risk scores)",
    runs: 2,
    warmup: 0,
    units: (ctx) => ctx.n,
    unitName: "NHIs",
    app: async (ctx) => {
      const r = await runRules({ actor: null });
      // Where the time went: phases, and the slowest rules (each rule is one set-based statement).
      const slow = [...r.perRule].sort((a, b) => b.ms - a.ms).slice(0, 6).map((x) => `${x.id} ${(x.ms / 1000).toFixed(1)} s`);
      ctx.log(`  rule run: ${JSON.stringify(r.phaseMs)}; slowest: ${slow.join(", ")}; rescored ${r.identitiesRescored}`);
      return r;
    },
  },
  {
    id: "import.generic",
    title: `Import of ${IMPORT_ROWS.toLocaleString("en")} generic CSV rows (new NHIs)`,
    runs: 2,
    warmup: 0,
    units: IMPORT_ROWS,
    unitName: "identities",
    targets: { minRatePerSec: 10_000 },
    setup: async (ctx) => {
      for (let run = 0; run < 2; run++) for (const side of ["app", "raw"]) importCsv(ctx, run, side);
    },
    // The same function the CLI and the upload page call (without the rule run that follows it there).
    app: async (ctx, run) => {
      const file = importCsv(ctx, run, "app");
      const s = await runImport({
        actor: { id: null, email: "bench" },
        format: "generic",
        fileName: path.basename(file),
        buffer: fs.readFileSync(file),
        sourceKey: importSource("app", run),
      });
      if (s.status !== "SUCCEEDED" || s.identities.created !== IMPORT_ROWS) {
        throw new Error(`import ${s.status}: ${JSON.stringify(s.identities)} ${JSON.stringify(s.rowErrors.slice(0, 3))}`);
      }
      return s;
    },
    raw: (ctx, run) => rawImport(ctx, importCsv(ctx, run, "raw"), importSource("raw", run)),
    after: (ctx, side, run) => dropImportedSource(ctx, side, run),
  },
  {
    id: "dashboard",
    title: "CISO dashboard data (snapshot rows: 90-day series, latest breakdowns, top 10 risky)",
    targets: { p95Ms: 300 },
    app: (ctx) => getPostureDashboard(ctx.admin, ZPostureFilters.parse({})),
    raw: async (ctx) => {
      const [last] = (await ctx.raw.query(`SELECT max(day) AS day FROM "PostureSnapshot"`)).rows;
      await Promise.all([
        ctx.raw.query(
          `SELECT day, sum(identities) AS identities, sum(orphans) AS orphans, sum(privileged) AS privileged, sum(credentials) AS credentials,
             sum("credentialsCompliant") AS compliant, sum("findingsCritical") AS critical, sum("findingsHigh") AS high
           FROM "PostureSnapshot" WHERE day > $1::date - 90 AND day <= $1::date AND "teamId" = '' AND "sourceId" = '' AND environment = ''
           GROUP BY day ORDER BY day`,
          [last.day],
        ),
        ctx.raw.query(`SELECT * FROM "PostureSnapshot" WHERE day = $1::date AND "sourceId" <> ''`, [last.day]),
        ctx.raw.query(`SELECT id, name, "riskScore" FROM "Identity" WHERE status <> 'DELETED_AT_SOURCE' ORDER BY "riskScore" DESC, id DESC LIMIT 10`),
      ]);
    },
  },
  {
    id: "snapshot.job",
    title: "Daily posture snapshot job (today's rows per team, source and environment)",
    runs: 2,
    warmup: 0,
    units: (ctx) => ctx.n,
    unitName: "NHIs",
    app: () => writeDailySnapshot(),
  },
  {
    id: "campaign.launch",
    title: `Campaign launch of ~${CAMPAIGN_ITEMS.toLocaleString("en")} review items (scope: risk >= k)`,
    // Four: a launch that follows the start of a checkpoint writes every page it touches in full to the WAL, and two
    // runs made that one run the p50 or not by chance.
    runs: 4,
    warmup: 0,
    units: () => launchedItems || CAMPAIGN_ITEMS,
    unitName: "items",
    targets: { maxMs: 10_000 },
    setup: async (ctx) => {
      launchRiskMin = await riskMinFor(ctx, CAMPAIGN_ITEMS);
    },
    before: async (ctx) => {
      launchCampaignId = await draftCampaign(ctx, launchRiskMin, "launch");
    },
    app: async (ctx) => {
      const r = await launchCampaign(ctx.admin, launchCampaignId!);
      launchedItems = r.items;
      return r;
    },
    after: (ctx) => dropCampaign(ctx, launchCampaignId),
  },
  {
    id: "campaign.decision",
    title: "Owner decision round trip (one review item confirmed, with purpose)",
    targets: { p95Ms: 100 },
    setup: async (ctx) => {
      const id = await draftCampaign(ctx, await riskMinFor(ctx, 2000), "decisions");
      await launchCampaign(ctx.admin, id);
      const [busiest] = (await ctx.raw.query(
        `SELECT "reviewerId" FROM "ReviewItem" WHERE "campaignId" = $1 AND "reviewerId" IS NOT NULL AND part = 'ACCESS' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
        [id],
      )).rows;
      const [u] = (await ctx.raw.query(`SELECT id, email, name, role FROM "User" WHERE id = $1`, [busiest.reviewerId])).rows;
      decisionReviewer = u as Viewer;
      decisionItems = (await ctx.raw.query(
        `SELECT id FROM "ReviewItem" WHERE "campaignId" = $1 AND "reviewerId" = $2 AND part = 'ACCESS' ORDER BY id`,
        [id, u.id],
      )).rows.map((r: { id: string }) => r.id);
      decisionCampaignId = id;
    },
    teardown: (ctx) => dropCampaign(ctx, decisionCampaignId),
    // Each save decides another item (warm-up runs included), as a reviewer working down the inbox.
    app: async (_ctx) => {
      const run = decisionsMade++;
      const itemId = decisionItems[run % decisionItems.length];
      if (!itemId) throw new Error("no review item to decide");
      return decide(decisionReviewer!, itemId, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }], purpose: `Benchmark: purpose confirmed (${run}).` });
    },
  },
];
