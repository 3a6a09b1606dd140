import "server-only";
import { Prisma, type Tx } from "../db";
import { readNoResponseAction, RISK_TIER_MIN, type RiskTier } from "./automation";

/** A risk score as its tier, in SQL: the same bands as riskBand (lib/identities/labels.ts), one place for both. */
export const riskTierSql = (score: Prisma.Sql) =>
  Prisma.sql`CASE WHEN ${score} >= ${RISK_TIER_MIN.CRITICAL} THEN 'CRITICAL' WHEN ${score} >= ${RISK_TIER_MIN.HIGH} THEN 'HIGH'
    WHEN ${score} >= ${RISK_TIER_MIN.MEDIUM} THEN 'MEDIUM' ELSE 'LOW' END`;

/** An item's tier, from the score frozen in its snapshot at launch. */
export const itemTierSql = (alias: string) => riskTierSql(Prisma.raw(`coalesce((${alias}."identitySnapshot")."riskScore", 0)`));

/**
 * Graduated no-response, inside the close transaction, for the items just marked noResponse: records on each the
 * action its tier gets (REQUEUE, DISABLE_RECOMMENDED, REVOKE, or the campaign's outcome name for OUTCOME) and
 * creates the "disable recommended" tasks. The REVOKE and outcome decisions are made by the caller from the
 * recorded action (mutations.ts applyNoResponseOutcome), so one rule turns actions into remediation.
 */
export async function applyGraduatedNoResponse(
  tx: Tx,
  c: { id: string; noResponseAction: unknown; noResponseOutcome: string; remediationDays: number },
  now: Date,
): Promise<{ byAction: Record<string, number>; disableTasks: number }> {
  const config = readNoResponseAction(c.noResponseAction);
  const actionOf = (t: RiskTier) => (config[t] === "OUTCOME" ? c.noResponseOutcome : config[t]);
  const rows = await tx.$queryRaw<{ action: string; n: bigint }[]>(Prisma.sql`
    WITH upd AS (
      UPDATE "ReviewItem" ri SET "noResponseAction" = CASE ${itemTierSql("ri")}
          WHEN 'CRITICAL' THEN ${actionOf("CRITICAL")} WHEN 'HIGH' THEN ${actionOf("HIGH")}
          WHEN 'MEDIUM' THEN ${actionOf("MEDIUM")} ELSE ${actionOf("LOW")} END
      WHERE ri."campaignId" = ${c.id} AND ri."noResponse"
      RETURNING ri."noResponseAction")
    SELECT "noResponseAction" AS action, count(*) AS n FROM upd GROUP BY 1`);
  // One task per NHI (an agent's two parts need one disable), owned like review remediation: the NHI's owner.
  const due = new Date(now.getTime() + c.remediationDays * 86_400_000);
  const disableTasks = await tx.$executeRaw`
    INSERT INTO "RemediationTask" ("id", "campaignId", "identityId", "reviewItemId", "action", "targetType", "targetId", "title", "reason",
      "assigneeId", "status", "dueAt", "createdAt", "updatedAt")
    SELECT DISTINCT ON (ri."identityId") 'rt_' || replace(gen_random_uuid()::text, '-', ''), ${c.id}, ri."identityId", ri."id",
      'DISABLE_IDENTITY', 'Identity', ri."identityId", (ri."identitySnapshot")."name",
      'No response by the due date on a high-risk NHI: disabling it is recommended',
      CASE WHEN own."active" THEN own."id" END, 'OPEN', ${due}, ${now}, ${now}
    FROM "ReviewItem" ri JOIN "Identity" i ON i."id" = ri."identityId" LEFT JOIN "User" own ON own."id" = i."ownerId"
    WHERE ri."campaignId" = ${c.id} AND ri."noResponse" AND ri."noResponseAction" = 'DISABLE_RECOMMENDED'
    ORDER BY ri."identityId", ri."part"`;
  return { byAction: Object.fromEntries(rows.map((r) => [r.action, Number(r.n)])), disableTasks };
}
