-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Identity_name_trgm_idx" ON "Identity" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Identity_externalId_trgm_idx" ON "Identity" USING GIN ("externalId" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Identity_purpose_trgm_idx" ON "Identity" USING GIN ("purpose" gin_trgm_ops);
