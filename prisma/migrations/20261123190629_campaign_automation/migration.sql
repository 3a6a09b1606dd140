-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "definitionId" TEXT,
ADD COLUMN     "durationDays" INTEGER,
ADD COLUMN     "instanceTeamId" TEXT,
ADD COLUMN     "period" TEXT,
ADD COLUMN     "recurrenceKey" TEXT,
ADD COLUMN     "recurrencePerTeam" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ReviewItem" ADD COLUMN     "noResponseAction" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_recurrenceKey_key" ON "Campaign"("recurrenceKey");

-- CreateIndex
CREATE INDEX "Campaign_definitionId_createdAt_idx" ON "Campaign"("definitionId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_to_createdAt_idx" ON "OutboxMessage"("to", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_nextAttemptAt_idx" ON "OutboxMessage"("sentAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;
