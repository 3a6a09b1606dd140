// The rule engine: runs the rules over the whole estate and reconciles the Finding table, set-based.
//
// One transaction, serialized by an advisory lock (several replicas or a CLI run and a job can call it at once):
//   1. each rule's SELECT is inserted into a temporary table of hits (one statement per rule, no per-NHI loop);
//   2. hits are upserted into Finding on (identityId, ruleId, subjectKey): new ones are OPEN, seen ones get
//      lastSeenAt/evidence refreshed, RESOLVED ones are reopened; EXCEPTED ones keep their status (the risk
//      acceptance decides, not the engine) but their evidence stays current;
//   3. OPEN findings of the rules that ran and were not hit this time become RESOLVED (resolvedAt = now);
//      EXCEPTED ones are left alone. A full run also resolves OPEN findings of rules no longer in the catalog;
//   4. every NHI's riskScore and riskReasons are recomputed from OPEN findings (lib/rules/risk.ts);
//   5. one audit event "rules.run" with the counts per rule.
// Running it twice with the same data changes nothing but lastSeenAt.
import { db, dbKind, Prisma, type Severity, type Tx } from "../db";
import { recordAudit, type AuditActor } from "../audit/log";
import { loadRuleContext } from "./context";
import { recomputeRiskScores } from "./risk";
import { RULES, RULE_BY_ID, UnknownRuleError, selectRules } from "./registry";
import { ts } from "./sql";
import type { OwaspNhiId, RuleContext, RuleDefinition, Violation } from "./types";

const RULES_LOCK = 727_003_010;
const HIT_TABLE = Prisma.raw(`"steward_rule_hit"`);

export interface RunRulesOptions {
  now?: Date;
  /** Run only these rules (their findings alone are reconciled); all rules when absent. */
  ruleIds?: readonly string[];
  /** Overrides the Setting "rules.unusedWindowDays" for this run. */
  unusedWindowDays?: number;
  /** Who asked (CLI: null = system). */
  actor?: AuditActor | null;
}

export interface RuleRunStat {
  id: string;
  owasp: OwaspNhiId;
  severity: Severity;
  /** OPEN findings of this rule after the run. */
  open: number;
  /** Findings opened by this run: first seen, or reopened after being resolved. */
  new: number;
  /** Of `new`, those that had been RESOLVED before. */
  reopened: number;
  /** OPEN findings resolved by this run. */
  resolved: number;
  /** EXCEPTED findings of this rule (left alone). */
  excepted: number;
  /** Time spent evaluating the rule's query. */
  ms: number;
}

export interface RuleRunSummary {
  now: string;
  unusedWindowDays: number;
  perRule: RuleRunStat[];
  totals: { open: number; new: number; resolved: number; excepted: number; retiredResolved: number };
  identitiesRescored: number;
  /** Tables whose planner statistics were refreshed first (see refreshPlannerStats). */
  analyzed: string[];
  /**
   * Where the time went: context (settings; opens the database on first use), stats (refreshPlannerStats), lock
   * (transaction start and waiting for a concurrent run), rules, upsert, resolve, risk, and on PGlite vacuum (after
   * the transaction: in durationMs, not in the audit event's).
   */
  phaseMs: Record<string, number>;
  durationMs: number;
}

/**
 * Evaluates one rule without touching findings: the violations it finds now (for previews and tests), at most
 * `limit` of them when given.
 */
export async function findViolations(
  rule: RuleDefinition | string,
  over: Partial<RuleContext> & { limit?: number } = {},
): Promise<Violation[]> {
  const def = typeof rule === "string" ? RULE_BY_ID.get(rule) : rule;
  if (!def) throw new UnknownRuleError(`Unknown rule id(s): ${String(rule)}`);
  const { limit, ...ctxOver } = over;
  const ctx = await loadRuleContext(ctxOver);
  const cap = limit === undefined ? Prisma.empty : Prisma.sql` LIMIT ${Math.max(0, Math.trunc(limit))}::int`;
  return db.$queryRaw<Violation[]>(Prisma.sql`SELECT v."identityId", v."subjectKey", v."evidence" FROM (${def.query(ctx)}) v${cap}`);
}

export async function runRules(opts: RunRulesOptions = {}): Promise<RuleRunSummary> {
  const started = performance.now();
  const rules = selectRules(opts.ruleIds);
  const ctx = await loadRuleContext({ now: opts.now, unusedWindowDays: opts.unusedWindowDays });
  const phase = phaseTimer(started);
  phase.lap("context");
  const analyzed = await refreshPlannerStats();
  phase.lap("stats");
  const summary = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${RULES_LOCK})`);
      phase.lap("lock");
      const ms = await collectHits(tx, rules, ctx);
      phase.lap("rules");
      const before = await classifyHits(tx);
      await upsertFindings(tx, rules, ctx.now);
      phase.lap("upsert");
      const resolved = await resolveMissing(tx, rules, ctx.now, !opts.ruleIds);
      const states = await countStates(tx, rules);
      phase.lap("resolve");
      const identitiesRescored = await recomputeRiskScores(tx);
      phase.lap("risk");

      const perRule: RuleRunStat[] = rules.map((r) => ({
        id: r.id,
        owasp: r.owasp,
        severity: r.severity,
        open: states.get(r.id)?.open ?? 0,
        new: (before.get(r.id)?.inserted ?? 0) + (before.get(r.id)?.reopened ?? 0),
        reopened: before.get(r.id)?.reopened ?? 0,
        resolved: resolved.get(r.id) ?? 0,
        excepted: states.get(r.id)?.excepted ?? 0,
        ms: ms.get(r.id) ?? 0,
      }));
      const sum = (k: "open" | "new" | "resolved" | "excepted") => perRule.reduce((n, r) => n + r[k], 0);
      const retiredResolved = [...resolved.entries()].filter(([id]) => !RULE_BY_ID.has(id)).reduce((n, [, c]) => n + c, 0);
      const summary: RuleRunSummary = {
        now: ctx.now.toISOString(),
        unusedWindowDays: ctx.unusedWindowDays,
        perRule,
        totals: { open: sum("open"), new: sum("new"), resolved: sum("resolved"), excepted: sum("excepted"), retiredResolved },
        identitiesRescored,
        analyzed,
        phaseMs: phase.laps,
        durationMs: Math.round(performance.now() - started),
      };
      await recordAudit(tx, {
        actor: opts.actor ?? null,
        action: "rules.run",
        targetType: "RuleEngine",
        meta: {
          now: summary.now,
          ruleIds: opts.ruleIds ? rules.map((r) => r.id) : "all",
          unusedWindowDays: ctx.unusedWindowDays,
          perRule: Object.fromEntries(perRule.map((r) => [r.id, { open: r.open, new: r.new, resolved: r.resolved, excepted: r.excepted }])),
          totals: summary.totals,
          identitiesRescored,
          durationMs: summary.durationMs,
        },
      });
      return summary;
    },
    // A full run over a large estate takes a while; the default 5 s interactive-transaction limit is for requests.
    { timeout: 60 * 60_000, maxWait: 120_000 },
  );
  // Every run rewrites each seen finding (lastSeenAt). PostgreSQL's autovacuum reclaims the old row versions; PGlite
  // has no autovacuum, so without this the Finding table would grow by its own size on every run.
  if (dbKind() === "pglite") {
    await db.$executeRawUnsafe(`VACUUM "Finding", "Identity"`);
    phase.lap("vacuum");
    summary.durationMs = Math.round(performance.now() - started);
  }
  return summary;
}

const STATS_TABLES = ["Identity", "Credential", "Entitlement", "User", "Finding"] as const;

/**
 * ANALYZEs the tables the rules read when their planner statistics are missing or off by more than 20% from the
 * real row count. PGlite has no autovacuum, so after a seed or an import nothing else would ever gather them and the
 * planner, guessing ~100 rows, picks nested loops over tens of thousands (measured: 2x slower runs). On PostgreSQL
 * autovacuum usually got there first and this costs a few count(*)s.
 */
export async function refreshPlannerStats(): Promise<string[]> {
  const probes = STATS_TABLES.map(
    (t) => Prisma.sql`SELECT ${t} AS t, (SELECT reltuples FROM pg_class WHERE oid = ${`"${t}"`}::regclass)::float8 AS est,
      (SELECT count(*) FROM ${Prisma.raw(`"${t}"`)})::float8 AS n`,
  );
  const rows = await db.$queryRaw<Array<{ t: string; est: number; n: number }>>(Prisma.join(probes, " UNION ALL "));
  const stale = rows.filter((r) => r.n > 0 && (r.est < 0 || Math.abs(r.n - r.est) > 0.2 * r.n)).map((r) => r.t);
  for (const t of stale) await db.$executeRawUnsafe(`ANALYZE "${t}"`);
  return stale;
}

function phaseTimer(from: number) {
  let t = from;
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const n = performance.now();
      laps[name] = Math.round(n - t);
      t = n;
    },
  };
}

/** Step 1: each rule's violations into a temporary table; returns the milliseconds each rule took. */
async function collectHits(tx: Tx, rules: readonly RuleDefinition[], ctx: RuleContext): Promise<Map<string, number>> {
  // The primary key makes a rule that yields the same (identity, subject) twice fail loudly here, naming itself,
  // instead of failing the upsert later with a vaguer error.
  await tx.$executeRaw`CREATE TEMP TABLE ${HIT_TABLE} (
    "ruleId" text NOT NULL, "identityId" text NOT NULL, "subjectKey" text NOT NULL, "evidence" jsonb NOT NULL,
    PRIMARY KEY ("identityId", "ruleId", "subjectKey")) ON COMMIT DROP`;
  const ms = new Map<string, number>();
  for (const rule of rules) {
    const t0 = performance.now();
    try {
      await tx.$executeRaw`INSERT INTO ${HIT_TABLE} ("ruleId", "identityId", "subjectKey", "evidence")
        SELECT ${rule.id}, v."identityId", coalesce(v."subjectKey", ''), v."evidence" FROM (${rule.query(ctx)}) v`;
    } catch (err) {
      throw new Error(`Rule ${rule.id} failed: ${(err as Error).message}`, { cause: err });
    }
    ms.set(rule.id, Math.round(performance.now() - t0));
  }
  await tx.$executeRaw`ANALYZE ${HIT_TABLE}`;
  return ms;
}

/** Step 2a: per rule, how many hits are brand new and how many reopen a RESOLVED finding. */
async function classifyHits(tx: Tx): Promise<Map<string, { inserted: number; reopened: number }>> {
  const rows = await tx.$queryRaw<Array<{ ruleId: string; inserted: number; reopened: number }>>`
    SELECT h."ruleId", count(*) FILTER (WHERE f."id" IS NULL)::int AS inserted,
      count(*) FILTER (WHERE f."status" = 'RESOLVED')::int AS reopened
    FROM ${HIT_TABLE} h
    LEFT JOIN "Finding" f ON f."identityId" = h."identityId" AND f."ruleId" = h."ruleId" AND f."subjectKey" = h."subjectKey"
    GROUP BY h."ruleId"`;
  return new Map(rows.map((r) => [r.ruleId, { inserted: r.inserted, reopened: r.reopened }]));
}

/** Step 2b: one INSERT .. ON CONFLICT for all hits. */
async function upsertFindings(tx: Tx, rules: readonly RuleDefinition[], now: Date): Promise<void> {
  const meta = Prisma.join(rules.map((r) => Prisma.sql`(${r.id}, ${r.owasp}, ${r.severity})`));
  await tx.$executeRaw`
    INSERT INTO "Finding" ("id", "identityId", "ruleId", "owaspId", "severity", "status", "subjectKey", "evidence", "firstSeenAt", "lastSeenAt")
    SELECT 'fnd_' || replace(gen_random_uuid()::text, '-', ''), h."identityId", h."ruleId", m.owasp, m.severity::"Severity",
      'OPEN', h."subjectKey", h."evidence", ${ts(now)}, ${ts(now)}
    FROM ${HIT_TABLE} h
    JOIN (VALUES ${meta}) AS m("ruleId", owasp, severity) ON m."ruleId" = h."ruleId"
    ON CONFLICT ("identityId", "ruleId", "subjectKey") DO UPDATE SET
      "lastSeenAt" = EXCLUDED."lastSeenAt",
      "evidence" = EXCLUDED."evidence",
      "owaspId" = EXCLUDED."owaspId",
      "severity" = EXCLUDED."severity",
      "status" = CASE WHEN "Finding"."status" = 'RESOLVED' THEN 'OPEN'::"FindingStatus" ELSE "Finding"."status" END,
      "resolvedAt" = CASE WHEN "Finding"."status" = 'RESOLVED' THEN NULL ELSE "Finding"."resolvedAt" END`;
}

/** Step 3: OPEN findings not hit this run become RESOLVED. Returns counts per rule id. */
async function resolveMissing(tx: Tx, rules: readonly RuleDefinition[], now: Date, fullRun: boolean): Promise<Map<string, number>> {
  const ran = Prisma.join(rules.map((r) => r.id));
  // On a full run, findings of rules that no longer exist are resolved too, or they would stay open forever.
  const retired = fullRun ? Prisma.sql` OR f."ruleId" NOT IN (${Prisma.join(RULES.map((r) => r.id))})` : Prisma.empty;
  const rows = await tx.$queryRaw<Array<{ ruleId: string; n: number }>>`
    WITH r AS (
      UPDATE "Finding" f SET "status" = 'RESOLVED', "resolvedAt" = ${ts(now)}
      WHERE f."status" = 'OPEN' AND (f."ruleId" IN (${ran})${retired})
        AND NOT EXISTS (SELECT 1 FROM ${HIT_TABLE} h
          WHERE h."identityId" = f."identityId" AND h."ruleId" = f."ruleId" AND h."subjectKey" = f."subjectKey")
      RETURNING f."ruleId"
    )
    SELECT "ruleId", count(*)::int AS n FROM r GROUP BY "ruleId"`;
  return new Map(rows.map((r) => [r.ruleId, r.n]));
}

async function countStates(tx: Tx, rules: readonly RuleDefinition[]): Promise<Map<string, { open: number; excepted: number }>> {
  const rows = await tx.$queryRaw<Array<{ ruleId: string; open: number; excepted: number }>>`
    SELECT "ruleId", count(*) FILTER (WHERE "status" = 'OPEN')::int AS open,
      count(*) FILTER (WHERE "status" = 'EXCEPTED')::int AS excepted
    FROM "Finding" WHERE "ruleId" IN (${Prisma.join(rules.map((r) => r.id))}) AND "status" <> 'RESOLVED'
    GROUP BY "ruleId"`;
  return new Map(rows.map((r) => [r.ruleId, { open: r.open, excepted: r.excepted }]));
}
