import "server-only";
import { db, type Prisma } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { NotFoundError } from "../errors";
import { identityScope } from "../identities/scope";
import { OPEN_TRANSFER } from "./schemas";

const transferSelect = {
  id: true,
  status: true,
  origin: true,
  reason: true,
  decisionReason: true,
  createdAt: true,
  decidedAt: true,
  escalatedAt: true,
  identity: { select: { id: true, name: true, kind: true, environment: true, riskScore: true, entitlementCount: true, credentialCount: true, source: { select: { key: true } } } },
  fromUser: { select: { id: true, name: true, email: true, active: true } },
  toUser: { select: { id: true, name: true, email: true } },
} satisfies Prisma.OwnershipTransferSelect;

const open = { status: { in: [...OPEN_TRANSFER] } } satisfies Prisma.OwnershipTransferWhereInput;

/** The viewer's open transfers: NHIs offered to them (to accept or decline) and those they offered to others. */
export async function listMyTransfers(viewer: Viewer) {
  assertCan(viewer, "review:decide");
  const [incoming, outgoing] = await Promise.all([
    db.ownershipTransfer.findMany({ where: { ...open, toUserId: viewer.id }, select: transferSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 }),
    db.ownershipTransfer.findMany({
      where: { ...open, OR: [{ fromUserId: viewer.id }, { requestedById: viewer.id }], NOT: { toUserId: viewer.id } },
      select: transferSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 500,
    }),
  ]);
  return { incoming, outgoing };
}
export type TransferRow = Awaited<ReturnType<typeof listMyTransfers>>["incoming"][number];

/** An NHI's transfers, newest first, for its page (whoever may see the NHI). */
export async function listIdentityTransfers(viewer: Viewer, identityId: string) {
  assertCan(viewer, "identity:read");
  const visible = await db.identity.count({ where: { AND: [{ id: identityId }, identityScope(viewer)] } });
  if (!visible) throw new NotFoundError("NHI not found.");
  return db.ownershipTransfer.findMany({ where: { identityId }, select: transferSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 20 });
}

/** Whether the viewer may hand this NHI over: its owner, or an admin. */
export function canHandOver(viewer: Viewer, ownerId: string | null) {
  return can(viewer, "identity:edit") || (ownerId === viewer.id && can(viewer, "review:decide"));
}
