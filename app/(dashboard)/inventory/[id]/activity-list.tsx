import Link from "next/link";
import type { IdentityDetail } from "@/lib/identities/queries";
import type { IdentityImportChange } from "@/lib/imports/queries";
import { formatDateTime } from "@/lib/utils";
import { ChangeFields } from "../../imports/change-fields";

const FIELD_LABELS: Record<string, string> = {
  ownerId: "Owner",
  backupOwnerId: "Backup owner",
  purpose: "Purpose",
  purposeConfirmedAt: "Purpose confirmed",
  criticality: "Criticality",
  teamId: "Team",
};

const ACTION_LABELS: Record<string, string> = { "identity.update": "Updated" };

const PERSON_FIELDS = new Set(["ownerId", "backupOwnerId"]);

const IMPORT_LABELS: Record<IdentityImportChange["change"], string> = {
  CREATED: "First imported",
  UPDATED: "Changed at the source",
  REVOKED: "Gone from the source",
  DELETED_AT_SOURCE: "Deleted at the source",
  RESTORED: "Back at the source",
};
const ENTITY_LABELS: Record<IdentityImportChange["entity"], string> = { IDENTITY: "", CREDENTIAL: "credential", ENTITLEMENT: "entitlement" };

type Item =
  | { kind: "audit"; at: Date; key: string; event: IdentityDetail["activity"][number] }
  | { kind: "import"; at: Date; key: string; change: IdentityImportChange };

/** Changes made in Steward (audit log) and changes imports found at the source (drift), newest first. */
export function ActivityList({
  events,
  people,
  importChanges = [],
  importPeople = {},
}: {
  events: IdentityDetail["activity"];
  people: IdentityDetail["people"];
  importChanges?: IdentityImportChange[];
  importPeople?: Record<string, string>;
}) {
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "(none)";
    if (PERSON_FIELDS.has(field) && typeof v === "string") return people[v] ?? "(removed user)";
    return typeof v === "string" ? v : JSON.stringify(v);
  };
  const items: Item[] = [
    ...events.map((e) => ({ kind: "audit" as const, at: e.at, key: `a${e.id}`, event: e })),
    ...importChanges.map((c) => ({ kind: "import" as const, at: c.at, key: `i${c.seq}`, change: c })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  if (!items.length) return <p className="text-sm text-muted-foreground">No changes yet.</p>;
  return (
    <ol className="space-y-4" aria-label="Activity">
      {items.map((item) => {
        if (item.kind === "import") {
          const c = item.change;
          return (
            <li key={item.key} className="border-l-2 border-info-border pl-4">
              <p className="text-sm">
                <span className="font-medium">
                  {IMPORT_LABELS[c.change]}
                  {ENTITY_LABELS[c.entity] ? `: ${ENTITY_LABELS[c.entity]}` : ""}
                </span>
                {c.entityKey ? <span className="ml-1 break-all font-mono text-xs">{c.entityKey}</span> : null}
                <span className="text-muted-foreground">
                  {" "}
                  · import{" "}
                  {c.job ? (
                    <Link className="text-primary underline-offset-4 hover:underline" href={`/imports/${c.jobId}`}>
                      {c.job.fileName}
                    </Link>
                  ) : (
                    "(removed)"
                  )}{" "}
                  · {formatDateTime(c.at)}
                </span>
              </p>
              {c.fields && Object.keys(c.fields).length ? (
                <div className="mt-1">
                  <ChangeFields fields={c.fields} people={importPeople} />
                </div>
              ) : null}
            </li>
          );
        }
        const e = item.event;
        const before = (e.before ?? {}) as Record<string, unknown>;
        const after = (e.after ?? {}) as Record<string, unknown>;
        const fields = Object.keys(after).filter((k) => k !== "purposeConfirmedAt" && k !== "teamId");
        return (
          <li key={item.key} className="border-l-2 border-border pl-4">
            <p className="text-sm">
              <span className="font-medium">{ACTION_LABELS[e.action] ?? e.action}</span> by {e.actorEmail ?? "system"}
              <span className="text-muted-foreground"> · {formatDateTime(e.at)}</span>
            </p>
            {fields.length ? (
              <dl className="mt-1 space-y-1 text-sm">
                {fields.map((f) => (
                  <div key={f} className="grid gap-1 sm:grid-cols-[10rem_1fr]">
                    <dt className="text-muted-foreground">{FIELD_LABELS[f] ?? f}</dt>
                    <dd>
                      <span className="text-muted-foreground line-through decoration-1">{show(f, before[f])}</span>
                      <span aria-hidden="true"> → </span>
                      <span className="sr-only"> changed to </span>
                      <span>{show(f, after[f])}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
