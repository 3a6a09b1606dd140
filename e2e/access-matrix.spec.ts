// Role x route matrix (issue 6.4): every page, route handler method and server action found in the source tree,
// requested against the real server as each role, anonymous and an owner of other NHIs.
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { discoverRoutes, findInlineServerActions, urlPatternOf, type DiscoveredRoute } from "./access/discover";
import { MATRIX, WHO, type MatrixEntry, type Outcome, type Who } from "./access-matrix";
import type { SecurityFixtures } from "./fixtures/create";
import { DEMO, DEMO_PASSWORD, fixtures } from "./helpers";

test("every page, route handler method and server action has a row in e2e/access-matrix.ts", () => {
  const routes = discoverRoutes();
  const missing = routes.filter((r) => !MATRIX[r.key]).map((r) => `${r.key}    <- ${r.file}`);
  expect(missing, `Add one row per route above to MATRIX in e2e/access-matrix.ts (expected outcome for each role)`).toEqual([]);
  const stale = Object.keys(MATRIX).filter((k) => !routes.some((r) => r.key === k));
  expect(stale, "MATRIX rows for routes that no longer exist: remove them").toEqual([]);
  expect(findInlineServerActions(), "Inline server actions: move them to an actions.ts file (\"use server\" at the top) so the matrix sees them").toEqual([]);
});

const routes = discoverRoutes().filter((r) => MATRIX[r.key] && !MATRIX[r.key]!.skip);
const contexts = new Map<Who, APIRequestContext>();
let f: SecurityFixtures;
let baseURL: string;

test.describe("access matrix", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async ({ playwright }, info) => {
    baseURL = info.project.use.baseURL!;
    const all = fixtures();
    f = all.security;
    const logins: Record<Exclude<Who, "anonymous">, [string, string]> = {
      ADMIN: [DEMO.admin, DEMO_PASSWORD],
      SECURITY_VIEWER: [DEMO.ciso, DEMO_PASSWORD],
      AUDITOR: [DEMO.auditor, DEMO_PASSWORD],
      OWNER: [f.owner.email, all.password],
      OTHER_OWNER: [f.other.email, all.password],
    };
    for (const who of WHO) {
      const ctx = await playwright.request.newContext({ baseURL });
      if (who !== "anonymous") await signIn(ctx, ...logins[who]);
      contexts.set(who, ctx);
    }
  });

  test.afterAll(async () => {
    for (const ctx of contexts.values()) await ctx.dispose();
  });

  const cases = routes.flatMap((route) => {
    const entry = MATRIX[route.key]!;
    return [{ name: route.key, route, entry }, ...Object.entries(entry.variants ?? {}).map(([v, e]) => ({ name: `${route.key} (${v})`, route, entry: e }))];
  });
  for (const { name, route, entry } of cases) {
    test(name, async () => {
      for (const who of WHO) {
        const got = await outcome(contexts.get(who)!, route, entry, who);
        expect.soft(got, `${name} as ${who}`).toBe(entry.expect[who]);
      }
    });
  }
});

async function signIn(ctx: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" } });
  const state = await ctx.storageState();
  expect(state.cookies.some((c) => c.name.endsWith("next-auth.session-token")), `session for ${email}`).toBe(true);
}

function fillParams(pattern: string, entry: MatrixEntry, key: string): string {
  return pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const value = entry.params?.[name];
    if (!value) throw new Error(`MATRIX["${key}"] needs params.${name} to build ${pattern}`);
    return encodeURIComponent(value(f));
  });
}

const isLoginRedirect = (status: number, location: string | undefined) => status >= 300 && status < 400 && /\/login(\?|$)/.test(location ?? "");

async function outcome(ctx: APIRequestContext, route: DiscoveredRoute, entry: MatrixEntry, who: Who): Promise<Outcome> {
  if (route.kind === "action") return actionOutcome(ctx, route, entry, who);
  const query = entry.query?.(f);
  const url = fillParams(route.pattern!, entry, route.key) + (query ? `?${query}` : "");
  const input = entry.input?.(f, who);
  const res = await ctx.fetch(url, {
    method: route.kind === "page" ? "GET" : route.name,
    maxRedirects: 0,
    ...(entry.multipart ? { multipart: entry.multipart } : input !== undefined ? { data: input } : {}),
  });
  if (isLoginRedirect(res.status(), res.headers()["location"])) return "login";
  const hidden = entry.hidden?.[who]?.(f);
  if (hidden && res.status() === 200 && (await res.text()).includes(hidden)) return `200 showing another owner's ${hidden}` as Outcome;
  return res.status();
}

// Server actions are called the way the browser calls them: a POST to a page that uses the action, with the
// action's id (from the build's manifest) in the Next-Action header and the arguments as the body.
let manifest: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }> | undefined;

function actionTarget(route: DiscoveredRoute, entry: MatrixEntry): { id: string; url: string } {
  manifest ??= (JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: typeof manifest }).node!;
  const found = Object.entries(manifest).find(([, a]) => a.filename === route.file && a.exportedName === route.name);
  if (!found) throw new Error(`${route.key}: not in the build's server-reference manifest (is it used by any page?)`);
  const [id, action] = found;
  const page = Object.keys(action.workers).find((w) => w.endsWith("/page"));
  if (!page) throw new Error(`${route.key}: no page uses this action`);
  return { id, url: fillParams(urlPatternOf(`${page}.tsx`), entry, route.key) };
}

async function actionOutcome(ctx: APIRequestContext, route: DiscoveredRoute, entry: MatrixEntry, who: Who): Promise<Outcome> {
  const { id, url } = actionTarget(route, entry);
  const res = await ctx.post(url, {
    headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: baseURL },
    data: JSON.stringify([entry.input?.(f, who) ?? {}]),
    maxRedirects: 0,
  });
  if (isLoginRedirect(res.status(), res.headers()["location"])) return "login";
  const body = await res.text();
  // The flight payload is "<row>:<json>" lines; the action's return value is the object with a boolean `ok`.
  for (const line of body.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as { ok?: unknown; code?: string };
      if (typeof value.ok !== "boolean") continue;
      if (value.ok) return "ok";
      return ({ forbidden: "forbidden", not_found: "notFound", invalid: "invalid", unauthenticated: "login" } as const)[value.code as "forbidden"] ?? `error:${value.code}`;
    } catch {
      // not a JSON row
    }
  }
  return `unparsed HTTP ${res.status()}: ${body.slice(0, 200)}` as Outcome;
}
