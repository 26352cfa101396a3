import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { nameWindow } from "../../domain/name-window.js";
import type { RequestContext } from "../../services/context.js";
import type { TriggersService } from "../../services/triggers/triggers.service.js";
import type { TriggerEventRow, TriggerRow } from "../../store/trigger-store.js";
import { DagRun } from "../dags/dag-run.type.js";
import { Execution } from "../execution.type.js";
import { NameWindowArgs } from "../name-window.args.js";
import { DateTime } from "../scalars.js";
import type { RunLinks } from "../schedules/schedule.resolver.js";
import { CreateTriggerInput, UpdateTriggerInput } from "./trigger.input.js";
import { Trigger, TriggerEvent } from "./trigger.type.js";

type Row = TriggerRow & { revealSecret?: boolean };

@Resolver(() => Trigger)
export class TriggerResolver {
  constructor(private readonly service: TriggersService) {}

  @Query(() => [Trigger], {
    name: "triggers",
    description: "All triggers by name; first / after / search page and filter them.",
  })
  listTriggers(@Args(() => NameWindowArgs) window: NameWindowArgs): Promise<TriggerRow[]> {
    return this.service.list(nameWindow(window));
  }

  @Query(() => Trigger, { nullable: true })
  async trigger(@Arg("name", () => String) name: string): Promise<TriggerRow | null> {
    return (await this.service.get(name)) ?? null;
  }

  @Mutation(() => Trigger, { description: "The answer carries the webhook secret, shown only here and on rotate." })
  createTrigger(@Arg("input", () => CreateTriggerInput) input: CreateTriggerInput, @Ctx() ctx: RequestContext) {
    return this.service.create(input, ctx);
  }

  @Mutation(() => Trigger)
  updateTrigger(
    @Arg("input", () => UpdateTriggerInput) input: UpdateTriggerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TriggerRow> {
    return this.service.update(input, ctx);
  }

  @Mutation(() => Boolean)
  deleteTrigger(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.service.delete(name, ctx);
  }

  @Mutation(() => Trigger, { description: "A new webhook secret (in the answer); the old one stops working." })
  rotateTriggerSecret(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext) {
    return this.service.rotateSecret(name, ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  task(@Root() t: Row): string | null {
    return t.taskName;
  }

  @FieldResolver(() => String, { nullable: true })
  dag(@Root() t: Row): string | null {
    return t.dagName;
  }

  @FieldResolver(() => String, { description: "Where to POST a webhook, relative to the API's origin." })
  webhookPath(@Root() t: Row): string {
    return `/hooks/${t.name}`;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The HMAC secret: only in the answer to createTrigger and rotateTriggerSecret, null elsewhere.",
  })
  secret(@Root() t: Row): string | null {
    return t.revealSecret ? t.secret : null;
  }

  @FieldResolver(() => [TriggerEvent], { description: "What it received, newest first." })
  events(
    @Root() t: Row,
    @Arg("first", () => Int, { nullable: true, description: "Default 50, at most 500." }) first?: number | null,
    @Arg("before", () => DateTime, { nullable: true, description: "Received before this (paging)." })
    before?: Date | null,
    @Arg("beforeId", () => ID, {
      nullable: true,
      description:
        "With before: the last event of the previous page, so events received at the same instant are not skipped.",
    })
    beforeId?: string | null,
  ): Promise<TriggerEventRow[]> {
    return this.service.events(t, first ?? 50, before, beforeId);
  }
}

@Resolver(() => TriggerEvent)
export class TriggerEventResolver {
  constructor(private readonly links: RunLinks) {}

  @FieldResolver(() => Execution, { nullable: true, description: "The execution it started or matched." })
  execution(@Root() e: TriggerEvent): Promise<Execution | null> {
    return this.links.execution(e.executionId);
  }

  @FieldResolver(() => DagRun, { nullable: true, description: "The DAG run it started or matched." })
  dagRun(@Root() e: TriggerEvent): Promise<DagRun | null> {
    return this.links.dagRun(e.dagRunId);
  }
}
