export type {
  App,
  AppVersion,
  AuditRecord,
  Dag,
  DagNodeRun,
  DagRun,
  DagVersion,
  Execution,
  ExecutionEvent,
  Release,
  Runner,
  StepExecution,
  TaskDefinition,
} from "./client.js";
export { createPrisma, Prisma, PrismaClient } from "./client.js";
export type { MigrationFile } from "./migrate.js";
export { applyMigrations, migrationsDir, readMigrations } from "./migrate.js";
