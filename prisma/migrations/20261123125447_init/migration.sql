-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'SECURITY_VIEWER', 'OWNER', 'AUDITOR');

-- CreateEnum
CREATE TYPE "IdentityKind" AS ENUM ('SERVICE_ACCOUNT', 'API_KEY', 'OAUTH_APP', 'CERTIFICATE', 'WORKLOAD_IDENTITY', 'CI_CD_TOKEN', 'SSH_KEY', 'BOT', 'AI_AGENT');

-- CreateEnum
CREATE TYPE "IdentityStatus" AS ENUM ('ACTIVE', 'DISABLED', 'DELETED_AT_SOURCE');

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('PROD', 'STAGING', 'DEV', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Criticality" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "CredentialType" AS ENUM ('ACCESS_KEY', 'SA_KEY', 'CLIENT_SECRET', 'CERTIFICATE', 'TOKEN', 'SSH_KEY', 'PASSWORD');

-- CreateEnum
CREATE TYPE "CredentialStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'EXPIRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "Privilege" AS ENUM ('ADMIN', 'WRITE', 'READ', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Sensitivity" AS ENUM ('CRITICAL', 'HIGH', 'NORMAL');

-- CreateEnum
CREATE TYPE "GrantVia" AS ENUM ('DIRECT', 'GROUP', 'INLINE', 'MANAGED', 'BINDING');

-- CreateEnum
CREATE TYPE "EntitlementStatus" AS ENUM ('ACTIVE', 'REVOKED');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO');

-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('OPEN', 'RESOLVED', 'EXCEPTED');

-- CreateEnum
CREATE TYPE "ExceptionStatus" AS ENUM ('PROPOSED', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'ACTIVE', 'REMEDIATION', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "IdentityDecision" AS ENUM ('CONFIRM', 'REASSIGN', 'DECOMMISSION');

-- CreateEnum
CREATE TYPE "AccessDecision" AS ENUM ('KEEP', 'REDUCE', 'REVOKE', 'ROTATE');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED');

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "leadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'OWNER',
    "teamId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "passwordHash" TEXT,
    "oidcSubject" TEXT,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" "Environment" NOT NULL DEFAULT 'UNKNOWN',
    "lastImportAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "IdentityKind" NOT NULL,
    "status" "IdentityStatus" NOT NULL DEFAULT 'ACTIVE',
    "environment" "Environment" NOT NULL DEFAULT 'UNKNOWN',
    "criticality" "Criticality" NOT NULL DEFAULT 'MEDIUM',
    "canChangeInfra" BOOLEAN NOT NULL DEFAULT false,
    "canReadSensitive" BOOLEAN NOT NULL DEFAULT false,
    "canTriggerDeploy" BOOLEAN NOT NULL DEFAULT false,
    "isPrivileged" BOOLEAN NOT NULL DEFAULT false,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "breakGlassTestedAt" TIMESTAMP(3),
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "ownerId" TEXT,
    "backupOwnerId" TEXT,
    "teamId" TEXT,
    "purpose" TEXT,
    "purposeConfirmedAt" TIMESTAMP(3),
    "platformManaged" BOOLEAN NOT NULL DEFAULT false,
    "onBehalfOfUserId" TEXT,
    "delegatedScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAtSource" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "riskScore" INTEGER NOT NULL DEFAULT 0,
    "riskReasons" JSONB NOT NULL DEFAULT '[]',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "oldestCredentialAt" TIMESTAMP(3),
    "unusedEntitlements" INTEGER NOT NULL DEFAULT 0,
    "entitlementCount" INTEGER NOT NULL DEFAULT 0,
    "credentialCount" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "type" "CredentialType" NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "status" "CredentialStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastRotatedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "fingerprint" TEXT,
    "storage" TEXT NOT NULL DEFAULT 'unknown',
    "ephemeral" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entitlement" (
    "id" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "privilege" "Privilege" NOT NULL DEFAULT 'UNKNOWN',
    "sensitivity" "Sensitivity" NOT NULL DEFAULT 'NORMAL',
    "via" "GrantVia" NOT NULL DEFAULT 'DIRECT',
    "viaName" TEXT,
    "condition" JSONB,
    "grantedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "status" "EntitlementStatus" NOT NULL DEFAULT 'ACTIVE',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Entitlement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RotationPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "IdentityKind",
    "environment" "Environment",
    "criticality" "Criticality",
    "maxAgeDays" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RotationPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "owaspId" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "FindingStatus" NOT NULL DEFAULT 'OPEN',
    "subjectKey" TEXT NOT NULL DEFAULT '',
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskException" (
    "id" TEXT NOT NULL,
    "findingId" TEXT,
    "identityId" TEXT,
    "ruleId" TEXT,
    "justification" TEXT NOT NULL,
    "compensatingControls" JSONB NOT NULL DEFAULT '[]',
    "requestedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "decisionComment" TEXT,
    "status" "ExceptionStatus" NOT NULL DEFAULT 'PROPOSED',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "previousId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RiskException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "fallbackReviewerId" TEXT,
    "commentRequired" TEXT NOT NULL DEFAULT 'ON_REVOKE',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reminderDays" INTEGER[] DEFAULT ARRAY[7, 3, 1]::INTEGER[],
    "escalation" JSONB NOT NULL DEFAULT '{}',
    "noResponseAction" JSONB NOT NULL DEFAULT '{}',
    "recurrence" TEXT,
    "deltaReview" BOOLEAN NOT NULL DEFAULT false,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "createdById" TEXT NOT NULL,
    "launchedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewItem" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "reviewerId" TEXT,
    "delegatedFromId" TEXT,
    "snapshot" JSONB NOT NULL,
    "decision" "IdentityDecision",
    "accessDecisions" JSONB NOT NULL DEFAULT '{}',
    "purposeConfirmed" TEXT,
    "reassignToId" TEXT,
    "comment" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemediationTask" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT,
    "identityId" TEXT NOT NULL,
    "reviewItemId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "assigneeId" TEXT,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "dueAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RemediationTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostureSnapshot" (
    "id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "teamId" TEXT NOT NULL DEFAULT '',
    "sourceId" TEXT NOT NULL DEFAULT '',
    "environment" TEXT NOT NULL DEFAULT '',
    "identities" INTEGER NOT NULL DEFAULT 0,
    "identitiesByKind" JSONB NOT NULL DEFAULT '{}',
    "privileged" INTEGER NOT NULL DEFAULT 0,
    "orphans" INTEGER NOT NULL DEFAULT 0,
    "owned" INTEGER NOT NULL DEFAULT 0,
    "entitlementsGranted" INTEGER NOT NULL DEFAULT 0,
    "entitlementsUsed" INTEGER NOT NULL DEFAULT 0,
    "privilegedStanding" INTEGER NOT NULL DEFAULT 0,
    "privilegedTimeBound" INTEGER NOT NULL DEFAULT 0,
    "credentials" INTEGER NOT NULL DEFAULT 0,
    "credentialsByAge" JSONB NOT NULL DEFAULT '{}',
    "credentialsCompliant" INTEGER NOT NULL DEFAULT 0,
    "credentialsVaulted" INTEGER NOT NULL DEFAULT 0,
    "findingsOpen" JSONB NOT NULL DEFAULT '{}',
    "findingsBySeverity" JSONB NOT NULL DEFAULT '{}',
    "exceptionsActive" INTEGER NOT NULL DEFAULT 0,
    "exceptionsExpiring" INTEGER NOT NULL DEFAULT 0,
    "campaignItems" INTEGER NOT NULL DEFAULT 0,
    "campaignItemsDecided" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostureSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "meta" JSONB,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT,
    "format" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "startedById" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "ok" BOOLEAN,
    "summary" JSONB,
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcSubject_key" ON "User"("oidcSubject");

-- CreateIndex
CREATE INDEX "User_teamId_idx" ON "User"("teamId");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE UNIQUE INDEX "Source_key_key" ON "Source"("key");

-- CreateIndex
CREATE INDEX "Identity_riskScore_id_idx" ON "Identity"("riskScore" DESC, "id");

-- CreateIndex
CREATE INDEX "Identity_name_id_idx" ON "Identity"("name", "id");

-- CreateIndex
CREATE INDEX "Identity_lastUsedAt_id_idx" ON "Identity"("lastUsedAt", "id");

-- CreateIndex
CREATE INDEX "Identity_ownerId_riskScore_idx" ON "Identity"("ownerId", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Identity_backupOwnerId_idx" ON "Identity"("backupOwnerId");

-- CreateIndex
CREATE INDEX "Identity_kind_riskScore_idx" ON "Identity"("kind", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Identity_sourceId_riskScore_idx" ON "Identity"("sourceId", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Identity_environment_riskScore_idx" ON "Identity"("environment", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Identity_status_riskScore_idx" ON "Identity"("status", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Identity_criticality_riskScore_idx" ON "Identity"("criticality", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Identity_teamId_idx" ON "Identity"("teamId");

-- CreateIndex
CREATE INDEX "Identity_oldestCredentialAt_idx" ON "Identity"("oldestCredentialAt");

-- CreateIndex
CREATE INDEX "Identity_onBehalfOfUserId_idx" ON "Identity"("onBehalfOfUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_sourceId_externalId_key" ON "Identity"("sourceId", "externalId");

-- CreateIndex
CREATE INDEX "Credential_status_lastRotatedAt_idx" ON "Credential"("status", "lastRotatedAt");

-- CreateIndex
CREATE INDEX "Credential_expiresAt_idx" ON "Credential"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_identityId_externalId_key" ON "Credential"("identityId", "externalId");

-- CreateIndex
CREATE INDEX "Entitlement_status_privilege_idx" ON "Entitlement"("status", "privilege");

-- CreateIndex
CREATE INDEX "Entitlement_lastUsedAt_idx" ON "Entitlement"("lastUsedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Entitlement_identityId_resource_permission_key" ON "Entitlement"("identityId", "resource", "permission");

-- CreateIndex
CREATE INDEX "Finding_status_severity_idx" ON "Finding"("status", "severity");

-- CreateIndex
CREATE INDEX "Finding_owaspId_status_idx" ON "Finding"("owaspId", "status");

-- CreateIndex
CREATE INDEX "Finding_ruleId_status_idx" ON "Finding"("ruleId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_identityId_ruleId_subjectKey_key" ON "Finding"("identityId", "ruleId", "subjectKey");

-- CreateIndex
CREATE INDEX "RiskException_status_expiresAt_idx" ON "RiskException"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "RiskException_identityId_idx" ON "RiskException"("identityId");

-- CreateIndex
CREATE INDEX "RiskException_findingId_idx" ON "RiskException"("findingId");

-- CreateIndex
CREATE INDEX "Campaign_status_dueAt_idx" ON "Campaign"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ReviewItem_reviewerId_decidedAt_idx" ON "ReviewItem"("reviewerId", "decidedAt");

-- CreateIndex
CREATE INDEX "ReviewItem_campaignId_decidedAt_idx" ON "ReviewItem"("campaignId", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewItem_campaignId_identityId_key" ON "ReviewItem"("campaignId", "identityId");

-- CreateIndex
CREATE INDEX "RemediationTask_status_dueAt_idx" ON "RemediationTask"("status", "dueAt");

-- CreateIndex
CREATE INDEX "RemediationTask_assigneeId_status_idx" ON "RemediationTask"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "RemediationTask_identityId_idx" ON "RemediationTask"("identityId");

-- CreateIndex
CREATE INDEX "PostureSnapshot_day_idx" ON "PostureSnapshot"("day");

-- CreateIndex
CREATE UNIQUE INDEX "PostureSnapshot_day_teamId_sourceId_environment_key" ON "PostureSnapshot"("day", "teamId", "sourceId", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_id_key" ON "AuditEvent"("id");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_createdById_idx" ON "ApiToken"("createdById");

-- CreateIndex
CREATE INDEX "ImportJob_startedAt_idx" ON "ImportJob"("startedAt");

-- CreateIndex
CREATE INDEX "JobRun_job_startedAt_idx" ON "JobRun"("job", "startedAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_createdAt_idx" ON "OutboxMessage"("createdAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_backupOwnerId_fkey" FOREIGN KEY ("backupOwnerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_onBehalfOfUserId_fkey" FOREIGN KEY ("onBehalfOfUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskException" ADD CONSTRAINT "RiskException_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationTask" ADD CONSTRAINT "RemediationTask_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationTask" ADD CONSTRAINT "RemediationTask_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;
