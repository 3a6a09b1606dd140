-- CreateEnum
CREATE TYPE "ExceptionScope" AS ENUM ('FINDINGS', 'RULE');

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "dedupKey" TEXT;

-- AlterTable
ALTER TABLE "RiskException" ADD COLUMN     "controlsNote" TEXT,
ADD COLUMN     "rejectedById" TEXT,
ADD COLUMN     "reviewItemId" TEXT,
ADD COLUMN     "revokeReason" TEXT,
ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "revokedById" TEXT,
ADD COLUMN     "scope" "ExceptionScope" NOT NULL DEFAULT 'FINDINGS',
ADD COLUMN     "severity" "Severity" NOT NULL DEFAULT 'MEDIUM';

-- CreateTable
CREATE TABLE "RiskExceptionFinding" (
    "exceptionId" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,

    CONSTRAINT "RiskExceptionFinding_pkey" PRIMARY KEY ("exceptionId","findingId")
);

-- CreateIndex
CREATE INDEX "RiskExceptionFinding_findingId_idx" ON "RiskExceptionFinding"("findingId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupKey_key" ON "OutboxMessage"("dedupKey");

-- CreateIndex
CREATE INDEX "RiskException_status_severity_createdAt_idx" ON "RiskException"("status", "severity", "createdAt");

-- CreateIndex
CREATE INDEX "RiskException_status_createdAt_idx" ON "RiskException"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RiskException_requestedById_idx" ON "RiskException"("requestedById");

-- CreateIndex
CREATE INDEX "RiskException_previousId_idx" ON "RiskException"("previousId");

-- CreateIndex
CREATE INDEX "RiskException_reviewItemId_idx" ON "RiskException"("reviewItemId");

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_rejectedById_fkey" FOREIGN KEY ("rejectedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "RiskException"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskExceptionFinding" ADD CONSTRAINT "RiskExceptionFinding_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "RiskException"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskExceptionFinding" ADD CONSTRAINT "RiskExceptionFinding_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;
