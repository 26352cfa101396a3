-- Issue 16 ("Relaunch with the same arguments and properties"): the deployment properties given at launch,
-- as given (before they are merged over the task's), so a relaunch runs with them again. NULL for runs
-- launched without properties, and for runs of schedules, triggers and DAGs (their own definitions hold them).
-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "launchProperties" JSONB;
