// Field-level before → after of a change recorded by an import (lib/imports/sql.ts diffJson).
import { formatDateTime } from "@/lib/utils";

const LABELS: Record<string, string> = {
  name: "Name", kind: "Kind", status: "Status", environment: "Environment", createdAtSource: "Created at source", lastUsedAt: "Last used",
  purpose: "Purpose", platformManaged: "Platform-managed", tags: "Tags", delegatedScopes: "Delegated scopes", ownerId: "Owner",
  type: "Type", createdAt: "Created", lastRotatedAt: "Last rotated", expiresAt: "Expires", fingerprint: "Fingerprint", storage: "Stored in",
  ephemeral: "Short-lived", privilege: "Privilege", sensitivity: "Sensitivity", via: "Granted via", viaName: "Through", condition: "Condition",
  grantedAt: "Granted",
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

function show(field: string, v: unknown, people: Record<string, string>): string {
  if (v === null || v === undefined || v === "") return "(none)";
  if (field === "ownerId" && typeof v === "string") return people[v] ?? "(removed user)";
  // PostgreSQL writes timestamps without a zone; they are UTC.
  if (typeof v === "string" && ISO.test(v)) return formatDateTime(`${v}Z`);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.join(", ") || "(none)";
  if (typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${String(x)}`).join("; ") || "(none)";
  return String(v);
}

export function ChangeFields({ fields, people = {} }: { fields: Record<string, [unknown, unknown]> | null; people?: Record<string, string> }) {
  const entries = Object.entries(fields ?? {});
  if (!entries.length) return <span className="text-muted-foreground">–</span>;
  return (
    <dl className="space-y-0.5 text-sm">
      {entries.map(([field, [before, after]]) => (
        <div key={field} className="grid gap-x-2 sm:grid-cols-[8rem_1fr]">
          <dt className="text-muted-foreground">{LABELS[field] ?? field}</dt>
          <dd className="break-words">
            <span className="text-muted-foreground line-through decoration-1">{show(field, before, people)}</span>
            <span aria-hidden="true"> → </span>
            <span className="sr-only"> changed to </span>
            <span>{show(field, after, people)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
