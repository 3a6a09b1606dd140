-- What a review item's reviewer was shown, frozen at launch (lib/campaigns/sql.ts snapshotCtes, read by
-- lib/campaigns/snapshot.ts). Composite types, not JSON: the launch copies values, it does not render text.
CREATE TYPE snapshot_entitlement AS (
  "id" TEXT, "resource" TEXT, "permission" TEXT, "privilege" "Privilege", "sensitivity" "Sensitivity", "via" "GrantVia", "viaName" TEXT,
  "grantedAt" TIMESTAMP(3), "expiresAt" TIMESTAMP(3), "lastUsedAt" TIMESTAMP(3), "unused" BOOLEAN, "suggested" TEXT, "why" TEXT
);
CREATE TYPE snapshot_credential AS (
  "id" TEXT, "type" "CredentialType", "name" TEXT, "externalId" TEXT, "status" "CredentialStatus", "createdAt" TIMESTAMP(3),
  "lastRotatedAt" TIMESTAMP(3), "lastUsedAt" TIMESTAMP(3), "expiresAt" TIMESTAMP(3), "storage" TEXT, "ephemeral" BOOLEAN,
  "ageDays" INTEGER, "maxAgeDays" INTEGER, "overAge" BOOLEAN, "expired" BOOLEAN, "unused" BOOLEAN, "suggested" TEXT, "why" TEXT
);
CREATE TYPE snapshot_identity AS (
  "takenAt" TIMESTAMP(3), "unusedWindowDays" INTEGER, "id" TEXT, "name" TEXT, "externalId" TEXT, "kind" "IdentityKind",
  "status" "IdentityStatus", "environment" "Environment", "criticality" "Criticality", "riskScore" INTEGER, "riskReasons" JSONB,
  "isPrivileged" BOOLEAN, "breakGlass" BOOLEAN, "breakGlassTestedAt" TIMESTAMP(3), "shared" BOOLEAN, "purpose" TEXT,
  "purposeConfirmedAt" TIMESTAMP(3), "lastUsedAt" TIMESTAMP(3), "createdAtSource" TIMESTAMP(3), "sourceKey" TEXT,
  "sourcePlatform" TEXT, "sourceName" TEXT, "teamId" TEXT, "teamName" TEXT,
  "ownerId" TEXT, "ownerName" TEXT, "ownerEmail" TEXT, "ownerActive" BOOLEAN,
  "backupOwnerId" TEXT, "backupOwnerName" TEXT, "backupOwnerEmail" TEXT, "backupOwnerActive" BOOLEAN,
  "onBehalfOfId" TEXT, "onBehalfOfName" TEXT, "onBehalfOfEmail" TEXT, "onBehalfOfActive" BOOLEAN,
  "delegatedScopes" TEXT[], "suggested" TEXT, "why" TEXT, "delegationSuggested" TEXT, "delegationWhy" TEXT
);

-- CreateEnum
CREATE TYPE "ReviewPart" AS ENUM ('ACCESS', 'DELEGATION');

-- CreateEnum
CREATE TYPE "ReviewRouting" AS ENUM ('OWNER', 'BACKUP_OWNER', 'BACKUP_REVIEWER', 'ON_BEHALF_OF', 'FALLBACK_ORPHAN', 'FALLBACK_INACTIVE', 'FALLBACK_SELF_REVIEW', 'UNASSIGNED', 'REASSIGNED');

-- CreateEnum
CREATE TYPE "DecisionTarget" AS ENUM ('IDENTITY', 'ENTITLEMENT', 'CREDENTIAL', 'DELEGATION');

-- CreateEnum
CREATE TYPE "DecisionSource" AS ENUM ('REVIEWER', 'BULK', 'NO_RESPONSE');

-- CreateEnum
CREATE TYPE "NoResponseOutcome" AS ENUM ('NO_CHANGE', 'REVOKE_UNUSED', 'REVOKE_ALL', 'DECOMMISSION');

-- DropIndex
DROP INDEX "ReviewItem_campaignId_decidedAt_idx";

-- DropIndex
DROP INDEX "ReviewItem_campaignId_identityId_key";

-- DropIndex
DROP INDEX "ReviewItem_reviewerId_decidedAt_idx";

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "backupReviewerId" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "itemCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "noResponseOutcome" "NoResponseOutcome" NOT NULL DEFAULT 'NO_CHANGE',
ADD COLUMN     "remediationDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "reviewClosedAt" TIMESTAMP(3),
ADD COLUMN     "unusedWindowDays" INTEGER;

-- AlterTable
ALTER TABLE "Identity" ADD COLUMN     "accessChangedAt" TIMESTAMP(3),
ADD COLUMN     "lastCertifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RemediationTask" ADD COLUMN     "closedById" TEXT,
ADD COLUMN     "decisionId" TEXT,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "title" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ReviewItem" DROP COLUMN "accessDecisions",
DROP COLUMN "snapshot",
ADD COLUMN     "breakGlassAttestedAt" TIMESTAMP(3),
ADD COLUMN     "credentialSnapshot" _snapshot_credential,
ADD COLUMN     "entitlementSnapshot" _snapshot_entitlement,
ADD COLUMN     "identitySnapshot" snapshot_identity,
ADD COLUMN     "lastActivityAt" TIMESTAMP(3),
ADD COLUMN     "noResponse" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "part" "ReviewPart" NOT NULL DEFAULT 'ACCESS',
ADD COLUMN     "routedBy" "ReviewRouting" NOT NULL DEFAULT 'OWNER',
ADD COLUMN     "snapshotVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "teamId" TEXT;

-- CreateTable
CREATE TABLE "ReviewDecision" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "target" "DecisionTarget" NOT NULL,
    "targetId" TEXT NOT NULL DEFAULT '',
    "decision" TEXT NOT NULL,
    "reassignToId" TEXT,
    "comment" TEXT,
    "source" "DecisionSource" NOT NULL DEFAULT 'REVIEWER',
    "decidedById" TEXT,
    "reviewerOfRecordId" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewDecision_campaignId_decision_idx" ON "ReviewDecision"("campaignId", "decision");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewDecision_itemId_target_targetId_key" ON "ReviewDecision"("itemId", "target", "targetId");

-- CreateIndex
CREATE INDEX "Campaign_createdAt_id_idx" ON "Campaign"("createdAt", "id");

-- CreateIndex
CREATE INDEX "RemediationTask_campaignId_status_idx" ON "RemediationTask"("campaignId", "status");

-- CreateIndex
CREATE INDEX "ReviewItem_reviewerId_campaignId_decidedAt_idx" ON "ReviewItem"("reviewerId", "campaignId", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewItem_campaignId_identityId_part_key" ON "ReviewItem"("campaignId", "identityId", "part");

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReviewItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationTask" ADD CONSTRAINT "RemediationTask_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- "Changed since last certified" (lib/identities/queries.ts inventoryWhere): the database itself stamps
-- Identity.accessChangedAt whenever an NHI gains a grant or a credential, or a grant is widened or re-activated,
-- whoever writes (importer, API, seed). Statement-level triggers with transition tables: one UPDATE per statement,
-- not per row, so bulk imports stay set-based. Times are UTC wall time, like every timestamp(3) column here.
-- The function bodies are E'' strings with \073 for each semicolon: @prisma/adapter-pg runs a migration by
-- splitting it at every semicolon, which would cut a dollar-quoted body apart.
CREATE FUNCTION steward_access_added() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Identity" i SET "accessChangedAt" = (now() AT TIME ZONE ''UTC'')
  FROM (SELECT DISTINCT n."identityId" FROM new_rows n WHERE n."status"::text = ''ACTIVE'') c
  WHERE i."id" = c."identityId"\073
  RETURN NULL\073
END';

CREATE FUNCTION steward_entitlement_widened() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Identity" i SET "accessChangedAt" = (now() AT TIME ZONE ''UTC'')
  FROM (
    SELECT DISTINCT n."identityId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE n."status" = ''ACTIVE'' AND (o."status" <> ''ACTIVE'' OR o."privilege" <> n."privilege" OR o."permission" <> n."permission")
  ) c
  WHERE i."id" = c."identityId"\073
  RETURN NULL\073
END';

CREATE FUNCTION steward_credential_reactivated() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Identity" i SET "accessChangedAt" = (now() AT TIME ZONE ''UTC'')
  FROM (
    SELECT DISTINCT n."identityId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE n."status" = ''ACTIVE'' AND o."status" <> ''ACTIVE''
  ) c
  WHERE i."id" = c."identityId"\073
  RETURN NULL\073
END';

CREATE TRIGGER entitlement_added AFTER INSERT ON "Entitlement"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION steward_access_added();
CREATE TRIGGER entitlement_widened AFTER UPDATE ON "Entitlement"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION steward_entitlement_widened();
CREATE TRIGGER credential_added AFTER INSERT ON "Credential"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION steward_access_added();
CREATE TRIGGER credential_reactivated AFTER UPDATE ON "Credential"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION steward_credential_reactivated();
