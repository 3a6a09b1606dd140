import type { Metadata } from "next";
import Link from "next/link";
import { Webhook } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { listEndpoints } from "@/lib/webhooks/queries";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber, formatRelative } from "@/lib/utils";
import { WebhookForm } from "./webhook-form";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage() {
  const viewer = await requireViewer("webhook:manage");
  const endpoints = await listEndpoints(viewer);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Steward POSTs signed JSON to your SIEM, ITSM or chat bridge when something needs action: a new critical finding, a campaign
          launched or closed, a remediation task, a risk exception about to expire. Failed deliveries are retried after 1 minute,
          5 minutes, 30 minutes, 2 hours and 12 hours.
        </p>
      </div>
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        {endpoints.length === 0 ? (
          <EmptyState icon={<Webhook aria-hidden="true" />} title="No endpoints yet" description="Add one below; it receives only the events you choose." />
        ) : (
          <div className="rounded-lg border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>URL</TableHead>
                  <TableHead>Events</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Delivered</TableHead>
                  <TableHead className="text-right">Retrying</TableHead>
                  <TableHead className="text-right">Failed</TableHead>
                  <TableHead>Last attempt</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {endpoints.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell className="font-medium">
                      <Link href={`/settings/webhooks/${e.id}`} className="underline-offset-4 hover:underline">
                        {e.name}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-72 truncate font-mono text-xs" title={e.url}>
                      {e.url}
                    </TableCell>
                    <TableCell>
                      <div className="flex max-w-80 flex-wrap gap-1">
                        {e.events.map((ev) => (
                          <Badge key={ev} variant="outline" className="font-mono text-[11px]">
                            {ev}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell>{e.enabled ? <Badge variant="success" dot>Enabled</Badge> : <Badge variant="neutral" dot>Disabled</Badge>}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(e.counts.SUCCEEDED ?? 0)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(e.counts.PENDING ?? 0)}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {e.counts.FAILED ? <span className="font-medium text-critical-foreground">{formatNumber(e.counts.FAILED)}</span> : "0"}
                    </TableCell>
                    <TableCell className="text-muted-foreground">{e.lastAttemptAt ? formatRelative(e.lastAttemptAt) : "Never"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
      <Card>
        <CardHeader>
          <CardTitle>Add an endpoint</CardTitle>
          <CardDescription>An http:// or https:// URL that answers 2xx within 10 seconds. Its signing secret is shown once, after you add it.</CardDescription>
        </CardHeader>
        <CardContent>
          <WebhookForm />
        </CardContent>
      </Card>
    </div>
  );
}
