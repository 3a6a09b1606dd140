import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { utcDay } from "@/lib/exceptions/schemas";
import { getExceptionPolicy } from "@/lib/settings/exception-policy";
import { NotFoundError } from "@/lib/errors";
import { getReviewItem, listMyItems, INBOX_LIMIT } from "@/lib/campaigns/queries";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { firstOf } from "@/lib/url-params";
import { Inbox } from "./inbox";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewInboxPage({ params, searchParams }: { params: Promise<{ campaignId: string }>; searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("review:decide");
  const { campaignId } = await params;
  const sp = await searchParams;
  let inbox;
  try {
    inbox = await listMyItems(viewer, campaignId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  // Only the viewer's own items: a campaign they have nothing in is not theirs to open.
  if (inbox.total + inbox.carried === 0) notFound();
  const wanted = String(firstOf(sp.item) ?? "");
  const start = inbox.rows.find((r) => r.id === wanted) ?? inbox.rows.find((r) => !r.decidedAt && !r.noResponse) ?? inbox.rows[0];
  const [initial, policy] = await Promise.all([
    start ? getReviewItem(viewer, start.id).catch((err) => (err instanceof NotFoundError ? null : Promise.reject(err))) : null,
    can(viewer, "exception:request") ? getExceptionPolicy() : null,
  ]);
  return (
    <Inbox
      key={campaignId}
      viewerId={viewer.id}
      campaign={inbox.campaign}
      rows={inbox.rows}
      total={inbox.total}
      decided={inbox.decided}
      carried={inbox.carried}
      limit={INBOX_LIMIT}
      initial={initial}
      requestContext={policy ? { policy, today: utcDay(new Date()) } : null}
    />
  );
}
