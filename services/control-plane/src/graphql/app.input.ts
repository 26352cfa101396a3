import { Field, InputType } from "type-graphql";

@InputType()
export class RegisterAppInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;

  @Field(() => String, {
    description:
      "file:///abs/path (.js/.mjs/.cjs node, .jar java -jar, .sh bash, .py python3, else executed) or docker:image:tag",
  })
  uri!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: "Make this the app's default version (the first version always is).",
  })
  makeDefault?: boolean | null;
}

@InputType()
export class UnregisterAppVersionInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;
}

@InputType()
export class SetDefaultAppVersionInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;
}
