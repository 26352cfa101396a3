-- AlterTable: why each run started
ALTER TABLE "executions" ADD COLUMN "originKind" TEXT NOT NULL DEFAULT 'MANUAL',
ADD COLUMN "originName" TEXT,
ADD COLUMN "origin" JSONB,
ADD COLUMN "scheduleId" UUID;

-- AlterTable
ALTER TABLE "dag_runs" ADD COLUMN "originKind" TEXT NOT NULL DEFAULT 'MANUAL',
ADD COLUMN "originName" TEXT,
ADD COLUMN "origin" JSONB,
ADD COLUMN "scheduleId" UUID;

-- Runs made before origins were recorded
UPDATE "executions" SET "originKind" = 'RESTART' WHERE "restartOfId" IS NOT NULL;
UPDATE "executions" e SET "originKind" = 'DAG', "originName" = d.name
  FROM "dag_node_runs" n JOIN "dag_runs" r ON r.id = n."dagRunId" JOIN "dags" d ON d.id = r."dagId"
  WHERE n."executionId" = e.id;

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "taskName" TEXT,
    "dagName" TEXT,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "arguments" TEXT[],
    "properties" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "startAt" TIMESTAMP(3),
    "endAt" TIMESTAMP(3),
    "overlap" TEXT NOT NULL DEFAULT 'ALLOW',
    "misfire" TEXT NOT NULL DEFAULT 'RUN_ONCE',
    "nextFireAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL DEFAULT 'anonymous',

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_fires" (
    "id" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "executionId" UUID,
    "dagRunId" UUID,
    "maxActive" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firedAt" TIMESTAMP(3),

    CONSTRAINT "schedule_fires_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "triggers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "taskName" TEXT,
    "dagName" TEXT,
    "subject" TEXT,
    "arguments" TEXT[],
    "properties" JSONB NOT NULL DEFAULT '{}',
    "dedupKey" TEXT,
    "dedupWindowSeconds" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL DEFAULT 'anonymous',

    CONSTRAINT "triggers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trigger_events" (
    "id" UUID NOT NULL,
    "triggerId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "dedupKey" TEXT,
    "executionId" UUID,
    "dagRunId" UUID,
    "matchedEventId" UUID,
    "payload" JSONB,

    CONSTRAINT "trigger_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "executions_scheduleId_status_idx" ON "executions"("scheduleId", "status");

-- CreateIndex
CREATE INDEX "executions_originKind_originName_idx" ON "executions"("originKind", "originName");

-- CreateIndex
CREATE INDEX "dag_runs_scheduleId_status_idx" ON "dag_runs"("scheduleId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "schedules_name_key" ON "schedules"("name");

-- CreateIndex
CREATE INDEX "schedules_nextFireAt_idx" ON "schedules"("nextFireAt");

-- CreateIndex
CREATE INDEX "schedule_fires_outcome_scheduledAt_idx" ON "schedule_fires"("outcome", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_fires_scheduleId_scheduledAt_key" ON "schedule_fires"("scheduleId", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "triggers_name_key" ON "triggers"("name");

-- CreateIndex
CREATE INDEX "triggers_subject_idx" ON "triggers"("subject");

-- CreateIndex
CREATE INDEX "trigger_events_triggerId_receivedAt_idx" ON "trigger_events"("triggerId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "trigger_events_triggerId_dedupKey_receivedAt_idx" ON "trigger_events"("triggerId", "dedupKey", "receivedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "trigger_events_triggerId_source_messageId_key" ON "trigger_events"("triggerId", "source", "messageId");

-- AddForeignKey
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trigger_events" ADD CONSTRAINT "trigger_events_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "triggers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
