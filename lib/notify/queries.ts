import "server-only";
import type { z } from "zod";
import { db, type Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { appUrl, env } from "../env";
import { cursorArgs, pageOf } from "../api/paging";
import { OUTBOX_STATES, type TOutboxQuery, type ZOutboxApiQuery } from "./schemas";

// The admin's Outbox page (Settings > Outbox): every message Steward queued, sent or not. With no SMTP_URL this is
// where they are read (demos, tests). ADMIN only: messages name people and what they must review.


/** Recipient (contains, any case) and state filters, shared by the page and the API. */
function stateWhere(q: { to?: string; state?: (typeof OUTBOX_STATES)[number] }): Prisma.OutboxMessageWhereInput {
  return {
    ...(q.to ? { to: { contains: q.to, mode: "insensitive" } } : {}),
    ...(q.state === "sent" ? { sentAt: { not: null } } : q.state === "pending" ? { sentAt: null, lastError: null } : q.state === "failed" ? { sentAt: null, lastError: { not: null } } : {}),
  };
}

export async function listOutbox(viewer: Viewer, q: TOutboxQuery) {
  assertCan(viewer, "settings:manage");
  const where = stateWhere(q);
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

/** GET /api/v1/outbox: the same messages for scripts and demos, cursor-paged (id order), filterable by recipient. */
export async function listOutboxPage(viewer: Viewer, q: z.infer<typeof ZOutboxApiQuery>) {
  assertCan(viewer, "settings:manage");
  const { where: after, ...args } = cursorArgs(q);
  const rows = await db.outboxMessage.findMany({
    ...args,
    where: { AND: [stateWhere(q), after ?? {}] },
    select: { id: true, to: true, subject: true, body: true, link: true, createdAt: true, sentAt: true, attempts: true, lastError: true },
  });
  const base = appUrl();
  return pageOf(rows.map((r) => ({ ...r, url: r.link ? `${base}${r.link}` : null })), q.limit);
}
