import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { IdentityDetail } from "@/lib/identities/queries";
import { PRIVILEGE_LABELS, VIA_LABELS } from "@/lib/identities/labels";
import { isUnused } from "@/lib/identities/rules";
import { formatDate, formatRelative } from "@/lib/utils";

const PRIVILEGE_VARIANT: Record<string, BadgeVariant> = { ADMIN: "critical", WRITE: "high", READ: "low", UNKNOWN: "neutral" };

export function EntitlementsTable({
  entitlements,
  total,
  unusedWindowDays,
}: {
  entitlements: IdentityDetail["entitlements"];
  total: number;
  unusedWindowDays: number;
}) {
  if (!entitlements.length) return <p className="text-sm text-muted-foreground">No entitlements on record.</p>;
  const now = new Date();
  return (
    <div className="overflow-x-auto">
      <Table aria-label="Entitlements">
        <TableHeader>
          <TableRow>
            <TableHead>Resource</TableHead>
            <TableHead>Permission</TableHead>
            <TableHead>Privilege</TableHead>
            <TableHead>Granted via</TableHead>
            <TableHead>Access</TableHead>
            <TableHead>Last used</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entitlements.map((e) => {
            const unused = e.status === "ACTIVE" && isUnused(e.lastUsedAt, now, unusedWindowDays);
            return (
              <TableRow key={e.id} className={e.status === "REVOKED" ? "opacity-60" : undefined}>
                <TableCell className="max-w-[22rem]">
                  <span className="block truncate font-mono text-xs" title={e.resource}>
                    {e.resource}
                  </span>
                  {e.sensitivity !== "NORMAL" ? (
                    <Badge variant={e.sensitivity === "CRITICAL" ? "critical" : "high"} className="mt-1">
                      {e.sensitivity === "CRITICAL" ? "Critical resource" : "Sensitive resource"}
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell className="max-w-[16rem] truncate font-mono text-xs" title={e.permission}>
                  {e.permission}
                </TableCell>
                <TableCell>
                  <Badge variant={PRIVILEGE_VARIANT[e.privilege]}>{PRIVILEGE_LABELS[e.privilege]}</Badge>
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {VIA_LABELS[e.via]}
                  {e.viaName ? <span className="block max-w-[12rem] truncate text-xs text-muted-foreground">{e.viaName}</span> : null}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {e.status === "REVOKED" ? (
                    <Badge variant="neutral">Revoked</Badge>
                  ) : e.expiresAt ? (
                    <span>Time-bound, until {formatDate(e.expiresAt)}</span>
                  ) : (
                    <span className="text-muted-foreground">Standing</span>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {formatRelative(e.lastUsedAt, now)}
                  {unused ? <Badge variant="medium" className="ml-2">Unused</Badge> : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {total > entitlements.length ? <p className="mt-2 text-xs text-muted-foreground">Showing {entitlements.length} of {total}.</p> : null}
    </div>
  );
}
