-- DropIndex
DROP INDEX "Identity_teamId_idx";

-- DropIndex
DROP INDEX "PostureSnapshot_day_idx";

-- AlterTable
ALTER TABLE "PostureSnapshot" DROP COLUMN "credentialsByAge",
DROP COLUMN "findingsBySeverity",
ADD COLUMN     "credAge30To90" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "credAge90To365" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "credAgeOver365" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "credAgeUnder30" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "credNeverExpire" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsCritical" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsHigh" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsInfo" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsLow" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsMedium" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "highRisk" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "humans" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "overPrivileged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "riskScoreSum" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Identity_teamId_riskScore_idx" ON "Identity"("teamId", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "PostureSnapshot_sourceId_day_idx" ON "PostureSnapshot"("sourceId", "day");
