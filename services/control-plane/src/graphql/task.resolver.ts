import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { nameWindow } from "../domain/name-window.js";
import { numberWindow } from "../domain/number-window.js";
import type { RequestContext } from "../services/context.js";
import type { RegistryService } from "../services/registry.service.js";
import type { TasksService } from "../services/tasks.service.js";
import { App } from "./app.type.js";
import type { GraphQLContext } from "./context.js";
import { NameWindowArgs } from "./name-window.args.js";
import { NumberWindowArgs } from "./number-window.args.js";
import { registryLoaders } from "./registry-loaders.js";
import { RetentionInput, TaskRetention } from "./retention.type.js";
import { CreateTaskInput } from "./task.input.js";
import { Release, TaskDefinition } from "./task.type.js";

@Resolver(() => TaskDefinition)
export class TaskResolver {
  constructor(
    private readonly tasks: TasksService,
    private readonly registry: RegistryService,
  ) {}

  @Query(() => [TaskDefinition], {
    name: "tasks",
    description: "Live (not deleted) tasks by name; first / after / search page and filter them.",
  })
  listTasks(@Args(() => NameWindowArgs) window: NameWindowArgs): Promise<TaskDefinition[]> {
    return this.tasks.tasks(nameWindow(window));
  }

  @Query(() => TaskDefinition, { nullable: true })
  task(@Arg("name", () => String) name: string): Promise<TaskDefinition | null> {
    return this.tasks.task(name);
  }

  @Mutation(() => TaskDefinition, { description: "Defines a task from an app version; creates release revision 1." })
  createTask(
    @Arg("input", () => CreateTaskInput) input: CreateTaskInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskDefinition> {
    return this.tasks.createTask(input, ctx);
  }

  @Mutation(() => Boolean, {
    description: "Deletes a task definition; its executions and releases are kept as history.",
  })
  deleteTask(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.tasks.deleteTask(name, ctx);
  }

  @Mutation(() => TaskDefinition, {
    description: "Sets how long the task's history is kept; null fields use the global BATON_RETENTION_* settings.",
  })
  setTaskRetention(
    @Arg("task", () => String) task: string,
    @Arg("retention", () => RetentionInput) retention: RetentionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskDefinition> {
    return this.tasks.setRetention(task, retention, ctx);
  }

  @FieldResolver(() => TaskRetention)
  retention(@Root() task: TaskDefinition): TaskRetention {
    return this.tasks.retention(task);
  }

  @FieldResolver(() => App)
  async app(@Root() task: TaskDefinition, @Ctx() ctx: GraphQLContext): Promise<App> {
    return (await registryLoaders(ctx, this.registry).apps.load(task.appId)) as App;
  }

  @FieldResolver(() => Release)
  async currentRelease(@Root() task: TaskDefinition): Promise<Release> {
    return (await this.tasks.release(task.id, task.currentRevision)) as Release;
  }

  @FieldResolver(() => [Release], { description: "Newest first; first / before page them by revision." })
  releases(@Root() task: TaskDefinition, @Args(() => NumberWindowArgs) window: NumberWindowArgs): Promise<Release[]> {
    return this.tasks.releases(task.id, numberWindow(window, "revision")) as Promise<Release[]>;
  }
}
