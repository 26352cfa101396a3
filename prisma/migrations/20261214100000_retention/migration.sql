-- Issue 14: history retention. Per-task overrides (NULL: the global BATON_RETENTION_* setting),
-- when an execution's log lines were expired, and the indexes retention finds its candidates with.
ALTER TABLE "task_definitions" ADD COLUMN "retentionDays" INTEGER,
ADD COLUMN "retentionRuns" INTEGER,
ADD COLUMN "logRetentionDays" INTEGER;

ALTER TABLE "executions" ADD COLUMN "logsExpiredAt" TIMESTAMP(3);

CREATE INDEX "executions_taskId_endedAt_idx" ON "executions"("taskId", "endedAt");

CREATE INDEX "dag_runs_endedAt_idx" ON "dag_runs"("endedAt");

-- Ended executions whose log lines have not been expired yet (prisma/partial-indexes.sql has the same).
CREATE INDEX "executions_logs_pending_idx" ON "executions"("taskId", "endedAt") WHERE "logsExpiredAt" IS NULL AND "endedAt" IS NOT NULL;
