import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type {
  App,
  AppVersion,
  Execution,
  ExecutionEvent,
  Release,
  Runner,
  StepExecution,
  TaskDefinition,
} from "../generated/prisma/client.js";
export { Prisma, PrismaClient } from "../generated/prisma/client.js";

/** A Prisma client over node-postgres (Prisma 7 needs a driver adapter). */
export function createPrisma(connectionString: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
}
