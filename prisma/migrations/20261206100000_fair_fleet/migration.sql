-- Issue 10: admission (limits, priority, CPU and memory, labels, queue TTL), retries, runner capacity and draining.
ALTER TABLE "executions"
    ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "concurrencyKey" TEXT,
    ADD COLUMN "concurrencyLimit" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "cpuMillis" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "memoryBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN "runnerLabels" JSONB,
    ADD COLUMN "dagId" UUID,
    ADD COLUMN "expiresAt" TIMESTAMP(3),
    ADD COLUMN "notBefore" TIMESTAMP(3),
    ADD COLUMN "assignedRunnerId" TEXT,
    ADD COLUMN "waitReason" TEXT,
    ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "retryOfId" UUID,
    ADD COLUMN "retryPolicy" JSONB;

ALTER TABLE "runners"
    ADD COLUMN "cpuMillis" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "memoryBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN "labels" JSONB,
    ADD COLUMN "version" TEXT,
    ADD COLUMN "drainingAt" TIMESTAMP(3);

ALTER TABLE "dags" ADD COLUMN "maxConcurrent" INTEGER;

ALTER TABLE "task_definitions" ADD COLUMN "admittedTurn" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "pools" (
    "name" TEXT NOT NULL,
    "maxConcurrent" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pools_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "executions_retryOfId_key" ON "executions"("retryOfId");

-- Admission's queue heads: only QUEUED rows, so its size is the queue's, not the history's
-- (partial: Prisma cannot express it; prisma/partial-indexes.sql keeps the drift check honest).
CREATE INDEX "executions_queued_idx" ON "executions"("taskId", "priority" DESC, "queuedAt", "id") WHERE "status" = 'QUEUED';

-- CreateIndex
CREATE INDEX "executions_assignedRunnerId_status_idx" ON "executions"("assignedRunnerId", "status");

-- CreateIndex
CREATE INDEX "executions_expiresAt_idx" ON "executions"("expiresAt");
