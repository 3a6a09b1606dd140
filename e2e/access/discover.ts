// Finds every page, route handler method and server action in the source tree, so the access matrix
// (e2e/access-matrix.ts) must name each one: a new route without an entry fails the test.
import fs from "node:fs";
import path from "node:path";

export type RouteKind = "page" | "route" | "action";

export interface DiscoveredRoute {
  /** The matrix key: "page /inventory/[id]", "GET /api/v1/imports", "action app/(dashboard)/inventory/actions.ts#updateIdentityAction". */
  key: string;
  kind: RouteKind;
  /** Source file, relative to the repository root. */
  file: string;
  /** URL pattern (pages and routes): route groups removed, dynamic segments kept as [name]. */
  pattern?: string;
  /** HTTP method (routes) or exported name (actions). */
  name?: string;
}

const ROOT = process.cwd();
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const SOURCE = /\.(tsx?|jsx?|mjs)$/;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "generated" || e.name.startsWith(".") ? [] : walk(p);
    return SOURCE.test(e.name) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join("/");

/** "app/(dashboard)/inventory/[id]/page.tsx" -> "/inventory/[id]". */
export function urlPatternOf(file: string): string {
  const segments = rel(file).split("/").slice(1, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** A file-level "use server" directive (first statement). */
function isActionFile(text: string): boolean {
  return /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/.test(text);
}

export function discoverRoutes(): DiscoveredRoute[] {
  const out: DiscoveredRoute[] = [];
  for (const file of walk(path.join(ROOT, "app"))) {
    const base = path.basename(file).replace(SOURCE, "");
    const text = fs.readFileSync(file, "utf8");
    if (base === "page") {
      const pattern = urlPatternOf(file);
      out.push({ key: `page ${pattern}`, kind: "page", file: rel(file), pattern });
    } else if (base === "route") {
      const pattern = urlPatternOf(file);
      const methods = new Set<string>();
      for (const m of text.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) methods.add(m[1]!);
      for (const m of text.matchAll(/\bas\s+([A-Z]+)\b/g)) methods.add(m[1]!);
      for (const method of [...methods].filter((m) => HTTP_METHODS.includes(m)).sort()) {
        out.push({ key: `${method} ${pattern}`, kind: "route", file: rel(file), pattern, name: method });
      }
    }
  }
  for (const file of ["app", "lib", "components"].flatMap((d) => walk(path.join(ROOT, d)))) {
    const text = fs.readFileSync(file, "utf8");
    if (!isActionFile(text)) continue;
    for (const m of text.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(\w+)/g)) {
      out.push({ key: `action ${rel(file)}#${m[1]}`, kind: "action", file: rel(file), name: m[1] });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Server actions declared inside a component (a function-level "use server") escape discovery by file: the
 * matrix refuses them, so every action lives in an actions file it can see.
 */
export function findInlineServerActions(): string[] {
  return ["app", "lib", "components"]
    .flatMap((d) => walk(path.join(ROOT, d)))
    .filter((file) => {
      const text = fs.readFileSync(file, "utf8");
      return !isActionFile(text) && /^\s+["']use server["'];?\s*$/m.test(text);
    })
    .map(rel);
}
