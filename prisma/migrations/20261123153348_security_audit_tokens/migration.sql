-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "lastUsedIp" TEXT,
ADD COLUMN     "revokedById" TEXT,
ALTER COLUMN "expiresAt" SET NOT NULL;

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_idx" ON "AuditEvent"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_seq_idx" ON "AuditEvent"("actorEmail", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_targetId_seq_idx" ON "AuditEvent"("targetId", "seq");

-- The audit log is append-only (issue 6.1): no UPDATE, DELETE or TRUNCATE by any role, whatever its grants.
-- Only a superuser can get past it (by dropping the trigger or with session_replication_role = replica), and that
-- leaves the hash chain broken for `steward verify-audit` to find. DROP DATABASE is unaffected.
-- The body is an E-string with the semicolon written as \073: @prisma/adapter-pg runs a migration by splitting it on
-- every semicolon, which would cut a dollar-quoted PL/pgSQL body apart.
CREATE OR REPLACE FUNCTION steward_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''AuditEvent is append-only: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END';

CREATE TRIGGER "AuditEvent_append_only_row"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION steward_audit_append_only();

CREATE TRIGGER "AuditEvent_append_only_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION steward_audit_append_only();
