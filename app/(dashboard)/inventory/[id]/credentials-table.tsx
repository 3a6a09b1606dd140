import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { IdentityDetail } from "@/lib/identities/queries";
import { CREDENTIAL_STATUS_LABELS, CREDENTIAL_TYPE_LABELS } from "@/lib/identities/labels";
import { credentialAgeDays } from "@/lib/identities/rules";
import { formatDate, formatRelative } from "@/lib/utils";

export function CredentialsTable({ credentials, total }: { credentials: IdentityDetail["credentials"]; total: number }) {
  if (!credentials.length) return <p className="text-sm text-muted-foreground">No credentials: this identity has no long-lived secret on record.</p>;
  const now = new Date();
  return (
    <div className="overflow-x-auto">
      <Table aria-label="Credentials">
        <TableHeader>
          <TableRow>
            <TableHead>Credential</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Age</TableHead>
            <TableHead>Last rotated</TableHead>
            <TableHead>Expires</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Stored in</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {credentials.map((c) => {
            const age = credentialAgeDays(c, now);
            const expired = c.expiresAt && c.expiresAt < now;
            return (
              <TableRow key={c.id}>
                <TableCell>
                  <span className="font-medium">{CREDENTIAL_TYPE_LABELS[c.type]}</span>
                  {c.ephemeral ? <Badge variant="success" className="ml-2">Short-lived</Badge> : null}
                  <span className="block max-w-[18rem] truncate font-mono text-xs text-muted-foreground" title={c.fingerprint ?? c.externalId}>
                    {c.name ?? c.externalId}
                  </span>
                </TableCell>
                <TableCell>
                  <Badge variant={c.status === "ACTIVE" ? (expired ? "critical" : "success") : "neutral"} dot>
                    {expired && c.status === "ACTIVE" ? "Expired, still attached" : CREDENTIAL_STATUS_LABELS[c.status]}
                  </Badge>
                </TableCell>
                <TableCell className={`text-right tabular-nums ${age > 365 ? "font-medium text-critical-foreground" : age > 90 ? "text-high-foreground" : ""}`}>
                  {age} d
                </TableCell>
                <TableCell>{c.lastRotatedAt ? formatDate(c.lastRotatedAt) : <span className="text-muted-foreground">Never</span>}</TableCell>
                <TableCell>
                  {c.expiresAt ? (
                    <span className={expired ? "text-critical-foreground" : ""}>{formatRelative(c.expiresAt, now)}</span>
                  ) : (
                    <Badge variant="medium">Never expires</Badge>
                  )}
                </TableCell>
                <TableCell>{formatRelative(c.lastUsedAt, now)}</TableCell>
                <TableCell>
                  {c.storage === "unvaulted" ? <Badge variant="critical">Unvaulted</Badge> : c.storage === "unknown" ? <span className="text-muted-foreground">Unknown</span> : c.storage}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {total > credentials.length ? <p className="mt-2 text-xs text-muted-foreground">Showing {credentials.length} of {total}.</p> : null}
    </div>
  );
}
