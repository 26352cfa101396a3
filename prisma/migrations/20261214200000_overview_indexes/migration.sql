-- Issue 14: the console's overview counts a window of executions by status in Postgres
-- (services/control-plane/src/store/overview-store.ts). These make each count an index-only
-- scan at a million executions: what ended within the window, and what was queued within it per hour.
-- CreateIndex
CREATE INDEX "executions_endedAt_status_idx" ON "executions"("endedAt", "status");

-- CreateIndex
CREATE INDEX "executions_queuedAt_status_idx" ON "executions"("queuedAt", "status");
