import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listRotationPolicies } from "@/lib/rotation-policies/queries";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS } from "@/lib/identities/labels";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber } from "@/lib/utils";
import { PolicyEditor } from "./policy-editor";

export const metadata: Metadata = { title: "Rotation policies" };

export default async function RotationPoliciesPage() {
  const viewer = await requireViewer("dashboard:read");
  const canManage = can(viewer, "settings:manage");
  const { policies, unmatched, defaultMaxAgeDays } = await listRotationPolicies(viewer);
  const scope = (v: string | null, labels: Record<string, string>) => (v ? labels[v] : <span className="text-muted-foreground">Any</span>);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Rotation policies</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          The maximum age of a static credential, by the kind, environment and criticality of its NHI. When several
          policies match, the lowest priority number wins; credentials no policy matches get {defaultMaxAgeDays} days.
          Overdue credentials are findings of the rule{" "}
          <Link className="underline underline-offset-2" href="/findings?rule=credential-rotation-overdue">
            Credential older than its rotation policy
          </Link>
          .
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Policies in force</CardTitle>
          <CardDescription>Counts are active, long-lived credentials of live NHIs each policy governs today.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table aria-label="Rotation policies">
            <TableHeader>
              <TableRow>
                <TableHead className="w-20">Priority</TableHead>
                <TableHead>Name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Environment</TableHead>
                <TableHead>Criticality</TableHead>
                <TableHead className="text-right">Max age</TableHead>
                <TableHead className="text-right">Credentials</TableHead>
                <TableHead className="text-right">Overdue</TableHead>
                {canManage ? <TableHead className="w-32"><span className="sr-only">Actions</span></TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {policies.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className="tabular-nums">{p.priority}</TableCell>
                  <TableCell className="font-medium">{p.name}</TableCell>
                  <TableCell>{scope(p.kind, KIND_LABELS)}</TableCell>
                  <TableCell>{scope(p.environment, ENVIRONMENT_LABELS)}</TableCell>
                  <TableCell>{scope(p.criticality, CRITICALITY_LABELS)}</TableCell>
                  <TableCell className="text-right tabular-nums">{p.maxAgeDays} days</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(p.credentials)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(p.overdue)}</TableCell>
                  {canManage ? (
                    <TableCell className="text-right">
                      <PolicyEditor policy={p} />
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
              <TableRow className="text-muted-foreground">
                <TableCell>—</TableCell>
                <TableCell>No policy matches (default)</TableCell>
                <TableCell colSpan={3} />
                <TableCell className="text-right tabular-nums">{defaultMaxAgeDays} days</TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(unmatched.credentials)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(unmatched.overdue)}</TableCell>
                {canManage ? <TableCell /> : null}
              </TableRow>
            </TableBody>
          </Table>
          {canManage ? (
            <div className="mt-4">
              <PolicyEditor />
            </div>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
