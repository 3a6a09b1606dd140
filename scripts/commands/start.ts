import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { env } from "../../lib/env";
import { migrate } from "../../lib/db/migrate";
import { closeDb } from "../../lib/db";
import { isDemoEstate } from "../../lib/settings/queries";
import { authSecret } from "../../lib/auth/secret";
import { isDatabaseEmpty } from "../../lib/seed";
import { seedDemoEstate } from "./seed";
import { logger } from "../../lib/log";

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve("next/dist/bin/next");
const SERVE_SCRIPT = path.resolve(import.meta.dirname, "../serve.ts");
const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const STAMP_FILE = path.resolve(".next/steward-build-stamp");

/** A fingerprint of everything the production build depends on, so a changed checkout rebuilds. */
function sourceStamp(): string {
  const h = crypto.createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith(`${path.sep}generated`) || p.includes("node_modules")) return;
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else {
      h.update(`${p}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  BUILD_INPUTS.forEach(walk);
  return h.digest("hex");
}

export function buildIfNeeded(): void {
  // A container image is built once at image build time (Dockerfile); its sources never change afterwards.
  if (process.env.STEWARD_PREBUILT && fs.existsSync(".next/BUILD_ID")) return;
  const stamp = sourceStamp();
  const built = fs.existsSync(".next/BUILD_ID") && fs.existsSync(STAMP_FILE) && fs.readFileSync(STAMP_FILE, "utf8") === stamp;
  if (built && !process.env.STEWARD_REBUILD) return;
  logger.info("Building Steward (first start or changed sources; takes a minute)…");
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error("next build failed");
  fs.writeFileSync(STAMP_FILE, stamp);
}

export async function runStart(argv: string[]): Promise<number> {
  const e = env();
  const port = e.PORT;
  const seedIfEmpty = !argv.includes("--no-seed");
  // Configuration first: a missing NEXTAUTH_SECRET (production), a wrong DATABASE_URL or data directory should fail in
  // a second, not after a build or after seeding the demo estate.
  authSecret();
  const result = await migrate();
  buildIfNeeded();
  if (result.applied.length) logger.info(`Applied migrations: ${result.applied.join(", ")}`, { migrations: result.applied });
  // First start of an empty embedded database: build the demo estate so there is something to look at.
  let seeded = false;
  if (!e.DATABASE_URL && seedIfEmpty && (await isDatabaseEmpty())) {
    logger.info("Empty embedded database: seeding the demo estate (5,000 NHIs)…");
    await seedDemoEstate({ identities: 5000, seed: 42, log: (l) => logger.info(l) });
    seeded = true;
  }
  const isDemo = seeded || (await isDemoEstate());
  await closeDb();

  const url = e.NEXTAUTH_URL ?? `http://localhost:${port}`;
  const child = startNextServer({ port, env: { NEXTAUTH_URL: url } });

  void waitUntilUp(url).then((up) => {
    if (!up) return;
    logger.info(`Steward is running at ${url}`, { url });
    if (isDemo) {
      logger.info("Demo sign-ins (password steward-demo): admin@steward.local, ciso@steward.local, auditor@steward.local, owner@steward.local");
    }
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
}

/**
 * Serves the production build (scripts/serve.ts) in a child process (the CLI has closed the embedded database by
 * then: one process per PGlite directory), with the session secret resolved here. SIGTERM/SIGINT are passed on:
 * the server drains in-flight requests and closes the database, and this process exits with it.
 */
export function startNextServer({ port, host, env: extra = {} }: { port: number | string; host?: string; env?: Record<string, string> }) {
  const child = spawn(process.execPath, ["--import", "tsx", SERVE_SCRIPT], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      ...extra,
      PORT: String(port),
      ...(host ? { HOST: host } : {}),
      NEXTAUTH_SECRET: authSecret(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  return child;
}

async function waitUntilUp(url: string): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
