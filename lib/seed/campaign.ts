// The demo estate's running attestation campaign: launched twelve days ago over production, with a realistic share of
// it decided, so the campaign, review and remediation pages are not empty on first start. Launched by the product's
// own launchCampaign; the reviewers' decisions are then written set-based, each the suggestion its reviewer was
// shown (SQL below), by a deterministic share of reviewers (some never respond) and of their items.
import { db, Prisma } from "../db";
import { recordAuditStandalone } from "../audit/log";
import { createCampaign, launchCampaign } from "../campaigns/mutations";

const DAY = 86_400_000;

/** A stable pseudo-random 0..99 from a text column: same estate, same demo. */
const pct = (col: Prisma.Sql) => Prisma.sql`(('x' || substr(md5(${col}), 1, 8))::bit(32)::int & 2147483647) % 100`;

export async function seedDemoCampaign({ now = new Date() }: { now?: Date } = {}) {
  const admin = await db.user.findUnique({ where: { email: "admin@steward.local" }, select: { id: true, email: true, name: true, role: true } });
  const demoOwner = await db.user.findUnique({ where: { email: "owner@steward.local" }, select: { id: true } });
  if (!admin) return null;
  const launchedAt = new Date(now.getTime() - 12 * DAY);
  const { id } = await createCampaign(
    admin,
    {
      name: "Q4 production NHI certification",
      description: "Quarterly attestation of every production NHI: confirm why it exists, keep what it uses, remove what it does not.",
      scope: { env: ["PROD"] },
      fallbackReviewerId: admin.id,
      dueAt: new Date(now.getTime() + 18 * DAY),
      commentRequired: "ON_REVOKE",
      noResponseOutcome: "REVOKE_UNUSED",
      remediationDays: 30,
    },
    launchedAt,
  );
  const { items } = await launchCampaign(admin, id, launchedAt);

  // Who responded: 70% of reviewers; of their items 80% decided and 8% started. The demo owner has half left to do.
  const chosen = Prisma.sql`
    SELECT ri."id", ri."reviewerId", ri."part", ri."entitlementSnapshot", ri."credentialSnapshot", ri."identitySnapshot",
      ${launchedAt}::timestamp(3) + make_interval(days => ${pct(Prisma.sql`ri."identityId"`)} % 12, mins => ${pct(Prisma.sql`ri."id"`)} * 13) AS at,
      CASE WHEN ri."reviewerId" = ${demoOwner?.id ?? ""} THEN ${pct(Prisma.sql`ri."identityId"`)} < 50
        ELSE ${pct(Prisma.sql`ri."reviewerId"`)} < 70 AND ${pct(Prisma.sql`ri."identityId"`)} < 80 END AS decided,
      ${pct(Prisma.sql`ri."reviewerId"`)} < 70 AND ${pct(Prisma.sql`ri."identityId"`)} BETWEEN 80 AND 87 AS started
    FROM "ReviewItem" ri
    WHERE ri."campaignId" = ${id} AND ri."reviewerId" IS NOT NULL
      -- Hard cases stay open: orphans to reassign, break-glass attestations, NHIs with no purpose to confirm.
      AND (ri."identitySnapshot")."suggested" <> 'REASSIGN' AND NOT (ri."identitySnapshot")."breakGlass"
      AND coalesce(length((ri."identitySnapshot")."purpose"), 0) >= 10`;
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw(Prisma.sql`CREATE TEMP TABLE demo_pick ON COMMIT DROP AS SELECT * FROM (${chosen}) c WHERE c.decided OR c.started`);
      const decision = (target: string, targetId: Prisma.Sql, value: Prisma.Sql, from: Prisma.Sql, where: Prisma.Sql) => Prisma.sql`
        INSERT INTO "ReviewDecision" ("id", "campaignId", "itemId", "target", "targetId", "decision", "comment", "source", "decidedById", "reviewerOfRecordId", "decidedAt")
        SELECT 'rd_' || replace(gen_random_uuid()::text, '-', ''), ${id}, p."id", ${target}::"DecisionTarget", ${targetId}, ${value},
          CASE WHEN ${value} IN ('REVOKE', 'REDUCE', 'DECOMMISSION') THEN (ARRAY['Not used in the review window: not needed.', 'No longer part of the service.', 'Replaced by a workload identity.'])[1 + ${pct(Prisma.sql`p."id"`)} % 3] END,
          'REVIEWER', p."reviewerId", p."reviewerId", p.at
        FROM demo_pick p ${from}
        WHERE ${where}`;
      await tx.$executeRaw(decision("ENTITLEMENT", Prisma.sql`e.id`, Prisma.sql`e.suggested`, Prisma.sql`CROSS JOIN LATERAL unnest(p."entitlementSnapshot") e`, Prisma.sql`p."part" = 'ACCESS'`));
      await tx.$executeRaw(decision("CREDENTIAL", Prisma.sql`c.id`, Prisma.sql`c.suggested`, Prisma.sql`CROSS JOIN LATERAL unnest(p."credentialSnapshot") c`, Prisma.sql`p."part" = 'ACCESS' AND p.decided`));
      await tx.$executeRaw(decision("IDENTITY", Prisma.sql`''`, Prisma.sql`(p."identitySnapshot")."suggested"`, Prisma.empty, Prisma.sql`p."part" = 'ACCESS' AND p.decided`));
      await tx.$executeRaw(decision("DELEGATION", Prisma.sql`''`, Prisma.sql`(p."identitySnapshot")."delegationSuggested"`, Prisma.empty, Prisma.sql`p."part" = 'DELEGATION' AND p.decided AND (p."identitySnapshot")."delegationSuggested" IS NOT NULL`));
      // The rollups the inbox and progress read: decided items are complete by construction (every access decided,
      // the purpose confirmed as shown, a comment wherever something was revoked).
      await tx.$executeRaw(Prisma.sql`
        UPDATE "ReviewItem" ri SET
          "lastActivityAt" = p.at,
          "decision" = CASE WHEN p.decided AND p."part" = 'ACCESS' THEN ((p."identitySnapshot")."suggested")::"IdentityDecision" END,
          "purposeConfirmed" = CASE WHEN p.decided AND p."part" = 'ACCESS' THEN (p."identitySnapshot")."purpose" END,
          "comment" = (SELECT d."comment" FROM "ReviewDecision" d WHERE d."itemId" = ri."id" AND d."comment" IS NOT NULL LIMIT 1),
          "decidedAt" = CASE WHEN p.decided THEN p.at END,
          "decidedById" = CASE WHEN p.decided THEN p."reviewerId" END
        FROM demo_pick p WHERE ri."id" = p."id"`);
    },
    { timeout: 10 * 60_000 },
  );
  const decided = await db.reviewItem.count({ where: { campaignId: id, decidedAt: { not: null } } });
  await recordAuditStandalone({ actor: null, action: "demo.seed-campaign", targetType: "Campaign", targetId: id, meta: { items, decided } });
  return { id, items, decided };
}
