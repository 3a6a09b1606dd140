-- CreateIndex
CREATE INDEX "ReviewItem_identityId_idx" ON "ReviewItem"("identityId");
