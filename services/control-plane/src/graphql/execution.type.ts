import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { EXECUTION_STATUSES } from "../domain/execution-state.js";
import { DateTime, JSONScalar } from "./scalars.js";

export const ExecutionStatus = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, s])) as {
  [K in (typeof EXECUTION_STATUSES)[number]]: K;
};
registerEnumType(ExecutionStatus, { name: "ExecutionStatus" });

@ObjectType({ description: "One run of a task." })
export class Execution {
  taskId!: string;
  lastSeq!: number;
  restartOfId!: string | null;
  retryOfId!: string | null;
  waitReason!: string | null;
  cpuMillis!: number;
  memoryBytes!: number;
  /** The stored run spec (see runSpec). */
  spec!: unknown;
  /** The properties given at launch (see launchProperties). */
  launchProperties!: unknown;

  @Field(() => ID)
  id!: string;

  @Field(() => ExecutionStatus)
  status!: string;

  @Field(() => Int, { description: "The release revision this run is pinned to." })
  releaseRevision!: number;

  @Field(() => [String])
  arguments!: string[];

  @Field(() => String, { description: "local, docker or kubernetes" })
  platform!: string;

  @Field(() => String)
  pool!: string;

  @Field(() => String, { nullable: true, description: "The runner that claimed it." })
  runnerId!: string | null;

  @Field(() => Int, { nullable: true })
  exitCode!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The exit message the task reported (a DAG transition can match it).",
  })
  exitMessage!: string | null;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;

  @Field(() => DateTime)
  queuedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  endedAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  cancelRequestedAt!: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description:
      "When retention deleted this run's log lines (BATON_LOG_RETENTION_DAYS or the task's logDays); its status and step events stay, so its events have gaps where the lines were.",
  })
  logsExpiredAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When admission gave it to a runner." })
  dispatchedAt!: Date | null;

  @Field(() => Int, { description: "Higher runs first (properties.priority, -1000 to 1000; default 0)." })
  priority!: number;

  @Field(() => String, { nullable: true, description: "At most concurrencyLimit runs with this key run at once." })
  concurrencyKey!: string | null;

  @Field(() => Int)
  concurrencyLimit!: number;

  @Field(() => JSONScalar, { nullable: true, description: "Labels its runner must have." })
  runnerLabels!: unknown;

  @Field(() => String, { nullable: true, description: "The runner admission gave it to." })
  assignedRunnerId!: string | null;

  @Field(() => DateTime, { nullable: true, description: "Still QUEUED at this time, it ends EXPIRED." })
  expiresAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "Not started before this time (a retry's backoff)." })
  notBefore!: Date | null;

  @Field(() => Int, { description: "1 for a launch; 2, 3... for its retries." })
  attempt!: number;
}

@ObjectType({ description: "A step of a job, with Spring Batch's counters." })
export class StepExecution {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "STARTED, COMPLETED, FAILED or STOPPED" })
  status!: string;

  @Field(() => Int)
  readCount!: number;

  @Field(() => Int)
  writeCount!: number;

  @Field(() => Int)
  commitCount!: number;

  @Field(() => Int)
  rollbackCount!: number;

  @Field(() => Int)
  skipCount!: number;

  @Field(() => Int)
  filterCount!: number;

  @Field(() => String, { nullable: true })
  exitMessage!: string | null;

  @Field(() => DateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  endedAt!: Date | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "The last checkpoint the step reported (a restart hands it back in BATON_RESUME), secret-named values masked; null in live events.",
  })
  checkpoint?: unknown;
}

@ObjectType()
export class LogLine {
  @Field(() => Int, { description: "The event seq of this line within its execution." })
  seq!: number;

  @Field(() => String, {
    description:
      "stdout, stderr, system, or combined (stdout and stderr as one stream, from a platform that merges them: Kubernetes)",
  })
  stream!: string;

  @Field(() => String)
  text!: string;

  @Field(() => DateTime)
  at!: Date;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class ExecutionEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Execution)
  node!: Execution;
}

@ObjectType()
export class ExecutionConnection {
  @Field(() => [ExecutionEdge])
  edges!: ExecutionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "One variable of a run's environment." })
export class EnvironmentVariable {
  @Field(() => String)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The value; *** when the name is a secret's (the audit log's rules); null for a secret (only its reference is stored).",
  })
  value!: string | null;

  @Field(() => Boolean, { description: "True when the value is not shown." })
  masked!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Where the runner reads a secret\'s value: "env:NAME", "file:/path" or "kubernetes:secret/key".',
  })
  secretReference!: string | null;
}

@ObjectType({ description: "What the run was given to start: its effective properties and environment." })
export class RunSpec {
  @Field(() => String, { description: "file:///path or docker:image" })
  uri!: string;

  @Field(() => [String], { description: "The program's arguments: the release's, then the launch's." })
  arguments!: string[];

  @Field(() => [EnvironmentVariable], { description: "Sorted by name; credentials masked." })
  environment!: EnvironmentVariable[];

  @Field(() => Int, { nullable: true })
  timeoutSeconds!: number | null;

  @Field(() => Int, { description: "SIGTERM to SIGKILL on cancel or timeout." })
  graceMs!: number;

  @Field(() => String, { nullable: true, description: "The CPU limit, like 500m." })
  cpu!: string | null;

  @Field(() => String, { nullable: true, description: "The memory limit, like 512Mi." })
  memory!: string | null;

  @Field(() => String, { nullable: true })
  pullPolicy!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "The docker or kubernetes options." })
  platformOptions!: Record<string, unknown> | null;
}

@ObjectType({
  description: "Where a restart of this run would pick up (Spring Batch's restart from the last checkpoint).",
})
export class ResumePoint {
  @Field(() => [String], { description: "Steps that completed in this run or in the runs it restarted: skipped." })
  completedSteps!: string[];

  @Field(() => JSONScalar, {
    description:
      "Each step's last checkpoint, by step name, secret-named values masked (the restart gets them as reported).",
  })
  checkpoints!: Record<string, unknown>;
}
