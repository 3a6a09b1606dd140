-- AlterTable
ALTER TABLE "RemediationTask" ADD COLUMN     "closedNote" TEXT,
ADD COLUMN     "verifiedByImportId" TEXT;
