import "server-only";
import { db } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { tokenStatus, type TTokenListQuery } from "./schemas";

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

/** Tokens the viewer manages: every token for admins, their own for owners. Never the hash. */
export async function listApiTokens(viewer: Viewer, q: TTokenListQuery) {
  assertCan(viewer, "token:manage-own");
  const where = can(viewer, "token:manage") ? {} : { createdById: viewer.id };
  const [rows, total] = await Promise.all([
    db.apiToken.findMany({ where, select: tokenSelect, orderBy: [{ createdAt: q.dir }, { id: q.dir }], skip: (q.page - 1) * q.size, take: q.size }),
    db.apiToken.count({ where }),
  ]);
  const now = new Date();
  return { rows: rows.map((r) => ({ ...r, status: tokenStatus(r, now), mine: r.createdBy.id === viewer.id })), total };
}
export type ApiTokenRow = Awaited<ReturnType<typeof listApiTokens>>["rows"][number];
