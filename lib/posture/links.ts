// Click-throughs from dashboard figures to the lists behind them, using the inventory and findings URL filters
// (lib/identities/schemas.ts, lib/findings/schemas.ts). The dashboard's team/source filters carry over.
export interface LinkScope {
  team?: string;
  source?: string;
}

function href(path: string, scope: LinkScope, params: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  if (scope.team !== undefined && !p.has("team")) p.set("team", scope.team);
  if (scope.source !== undefined && !p.has("source")) p.set("source", scope.source);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

/** NHIs that exist at their source (what the snapshot counts), plus the given filters. */
export function inventoryHref(scope: LinkScope, params: Record<string, string | string[]> = {}): string {
  return href("/inventory", scope, { status: ["ACTIVE", "DISABLED"], ...params });
}

export function findingsHref(scope: LinkScope, params: Record<string, string | string[]> = {}): string {
  return href("/findings", scope, params);
}

/** Where each KPI tile leads: the NHIs or findings that make the figure (null: no list yet). */
export function kpiHref(key: string, scope: LinkScope): string | null {
  switch (key) {
    case "identities":
    case "nhiPerHuman":
      return inventoryHref(scope);
    case "ownershipCoverage":
      return inventoryHref(scope, { owner: "none" });
    case "rotationCompliance":
      return findingsHref(scope, { rule: "credential-rotation-overdue" });
    case "vaultCoverage":
      return findingsHref(scope, { rule: "unvaulted-credential" });
    case "entitlementsUnused":
      return inventoryHref(scope, { unused: "1", sort: "unused", dir: "desc" });
    case "excessPrivilege":
      return inventoryHref(scope, { unused: "1" });
    case "privilegedShare":
      return inventoryHref(scope, { privileged: "1" });
    case "standingShare":
      return findingsHref(scope, { rule: "standing-privileged-access" });
    case "criticalFindings":
      return findingsHref(scope, { severity: "CRITICAL" });
    default:
      return null;
  }
}
