// Contract: every /api/v1 route file's exported methods are in the OpenAPI document, and every operation in the
// document has a route file exporting that method. A new route without an entry fails here, naming it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_OPERATIONS, openApiDocument } from "./openapi";

const ROOT = path.resolve(__dirname, "../../app/api/v1");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

function implemented(): string[] {
  return routeFiles(ROOT).flatMap((file) => {
    const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
    const apiPath = `/api/v1${rel.map((s) => `/${s.replace(/^\[(\w+)\]$/, "{$1}")}`).join("")}`;
    const src = fs.readFileSync(file, "utf8");
    const methods = [...src.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
    return methods.map((m) => `${m} ${apiPath}`);
  });
}

describe("OpenAPI contract", () => {
  it("documents every /api/v1 route and nothing that does not exist", () => {
    const documented = API_OPERATIONS.map((o) => `${o.method} ${o.path}`);
    const routes = implemented();
    expect(routes.filter((r) => !documented.includes(r)), "routes missing from lib/api/openapi.ts API_OPERATIONS").toEqual([]);
    expect(documented.filter((d) => !routes.includes(d)), "documented operations with no route file").toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("generates a valid-looking OpenAPI 3.0 document from the zod schemas", () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.0.3");
    const findings = doc.paths["/api/v1/findings"]!.get as { parameters: Array<{ name: string; in: string }> };
    expect(findings.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["owasp", "severity", "status", "cursor", "limit"]));
    const create = doc.paths["/api/v1/rotation-policies"]!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } };
    const schema = create.requestBody.content["application/json"]!.schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["name", "kind", "maxAgeDays", "priority"]));
    expect(schema.required).toEqual(expect.arrayContaining(["name", "maxAgeDays"]));
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => (o as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
