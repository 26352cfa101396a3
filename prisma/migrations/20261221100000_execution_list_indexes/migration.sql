-- Issue 15 ("Scale"): the executions list (services/control-plane/src/store/execution-query-store.ts)
-- filtered by status, and by task and status, newest first. With only executions_status_idx and the
-- time-ordered indexes, Postgres walked the time order and filtered (or gathered every row of the status
-- and sorted); paging a task's FAILED runs 100 pages deep took 1.2 s a page at p50 among a million
-- executions. These read a page in order with no sort and no rows skipped; id DESC matches
-- ORDER BY "queuedAt" DESC, id DESC and the cursor's (queuedAt, id) < (...) comparison exactly
-- (docs/architecture.md, "At a million executions").
-- executions_status_idx stays: admission, the overview and runner supervision count active statuses on it.
-- CreateIndex
CREATE INDEX "executions_status_queuedAt_id_idx" ON "executions"("status", "queuedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "executions_taskId_status_queuedAt_id_idx" ON "executions"("taskId", "status", "queuedAt" DESC, "id" DESC);
