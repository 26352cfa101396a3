import { Field, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "A registered program that tasks run, with its versions." })
export class App {
  id!: string;
  defaultVersionId!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => DateTime)
  createdAt!: Date;
}

@ObjectType({ description: "One version of an app: where its program lives." })
export class AppVersion {
  id!: string;
  appId!: string;

  @Field(() => String)
  version!: string;

  @Field(() => String, { description: "file:///absolute/path or docker:image:tag" })
  uri!: string;

  @Field(() => DateTime)
  createdAt!: Date;
}
