import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { listOutbox } from "@/lib/notify/queries";
import { ZOutboxQuery } from "@/lib/notify/schemas";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { Alert } from "@/components/ui/alert";
import { OutboxTable } from "./outbox-table";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("settings:manage");
  const query = ZOutboxQuery.parse(await searchParams);
  const { rows, total, smtp } = await listOutbox(viewer, query);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Outbox</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Every message Steward queued: review reminders and escalations, exception decisions and expiry warnings. Each links straight to the
          page the recipient acts on.
        </p>
      </div>
      {smtp ? (
        <Alert>Mail delivery is on (SMTP_URL): the job outbox.deliver sends pending messages and retries failures with a growing delay.</Alert>
      ) : (
        <Alert>
          Mail delivery is off (no SMTP_URL): messages stay here. Set <code>SMTP_URL</code> (e.g. <code>smtp://user:pass@mail.example.com:587</code>) to
          send them.
        </Alert>
      )}
      <OutboxTable rows={rows} total={total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} />
    </div>
  );
}
