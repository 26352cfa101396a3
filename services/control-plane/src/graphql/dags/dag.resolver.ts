import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { DagGraph } from "../../domain/dag/index.js";
import { nameWindow } from "../../domain/name-window.js";
import { numberWindow } from "../../domain/number-window.js";
import type { RequestContext } from "../../services/context.js";
import type { DagsService } from "../../services/dags/dags.service.js";
import { NameWindowArgs } from "../name-window.args.js";
import { NumberWindowArgs } from "../number-window.args.js";
import { CreateDagInput, UpdateDagInput } from "./dag.input.js";
import { Dag, DagEdge, DagNode, DagParseResult, DagVersionInfo } from "./dag.type.js";

@Resolver(() => Dag)
export class DagResolver {
  constructor(private readonly dags: DagsService) {}

  @Query(() => Dag, { nullable: true })
  dag(@Arg("name", () => String) name: string): Promise<Dag | null> {
    return this.dags.dag(name);
  }

  @Query(() => [Dag], { name: "dags", description: "Live DAGs by name; first / after / search page and filter them." })
  listDags(@Args(() => NameWindowArgs) window: NameWindowArgs): Promise<Dag[]> {
    return this.dags.dags(nameWindow(window));
  }

  @Query(() => DagParseResult, {
    description: "Checks a definition without saving it: the graph, or errors with line and column.",
  })
  async parseDag(@Arg("definition", () => String) definition: string): Promise<DagParseResult> {
    const result = await this.dags.parse(definition);
    return result.ok
      ? { ok: true, nodes: result.graph.nodes, edges: result.graph.edges, errors: [] }
      : { ok: false, nodes: [], edges: [], errors: result.errors };
  }

  @Mutation(() => Dag)
  createDag(@Arg("input", () => CreateDagInput) input: CreateDagInput, @Ctx() ctx: RequestContext): Promise<Dag> {
    return this.dags.create(input, ctx);
  }

  @Mutation(() => Dag, { description: "A new version; runs in progress keep theirs." })
  updateDag(@Arg("input", () => UpdateDagInput) input: UpdateDagInput, @Ctx() ctx: RequestContext): Promise<Dag> {
    return this.dags.update(input, ctx);
  }

  @Mutation(() => Boolean)
  deleteDag(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.dags.delete(name, ctx);
  }

  @FieldResolver(() => Int, { description: "The current version." })
  version(@Root() dag: Dag): number {
    return dag.currentVersion;
  }

  @FieldResolver(() => String)
  async definition(@Root() dag: Dag): Promise<string> {
    return (await this.dags.version(dag.id, dag.currentVersion))?.definition ?? "";
  }

  @FieldResolver(() => [DagNode])
  async nodes(@Root() dag: Dag): Promise<DagNode[]> {
    return (await this.graph(dag)).nodes;
  }

  @FieldResolver(() => [DagEdge])
  async edges(@Root() dag: Dag): Promise<DagEdge[]> {
    return (await this.graph(dag)).edges;
  }

  @FieldResolver(() => [DagVersionInfo], { description: "Newest first; first / before page them by version." })
  versions(@Root() dag: Dag, @Args(() => NumberWindowArgs) window: NumberWindowArgs): Promise<DagVersionInfo[]> {
    return this.dags.versions(dag.id, numberWindow(window, "version"));
  }

  private async graph(dag: Dag): Promise<DagGraph> {
    const row = await this.dags.version(dag.id, dag.currentVersion);
    return (row?.graph ?? { nodes: [], edges: [], start: [] }) as unknown as DagGraph;
  }
}
