import { Field, Int, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "One control plane, in its own words." })
export class ControlPlaneInfo {
  @Field(() => String, { description: "Its BATON_INSTANCE_ID." })
  instance!: string;

  @Field(() => String, { description: "Its package version." })
  version!: string;

  @Field(() => String)
  hostname!: string;

  @Field(() => Int)
  pid!: number;

  @Field(() => DateTime, { description: "When its process started." })
  startedAt!: Date;

  @Field(() => Boolean, { description: "Whether it held the leader lock when it answered." })
  leader!: boolean;
}

@ObjectType({ description: "The PostgreSQL this control plane uses; never its user or password." })
export class DatabaseInfo {
  @Field(() => String, { description: "e.g. PostgreSQL 16.4" })
  version!: string;

  @Field(() => String, { description: "From DATABASE_URL: the host (or the socket directory of ?host=)." })
  host!: string;

  @Field(() => Int, { nullable: true, description: "From DATABASE_URL; null when it names none (then 5432)." })
  port!: number | null;

  @Field(() => String, { description: "From DATABASE_URL: the database's name." })
  name!: string;
}

@ObjectType({ description: "The NATS server this control plane is connected to." })
export class NatsInfo {
  @Field(() => String, { description: "the server's version" })
  version!: string;

  @Field(() => String)
  serverName!: string;

  @Field(() => Boolean)
  jetStream!: boolean;

  @Field(() => String, { description: "host:port, never credentials" })
  url!: string;
}

@ObjectType({ description: "What the console's About page shows: versions, control planes, database and NATS." })
export class About {
  @Field(() => String, { description: "Baton's version: this control plane's package version." })
  version!: string;

  @Field(() => [ControlPlaneInfo], {
    description: "Every control plane that answered within half a second, this one first; each with its own facts.",
  })
  controlPlanes!: ControlPlaneInfo[];

  @Field(() => DatabaseInfo)
  database!: DatabaseInfo;

  @Field(() => NatsInfo)
  nats!: NatsInfo;
}
