// The messages the exception lifecycle puts in the outbox, and who receives them. Text lives here only.
import { Prisma, type Tx } from "../db";
import { textSet } from "../rules/sql";
import { enqueueMessages, type OutboxInput } from "../notify/outbox";
import { formatDate } from "../utils";

type Role = "owner" | "approver" | "requester";

interface Recipient {
  exceptionId: string;
  identityName: string;
  expiresAt: Date;
  userId: string;
  email: string;
}

// The NHI's owner; when it has none, the requester speaks for it.
const ROLE_SQL: Record<Role, Prisma.Sql> = {
  owner: Prisma.sql`coalesce(i."ownerId", e."requestedById")`,
  approver: Prisma.sql`e."approvedById"`,
  requester: Prisma.sql`e."requestedById"`,
};

/** Active users in the given roles of each exception, once per exception even when one person has two roles. */
async function recipients(tx: Tx, exceptionIds: readonly string[], roles: Role[], exceptUserId?: string): Promise<Recipient[]> {
  if (!exceptionIds.length) return [];
  const skip = exceptUserId ? Prisma.sql` AND u."id" <> ${exceptUserId}` : Prisma.empty;
  return tx.$queryRaw<Recipient[]>`
    SELECT DISTINCT e."id" AS "exceptionId", i."name" AS "identityName", e."expiresAt", u."id" AS "userId", u."email"
    FROM "RiskException" e
    JOIN "Identity" i ON i."id" = e."identityId"
    JOIN "User" u ON u."active" AND u."id" IN (${Prisma.join(roles.map((r) => ROLE_SQL[r]))})${skip}
    WHERE e."id" IN ${textSet(exceptionIds)}`;
}

const link = (id: string) => `/exceptions/${id}`;

/** "Expires in N days" warnings (offset = the warning's day count, part of the dedup key). */
export async function enqueueExpiryWarnings(tx: Tx, due: ReadonlyArray<{ id: string; offset: number }>): Promise<number> {
  const offsetOf = new Map(due.map((d) => [d.id, d.offset]));
  const rows = await recipients(tx, [...offsetOf.keys()], ["owner", "approver"]);
  return enqueueMessages(
    tx,
    rows.map((r): OutboxInput => {
      const offset = offsetOf.get(r.exceptionId)!;
      return {
        to: r.email,
        subject: `Accepted risk on ${r.identityName} ends ${formatDate(r.expiresAt)}`,
        body:
          `The risk exception for ${r.identityName} expires on ${formatDate(r.expiresAt)} (within ${offset} days). ` +
          `After that its findings count as open risk again.\n\n` +
          `Fix the findings before then, or, if the risk must still be kept, request an extension from the exception page: ` +
          `it goes through approval again.`,
        link: link(r.exceptionId),
        dedupKey: `exception:${r.exceptionId}:expires-in:${offset}:${r.userId}`,
      };
    }),
  );
}

export async function enqueueExpiredNotices(tx: Tx, exceptionIds: readonly string[]): Promise<number> {
  const rows = await recipients(tx, exceptionIds, ["owner", "approver"]);
  return enqueueMessages(
    tx,
    rows.map((r) => ({
      to: r.email,
      subject: `Accepted risk on ${r.identityName} has expired`,
      body:
        `The risk exception for ${r.identityName} expired on ${formatDate(r.expiresAt)}. ` +
        `The findings it covered that are still present are open again and count towards the NHI's risk score.`,
      link: link(r.exceptionId),
      dedupKey: `exception:${r.exceptionId}:expired:${r.userId}`,
    })),
  );
}

export async function enqueueDecisionNotices(
  tx: Tx,
  exceptionIds: readonly string[],
  decision: "APPROVE" | "REJECT",
  decider: { id: string; name: string },
  comment?: string,
): Promise<number> {
  const rows = await recipients(tx, exceptionIds, ["requester"], decider.id);
  const verb = decision === "APPROVE" ? "approved" : "rejected";
  return enqueueMessages(
    tx,
    rows.map((r) => ({
      to: r.email,
      subject: `Your risk exception request for ${r.identityName} was ${verb}`,
      body:
        `${decider.name} ${verb} your request to accept risk on ${r.identityName}` +
        (decision === "APPROVE" ? ` until ${formatDate(r.expiresAt)}.` : ".") +
        (comment ? `\n\nComment: ${comment}` : ""),
      link: link(r.exceptionId),
      dedupKey: `exception:${r.exceptionId}:decision:${r.userId}`,
    })),
  );
}

export async function enqueueRevokedNotices(tx: Tx, exceptionId: string, revoker: { id: string; name: string }, reason: string): Promise<number> {
  const rows = await recipients(tx, [exceptionId], ["owner", "approver", "requester"], revoker.id);
  return enqueueMessages(
    tx,
    rows.map((r) => ({
      to: r.email,
      subject: `Risk exception for ${r.identityName} was revoked`,
      body: `${revoker.name} revoked the risk exception for ${r.identityName}. Reason: ${reason}\n\nIts findings that are still present are open again.`,
      link: link(r.exceptionId),
      dedupKey: `exception:${r.exceptionId}:revoked:${r.userId}`,
    })),
  );
}
