-- Release history metadata (who, why, how) and the audit trail.

-- AlterTable
ALTER TABLE "releases" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'CREATE',
ADD COLUMN "sourceRevision" INTEGER,
ADD COLUMN "createdBy" TEXT NOT NULL DEFAULT 'anonymous',
ADD COLUMN "reason" TEXT,
ADD COLUMN "failureReason" TEXT,
ADD COLUMN "verifyExecutionId" UUID;

-- CreateTable
CREATE TABLE "audit_records" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "correlationId" TEXT NOT NULL,
    "input" JSONB NOT NULL,

    CONSTRAINT "audit_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_records_at_id_idx" ON "audit_records"("at" DESC, "id");

-- CreateIndex
CREATE INDEX "audit_records_actor_at_idx" ON "audit_records"("actor", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_records_action_at_idx" ON "audit_records"("action", "at" DESC);
