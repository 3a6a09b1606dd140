-- AlterTable
ALTER TABLE "ReviewItem" ADD COLUMN     "exceptionSnapshot" JSONB;
