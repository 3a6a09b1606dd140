import "server-only";
import { csvStream } from "../csv/stream";
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

/** A byte stream of the filtered inventory as CSV, one batch of rows at a time; audited once it is complete. */
export function exportInventoryCsv(viewer: Viewer, query: TInventoryQuery): ReadableStream<Uint8Array> {
  const { page: _page, size: _size, ...filters } = query;
  return csvStream({
    label: "inventory",
    header: HEADER,
    batches: iterateIdentities(viewer, query),
    toRow: (r) => [
      r.id, r.name, r.externalId, KIND_LABELS[r.kind], r.source.key, ENVIRONMENT_LABELS[r.environment], STATUS_LABELS[r.status],
      CRITICALITY_LABELS[r.criticality], r.riskScore, r.isPrivileged ? "yes" : "no", r.owner?.name,
      r.owner ? (r.owner.active ? "yes" : "no") : "", r.backupOwner?.name, r.purpose, r.credentialCount,
      iso(r.oldestCredentialAt), r.entitlementCount, r.unusedEntitlements, iso(r.lastUsedAt), iso(r.createdAtSource),
    ],
    onDone: (rows) => recordAuditStandalone({ actor: viewer, action: "inventory.export", targetType: "Inventory", meta: { rows, filters } }),
  });
}
