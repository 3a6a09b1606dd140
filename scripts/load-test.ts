// `npm run load-test -- [--url http://127.0.0.1:3000] [--duration 60] [--dashboard 10] [--inventory 10]
//                      [--decide 50 [--campaign ID]] [--server-pid PID] [--json]`
// A bounded load test of a running Steward server, loopback only: virtual users sign in over HTTP, then each loops
// on its profile's requests (no think time) for --duration seconds. Reports per profile the requests, errors and
// p50/p95/p99 latency, and the server's peak RSS when --server-pid is given; writes bench/results/load-*.json.
// Add a profile by appending to PROFILES.
//
// --decide N: N owners deciding review items of an ACTIVE campaign (the one given, else the latest) through
// POST /api/v1/review-items/{id}/decision. Demo owners have no password, so each acts through an API token
// (review:decide, one day) minted here for the N reviewers with the most undecided items, and revoked at the end:
// this needs DATABASE_URL naming the server's database. Each owner works down its own undecided items.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "./bench/report";

interface VirtualUser {
  cookie: string;
  index: number;
  /** API token instead of the session cookie (decision profile). */
  bearer?: string;
  /** The review items this virtual user decides, in order. */
  items?: string[];
}

interface Profile {
  id: string;
  /** How many virtual users by default (overridden by --<id> N). */
  users: number;
  email: string;
  /** The next request of one virtual user. */
  request: (vu: VirtualUser, iteration: number) => { method: "GET" | "POST"; path: string; body?: string };
  /** Signs in its own users (API tokens); `cleanup` undoes it. Default: one session for `email`. */
  prepare?: (n: number, opts: { campaign?: string }) => Promise<{ users: Omit<VirtualUser, "index">[]; cleanup: () => Promise<void> }>;
}

const PASSWORD = process.env.STEWARD_PASSWORD ?? "steward-demo";
const SORTS = ["risk", "name", "lastUsed", "credentialAge"];

const PROFILES: Profile[] = [
  // The CISO dashboard (app/(dashboard)/page.tsx).
  { id: "dashboard", users: 10, email: "ciso@steward.local", request: () => ({ method: "GET", path: "/" }) },
  // Inventory pages: first pages in several sorts, a filter, and a search.
  {
    id: "inventory",
    users: 10,
    email: "admin@steward.local",
    request: (vu, i) => {
      const n = vu.index * 7 + i;
      const variants = [
        `/inventory?sort=${SORTS[n % SORTS.length]}`,
        `/inventory?page=${(n % 20) + 2}`,
        "/inventory?kind=SERVICE_ACCOUNT&env=PROD&criticality=HIGH",
        "/inventory?q=payroll",
      ];
      return { method: "GET", path: variants[n % variants.length]! };
    },
  },
  // Owners deciding review items (confirm the NHI and its purpose), each on its own items.
  {
    id: "decide",
    users: 0,
    email: "",
    request: (vu, i) => ({
      method: "POST",
      path: `/api/v1/review-items/${vu.items![i % vu.items!.length]}/decision`,
      body: JSON.stringify({ decisions: [{ target: "IDENTITY", decision: "CONFIRM" }], purpose: `Load test: purpose confirmed (${i}).` }),
    }),
    prepare: prepareDeciders,
  },
];

/** API tokens for the `n` reviewers of the campaign with the most undecided items, and their item ids. */
async function prepareDeciders(n: number, opts: { campaign?: string }) {
  if (!process.env.DATABASE_URL) throw new Error("--decide needs DATABASE_URL (the server's database): owners act through API tokens minted here");
  const { db, closeDb } = await import("../lib/db");
  const { createApiToken, revokeApiToken } = await import("../lib/tokens/mutations");
  const campaign = opts.campaign
    ? await db.campaign.findUnique({ where: { id: opts.campaign }, select: { id: true, status: true } })
    : await db.campaign.findFirst({ where: { status: "ACTIVE" }, orderBy: { launchedAt: "desc" }, select: { id: true, status: true } });
  if (!campaign || campaign.status !== "ACTIVE") throw new Error("--decide needs an ACTIVE campaign (launch one, or name it with --campaign)");
  const reviewers = await db.$queryRaw<{ reviewerId: string }[]>`
    SELECT "reviewerId" FROM "ReviewItem" WHERE "campaignId" = ${campaign.id} AND "reviewerId" IS NOT NULL AND "decidedAt" IS NULL
      AND part = 'ACCESS'
    GROUP BY 1 ORDER BY count(*) DESC LIMIT ${n}`;
  if (reviewers.length < n) throw new Error(`--decide ${n}: the campaign has only ${reviewers.length} reviewers with undecided items`);
  const users: Omit<VirtualUser, "index">[] = [];
  const minted: { viewer: { id: string; email: string; name: string | null; role: string }; tokenId: string }[] = [];
  for (const { reviewerId } of reviewers) {
    const viewer = await db.user.findUniqueOrThrow({ where: { id: reviewerId }, select: { id: true, email: true, name: true, role: true } });
    const t = await createApiToken(viewer as never, { name: "load test: decisions", scopes: ["review:decide"], expiresInDays: 1 });
    minted.push({ viewer, tokenId: t.id });
    const items = await db.reviewItem.findMany({
      // ACCESS items (a DELEGATION item takes keep/reduce/revoke of the human's authority, not a confirmation).
      where: { campaignId: campaign.id, reviewerId, decidedAt: null, part: "ACCESS" },
      select: { id: true },
      orderBy: { id: "asc" },
      take: 5000,
    });
    users.push({ cookie: "", bearer: t.token, items: items.map((r) => r.id) });
  }
  return {
    users,
    cleanup: async () => {
      for (const m of minted) await revokeApiToken(m.viewer as never, m.tokenId);
      await closeDb();
    },
  };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

async function signIn(base: string, email: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }).toString(),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      url: { type: "string", default: "http://127.0.0.1:3000" },
      duration: { type: "string", default: "60" },
      "server-pid": { type: "string" },
      campaign: { type: "string" },
      json: { type: "boolean", default: false },
      ...Object.fromEntries(PROFILES.map((p) => [p.id, { type: "string" as const }])),
    },
    strict: true,
  });
  const base = String(values.url).replace(/\/$/, "");
  const url = new URL(base);
  if (!LOOPBACK.has(url.hostname)) {
    console.error(`load-test: ${url.hostname} is not a loopback address; this tool only loads a server on this machine.`);
    return 2;
  }
  const duration = Number(values.duration);
  if (!Number.isFinite(duration) || duration < 1 || duration > 600) {
    console.error("load-test: --duration must be 1 to 600 seconds");
    return 2;
  }
  const counts = PROFILES.map((p) => {
    const v = (values as Record<string, unknown>)[p.id];
    const n = v === undefined ? p.users : Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 500) throw new Error(`--${p.id} must be 0 to 500 virtual users`);
    return n;
  });
  const pid = values["server-pid"] ? Number(values["server-pid"]) : null;

  // Sign in once per profile (a session cookie is per user, and sign-in is not what is measured).
  const cookies = new Map<string, string>();
  for (const [i, p] of PROFILES.entries()) if (counts[i]! > 0 && !p.prepare && !cookies.has(p.email)) cookies.set(p.email, await signIn(base, p.email));
  const prepared = new Map<string, Awaited<ReturnType<NonNullable<Profile["prepare"]>>>>();
  const cleanups: (() => Promise<void>)[] = [];
  try {
    for (const [i, p] of PROFILES.entries()) {
      if (counts[i]! > 0 && p.prepare) {
        const r = await p.prepare(counts[i]!, { campaign: values.campaign });
        prepared.set(p.id, r);
        cleanups.push(r.cleanup);
      }
    }
    return await run();
  } finally {
    for (const c of cleanups) await c();
  }

  async function run(): Promise<number> {

  const samples = new Map<string, number[]>(PROFILES.map((p) => [p.id, []]));
  const errors = new Map<string, Record<string, number>>(PROFILES.map((p) => [p.id, {}]));
  const deadline = Date.now() + duration * 1000;
  let peakRss = pid ? (rssMb(pid) ?? 0) : 0;
  const startRss = peakRss;
  const rssTimer = pid ? setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid) ?? 0)), 250) : null;

  const loops: Promise<void>[] = [];
  for (const [pi, p] of PROFILES.entries()) {
    for (let u = 0; u < counts[pi]!; u++) {
      const vu: VirtualUser = prepared.has(p.id) ? { ...prepared.get(p.id)!.users[u]!, index: u } : { cookie: cookies.get(p.email)!, index: u };
      loops.push(
        (async () => {
          for (let i = 0; Date.now() < deadline; i++) {
            const r = p.request(vu, i);
            const t = performance.now();
            let outcome: string;
            try {
              const res = await fetch(`${base}${r.path}`, {
                method: r.method,
                redirect: "manual",
                headers: {
                  ...(vu.bearer ? { authorization: `Bearer ${vu.bearer}` } : { cookie: vu.cookie }),
                  ...(r.body ? { "content-type": "application/json" } : {}),
                },
                body: r.body,
                signal: AbortSignal.timeout(30_000),
              });
              const body = await res.text();
              // Errors are counted by status and the API's message (redirects of an expired session have none).
              const message = res.ok ? "" : ((): string => {
                try {
                  return String((JSON.parse(body) as { error?: { message?: string } }).error?.message ?? "").slice(0, 100);
                } catch {
                  return "";
                }
              })();
              outcome = res.status >= 200 && res.status < 300 ? "ok" : `HTTP ${res.status}${message ? `: ${message}` : ""}`;
            } catch (err) {
              outcome = (err as Error).name === "TimeoutError" ? "timeout" : `network: ${(err as Error).message}`;
            }
            samples.get(p.id)!.push(performance.now() - t);
            if (outcome !== "ok") errors.get(p.id)![outcome] = (errors.get(p.id)![outcome] ?? 0) + 1;
          }
        })(),
      );
    }
  }
  await Promise.all(loops);
  if (rssTimer) clearInterval(rssTimer);

  const profiles = PROFILES.map((p, i) => {
    const s = samples.get(p.id)!.sort((a, b) => a - b);
    const errs = errors.get(p.id)!;
    const r = (x: number) => Math.round(x * 10) / 10;
    return {
      id: p.id,
      users: counts[i]!,
      requests: s.length,
      perSec: r(s.length / duration),
      errors: Object.values(errs).reduce((a, b) => a + b, 0),
      errorKinds: errs,
      p50: r(percentile(s, 50)),
      p95: r(percentile(s, 95)),
      p99: r(percentile(s, 99)),
      max: r(s[s.length - 1] ?? NaN),
    };
  });
  const report = { at: new Date().toISOString(), url: base, durationSec: duration, profiles, serverRssMb: pid ? { start: startRss, peak: peakRss } : null, note: process.env.BENCH_NOTE ?? null };
  const dir = path.resolve("bench/results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `load-${report.at.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const p of profiles.filter((x) => x.users > 0)) {
      console.log(`${p.id.padEnd(10)} ${String(p.users).padStart(3)} users  ${String(p.requests).padStart(6)} req  ${String(p.perSec).padStart(6)}/s  p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms  errors ${p.errors}${p.errors ? ` ${JSON.stringify(p.errorKinds)}` : ""}`);
    }
    if (report.serverRssMb) console.log(`server RSS: ${report.serverRssMb.start} MB at start, ${report.serverRssMb.peak} MB peak`);
  }
  console.error(`Results: ${path.relative(process.cwd(), file)}`);
  return profiles.some((p) => p.errors > 0) ? 1 : 0;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`load-test: ${(err as Error).message ?? err}`);
    process.exit(1);
  },
);
