import { ArgsType, Field, Int } from "type-graphql";

/** first / before on the lists newest first by number (a task's releases, a DAG's versions). */
@ArgsType()
export class NumberWindowArgs {
  @Field(() => Int, {
    nullable: true,
    description: "At most this many (1 to 500), newest first; omitted: all. Ask for one more than you show.",
  })
  first?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Only those numbered below this one: the last number of the previous page.",
  })
  before?: number | null;
}
