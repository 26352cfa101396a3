import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../services/context.js";
import type { ExecutionsService } from "../services/executions.service.js";
import type { RegistryService } from "../services/registry.service.js";
import type { ReleasesService } from "../services/releases.service.js";
import { AppVersion } from "./app.type.js";
import type { GraphQLContext } from "./context.js";
import { Execution } from "./execution.type.js";
import { registryLoaders } from "./registry-loaders.js";
import { RollbackTaskInput, UpgradeTaskInput } from "./release.input.js";
import { Release, ReleaseDiff } from "./task.type.js";

@Resolver(() => Release)
export class ReleaseResolver {
  constructor(
    private readonly registry: RegistryService,
    private readonly releases: ReleasesService,
    private readonly executions: ExecutionsService,
  ) {}

  @Mutation(() => Release, {
    description:
      "Revision n+1 with another app version and/or properties; the previous one becomes SUPERSEDED. With verify, it runs once first and becomes DEPLOYED only if that run completes (otherwise FAILED).",
  })
  upgradeTask(
    @Arg("input", () => UpgradeTaskInput) input: UpgradeTaskInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Release> {
    return this.releases.upgrade(input, ctx) as Promise<Release>;
  }

  @Mutation(() => Release, {
    description: "Revision n+1 whose manifest is a copy of an earlier one (default: the previous).",
  })
  rollbackTask(
    @Arg("input", () => RollbackTaskInput) input: RollbackTaskInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Release> {
    return this.releases.rollback(input, ctx) as Promise<Release>;
  }

  @Query(() => ReleaseDiff, { description: "What changed in the manifest between two revisions of a task." })
  releaseDiff(
    @Arg("task", () => String) task: string,
    @Arg("from", () => Int) from: number,
    @Arg("to", () => Int) to: number,
  ): Promise<ReleaseDiff> {
    return this.releases.diff(task, from, to) as Promise<ReleaseDiff>;
  }

  @FieldResolver(() => AppVersion)
  async appVersion(@Root() release: Release, @Ctx() ctx: GraphQLContext): Promise<AppVersion> {
    return (await registryLoaders(ctx, this.registry).versions.load(release.appVersionId)) as AppVersion;
  }

  @FieldResolver(() => Execution, { nullable: true, description: "The run that verified this revision, if any." })
  verifyExecution(@Root() release: Release): Promise<Execution | null> {
    return release.verifyExecutionId ? this.executions.get(release.verifyExecutionId) : Promise.resolve(null);
  }
}
