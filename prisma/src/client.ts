import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.js";

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
} from "../generated/prisma/client.js";
export { Prisma, PrismaClient } from "../generated/prisma/client.js";

/**
 * A Prisma client over node-postgres (Prisma 7 needs a driver adapter). The
 * pool is ours so that an idle connection the server drops (a restart, a
 * shutdown) is reported instead of crashing the process.
 */
export function createPrisma(
  connectionString: string,
  poolSize = 10,
  onIdleError: (err: Error) => void = () => undefined,
): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  pool.on("error", onIdleError);
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
