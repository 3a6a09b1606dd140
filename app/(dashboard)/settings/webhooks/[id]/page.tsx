import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getEndpoint, listDeliveriesPage } from "@/lib/webhooks/queries";
import { ZDeliveryPage } from "@/lib/webhooks/schemas";
import { firstOf } from "@/lib/url-params";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/utils";
import { WebhookForm } from "../webhook-form";
import { EndpointActions, RedeliverButton } from "./endpoint-actions";

export const metadata: Metadata = { title: "Webhook endpoint" };
export const dynamic = "force-dynamic";

const STATUS = {
  SUCCEEDED: <Badge variant="success" dot>Delivered</Badge>,
  PENDING: <Badge variant="medium" dot>Retrying</Badge>,
  FAILED: <Badge variant="critical" dot>Failed</Badge>,
} as const;

export default async function WebhookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[]>> }) {
  const viewer = await requireViewer("webhook:manage");
  const { id } = await params;
  const sp = await searchParams;
  const page = ZDeliveryPage.catch({ limit: 25 }).parse({ cursor: firstOf(sp.cursor) });
  let endpoint;
  let log;
  try {
    [endpoint, log] = await Promise.all([getEndpoint(viewer, id), listDeliveriesPage(viewer, id, page)]);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href="/settings/webhooks" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ChevronLeft className="size-4" aria-hidden="true" /> Webhooks
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{endpoint.name}</h1>
          {endpoint.enabled ? <Badge variant="success" dot>Enabled</Badge> : <Badge variant="neutral" dot>Disabled</Badge>}
        </div>
        <p className="font-mono text-xs break-all text-muted-foreground">{endpoint.url}</p>
        <p className="text-sm text-muted-foreground">
          Signing secret <span className="font-mono">whsec_{endpoint.secretHint}</span> (shown in full only when created or rotated).
        </p>
      </div>
      <EndpointActions id={endpoint.id} name={endpoint.name} enabled={endpoint.enabled} />
      <section aria-labelledby="log-heading" className="space-y-3">
        <h2 id="log-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        {log.data.length === 0 ? (
          <EmptyState title={page.cursor ? "No older deliveries" : "No deliveries yet"} description="Send a test event, or wait for a subscribed event to happen." />
        ) : (
          <div className="rounded-lg border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Event</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Attempts</TableHead>
                  <TableHead className="text-right">HTTP</TableHead>
                  <TableHead className="text-right">Duration</TableHead>
                  <TableHead>Last attempt</TableHead>
                  <TableHead>Error / response</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {log.data.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <span className="font-mono text-xs">{d.event.type}</span>
                      <span className="block font-mono text-[11px] text-muted-foreground" title="Steward-Delivery">{d.id}</span>
                    </TableCell>
                    <TableCell>
                      {STATUS[d.status]}
                      {d.status === "PENDING" && d.nextAttemptAt ? <span className="block text-xs text-muted-foreground">next {formatRelative(d.nextAttemptAt)}</span> : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
                    <TableCell className="text-right font-mono tabular-nums">{d.lastStatusCode ?? "—"}</TableCell>
                    <TableCell className="text-right tabular-nums">{d.lastDurationMs === null ? "—" : `${d.lastDurationMs} ms`}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground" title={d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : undefined}>
                      {d.lastAttemptAt ? formatRelative(d.lastAttemptAt) : "Not yet"}
                    </TableCell>
                    <TableCell className="max-w-80">
                      {d.lastError ? <span className="block text-sm text-critical-foreground">{d.lastError}</span> : null}
                      {d.lastResponse ? <span className="block truncate font-mono text-xs text-muted-foreground" title={d.lastResponse}>{d.lastResponse}</span> : null}
                    </TableCell>
                    <TableCell className="text-right">{d.status !== "PENDING" && endpoint.enabled ? <RedeliverButton id={endpoint.id} deliveryId={d.id} /> : null}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <nav aria-label="Delivery log pages" className="flex gap-2">
          {page.cursor ? (
            <Button asChild variant="outline" size="sm">
              <Link href={`/settings/webhooks/${endpoint.id}`}>Newest</Link>
            </Button>
          ) : null}
          {log.nextCursor ? (
            <Button asChild variant="outline" size="sm">
              <Link href={`/settings/webhooks/${endpoint.id}?cursor=${encodeURIComponent(log.nextCursor)}`}>Older deliveries</Link>
            </Button>
          ) : null}
        </nav>
      </section>
      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
          <CardDescription>Name, URL and the events this endpoint receives.</CardDescription>
        </CardHeader>
        <CardContent>
          <WebhookForm edit={{ id: endpoint.id, name: endpoint.name, url: endpoint.url, events: endpoint.events }} />
        </CardContent>
      </Card>
    </div>
  );
}
