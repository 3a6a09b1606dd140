import "server-only";
import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { db, type Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { appUrl, env } from "../env";
import { firstOf } from "../url-params";

// The admin's Outbox page (Settings > Outbox): every message Steward queued, sent or not. With no SMTP_URL this is
// where they are read (demos, tests). ADMIN only: messages name people and what they must review.

export const OUTBOX_STATES = ["pending", "sent", "failed"] as const;

export const ZOutboxQuery = tableParamsSchema({ sortable: ["created"], defaultSort: "created", defaultDir: "desc", defaultSize: 25 }).extend({
  to: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
  state: z.preprocess(firstOf, z.enum(OUTBOX_STATES).optional()).catch(undefined),
});
export type TOutboxQuery = z.infer<typeof ZOutboxQuery>;

export async function listOutbox(viewer: Viewer, q: TOutboxQuery) {
  assertCan(viewer, "settings:manage");
  const where: Prisma.OutboxMessageWhereInput = {
    ...(q.to ? { to: { contains: q.to, mode: "insensitive" } } : {}),
    ...(q.state === "sent" ? { sentAt: { not: null } } : q.state === "pending" ? { sentAt: null, lastError: null } : q.state === "failed" ? { sentAt: null, lastError: { not: null } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: q.dir }, { id: q.dir }],
      skip: (q.page - 1) * q.size,
      take: q.size,
      select: { id: true, to: true, subject: true, body: true, link: true, createdAt: true, sentAt: true, attempts: true, lastError: true, nextAttemptAt: true },
    }),
    db.outboxMessage.count({ where }),
  ]);
  const base = appUrl();
  return { rows: rows.map((r) => ({ ...r, url: r.link ? `${base}${r.link}` : null })), total, smtp: Boolean(env().SMTP_URL) };
}
export type OutboxRow = Awaited<ReturnType<typeof listOutbox>>["rows"][number];
