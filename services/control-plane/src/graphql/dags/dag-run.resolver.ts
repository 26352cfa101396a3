import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { outcomeStatus } from "../../domain/dag/index.js";
import { isTerminal, type ExecutionStatus as Status } from "../../domain/execution-state.js";
import { isUuid } from "../../domain/validation.js";
import type { RequestContext } from "../../services/context.js";
import type { DagRunsService } from "../../services/dags/dag-runs.service.js";
import type { DagsService } from "../../services/dags/dags.service.js";
import type { ExecutionsService } from "../../services/executions.service.js";
import { type DagRunRow, loadGraph, nodeRuns } from "../../store/dag-store.js";
import type { RunStore } from "../../store/run-store.js";
import { type Execution, ExecutionStatus } from "../execution.type.js";
import { Origin, OriginKind, toOrigin } from "../origin.type.js";
import { LaunchDagInput } from "./dag.input.js";
import { Dag, DagEdge } from "./dag.type.js";
import { DagNodeRun, DagRun, DagRunConnection } from "./dag-run.type.js";
import { dagRunStream, type RunNotifications } from "./dag-run-stream.js";

/** Built per schema: the subscription's subscribe function needs the services. */
export function createDagRunResolver(runs: DagRunsService, notifications: RunNotifications) {
  @Resolver(() => DagRun)
  class DagRunResolver {
    constructor(
      readonly dags: DagsService,
      readonly store: RunStore,
      readonly executions: ExecutionsService,
    ) {}

    @Mutation(() => DagRun, { description: "Starts a run of the DAG's current version." })
    launchDag(
      @Arg("input", () => LaunchDagInput) input: LaunchDagInput,
      @Ctx() ctx: RequestContext,
    ): Promise<DagRunRow> {
      return runs.launch(input, ctx);
    }

    @Mutation(() => DagRun, {
      description: "Reruns the failed or cancelled nodes and everything after them; completed nodes are kept.",
    })
    restartDagRun(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<DagRunRow> {
      return runs.restart(id, ctx);
    }

    @Mutation(() => DagRun, { description: "Cancels every running node; nothing new starts." })
    cancelDagRun(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<DagRunRow> {
      return runs.cancel(id, ctx);
    }

    @Query(() => DagRun, { nullable: true })
    async dagRun(@Arg("id", () => ID) id: string): Promise<DagRunRow | null> {
      return isUuid(id) ? ((await runs.get(id)) ?? null) : null;
    }

    @Query(() => DagRunConnection, { description: "DAG runs, newest first." })
    dagRuns(
      @Arg("dag", () => String, { nullable: true }) dag?: string | null,
      @Arg("status", () => ExecutionStatus, { nullable: true }) status?: string | null,
      @Arg("first", () => Int, { nullable: true }) first?: number | null,
      @Arg("after", () => String, { nullable: true }) after?: string | null,
      @Arg("origin", () => OriginKind, { nullable: true, description: "Only runs started this way." })
      origin?: OriginKind | null,
      @Arg("originName", () => String, { nullable: true, description: "Only runs of this schedule or trigger." })
      originName?: string | null,
    ): Promise<DagRunConnection> {
      return runs.list({ dag, status, first, after, origin, originName }) as Promise<DagRunConnection>;
    }

    @Subscription(() => DagRun, {
      description: "The run as it changes (node statuses included); completes after its terminal status.",
      subscribe: ({ args }) => dagRunStream(runs, notifications, (args as { id: string }).id),
    })
    dagRunEvents(@Root() run: DagRunRow, @Arg("id", () => ID) _id: string): DagRunRow {
      return run;
    }

    @FieldResolver(() => Origin, { description: "Why it started." })
    origin(@Root() run: DagRunRow): Origin {
      return toOrigin(run.originKind, run.originName, run.origin);
    }

    @FieldResolver(() => Dag)
    async dag(@Root() run: DagRun): Promise<Dag> {
      return (await this.dags.dagById(run.dagId)) as Dag;
    }

    @FieldResolver(() => [DagEdge], { description: "The edges of the version this run is pinned to." })
    async edges(@Root() run: DagRun): Promise<DagEdge[]> {
      return (await loadGraph(this.store.pool, run.dagId, run.version)).edges;
    }

    @FieldResolver(() => [DagNodeRun], { description: "Every node of the pinned version, in definition order." })
    async nodes(@Root() run: DagRun): Promise<DagNodeRun[]> {
      const graph = await loadGraph(this.store.pool, run.dagId, run.version);
      const all = await nodeRuns(this.store.pool, run.id, false);
      const executions = new Map<string, Execution>();
      for (const n of all) {
        const e = await this.executions.get(n.executionId);
        if (e) executions.set(n.executionId, e as Execution);
      }
      return graph.nodes.map((node) => {
        const mine = all.filter((n) => n.nodeId === node.id);
        const current = mine.find((n) => n.current);
        const exitStatus = (n: (typeof mine)[number]) =>
          isTerminal(n.status as Status)
            ? outcomeStatus({ status: n.status as never, exitCode: n.exitCode, exitMessage: n.exitMessage })
            : null;
        return {
          node,
          status: current?.status ?? null,
          exitStatus: current ? exitStatus(current) : null,
          execution: current ? (executions.get(current.executionId) ?? null) : null,
          startedAt: current?.startedAt ?? null,
          endedAt: current?.endedAt ?? null,
          attempts: mine.map((n) => ({
            attempt: n.attempt,
            status: n.status as Status,
            exitStatus: exitStatus(n),
            execution: executions.get(n.executionId) as Execution,
          })),
        };
      });
    }
  }
  return DagRunResolver;
}
