import type { Viewer } from "../../lib/auth/permissions";

export interface BenchContext {
  /** NHIs in the estate. */
  n: number;
  now: Date;
  /** Real viewers of the seeded estate, passed to the lib/ functions exactly as a page would. */
  admin: Viewer;
  owner: Viewer;
  /** The same database for the hand-written SQL side of each pair (a pg pool; PGlite's own client when embedded). */
  raw: RawSql;
  /** Random identity ids (fixed per run of the bench) for detail-style scenarios. */
  sampleIdentityIds: string[];
  /** Scratch directory for generated files (import CSVs). */
  tmpDir: string;
  log: (line: string) => void;
}

export interface Targets {
  /** p95 of the app side must be below this (ms). */
  p95Ms?: number;
  /** app p95 / raw p95 must be at most this. */
  maxRatio?: number;
  /** units per second (e.g. identities imported per second) must be at least this. */
  minRatePerSec?: number;
  /** Whole-run time for a single job (ms), e.g. campaign launch of 100,000 items < 10 s. */
  maxMs?: number;
}

/**
 * One benchmark: the app path through the real lib/ function, and beside it the best hand-written SQL giving the same
 * answer (when there is a meaningful one). Add a scenario by appending an object to SCENARIOS in scenarios.ts.
 */
export interface Scenario {
  id: string;
  title: string;
  /** Measured runs (default: the bench's --runs for reads). Jobs that rewrite the estate use 1-3. */
  runs?: number;
  /** Unmeasured runs first (caches, JIT, plan cache). Default 2. */
  warmup?: number;
  /** Work units per run, to report a rate (e.g. rows imported). */
  units?: number | ((ctx: BenchContext) => number);
  unitName?: string;
  targets?: Targets;
  /** Runs once before the measured runs (prepare inputs, pick ids, write files). */
  setup?: (ctx: BenchContext) => Promise<void>;
  app: (ctx: BenchContext, run: number) => Promise<unknown>;
  raw?: (ctx: BenchContext, run: number) => Promise<unknown>;
  /** Runs before each app or raw run, outside the timing (e.g. reset caches, serve the previous page). */
  before?: (ctx: BenchContext, side: "app" | "raw", run: number) => Promise<void>;
  /** Runs after each app or raw run, outside the timing (e.g. remove what an import created). */
  after?: (ctx: BenchContext, side: "app" | "raw", run: number) => Promise<void>;
  /** Runs once after the measured runs (remove what setup created). */
  teardown?: (ctx: BenchContext) => Promise<void>;
  /** Skip with a reason (e.g. too slow for this estate size). */
  skip?: (ctx: BenchContext) => string | null;
}

export interface RawSql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(text: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}
