import "server-only";
// Review quality: did reviewers look, or click through? Per reviewer (who clicked: the certifier) and for the whole
// campaign, from the decisions themselves, in one query with window functions (no loop over reviewers).
import { db, Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError } from "../errors";

/** A gap longer than this between two saves is a break, not time spent on the next decision. */
export const BREAK_SECONDS = 15 * 60;
/** Rubber-stamping: at least this many access decisions, all KEEP, at a median under this pace, keeping unused access. */
export const STAMP_MIN_DECISIONS = 5;
export const STAMP_MEDIAN_SECONDS = 2;

export interface QualityRow {
  reviewerId: string | null;
  reviewerName: string | null;
  reviewerEmail: string | null;
  decisions: number;
  items: number;
  accessDecisions: number;
  keep: number;
  keepShare: number | null;
  keptUnused: number;
  medianSeconds: number | null;
  largestBulk: number;
  lastHour: number;
  rubberStamp: boolean;
  reasons: string[];
}

/** Why a row looks like rubber-stamping, in words (empty = it does not). One rule, used by the page and the evidence pack. */
export function stampReasons(r: Pick<QualityRow, "accessDecisions" | "keep" | "keptUnused" | "medianSeconds">): string[] {
  if (r.accessDecisions < STAMP_MIN_DECISIONS || r.keep !== r.accessDecisions || r.keptUnused === 0) return [];
  if (r.medianSeconds === null || r.medianSeconds >= STAMP_MEDIAN_SECONDS) return [];
  return [`kept all ${r.accessDecisions} grants and credentials`, `median ${r.medianSeconds.toFixed(1)} s per decision`, `kept ${r.keptUnused} unused`];
}

/**
 * Per reviewer and overall (reviewerId null): median seconds per decision (the time since their previous save,
 * shared among the decisions that save made; breaks and bulk actions left out), share of KEEP among access decisions,
 * the largest bulk action, and decisions in the last hour before the deadline. Decisions carried forward or applied
 * at close (no response) are nobody's clicks and are not counted.
 */
export async function getReviewQuality(viewer: Viewer, campaignId: string): Promise<{ reviewers: QualityRow[]; total: QualityRow | null }> {
  assertCan(viewer, "campaign:read");
  const c = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } });
  if (!c) throw new NotFoundError("Campaign not found.");
  const rows = await db.$queryRaw<
    {
      reviewerId: string | null;
      reviewerName: string | null;
      reviewerEmail: string | null;
      decisions: number;
      items: number;
      accessDecisions: number;
      keep: number;
      keptUnused: number;
      medianSeconds: number | null;
      largestBulk: number | null;
      lastHour: number;
    }[]
  >(Prisma.sql`
    WITH d AS (
      SELECT d."decidedById" AS reviewer, d."decidedAt", d."decision", d."target", d."source", d."itemId",
        CASE d."target"
          WHEN 'ENTITLEMENT' THEN (SELECT e.unused FROM unnest(ri."entitlementSnapshot") e WHERE e.id = d."targetId" LIMIT 1)
          WHEN 'CREDENTIAL' THEN (SELECT k.unused FROM unnest(ri."credentialSnapshot") k WHERE k.id = d."targetId" LIMIT 1)
        END AS unused,
        d."decidedAt" > cp."dueAt" - interval '1 hour' AND d."decidedAt" <= cp."dueAt" AS "lastHour"
      FROM "ReviewDecision" d
      JOIN "ReviewItem" ri ON ri."id" = d."itemId"
      JOIN "Campaign" cp ON cp."id" = d."campaignId"
      WHERE d."campaignId" = ${campaignId} AND d."decidedById" IS NOT NULL AND d."source" IN ('REVIEWER', 'BULK')
    ), saves AS (
      -- One click = one save (decide) or one bulk action: the decisions a reviewer recorded at the same instant.
      SELECT reviewer, "decidedAt", count(*) AS n, bool_or(source = 'BULK') AS bulk FROM d GROUP BY reviewer, "decidedAt"
    ), paced AS (
      SELECT reviewer, n, bulk,
        extract(epoch FROM "decidedAt" - lag("decidedAt") OVER (PARTITION BY reviewer ORDER BY "decidedAt")) / n AS per
      FROM saves
    ), pace AS (
      SELECT reviewer,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY per) FILTER (WHERE NOT bulk AND per IS NOT NULL AND per * n <= ${BREAK_SECONDS}) AS "medianSeconds",
        max(n) FILTER (WHERE bulk) AS "largestBulk"
      FROM paced GROUP BY ROLLUP (reviewer)
    ), counts AS (
      SELECT reviewer, count(*)::int AS decisions, count(DISTINCT "itemId")::int AS items,
        count(*) FILTER (WHERE target <> 'IDENTITY')::int AS "accessDecisions",
        count(*) FILTER (WHERE target <> 'IDENTITY' AND decision = 'KEEP')::int AS keep,
        count(*) FILTER (WHERE decision = 'KEEP' AND unused)::int AS "keptUnused",
        count(*) FILTER (WHERE "lastHour")::int AS "lastHour"
      FROM d GROUP BY ROLLUP (reviewer)
    )
    SELECT c.reviewer AS "reviewerId", u."name" AS "reviewerName", u."email" AS "reviewerEmail", c.decisions, c.items, c."accessDecisions", c.keep,
      c."keptUnused", p."medianSeconds"::float8 AS "medianSeconds", p."largestBulk"::int AS "largestBulk", c."lastHour"
    FROM counts c
    LEFT JOIN pace p ON p.reviewer IS NOT DISTINCT FROM c.reviewer
    LEFT JOIN "User" u ON u."id" = c.reviewer
    ORDER BY c.reviewer IS NULL, c.decisions DESC, u."name"`);
  const shaped = rows.map((r): QualityRow => {
    const reasons = stampReasons(r);
    return {
      ...r,
      largestBulk: r.largestBulk ?? 0,
      keepShare: r.accessDecisions ? r.keep / r.accessDecisions : null,
      rubberStamp: reasons.length > 0,
      reasons,
    };
  });
  const total = shaped.find((r) => r.reviewerId === null) ?? null;
  const reviewers = shaped.filter((r) => r.reviewerId !== null);
  // The campaign-wide row is flagged when any reviewer is, not by its own blended figures.
  if (total) total.rubberStamp = reviewers.some((r) => r.rubberStamp);
  return { reviewers, total };
}
export type ReviewQuality = Awaited<ReturnType<typeof getReviewQuality>>;
