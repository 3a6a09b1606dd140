import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/api/openapi";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "API reference" };

interface Schema { type?: string; enum?: unknown[]; items?: Schema; description?: string; default?: unknown; minimum?: number; maximum?: number; maxLength?: number; nullable?: boolean; properties?: Record<string, Schema>; required?: string[] }
interface Param { name: string; in: string; required: boolean; schema: Schema }
interface Op { tags: string[]; summary: string; description: string; parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> }

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "value"}[]`;
  return `${s.type ?? "any"}${s.nullable ? " | null" : ""}`;
}

function constraints(s: Schema): string {
  const parts = [s.default !== undefined ? `default ${JSON.stringify(s.default)}` : "", s.minimum !== undefined ? `≥ ${s.minimum}` : "",
    s.maximum !== undefined && s.maximum < 1e15 ? `≤ ${s.maximum}` : "", s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : "", s.description ?? ""];
  return parts.filter(Boolean).join(" · ");
}

const METHOD_VARIANT = { get: "info", post: "success", patch: "medium", put: "medium", delete: "critical" } as const;

function Fields({ rows }: { rows: Array<{ name: string; where?: string; required: boolean; schema: Schema }> }) {
  return (
    <table className="mt-1 w-full text-xs">
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.where}-${r.name}`} className="border-t align-top">
            <td className="w-40 py-1 pr-3 font-mono">
              {r.name}
              {r.required ? <span className="text-critical" aria-label="required">*</span> : null}
            </td>
            <td className="w-16 py-1 pr-3 text-muted-foreground">{r.where}</td>
            <td className="py-1 pr-3 font-mono break-all">{typeOf(r.schema)}</td>
            <td className="py-1 text-muted-foreground">{constraints(r.schema)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function ApiDocsPage() {
  await requireViewer("identity:read");
  const doc = openApiDocument();
  const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ path: p, method: m as keyof typeof METHOD_VARIANT, op: op as Op })));
  const tags = [...new Set(ops.map((o) => o.op.tags[0]!))];
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          {doc.info.description} The machine-readable document is at{" "}
          <a className="font-mono underline underline-offset-2" href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Errors are{" "}
          <code className="font-mono">{`{"error": {"code", "message", "details"}}`}</code> with the matching HTTP status.
        </p>
      </div>
      {tags.map((tag) => (
        <Card key={tag}>
          <CardHeader>
            <CardTitle>{tag}</CardTitle>
            <CardDescription>{ops.filter((o) => o.op.tags[0] === tag).length} operations</CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            {ops.filter((o) => o.op.tags[0] === tag).map(({ path: p, method, op }) => {
              const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
              return (
                <section key={`${method} ${p}`} aria-label={`${method.toUpperCase()} ${p}`}>
                  <h3 className="flex flex-wrap items-center gap-2 text-sm">
                    <Badge variant={METHOD_VARIANT[method]}>{method.toUpperCase()}</Badge>
                    <code className="font-mono font-medium">{p}</code>
                    <span className="text-muted-foreground">{op.summary}</span>
                  </h3>
                  <p className="mt-1 text-xs text-muted-foreground">
                    {op.description.replace(/`/g, "")} Responds {Object.keys(op.responses)[0]}.
                  </p>
                  {op.parameters?.length ? <Fields rows={op.parameters.map((x) => ({ name: x.name, where: x.in, required: x.required, schema: x.schema }))} /> : null}
                  {body ? (
                    <Fields
                      rows={Object.entries(body[1].schema.properties ?? {}).map(([name, schema]) => ({
                        name, where: body[0] === "multipart/form-data" ? "form" : "body", required: body[1].schema.required?.includes(name) ?? false, schema,
                      }))}
                    />
                  ) : null}
                </section>
              );
            })}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
