import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime, JSONScalar } from "../scalars.js";

@ObjectType({
  description: "Starts a task or a DAG when a message arrives on a NATS subject or at POST /hooks/<name>.",
})
export class Trigger {
  id!: string;
  taskName!: string | null;
  dagName!: string | null;
  secret!: string;
  revealSecret?: boolean;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "The NATS subject; null for a webhook-only trigger." })
  subject!: string | null;

  @Field(() => [String], { description: 'Templates over the message\'s JSON, e.g. "{{ .requestId }}".' })
  arguments!: string[];

  @Field(() => JSONScalar, { description: "Deployment properties; their string values may be templates." })
  properties!: unknown;

  @Field(() => String, { nullable: true, description: "Template of the dedup key." })
  dedupKey!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "A key counts as seen this long after its run started; null: while its run is active.",
  })
  dedupWindowSeconds!: number | null;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;

  @Field(() => String)
  createdBy!: string;
}

@ObjectType({ description: "One message or webhook call a trigger received." })
export class TriggerEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "NATS | HTTP" })
  source!: string;

  @Field(() => String, { description: "stream:<seq> for NATS; the delivery id for a webhook." })
  messageId!: string;

  @Field(() => DateTime)
  receivedAt!: Date;

  @Field(() => String, { description: "STARTED | DEDUPLICATED | REJECTED" })
  outcome!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  dedupKey!: string | null;

  @Field(() => ID, { nullable: true, description: "The run it started, or (DEDUPLICATED) the run it matched." })
  executionId!: string | null;

  @Field(() => ID, { nullable: true })
  dagRunId!: string | null;

  @Field(() => ID, { nullable: true, description: "DEDUPLICATED: the event that started the matched run." })
  matchedEventId!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "The message (secrets masked, cut at 16 KiB)." })
  payload!: unknown;
}
