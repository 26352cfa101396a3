-- Indexes the migrations create that schema.prisma cannot express (Prisma has no partial
-- indexes). test/db-drift.test.ts applies this file to the database built from the schema,
-- so the two still have to agree on everything else. Keep each statement identical to its
-- migration's.
CREATE INDEX "executions_queued_idx" ON "executions"("taskId", "priority" DESC, "queuedAt", "id") WHERE "status" = 'QUEUED';
CREATE INDEX "executions_logs_pending_idx" ON "executions"("taskId", "endedAt") WHERE "logsExpiredAt" IS NULL AND "endedAt" IS NOT NULL;
