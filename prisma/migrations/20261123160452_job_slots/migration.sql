-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "forcedBy" TEXT,
ADD COLUMN     "slot" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "JobRun_startedAt_idx" ON "JobRun"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_slot_key" ON "JobRun"("job", "slot");
