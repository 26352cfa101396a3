import { ArgsType, Field, Int } from "type-graphql";

/** first / after / search on the lists ordered by name (apps, tasks, dags, schedules, triggers). */
@ArgsType()
export class NameWindowArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      "At most this many (1 to 500); omitted: all. Ask for one more than you show to know whether more follow.",
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Only names after this one: the last name of the previous page.",
  })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Only names containing this text, in any case." })
  search?: string | null;
}
