import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../services/context.js";
import type { DefinitionsService } from "../services/definitions.service.js";

@ObjectType()
export class ImportSummary {
  @Field(() => Int)
  appVersionsRegistered!: number;

  @Field(() => Int)
  tasksCreated!: number;

  @Field(() => Int)
  tasksUpgraded!: number;

  @Field(() => Int, { description: "Tasks whose retention changed, with no new revision." })
  tasksUpdated!: number;

  @Field(() => Int)
  tasksUnchanged!: number;

  @Field(() => Int, { description: "DAGs the document added." })
  dagsCreated!: number;

  @Field(() => Int, { description: "DAGs given a new version (a changed definition) or a new maxParallel." })
  dagsUpdated!: number;

  @Field(() => Int)
  dagsUnchanged!: number;

  @Field(() => Int)
  schedulesCreated!: number;

  @Field(() => Int)
  schedulesUpdated!: number;

  @Field(() => Int)
  schedulesUnchanged!: number;

  @Field(() => Int, { description: "Each gets a new webhook secret, not shown: rotateTriggerSecret gives one." })
  triggersCreated!: number;

  @Field(() => Int)
  triggersUpdated!: number;

  @Field(() => Int)
  triggersUnchanged!: number;

  @Field(() => [String], { description: "Lines that were not imported, and why (for example stream apps)." })
  skipped!: string[];

  @Field(() => [String], {
    description: "What to do next, for example: how to get the secret of a trigger the import created.",
  })
  notes!: string[];
}

@InputType()
export class ImportAppRegistryInput {
  @Field(() => String, { description: "Spring Cloud Data Flow's bulk registry format: task.<name>=<uri> lines." })
  properties!: string;
}

@InputType()
export class ImportDefinitionsInput {
  @Field(() => String, { description: "A document as exportDefinitions writes it (apiVersion baton/v1)." })
  yaml!: string;
}

@Resolver()
export class DefinitionsResolver {
  constructor(private readonly definitions: DefinitionsService) {}

  @Mutation(() => ImportSummary, { description: "Registers every task app of an SCDF registry file, all or nothing." })
  importAppRegistry(
    @Arg("input", () => ImportAppRegistryInput) input: ImportAppRegistryInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportSummary> {
    return this.definitions.importAppRegistry(input.properties, ctx);
  }

  @Mutation(() => ImportSummary, {
    description:
      "Applies a definitions document: registers versions, creates or upgrades tasks, creates or updates DAGs, schedules and triggers. Checked in full first, so a refused document changes nothing; importing the same document again changes nothing. Nothing is deleted.",
  })
  importDefinitions(
    @Arg("input", () => ImportDefinitionsInput) input: ImportDefinitionsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportSummary> {
    return this.definitions.importDefinitions(input.yaml, ctx);
  }

  @Query(() => String, {
    description:
      "Every app, version, task (current manifest), DAG (current definition), schedule and trigger (never its secret) as one YAML document, for backup and GitOps.",
  })
  exportDefinitions(): Promise<string> {
    return this.definitions.exportDefinitions();
  }
}
