// The rule engine: runs the rules over the whole estate and reconciles the Finding table, set-based.
//
// One transaction, serialized by an advisory lock (several replicas or a CLI run and a job can call it at once):
//   1. per rule, two statements: its SELECT over the whole estate staged into a table (on PostgreSQL all rules first,
//      two at a time), then fully joined with the rule's findings on
//      (identityId, subjectKey) (no per-NHI loop): new hits are inserted OPEN, RESOLVED ones are reopened, EXCEPTED
//      ones keep their status; a finding is written only when something about it changed (evidence, severity,
//      mapping, status), so a re-run over an unchanged estate writes nothing. In the joining statement the rule's OPEN
//      and EXCEPTED findings it no longer hits become RESOLVED (resolvedAt = now): the cause is gone, accepted or not;
//   2. a full run also resolves the findings of rules no longer in the catalog;
//   3. risk exceptions are applied (lib/exceptions/coverage.ts): a finding covered by an approved, unexpired
//      exception is EXCEPTED (new and reopened ones included), an EXCEPTED one no longer covered is OPEN again;
//   4. the riskScore and riskReasons of every NHI whose findings (or other score inputs) changed are recomputed from
//      its OPEN findings (lib/rules/risk.ts);
//   5. one audit event "rules.run" with the counts per rule.
// Finding.lastSeenAt is when the finding was last (re)opened or its evidence last changed; an OPEN finding is
// current as of the last run (the rules.run audit event and JobRun say when that was).
import { db, dbKind, Prisma, type Severity, type Tx } from "../db";
import { recordAudit, type AuditActor } from "../audit/log";
import { loadRuleContext } from "./context";
import { RESCORE_TABLE, recomputeRiskScores } from "./risk";
import { applyExceptionCoverage } from "../exceptions/coverage";
import { RULES, RULE_BY_ID, UnknownRuleError, selectRules } from "./registry";
import { textSet, ts } from "./sql";
import { emitEventsFrom } from "../webhooks/emit";
import type { OwaspNhiId, RuleContext, RuleDefinition, Violation } from "./types";

const RULES_LOCK = 727_003_010;
/** Below this many rewritten rows a run leaves the dead tuples to the next vacuum. */
const VACUUM_AFTER_ROWS = 5_000;
/** Findings written by a run above which their statistics are refreshed before scoring. */
const ANALYZE_AFTER_ROWS = 50_000;

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
  /** OPEN or EXCEPTED findings resolved by this run (their cause is gone). */
  resolved: number;
  /** EXCEPTED findings of this rule after the run (covered by an approved exception). */
  excepted: number;
  /** Time spent evaluating the rule and upserting its findings. */
  ms: number;
}

export interface RuleRunSummary {
  now: string;
  unusedWindowDays: number;
  perRule: RuleRunStat[];
  totals: { open: number; new: number; resolved: number; excepted: number; retiredResolved: number };
  identitiesRescored: number;
  /** Finding and Identity rows this run wrote (0 on a re-run over an unchanged estate). */
  rowsWritten: number;
  /** Tables whose planner statistics were refreshed first (see refreshPlannerStats). */
  analyzed: string[];
  /**
   * Where the time went: context (settings; opens the database on first use), stats (refreshPlannerStats), lock
   * (transaction start and waiting for a concurrent run), rules (evaluate + upsert), resolve, risk, and vacuum when
   * the engine must do it itself (after the transaction: in durationMs, not in the audit event's).
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
  const loaded = await loadRuleContext({ now: opts.now, unusedWindowDays: opts.unusedWindowDays });
  const phase = phaseTimer(started);
  phase.lap("context");
  const analyzed = await refreshPlannerStats();
  phase.lap("stats");
  const stagedTables: string[] = [];
  const summary = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${RULES_LOCK})`);
      await tuneRunSession(tx);
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE ${RESCORE_TABLE} (id text PRIMARY KEY) ON COMMIT DROP`);
      const ctx: RuleContext = { ...loaded, now: opts.now ?? new Date() };
      phase.lap("lock");
      const hits = new Map<string, RuleHits>();
      const staged = dbKind() === "postgres" ? await stageConcurrently(tx, rules, ctx, stagedTables) : null;
      for (const rule of rules) hits.set(rule.id, await upsertRule(tx, rule, ctx, staged?.get(rule.id)));
      phase.lap("rules");
      const resolved = opts.ruleIds ? new Map<string, number>() : await resolveRetired(tx, ctx.now);
      for (const [id, h] of hits) if (h.resolved) resolved.set(id, h.resolved);
      const coverage = await applyExceptionCoverage(tx, { now: ctx.now });
      await markForRescore(tx, coverage.identityIds);
      // Webhook "finding.critical.created": findings this run opened for the first time (after exception coverage,
      // so an already-accepted risk is not announced as new).
      await emitEventsFrom(tx, "finding.critical.created", Prisma.sql`
        SELECT 'finding:' || f."id" || ':created' AS "dedupKey", jsonb_build_object(
          'finding', jsonb_build_object('id', f."id", 'ruleId', f."ruleId", 'owaspId', f."owaspId", 'severity', f."severity", 'status', f."status",
            'subjectKey', f."subjectKey", 'evidence', f."evidence", 'firstSeenAt', f."firstSeenAt"),
          'identity', jsonb_build_object('id', i."id", 'name', i."name", 'kind', i."kind", 'environment', i."environment", 'ownerId', i."ownerId"),
          'link', '/inventory/' || i."id") AS "data"
        FROM "Finding" f JOIN "Identity" i ON i."id" = f."identityId"
        WHERE f."severity" = 'CRITICAL' AND f."status" = 'OPEN' AND f."firstSeenAt" = ${ts(ctx.now)}`, ctx.now);
      const states = await countStates(tx, rules);
      phase.lap("resolve");
      // The risk scores aggregate every open finding. When this run wrote many (a first run, a large import), the
      // statistics gathered before it describe a different table: ANALYZE inside the transaction samples its own
      // new rows too, so the aggregate is planned for its real size (at 500,000 NHIs a first run's scoring otherwise
      // ran for minutes on plans made for an empty table).
      const written = [...hits.values()].reduce((n, h) => n + h.written + h.resolved, 0);
      if (written > ANALYZE_AFTER_ROWS) {
        await tx.$executeRawUnsafe(`ANALYZE "Finding"`);
        phase.lap("analyze");
      }
      const identitiesRescored = await recomputeRiskScores(tx, { dirty: true });
      phase.lap("risk");

      const perRule: RuleRunStat[] = rules.map((r) => ({
        id: r.id,
        owasp: r.owasp,
        severity: r.severity,
        open: states.get(r.id)?.open ?? 0,
        new: (hits.get(r.id)?.inserted ?? 0) + (hits.get(r.id)?.reopened ?? 0),
        reopened: hits.get(r.id)?.reopened ?? 0,
        resolved: resolved.get(r.id) ?? 0,
        excepted: states.get(r.id)?.excepted ?? 0,
        ms: hits.get(r.id)?.ms ?? 0,
      }));
      const sum = (k: "open" | "new" | "resolved" | "excepted") => perRule.reduce((n, r) => n + r[k], 0);
      const retiredResolved = [...resolved.entries()].filter(([id]) => !RULE_BY_ID.has(id)).reduce((n, [, c]) => n + c, 0);
      const summary: RuleRunSummary = {
        now: ctx.now.toISOString(),
        unusedWindowDays: ctx.unusedWindowDays,
        perRule,
        totals: { open: sum("open"), new: sum("new"), resolved: sum("resolved"), excepted: sum("excepted"), retiredResolved },
        identitiesRescored,
        rowsWritten: [...hits.values()].reduce((n, h) => n + h.written + h.resolved, 0) + retiredResolved + identitiesRescored,
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
  ).finally(() => dropTables(stagedTables));
  // A run rewrites the findings that changed and may rescore many NHIs. Autovacuum reclaims the old row versions on
  // a normal PostgreSQL; PGlite has none, and some servers run with it off (measured on one: 5.9 M dead rows after
  // six runs at 300k NHIs, and runs twice as slow). Then the engine vacuums what it churned itself, when it churned.
  if (summary.rowsWritten > VACUUM_AFTER_ROWS && (await needsOwnVacuum())) {
    await db.$executeRawUnsafe(`VACUUM "Finding", "Identity"`);
    phase.lap("vacuum");
    summary.durationMs = Math.round(performance.now() - started);
  }
  return summary;
}

/**
 * Session settings for the run's transaction only (SET LOCAL). The rules aggregate millions of grants per NHI: with
 * the default 4 MB of work memory their sorts and hash joins spill to disk, and JIT compilation cost about a second
 * per statement at 500,000 NHIs while saving less (measured with EXPLAIN ANALYZE).
 */
async function tuneRunSession(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
  if (dbKind() === "postgres") await tx.$executeRawUnsafe(`SET LOCAL jit = off`);
}

async function needsOwnVacuum(): Promise<boolean> {
  if (dbKind() === "pglite") return true;
  const [row] = await db.$queryRaw<Array<{ on: boolean }>>`SELECT current_setting('autovacuum') = 'on' AS on`;
  return !row?.on;
}

const STATS_TABLES = ["Identity", "Credential", "Entitlement", "User", "Finding"] as const;

/**
 * ANALYZEs the tables the rules read when their planner statistics are stale. PGlite has no autovacuum, so after a
 * seed or an import nothing else would ever gather them and the planner, guessing ~100 rows, picks nested loops
 * over tens of thousands (measured: 2x slower runs); there, "stale" = never analyzed or row count off by >20%
 * (count(*) is cheap at PGlite sizes). On PostgreSQL autovacuum normally keeps up; right after a bulk load it may not
 * have yet, which the server's own counters show without a scan. (Rows modified since the last ANALYZE count since
 * a run writes only the findings and scores that changed: a steady estate does not trigger an ANALYZE each run.)
 */
export async function refreshPlannerStats(): Promise<string[]> {
  let stale: string[];
  if (dbKind() === "postgres") {
    // Stale: never analyzed, a fifth of the rows changed since the last ANALYZE, or the row estimate is off by a fifth.
    // The row estimate alone misses a table that was bulk-loaded and then indexed (CREATE INDEX sets reltuples but
    // leaves no column statistics): the planner then guessed 164 active ADMIN/WRITE grants out of 3.2 million at
    // 500,000 NHIs and chose nested loops over all of them.
    const rows = await db.$queryRaw<Array<{ t: string; live: number; est: number; mod: number; analyzed: boolean }>>`
      SELECT s.relname AS t, s.n_live_tup::float8 AS live, c.reltuples::float8 AS est, s.n_mod_since_analyze::float8 AS mod,
        (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL) AS analyzed
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema() AND s.relname IN (${Prisma.join([...STATS_TABLES])})`;
    stale = rows
      .filter((r) => r.live > 1000 && (!r.analyzed || r.mod > 0.2 * r.live || r.est < 0 || Math.abs(r.live - r.est) > 0.2 * r.live))
      .map((r) => r.t);
  } else {
    const probes = STATS_TABLES.map(
      (t) => Prisma.sql`SELECT ${t} AS t, (SELECT reltuples FROM pg_class WHERE oid = ${`"${t}"`}::regclass)::float8 AS est,
        (SELECT count(*) FROM ${Prisma.raw(`"${t}"`)})::float8 AS n`,
    );
    const rows = await db.$queryRaw<Array<{ t: string; est: number; n: number }>>(Prisma.join(probes, " UNION ALL "));
    stale = rows.filter((r) => r.n > 0 && (r.est < 0 || Math.abs(r.n - r.est) > 0.2 * r.n)).map((r) => r.t);
  }
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

interface RuleHits {
  hits: number;
  inserted: number;
  reopened: number;
  /** OPEN or EXCEPTED findings of the rule it no longer hits, resolved by the same statement. */
  resolved: number;
  /** Finding rows inserted or rewritten (changed evidence, reopened). */
  written: number;
  ms: number;
}

/** The temporary table a rule's hits are staged in on PGlite (dropped after each rule, and at commit in any case). */
const HITS_TABLE = "steward_rule_hits";
/** Prefix of the unlogged tables rules are evaluated into concurrently on PostgreSQL (see stageConcurrently). */
const STAGED_PREFIX = "steward_hits_";
/** Rules evaluated at once on PostgreSQL, each on its own pooled connection. */
const EVAL_CONCURRENCY = 2;

/** Step 1a: evaluate the rule into `table` (exported for EXPLAIN in benchmarks). */
export function stageHitsSql(rule: RuleDefinition, ctx: RuleContext, table = HITS_TABLE): Prisma.Sql {
  const create = table === HITS_TABLE ? Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(table)} ON COMMIT DROP` : Prisma.sql`CREATE UNLOGGED TABLE ${Prisma.raw(table)}`;
  return Prisma.sql`${create} AS
    SELECT v."identityId", coalesce(v."subjectKey", '') AS "subjectKey", v."evidence" FROM (${rule.query(ctx)}) v`;
}

/**
 * Step 1a on PostgreSQL: every rule is evaluated before any is reconciled, EVAL_CONCURRENCY at a time on their own
 * connections, each into an unlogged table, the heavy ones first. A rule's time is mostly one process aggregating
 * millions of grants (PostgreSQL 15 cannot split an ordered aggregate across workers), so two rules at once use both
 * cores. Reading in other sessions changes nothing: in READ COMMITTED each rule's statement read its own snapshot
 * anyway. Runs are serialized by RULES_LOCK (held by `tx`), so tables left by a run that died are dropped here.
 */
interface Staged { table: string; ms: number }

async function stageConcurrently(tx: Tx, rules: readonly RuleDefinition[], ctx: RuleContext, tables: string[]): Promise<Map<string, Staged>> {
  const left = await tx.$queryRaw<{ t: string }[]>`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE ${`${STAGED_PREFIX}%`}`;
  for (const { t } of left) await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "${t}"`);
  const run = crypto.randomUUID().replace(/-/g, "").slice(0, 12);
  const queue = [...rules].sort((a, b) => Number(!!b.heavy) - Number(!!a.heavy)).map((rule, k) => ({ rule, table: `${STAGED_PREFIX}${run}_${k}` }));
  const staged = new Map<string, Staged>();
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { rule, table } = job;
      const t0 = performance.now();
      tables.push(table);
      await db.$transaction(async (t) => {
        await tuneRunSession(t);
        await t.$executeRaw(stageHitsSql(rule, ctx, table));
      }, { timeout: 60 * 60_000, maxWait: 120_000 }).catch((err) => {
        throw ruleFailed(rule, err);
      });
      staged.set(rule.id, { table, ms: performance.now() - t0 });
    }
  };
  await Promise.all(Array.from({ length: EVAL_CONCURRENCY }, worker));
  return staged;
}

async function dropTables(tables: readonly string[]): Promise<void> {
  for (const t of tables) await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${t}"`).catch(() => undefined);
}

/** Step 1b: reconcile the rule's findings with its staged hits (exported for EXPLAIN in benchmarks). */
export function reconcileSql(rule: RuleDefinition, now: Date, table = HITS_TABLE): Prisma.Sql {
  const at = ts(now);
  return Prisma.sql`
    WITH diff AS MATERIALIZED (
      SELECT h."identityId", h."subjectKey", h."evidence", f."id" AS "findingId",
        CASE
          WHEN f."id" IS NULL THEN 'insert'
          WHEN h."identityId" IS NULL THEN CASE WHEN f."status" IN ('OPEN', 'EXCEPTED') THEN 'resolve' END
          WHEN f."status" = 'RESOLVED' THEN 'reopen'
          WHEN f."evidence" IS DISTINCT FROM h."evidence" OR f."severity" <> ${rule.severity}::"Severity" OR f."owaspId" <> ${rule.owasp} THEN 'update'
        END AS op
      FROM ${Prisma.raw(table)} h
      FULL JOIN (SELECT * FROM "Finding" WHERE "ruleId" = ${rule.id}) f ON f."identityId" = h."identityId" AND f."subjectKey" = h."subjectKey"
    ), ins AS (
      INSERT INTO "Finding" ("id", "identityId", "ruleId", "owaspId", "severity", "status", "subjectKey", "evidence", "firstSeenAt", "lastSeenAt")
      SELECT 'fnd_' || replace(gen_random_uuid()::text, '-', ''), d."identityId", ${rule.id}, ${rule.owasp},
        ${rule.severity}::"Severity", 'OPEN', d."subjectKey", d."evidence", ${at}, ${at}
      FROM diff d WHERE d.op = 'insert'
      RETURNING "identityId"
    ), upd AS (
      UPDATE "Finding" f SET "lastSeenAt" = ${at}, "evidence" = d."evidence", "owaspId" = ${rule.owasp}, "severity" = ${rule.severity}::"Severity",
        "status" = CASE WHEN f."status" = 'RESOLVED' THEN 'OPEN'::"FindingStatus" ELSE f."status" END,
        "resolvedAt" = CASE WHEN f."status" = 'RESOLVED' THEN NULL ELSE f."resolvedAt" END
      FROM diff d WHERE d.op IN ('reopen', 'update') AND f."id" = d."findingId"
      RETURNING f."identityId"
    ), gone AS (
      UPDATE "Finding" f SET "status" = 'RESOLVED', "resolvedAt" = ${at}
      FROM diff d WHERE d.op = 'resolve' AND f."id" = d."findingId" AND f."status" IN ('OPEN', 'EXCEPTED')
      RETURNING f."identityId"
    ), rescore AS (
      -- The NHIs whose findings changed: their scores are recomputed at the end of the run.
      INSERT INTO ${Prisma.raw(RESCORE_TABLE)} (id)
      SELECT "identityId" FROM ins UNION SELECT "identityId" FROM upd UNION SELECT "identityId" FROM gone
      ON CONFLICT DO NOTHING
    )
    SELECT (SELECT count(*) FROM diff WHERE "identityId" IS NOT NULL)::int AS hits, (SELECT count(*) FROM ins)::int AS inserted,
      ((SELECT count(*) FROM ins) + (SELECT count(*) FROM upd))::int AS written,
      (SELECT count(*) FROM diff WHERE op = 'reopen')::int AS reopened, (SELECT count(*) FROM gone)::int AS resolved`;
}

/**
 * Step 1, per rule: evaluate it into a temporary table, then compare those hits with the rule's findings in one full
 * join and write only the differences: new hits inserted, RESOLVED ones hit again reopened, changed evidence (or
 * severity, mapping) rewritten, OPEN or EXCEPTED ones no longer hit resolved. Two statements, because PostgreSQL runs
 * a statement that writes without parallel workers, except CREATE TABLE AS: the evaluation (aggregating millions of
 * grants) gets both cores. An unchanged finding is only read, never locked or rewritten (an INSERT .. ON CONFLICT of
 * every hit locks each conflicting row even when nothing changes: 2 million findings dirtied per run at 500,000 NHIs).
 */
async function upsertRule(tx: Tx, rule: RuleDefinition, ctx: RuleContext, staged?: Staged): Promise<RuleHits> {
  // A rule staged concurrently counts its evaluation too (the run's "rules" phase is shorter than the sum).
  const t0 = performance.now() - (staged?.ms ?? 0);
  try {
    const table = staged?.table ?? HITS_TABLE;
    if (!staged) await tx.$executeRaw(stageHitsSql(rule, ctx));
    const [row] = await tx.$queryRaw<Array<Omit<RuleHits, "ms">>>(reconcileSql(rule, ctx.now, table));
    await tx.$executeRawUnsafe(`DROP TABLE "${table}"`);
    return {
      hits: row?.hits ?? 0, inserted: row?.inserted ?? 0, written: row?.written ?? 0, reopened: row?.reopened ?? 0, resolved: row?.resolved ?? 0,
      ms: Math.round(performance.now() - t0),
    };
  } catch (err) {
    // e.g. a unique violation: the rule yielded one subject twice.
    throw ruleFailed(rule, err);
  }
}

function ruleFailed(rule: RuleDefinition, err: unknown): Error {
  return new Error(`Rule ${rule.id} failed: ${(err as Error).message}`, { cause: err });
}

/** NHIs whose findings changed outside step 1 (exception coverage): rescored with the others. */
async function markForRescore(tx: Tx, identityIds: readonly string[]): Promise<void> {
  if (!identityIds.length) return;
  await tx.$executeRaw`INSERT INTO ${Prisma.raw(RESCORE_TABLE)} (id) SELECT x FROM ${textSet(identityIds)} AS t(x) ON CONFLICT DO NOTHING`;
}

/** Step 2, full runs only: findings of rules no longer in the catalog are resolved, or they would stay open forever. */
async function resolveRetired(tx: Tx, now: Date): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<Array<{ ruleId: string; n: number }>>`
    WITH r AS (
      UPDATE "Finding" f SET "status" = 'RESOLVED', "resolvedAt" = ${ts(now)}
      WHERE f."status" IN ('OPEN', 'EXCEPTED') AND f."ruleId" NOT IN (${Prisma.join(RULES.map((r) => r.id))})
      RETURNING f."ruleId", f."identityId"
    ), rescore AS (
      INSERT INTO ${Prisma.raw(RESCORE_TABLE)} (id) SELECT DISTINCT "identityId" FROM r ON CONFLICT DO NOTHING
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
