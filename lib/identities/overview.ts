import "server-only";
import { db } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { daysAgo, PURPOSE_REVIEW_DAYS } from "./rules";
import { identityListSelect } from "./queries";
import { identityScope } from "./scope";

/** Headline counts over the NHIs the viewer can see (a handful of indexed counts, no row scan into memory). */
export async function getOverview(viewer: Viewer, now = new Date()) {
  assertCan(viewer, "identity:read");
  const scope = identityScope(viewer);
  const active = { AND: [scope, { status: "ACTIVE" as const }] };
  const [total, orphans, privileged, withUnused, oldSecrets, staleOrMissingPurpose, riskiest] = await Promise.all([
    db.identity.count({ where: active }),
    db.identity.count({ where: { AND: [active, { ownerId: null, platformManaged: false }] } }),
    db.identity.count({ where: { AND: [active, { isPrivileged: true }] } }),
    db.identity.count({ where: { AND: [active, { unusedEntitlements: { gt: 0 } }] } }),
    db.identity.count({ where: { AND: [active, { oldestCredentialAt: { lt: daysAgo(365, now) } }] } }),
    db.identity.count({
      where: { AND: [active, { OR: [{ purpose: null }, { purposeConfirmedAt: null }, { purposeConfirmedAt: { lt: daysAgo(PURPOSE_REVIEW_DAYS, now) } }] }] },
    }),
    db.identity.findMany({ where: active, select: identityListSelect, orderBy: [{ riskScore: "desc" }, { id: "asc" }], take: 8 }),
  ]);
  return { total, orphans, privileged, withUnused, oldSecrets, staleOrMissingPurpose, riskiest };
}
