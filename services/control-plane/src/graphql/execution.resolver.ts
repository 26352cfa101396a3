import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { formatCpu, formatMemory } from "../domain/admission/quantity.js";
import { encodeCursor } from "../domain/cursor.js";
import { maskSecrets } from "../domain/definitions/mask.js";
import { badInput } from "../domain/errors.js";
import type { ExecutionStatus as Status } from "../domain/execution-state.js";
import { runSpecView } from "../domain/run-spec-view.js";
import type { CancelService } from "../services/cancel.service.js";
import type { RequestContext } from "../services/context.js";
import type { ExecutionsService } from "../services/executions.service.js";
import type { FleetService } from "../services/fleet.service.js";
import type { TasksService } from "../services/tasks.service.js";
import { LaunchTaskInput, RelaunchExecutionInput } from "./execution.input.js";
import {
  Execution,
  ExecutionConnection,
  ExecutionStatus,
  LogLine,
  ResumePoint,
  RunSpec,
  StepExecution,
} from "./execution.type.js";
import { toLogLine, toStep } from "./mappers.js";
import { Origin, OriginKind, toOrigin } from "./origin.type.js";
import { DateTime, JSONScalar } from "./scalars.js";
import { TaskDefinition } from "./task.type.js";

@Resolver(() => Execution)
export class ExecutionResolver {
  constructor(
    private readonly service: ExecutionsService,
    private readonly cancels: CancelService,
    private readonly tasks: TasksService,
    private readonly fleet: FleetService,
  ) {}

  @Mutation(() => Execution, { description: "Queues a run of the task's current release." })
  launchTask(
    @Arg("input", () => LaunchTaskInput) input: LaunchTaskInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Execution> {
    return this.service.launch(input, ctx);
  }

  @Mutation(() => Execution, { description: "Stops the run (its whole process group) and records CANCELLED." })
  cancelExecution(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Execution> {
    return this.cancels.cancel(id, ctx);
  }

  @Mutation(() => Execution, {
    description:
      "A new run of an ended execution's task (its current release) with the same arguments and launch properties, either changed by the input.",
  })
  relaunchExecution(
    @Arg("input", () => RelaunchExecutionInput) input: RelaunchExecutionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Execution> {
    return this.service.relaunch(input, ctx);
  }

  @Mutation(() => Execution, {
    description: "A new run of the same revision and arguments, resuming from the last checkpoint.",
  })
  restartExecution(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Execution> {
    return this.service.restart(id, ctx);
  }

  @Query(() => Execution, { nullable: true })
  execution(@Arg("id", () => ID) id: string): Promise<Execution | null> {
    return this.service.get(id);
  }

  @Query(() => ExecutionConnection, { description: "Newest first." })
  async executions(
    @Arg("task", () => String, { nullable: true }) task?: string | null,
    @Arg("status", () => ExecutionStatus, { nullable: true }) status?: Status | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
    @Arg("since", () => DateTime, { nullable: true, description: "Queued at or after." }) since?: Date | null,
    @Arg("until", () => DateTime, { nullable: true, description: "Queued at or before." }) until?: Date | null,
    @Arg("origin", () => OriginKind, { nullable: true, description: "Only runs started this way." })
    origin?: OriginKind | null,
    @Arg("originName", () => String, {
      nullable: true,
      description: "Only runs of this schedule, trigger or DAG (by name).",
    })
    originName?: string | null,
    @Arg("search", () => String, {
      nullable: true,
      description:
        "Only runs whose arguments (joined by spaces) or exit message contain this text, in any case (at most 200 characters).",
    })
    search?: string | null,
  ): Promise<ExecutionConnection> {
    const page = await this.service.list({ task, status, first, after, since, until, origin, originName, search });
    return {
      edges: page.rows.map((node) => ({ node, cursor: encodeCursor({ at: node.queuedAt, id: node.id }) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @FieldResolver(() => TaskDefinition)
  async task(@Root() execution: Execution): Promise<TaskDefinition> {
    return (await this.tasks.taskById(execution.taskId)) as TaskDefinition;
  }

  @FieldResolver(() => [StepExecution])
  async steps(@Root() execution: Execution): Promise<StepExecution[]> {
    const rows = await this.service.steps(execution.id);
    return rows.map((r) => ({
      ...toStep({ ...r, startedAt: r.startedAt?.toISOString() ?? null, endedAt: r.endedAt?.toISOString() ?? null }),
      checkpoint: r.checkpoint === null ? null : maskSecrets(r.checkpoint),
    }));
  }

  @FieldResolver(() => ResumePoint, {
    description: "Where a restart of this run would pick up: the steps it skips and the checkpoints it gets.",
  })
  async resumePoint(@Root() execution: Execution): Promise<ResumePoint> {
    const state = await this.service.resumeState(
      execution as unknown as Parameters<ExecutionsService["resumeState"]>[0],
    );
    return {
      completedSteps: state.completedSteps,
      checkpoints: maskSecrets(state.checkpoints) as Record<string, unknown>,
    };
  }

  @FieldResolver(() => [LogLine], {
    description:
      "Oldest first: the last `tail` lines, or all (up to 50,000). With `after`: the lines after that seq, at most `first` (10,000 a page); page on from the last line's seq until a page is empty.",
  })
  async logs(
    @Root() execution: Execution,
    @Arg("tail", () => Int, { nullable: true }) tail?: number | null,
    @Arg("after", () => Int, { nullable: true }) after?: number | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
  ): Promise<LogLine[]> {
    if (after !== undefined && after !== null) {
      if (tail !== undefined && tail !== null)
        throw badInput("Ask for the last lines (tail) or a page (after), not both.");
      return (await this.service.logsAfter(execution.id, after, first)).map(toLogLine);
    }
    return (await this.service.logs(execution.id, tail)).map(toLogLine);
  }

  @FieldResolver(() => Origin, { description: "Why it started." })
  origin(@Root() execution: Execution): Origin {
    const row = execution as Execution & { originKind: string; originName: string | null; origin: unknown };
    return toOrigin(row.originKind, row.originName, row.origin);
  }

  @FieldResolver(() => Execution, { nullable: true, description: "The execution this one restarted." })
  restartOf(@Root() execution: Execution): Promise<Execution | null> {
    return execution.restartOfId ? this.service.get(execution.restartOfId) : Promise.resolve(null);
  }

  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description:
      "The deployment properties given at launch, before the merge over the task's (secret-named values masked); null when none were given. relaunchExecution runs with them again.",
  })
  launchProperties(@Root() execution: Execution): unknown {
    return execution.launchProperties == null ? null : maskSecrets(execution.launchProperties);
  }

  @FieldResolver(() => RunSpec, {
    description: "What it was given to start: program, arguments, limits and environment (credentials masked).",
  })
  runSpec(@Root() execution: Execution): RunSpec {
    const view = runSpecView(execution.spec);
    return {
      ...view,
      cpu: view.cpu === null ? null : formatCpu(Math.round(view.cpu * 1000)),
      memory: view.memoryBytes === null ? null : formatMemory(view.memoryBytes),
    };
  }

  @FieldResolver(() => String, { nullable: true, description: "The CPU it requests, like 500m or 2." })
  cpu(@Root() execution: Execution): string | null {
    return execution.cpuMillis > 0 ? formatCpu(execution.cpuMillis) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The memory it requests, like 512Mi." })
  memory(@Root() execution: Execution): string | null {
    return execution.memoryBytes > 0 ? formatMemory(execution.memoryBytes) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'While QUEUED: why it waits ("task limit 2 reached", "no runner with 8Gi free"...).',
  })
  waitReason(@Root() execution: Execution): string | null {
    if (execution.status !== "QUEUED") return null;
    return execution.waitReason ?? "waiting for admission to look at it";
  }

  @FieldResolver(() => Int, { nullable: true, description: "While QUEUED: its place in its pool's line (1 = next)." })
  queuePosition(@Root() execution: Execution): Promise<number | null> {
    return execution.status === "QUEUED" ? this.fleet.position(execution.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Execution, { nullable: true, description: "The attempt this one retries." })
  retryOf(@Root() execution: Execution): Promise<Execution | null> {
    return execution.retryOfId ? this.service.get(execution.retryOfId) : Promise.resolve(null);
  }

  @FieldResolver(() => [Execution], { description: "Every attempt of this launch (itself included), first first." })
  async attempts(@Root() execution: Execution): Promise<Execution[]> {
    const ids = await this.fleet.attempts(execution.id);
    const rows = await Promise.all(ids.map((id) => this.service.get(id)));
    return rows.filter((r): r is NonNullable<typeof r> => r !== null);
  }
}
