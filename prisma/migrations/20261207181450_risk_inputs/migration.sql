-- AlterTable
ALTER TABLE "Identity" ADD COLUMN     "riskInputs" TEXT;
