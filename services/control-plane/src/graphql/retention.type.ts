import { Field, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "What is kept of a task's history (0: that limit is off)." })
export class RetentionPolicy {
  @Field(() => Int, { description: "Executions are deleted this many days after they end; 0 keeps them forever." })
  days!: number;

  @Field(() => Int, { description: "Only the last this many runs are kept; 0 is no count limit." })
  runs!: number;

  @Field(() => Int, {
    description: "Log lines are deleted this many days after the run ends; 0 keeps them as long as the execution.",
  })
  logDays!: number;
}

@ObjectType({ description: "A task's own retention settings (null: the global setting) and what applies." })
export class TaskRetention {
  @Field(() => Int, { nullable: true })
  days!: number | null;

  @Field(() => Int, { nullable: true })
  runs!: number | null;

  @Field(() => Int, { nullable: true })
  logDays!: number | null;

  @Field(() => RetentionPolicy, { description: "The task's settings over the global ones (BATON_RETENTION_*)." })
  effective!: RetentionPolicy;
}

@InputType({ description: "A task's retention; a field left out or null uses the global setting." })
export class RetentionInput {
  @Field(() => Int, { nullable: true, description: "Days after an execution ends before it is deleted; 0: forever." })
  days?: number | null;

  @Field(() => Int, { nullable: true, description: "Keep only the last this many runs; 0: no count limit." })
  runs?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Days after a run ends before its log lines go; 0: as the execution.",
  })
  logDays?: number | null;
}
