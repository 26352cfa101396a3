-- When the run was claimed by its runner (issue 8: LOST decided from Postgres).

-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "claimedAt" TIMESTAMP(3);
