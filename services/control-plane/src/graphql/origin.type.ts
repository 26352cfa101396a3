import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { Origin as OriginValue } from "../domain/origin.js";
import { DateTime } from "./scalars.js";

export enum OriginKind {
  MANUAL = "MANUAL",
  SCHEDULE = "SCHEDULE",
  TRIGGER = "TRIGGER",
  DAG = "DAG",
  RESTART = "RESTART",
  VERIFY = "VERIFY",
}
registerEnumType(OriginKind, {
  name: "OriginKind",
  description:
    "Why a run started: by hand, a schedule, a trigger, as a DAG node, a restart, or an upgrade's verification.",
});

@ObjectType({ description: "Why a run started." })
export class Origin {
  @Field(() => OriginKind)
  kind!: OriginKind;

  @Field(() => String, { nullable: true, description: "The schedule, trigger or DAG, by name." })
  name!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Who launched, restarted or upgraded (MANUAL, RESTART, VERIFY).",
  })
  actor!: string | null;

  @Field(() => String, { nullable: true, description: "The schedule (kind SCHEDULE)." })
  schedule!: string | null;

  @Field(() => DateTime, { nullable: true, description: "The fire time; the program gets it as BATON_SCHEDULED_TIME." })
  scheduledTime!: Date | null;

  @Field(() => String, { nullable: true, description: "SCHEDULED, MISFIRE or BACKFILL." })
  fireKind!: string | null;

  @Field(() => String, { nullable: true, description: "The trigger (kind TRIGGER)." })
  trigger!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The trigger's message: stream:<seq> or the webhook delivery id.",
  })
  messageId!: string | null;

  @Field(() => ID, { nullable: true, description: "The DAG run this node execution belongs to (kind DAG)." })
  dagRunId!: string | null;

  @Field(() => ID, { nullable: true, description: "The execution this one restarted (kind RESTART)." })
  restartOf!: string | null;

  @Field(() => ID, { nullable: true, description: "The execution this manual run relaunched (relaunchExecution)." })
  relaunchOf!: string | null;
}

/** The GraphQL view of a stored origin (older rows have only the kind). */
export function toOrigin(kind: string, name: string | null, stored: unknown): Origin {
  const o = (stored ?? {}) as Partial<OriginValue>;
  const k = (kind in OriginKind ? kind : "MANUAL") as OriginKind;
  return {
    kind: k,
    name: name ?? o.name ?? null,
    actor: o.actor ?? null,
    schedule: k === OriginKind.SCHEDULE ? (name ?? o.name ?? null) : null,
    scheduledTime: o.scheduledTime ? new Date(o.scheduledTime) : null,
    fireKind: o.fireKind ?? null,
    trigger: k === OriginKind.TRIGGER ? (name ?? o.name ?? null) : null,
    messageId: o.messageId ?? null,
    dagRunId: o.dagRunId ?? null,
    restartOf: o.restartOf ?? null,
    relaunchOf: o.relaunchOf ?? null,
  };
}
