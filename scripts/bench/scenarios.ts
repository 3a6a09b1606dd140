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

async function dropImportedSource(ctx: BenchContext, side: string, run: number) {
  const key = importSource(side, run);
  await ctx.raw.query(`DELETE FROM "Identity" WHERE "sourceId" IN (SELECT id FROM "Source" WHERE key = $1)`, [key]);
  await ctx.raw.query(`DELETE FROM "ImportJob" WHERE "sourceId" IN (SELECT id FROM "Source" WHERE key = $1)`, [key]);
  await ctx.raw.query(`DELETE FROM "Source" WHERE key = $1`, [key]);
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
    app: () => runRules({ actor: null }),
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
      for (let run = 0; run < 2; run++) importCsv(ctx, run, "app");
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
    after: (ctx, side, run) => (side === "app" ? dropImportedSource(ctx, side, run) : Promise.resolve()),
  },
];
