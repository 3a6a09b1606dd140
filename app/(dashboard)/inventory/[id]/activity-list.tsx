import type { IdentityDetail } from "@/lib/identities/queries";
import { formatDateTime } from "@/lib/utils";

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

export function ActivityList({ events, people }: { events: IdentityDetail["activity"]; people: IdentityDetail["people"] }) {
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "(none)";
    if (PERSON_FIELDS.has(field) && typeof v === "string") return people[v] ?? "(removed user)";
    return typeof v === "string" ? v : JSON.stringify(v);
  };
  if (!events.length) return <p className="text-sm text-muted-foreground">No changes made in Steward yet.</p>;
  return (
    <ol className="space-y-4" aria-label="Activity">
      {events.map((e) => {
        const before = (e.before ?? {}) as Record<string, unknown>;
        const after = (e.after ?? {}) as Record<string, unknown>;
        const fields = Object.keys(after).filter((k) => k !== "purposeConfirmedAt" && k !== "teamId");
        return (
          <li key={e.id} className="border-l-2 border-border pl-4">
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
