-- DropIndex
DROP INDEX "Identity_riskScore_id_idx";

-- CreateIndex
CREATE INDEX "Finding_status_severity_firstSeenAt_id_idx" ON "Finding"("status", "severity", "firstSeenAt", "id");

-- CreateIndex
CREATE INDEX "Identity_riskScore_id_idx" ON "Identity"("riskScore" DESC, "id" DESC);
