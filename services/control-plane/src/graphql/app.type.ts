import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { REGISTRY_WARNING_CODES } from "../domain/registry-warnings.js";
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

export const RegistryWarningCode = Object.fromEntries(REGISTRY_WARNING_CODES.map((c) => [c, c])) as {
  [K in (typeof REGISTRY_WARNING_CODES)[number]]: K;
};
registerEnumType(RegistryWarningCode, {
  name: "RegistryWarningCode",
  description: "What kind of problem a registered app version has.",
  valuesConfig: {
    MISSING_FILE: {
      description: "The file: program is not a regular file on the host of the control plane that answered.",
    },
    UNCHECKABLE_FILE: { description: "The file: program could not be checked (permission denied, say)." },
    NOT_SEMVER: { description: "The version is not semver; Baton never compares versions." },
    NO_RUNNER: { description: "A docker: image while no live runner (docker or kubernetes) can run containers." },
  },
});

@ObjectType({ description: "A problem a user should know about a registered version; it is registered anyway." })
export class RegistryWarning {
  @Field(() => RegistryWarningCode, { description: "What kind of problem, for clients to act on." })
  code!: keyof typeof RegistryWarningCode;

  @Field(() => String, { description: "What is wrong, where it was looked for, and what to do." })
  message!: string;
}

@ObjectType({ description: "A live task whose release revisions use an app version." })
export class AppVersionUse {
  @Field(() => String, { description: "The task's name." })
  task!: string;

  @Field(() => [Int], { description: "The task's release revisions on this version, oldest first." })
  revisions!: number[];

  @Field(() => Boolean, { description: "Whether the task's current revision uses this version." })
  current!: boolean;
}
