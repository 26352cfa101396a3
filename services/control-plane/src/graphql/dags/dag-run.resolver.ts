import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { outcomeStatus } from "../../domain/dag/index.js";
import { isTerminal, type ExecutionStatus as Status } from "../../domain/execution-state.js";
import { isUuid } from "../../domain/validation.js";
import type { RequestContext } from "../../services/context.js";
import type { DagRunReads, DagRunRow, NodeRunRow } from "../../services/dags/dag-run-reads.js";
import type { DagRunWatches } from "../../services/dags/dag-run-reads-live.js";
import type { DagRunsService } from "../../services/dags/dag-runs.service.js";
import type { GraphQLContext } from "../context.js";
import { Execution, ExecutionStatus } from "../execution.type.js";
import { Origin, OriginKind, toOrigin } from "../origin.type.js";
import { LaunchDagInput } from "./dag.input.js";
import { Dag, DagEdge } from "./dag.type.js";
import { DagNodeAttempt, DagNodeRun, DagRun, DagRunConnection, type ExecutionLookup } from "./dag-run.type.js";
import { dagRunLoaders } from "./dag-run-loaders.js";
import { type DagRunRoot, dagRunStream } from "./dag-run-stream.js";

@Resolver(() => DagNodeRun)
export class DagNodeRunResolver {
  @FieldResolver(() => Execution, { nullable: true })
  execution(@Root() node: DagNodeRun): Promise<Execution | null> {
    return node.executionId ? node.lookup(node.executionId) : Promise.resolve(null);
  }
}

@Resolver(() => DagNodeAttempt)
export class DagNodeAttemptResolver {
  @FieldResolver(() => Execution)
  async execution(@Root() attempt: DagNodeAttempt): Promise<Execution> {
    return (await attempt.lookup(attempt.executionId)) as Execution;
  }
}

/** A node's attempts and its current one, as the pinned graph lists them. */
function nodeView(node: DagNodeRun["node"], all: NodeRunRow[], lookup: ExecutionLookup): DagNodeRun {
  const mine = all.filter((n) => n.nodeId === node.id);
  const current = mine.find((n) => n.current);
  const exitStatus = (n: NodeRunRow) =>
    isTerminal(n.status as Status)
      ? outcomeStatus({ status: n.status as never, exitCode: n.exitCode, exitMessage: n.exitMessage })
      : null;
  return {
    node,
    status: current?.status ?? null,
    exitStatus: current ? exitStatus(current) : null,
    executionId: current?.executionId ?? null,
    lookup,
    startedAt: current?.startedAt ?? null,
    endedAt: current?.endedAt ?? null,
    attempts: mine.map((n) => ({
      attempt: n.attempt,
      status: n.status as Status,
      exitStatus: exitStatus(n),
      executionId: n.executionId,
      lookup,
    })),
  };
}

/** Built per schema: the subscription's subscribe function and the field resolvers need the services. */
export function createDagRunResolver(runs: DagRunsService, reads: DagRunReads, watches: DagRunWatches) {
  @Resolver(() => DagRun)
  class DagRunResolver {
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
      subscribe: ({ args }) => dagRunStream(watches, (args as { id: string }).id),
    })
    dagRunEvents(@Root() run: DagRunRoot, @Arg("id", () => ID) _id: string): DagRunRoot {
      return run;
    }

    @FieldResolver(() => Origin, { description: "Why it started." })
    origin(@Root() run: DagRunRow): Origin {
      return toOrigin(run.originKind, run.originName, run.origin);
    }

    @FieldResolver(() => Dag)
    async dag(@Root() run: DagRunRoot, @Ctx() ctx: GraphQLContext): Promise<Dag> {
      const dag = run.snapshot ? await run.snapshot.dag() : await dagRunLoaders(ctx, reads).dags.load(run.dagId);
      return dag as Dag;
    }

    @FieldResolver(() => [DagEdge], { description: "The edges of the version this run is pinned to." })
    async edges(@Root() run: DagRunRoot): Promise<DagEdge[]> {
      return (await reads.graph(run.dagId, run.version)).edges;
    }

    @FieldResolver(() => [DagNodeRun], { description: "Every node of the pinned version, in definition order." })
    async nodes(@Root() run: DagRunRoot, @Ctx() ctx: GraphQLContext): Promise<DagNodeRun[]> {
      const { snapshot } = run;
      if (snapshot) {
        const graph = await reads.graph(run.dagId, run.version);
        const lookup: ExecutionLookup = async (id) => (await snapshot.execution(id)) as Execution | null;
        return graph.nodes.map((node) => nodeView(node, snapshot.nodes, lookup));
      }
      // Load before awaiting anything, so the nodes of every run in the response share one batch.
      const loaders = dagRunLoaders(ctx, reads);
      const [all, graph] = await Promise.all([loaders.nodeRuns.load(run.id), reads.graph(run.dagId, run.version)]);
      const lookup: ExecutionLookup = async (id) => (await loaders.executions.load(id)) as Execution | null;
      return graph.nodes.map((node) => nodeView(node, all, lookup));
    }
  }
  return DagRunResolver;
}
