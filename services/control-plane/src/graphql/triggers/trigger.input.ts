import { Field, InputType, Int } from "type-graphql";
import { JSONScalar } from "../scalars.js";

@InputType()
export class CreateTriggerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "The task to start (give task or dag)." })
  task?: string | null;

  @Field(() => String, { nullable: true, description: "The DAG to start (give task or dag)." })
  dag?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "An exact NATS subject such as orders.export.requested; omit for a webhook-only trigger.",
  })
  subject?: string | null;

  @Field(() => [String], { nullable: true, description: 'Templates: "--date={{ .date }}".' })
  arguments?: string[] | null;

  @Field(() => JSONScalar, { nullable: true, description: "Deployment properties; string values may be templates." })
  properties?: unknown;

  @Field(() => String, { nullable: true, description: 'Dedup key template, e.g. "{{ .requestId }}".' })
  dedupKey?: string | null;

  @Field(() => Int, { nullable: true, description: "Seconds a key counts as seen; default: while its run is active." })
  dedupWindowSeconds?: number | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

@InputType({ description: "Only the fields given change; an empty subject or dedupKey removes it." })
export class UpdateTriggerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  task?: string | null;

  @Field(() => String, { nullable: true })
  dag?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => [String], { nullable: true })
  arguments?: string[] | null;

  @Field(() => JSONScalar, { nullable: true })
  properties?: unknown;

  @Field(() => String, { nullable: true })
  dedupKey?: string | null;

  @Field(() => Int, { nullable: true })
  dedupWindowSeconds?: number | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}
