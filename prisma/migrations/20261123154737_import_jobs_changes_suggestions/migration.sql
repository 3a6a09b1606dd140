-- CreateEnum
CREATE TYPE "ImportEntity" AS ENUM ('IDENTITY', 'CREDENTIAL', 'ENTITLEMENT');

-- CreateEnum
CREATE TYPE "ImportChangeKind" AS ENUM ('CREATED', 'UPDATED', 'REVOKED', 'DELETED_AT_SOURCE', 'RESTORED');

-- CreateEnum
CREATE TYPE "OwnerSuggestionStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DISMISSED');

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "deletedAtSource" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "fileSize" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "phase" TEXT,
ADD COLUMN     "progress" JSONB,
ADD COLUMN     "runnerId" TEXT,
ADD COLUMN     "summary" JSONB;

-- CreateTable
CREATE TABLE "ImportChange" (
    "seq" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "entity" "ImportEntity" NOT NULL,
    "entityKey" TEXT,
    "change" "ImportChangeKind" NOT NULL,
    "fields" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportChange_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "OwnerSuggestion" (
    "id" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "status" "OwnerSuggestionStatus" NOT NULL DEFAULT 'PENDING',
    "jobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,

    CONSTRAINT "OwnerSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportChange_jobId_seq_idx" ON "ImportChange"("jobId", "seq");

-- CreateIndex
CREATE INDEX "ImportChange_identityId_seq_idx" ON "ImportChange"("identityId", "seq");

-- CreateIndex
CREATE INDEX "OwnerSuggestion_status_createdAt_idx" ON "OwnerSuggestion"("status", "createdAt");

-- CreateIndex
CREATE INDEX "OwnerSuggestion_userId_idx" ON "OwnerSuggestion"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OwnerSuggestion_identityId_userId_key" ON "OwnerSuggestion"("identityId", "userId");

-- CreateIndex
CREATE INDEX "ImportJob_status_idx" ON "ImportJob"("status");

-- AddForeignKey
ALTER TABLE "OwnerSuggestion" ADD CONSTRAINT "OwnerSuggestion_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerSuggestion" ADD CONSTRAINT "OwnerSuggestion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
