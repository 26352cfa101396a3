import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { nameWindow } from "../domain/name-window.js";
import type { RequestContext } from "../services/context.js";
import type { RegistryService } from "../services/registry.service.js";
import type { RegistryWarningsService } from "../services/registry-warnings.service.js";
import { RegisterAppInput, SetDefaultAppVersionInput, UnregisterAppVersionInput } from "./app.input.js";
import { App, AppVersion, AppVersionUse, RegistryWarning } from "./app.type.js";
import type { GraphQLContext } from "./context.js";
import { NameWindowArgs } from "./name-window.args.js";
import { registryLoaders } from "./registry-loaders.js";

@Resolver(() => App)
export class AppResolver {
  constructor(private readonly registry: RegistryService) {}

  @Query(() => [App], { description: "Apps by name; first / after / search page and filter them." })
  apps(@Args(() => NameWindowArgs) window: NameWindowArgs): Promise<App[]> {
    return this.registry.apps(nameWindow(window));
  }

  @Query(() => App, { nullable: true })
  app(@Arg("name", () => String) name: string): Promise<App | null> {
    return this.registry.app(name);
  }

  @Mutation(() => AppVersion, { description: "Adds a version to an app, creating the app on first use." })
  registerApp(
    @Arg("input", () => RegisterAppInput) input: RegisterAppInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AppVersion> {
    return this.registry.registerApp(input, ctx);
  }

  @Mutation(() => Boolean, { description: "Removes a version no task's current release uses." })
  unregisterAppVersion(
    @Arg("input", () => UnregisterAppVersionInput) input: UnregisterAppVersionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return this.registry.unregisterAppVersion(input, ctx);
  }

  @Mutation(() => App, {
    description: "Makes a registered version the app's default (used by createTask without a version).",
  })
  setDefaultAppVersion(
    @Arg("input", () => SetDefaultAppVersionInput) input: SetDefaultAppVersionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<App> {
    return this.registry.setDefaultVersion(input, ctx);
  }

  @FieldResolver(() => [AppVersion])
  versions(@Root() app: App, @Ctx() ctx: GraphQLContext): Promise<AppVersion[]> {
    return registryLoaders(ctx, this.registry).versionsOfApp.load(app.id);
  }

  @FieldResolver(() => AppVersion, { nullable: true })
  defaultVersion(@Root() app: App, @Ctx() ctx: GraphQLContext): Promise<AppVersion | null> {
    return app.defaultVersionId
      ? registryLoaders(ctx, this.registry).versions.load(app.defaultVersionId)
      : Promise.resolve(null);
  }
}

@Resolver(() => AppVersion)
export class AppVersionResolver {
  constructor(
    private readonly registry: RegistryService,
    private readonly checks: RegistryWarningsService,
  ) {}

  @FieldResolver(() => App)
  async app(@Root() version: AppVersion, @Ctx() ctx: GraphQLContext): Promise<App> {
    const app = await registryLoaders(ctx, this.registry).apps.load(version.appId);
    if (!app) throw new Error(`app ${version.appId} vanished`);
    return app;
  }

  @FieldResolver(() => [RegistryWarning], {
    description:
      "Problems worth knowing before a task runs this version: a file: program missing on this control plane's host, a version that is not semver, an image no live runner can run.",
  })
  warnings(@Root() version: AppVersion): Promise<RegistryWarning[]> {
    return this.checks.of(version);
  }

  @FieldResolver(() => [AppVersionUse], {
    description: "The live tasks whose releases use this version, by task name.",
  })
  tasks(@Root() version: AppVersion, @Ctx() ctx: GraphQLContext): Promise<AppVersionUse[]> {
    return registryLoaders(ctx, this.registry).uses.load(version.id);
  }
}
