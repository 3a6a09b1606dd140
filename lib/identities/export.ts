import "server-only";
import { stringify } from "csv-stringify/sync";
import { recordAuditStandalone } from "../audit/log";
import type { Viewer } from "../auth/permissions";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS, STATUS_LABELS } from "./labels";
import { iterateIdentities } from "./queries";
import type { TInventoryQuery } from "./schemas";

const HEADER = [
  "id", "name", "external_id", "kind", "source", "environment", "status", "criticality", "risk_score", "privileged",
  "owner", "owner_active", "backup_owner", "purpose", "credentials", "oldest_credential_at", "entitlements",
  "unused_entitlements", "last_used_at", "created_at_source",
];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : "");

// Spreadsheet apps execute cells starting with these characters as formulas (CSV injection): prefix a quote.
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** A byte stream of the filtered inventory as CSV, one batch of rows at a time; audited once it starts. */
export function exportInventoryCsv(viewer: Viewer, query: TInventoryQuery): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateIdentities(viewer, query);
  let rows = 0;
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode(stringify([HEADER])));
    },
    async pull(controller) {
      try {
        const { value, done } = await batches.next();
        if (done) {
          controller.close();
          const { page: _page, size: _size, ...filters } = query;
          await recordAuditStandalone({ actor: viewer, action: "inventory.export", targetType: "Inventory", meta: { rows, filters } });
          return;
        }
        rows += value.length;
        const records = value.map((r) => [
          r.id, r.name, r.externalId, KIND_LABELS[r.kind], r.source.key, ENVIRONMENT_LABELS[r.environment], STATUS_LABELS[r.status],
          CRITICALITY_LABELS[r.criticality], String(r.riskScore), r.isPrivileged ? "yes" : "no", r.owner?.name ?? "",
          r.owner ? (r.owner.active ? "yes" : "no") : "", r.backupOwner?.name ?? "", r.purpose ?? "", String(r.credentialCount),
          iso(r.oldestCredentialAt), String(r.entitlementCount), String(r.unusedEntitlements), iso(r.lastUsedAt), iso(r.createdAtSource),
        ].map((v) => safeCell(v)));
        controller.enqueue(encoder.encode(stringify(records)));
      } catch (err) {
        console.error("inventory export failed", err);
        controller.error(err);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
