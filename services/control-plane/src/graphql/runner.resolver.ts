import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../services/context.js";
import type { FleetService } from "../services/fleet.service.js";
import { PoolInfo, QueueSummary, RunnerInfo, toRunnerInfo } from "./runner.type.js";

const waited = (since: Date): number => Math.max(0, (Date.now() - since.getTime()) / 1000);

@Resolver(() => RunnerInfo)
export class RunnerResolver {
  constructor(private readonly fleet: FleetService) {}

  @Query(() => [RunnerInfo], {
    description: "Runners heard from within the LOST delay; with includeOffline, every runner ever seen.",
  })
  async runners(
    @Arg("includeOffline", () => Boolean, { nullable: true }) includeOffline?: boolean | null,
  ): Promise<RunnerInfo[]> {
    return (await this.fleet.runners(includeOffline ?? false)).map(toRunnerInfo);
  }

  @Mutation(() => RunnerInfo, {
    description: "Stops giving the runner new runs (for maintenance); what it runs finishes. resumeRunner undoes it.",
  })
  async drainRunner(@Arg("id", () => String) id: string, @Ctx() ctx: RequestContext): Promise<RunnerInfo> {
    return toRunnerInfo(await this.fleet.setDraining(id, true, ctx));
  }

  @Mutation(() => RunnerInfo, { description: "The runner takes new runs again." })
  async resumeRunner(@Arg("id", () => String) id: string, @Ctx() ctx: RequestContext): Promise<RunnerInfo> {
    return toRunnerInfo(await this.fleet.setDraining(id, false, ctx));
  }

  @Query(() => [PoolInfo], { description: "Pools that have a limit set (setPoolLimit)." })
  pools(): Promise<PoolInfo[]> {
    return this.fleet.pools();
  }

  @Mutation(() => PoolInfo, { description: "At most maxConcurrent runs of the pool at once; null removes the limit." })
  setPoolLimit(
    @Arg("pool", () => String) pool: string,
    @Arg("maxConcurrent", () => Int, { nullable: true }) maxConcurrent: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PoolInfo> {
    return this.fleet.setPoolLimit(pool, maxConcurrent ?? null, ctx);
  }

  @Query(() => QueueSummary, { description: "What waits, per pool and per task: how many, the oldest wait, and why." })
  async queue(): Promise<QueueSummary> {
    const q = await this.fleet.queue();
    return {
      pools: q.pools.map((p) => ({
        ...p,
        oldestWaitSeconds: waited(p.oldestQueuedAt),
        blockingReason: p.reason,
      })),
      tasks: q.tasks.map((t) => ({
        task: t.taskName,
        pool: t.pool,
        queued: t.queued,
        running: t.running,
        oldestQueuedAt: t.oldestQueuedAt,
        oldestWaitSeconds: waited(t.oldestQueuedAt),
        blockingReason: t.reason,
      })),
    };
  }
}
