import { Arg, Field, Float, Int, ObjectType, Query, Resolver } from "type-graphql";
import type { StatisticsService } from "../services/statistics.service.js";

@ObjectType({ description: "min, max, mean and sample standard deviation (null when there is no data)." })
export class Stat {
  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true })
  stddev!: number | null;
}

@ObjectType({ description: "One step's history across a task's recent executions." })
export class StepStatistics {
  @Field(() => String)
  step!: string;

  @Field(() => Int, { description: "Finished runs of this step counted." })
  runs!: number;

  @Field(() => Stat, { description: "Milliseconds." })
  duration!: Stat;

  @Field(() => Stat)
  read!: Stat;

  @Field(() => Stat)
  write!: Stat;

  @Field(() => Stat)
  commit!: Stat;

  @Field(() => Stat)
  rollback!: Stat;

  @Field(() => Stat)
  skip!: Stat;

  @Field(() => Stat)
  filter!: Stat;
}

@Resolver()
export class StatisticsResolver {
  constructor(private readonly statistics: StatisticsService) {}

  @Query(() => [StepStatistics], { description: "Per-step statistics over the task's last executions (default 100)." })
  stepStatistics(
    @Arg("task", () => String) task: string,
    @Arg("last", () => Int, { nullable: true }) last?: number | null,
  ): Promise<StepStatistics[]> {
    return this.statistics.steps(task, last);
  }
}
