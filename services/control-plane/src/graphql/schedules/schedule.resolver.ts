import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { nameWindow } from "../../domain/name-window.js";
import { describeCron } from "../../domain/schedule/index.js";
import type { RequestContext } from "../../services/context.js";
import type { DagRunsService } from "../../services/dags/dag-runs.service.js";
import type { ExecutionsService } from "../../services/executions.service.js";
import type { SchedulesService } from "../../services/schedules/schedules.service.js";
import type { FireRow, ScheduleRow } from "../../store/schedule-store.js";
import { DagRun } from "../dags/dag-run.type.js";
import { Execution } from "../execution.type.js";
import { NameWindowArgs } from "../name-window.args.js";
import { DateTime } from "../scalars.js";
import { BackfillScheduleInput, CreateScheduleInput, UpdateScheduleInput } from "./schedule.input.js";
import { BackfillResult, CronPreview, Schedule, ScheduleFire } from "./schedule.type.js";

export const toFire = (f: FireRow): ScheduleFire => ({ ...f, scheduledTime: f.scheduledAt });

@Resolver(() => Schedule)
export class ScheduleResolver {
  constructor(private readonly service: SchedulesService) {}

  @Query(() => [Schedule], {
    name: "schedules",
    description: "All schedules by name; first / after / search page and filter them.",
  })
  listSchedules(@Args(() => NameWindowArgs) window: NameWindowArgs): Promise<ScheduleRow[]> {
    return this.service.list(nameWindow(window));
  }

  @Query(() => Schedule, { nullable: true })
  async schedule(@Arg("name", () => String) name: string): Promise<ScheduleRow | null> {
    return (await this.service.get(name)) ?? null;
  }

  @Query(() => CronPreview, { description: "Checks a cron expression and time zone without saving anything." })
  previewCron(
    @Arg("cron", () => String) cron: string,
    @Arg("timezone", () => String, { nullable: true }) timezone?: string | null,
    @Arg("n", () => Int, { nullable: true, description: "How many fire times (default 5, at most 100)." })
    n?: number | null,
  ): CronPreview {
    return this.service.preview(cron, timezone, n);
  }

  @Mutation(() => Schedule)
  createSchedule(
    @Arg("input", () => CreateScheduleInput) input: CreateScheduleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ScheduleRow> {
    return this.service.create(input, ctx);
  }

  @Mutation(() => Schedule, { description: "Changes the fields given; enabled false pauses, true resumes." })
  updateSchedule(
    @Arg("input", () => UpdateScheduleInput) input: UpdateScheduleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ScheduleRow> {
    return this.service.update(input, ctx);
  }

  @Mutation(() => Boolean)
  deleteSchedule(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.service.delete(name, ctx);
  }

  @Mutation(() => BackfillResult, {
    description: "One run per fire time in [from, to]; fire times that already ran are not started again.",
  })
  async backfillSchedule(
    @Arg("input", () => BackfillScheduleInput) input: BackfillScheduleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BackfillResult> {
    const result = await this.service.backfill(input, ctx);
    return { ...result, fires: result.fires.map(toFire) };
  }

  @FieldResolver(() => String, { nullable: true, description: "The task it starts." })
  task(@Root() s: ScheduleRow): string | null {
    return s.taskName;
  }

  @FieldResolver(() => String, { nullable: true, description: "The DAG it starts." })
  dag(@Root() s: ScheduleRow): string | null {
    return s.dagName;
  }

  @FieldResolver(() => String, { description: "The cron in words." })
  description(@Root() s: ScheduleRow): string {
    return describeCron(s.cron);
  }

  @FieldResolver(() => [DateTime], { description: "The next n fire times (default 5, at most 100)." })
  nextFireTimes(@Root() s: ScheduleRow, @Arg("n", () => Int, { nullable: true }) n?: number | null): Date[] {
    return this.service.nextFireTimes(s, n ?? 5);
  }

  @FieldResolver(() => [ScheduleFire], { description: "Fire history, newest first." })
  async fires(
    @Root() s: ScheduleRow,
    @Arg("first", () => Int, { nullable: true, description: "Default 50, at most 500." }) first?: number | null,
    @Arg("before", () => DateTime, { nullable: true, description: "Fire times before this one (paging)." })
    before?: Date | null,
  ): Promise<ScheduleFire[]> {
    return (await this.service.fires(s, first ?? 50, before)).map(toFire);
  }

  @FieldResolver(() => ScheduleFire, { nullable: true, description: "The newest scheduled (not backfilled) fire." })
  async lastFire(@Root() s: ScheduleRow): Promise<ScheduleFire | null> {
    const f = await this.service.lastFire(s);
    return f ? toFire(f) : null;
  }
}

/** The runs a fire or a trigger event points at, resolved by id. */
export class RunLinks {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly dagRuns: DagRunsService,
  ) {}

  async execution(id: string | null): Promise<Execution | null> {
    return id ? ((await this.executions.get(id)) as Execution | null) : null;
  }

  async dagRun(id: string | null): Promise<DagRun | null> {
    return id ? (((await this.dagRuns.get(id)) ?? null) as DagRun | null) : null;
  }
}

@Resolver(() => ScheduleFire)
export class ScheduleFireResolver {
  constructor(private readonly links: RunLinks) {}

  @FieldResolver(() => Execution, { nullable: true, description: "The execution it started (a task's schedule)." })
  execution(@Root() f: ScheduleFire): Promise<Execution | null> {
    return this.links.execution(f.executionId);
  }

  @FieldResolver(() => DagRun, { nullable: true, description: "The DAG run it started (a DAG's schedule)." })
  dagRun(@Root() f: ScheduleFire): Promise<DagRun | null> {
    return this.links.dagRun(f.dagRunId);
  }
}
