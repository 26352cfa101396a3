-- Composed tasks (DAGs): versions with their graph, runs and node attempts.

-- CreateTable
CREATE TABLE "dags" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "maxParallel" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "dags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dag_versions" (
    "id" UUID NOT NULL,
    "dagId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "graph" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL DEFAULT 'anonymous',

    CONSTRAINT "dag_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dag_runs" (
    "id" UUID NOT NULL,
    "dagId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "arguments" TEXT[],
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "errorMessage" TEXT,

    CONSTRAINT "dag_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dag_node_runs" (
    "id" UUID NOT NULL,
    "dagRunId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "executionId" UUID NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dag_node_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dags_liveName_key" ON "dags"("liveName");

-- CreateIndex
CREATE INDEX "dags_name_idx" ON "dags"("name");

-- CreateIndex
CREATE UNIQUE INDEX "dag_versions_dagId_version_key" ON "dag_versions"("dagId", "version");

-- CreateIndex
CREATE INDEX "dag_runs_dagId_createdAt_idx" ON "dag_runs"("dagId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "dag_runs_status_idx" ON "dag_runs"("status");

-- CreateIndex
CREATE UNIQUE INDEX "dag_runs_dagId_idempotencyKey_key" ON "dag_runs"("dagId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "dag_node_runs_executionId_key" ON "dag_node_runs"("executionId");

-- CreateIndex
CREATE INDEX "dag_node_runs_dagRunId_current_idx" ON "dag_node_runs"("dagRunId", "current");

-- CreateIndex
CREATE UNIQUE INDEX "dag_node_runs_dagRunId_nodeId_attempt_key" ON "dag_node_runs"("dagRunId", "nodeId", "attempt");

-- AddForeignKey
ALTER TABLE "dag_versions" ADD CONSTRAINT "dag_versions_dagId_fkey" FOREIGN KEY ("dagId") REFERENCES "dags"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag_runs" ADD CONSTRAINT "dag_runs_dagId_fkey" FOREIGN KEY ("dagId") REFERENCES "dags"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag_node_runs" ADD CONSTRAINT "dag_node_runs_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
