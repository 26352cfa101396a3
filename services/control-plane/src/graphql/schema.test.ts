import { readFile } from "node:fs/promises";
import { buildSchema, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { printApiSchema } from "./print-schema.js";

describe("schema.graphql", () => {
  it("matches the schema the code builds (run `npm run gen` after changing types)", async () => {
    const committed = await readFile(new URL("../../schema.graphql", import.meta.url), "utf8");
    expect(await printApiSchema()).toBe(committed);
  });

  it("keeps every name API.md promises", async () => {
    const schema = buildSchema(await printApiSchema());
    // [root, field, arguments API.md names, return type]
    const promised: [string, string, string[], string][] = [
      ["Mutation", "registerApp", ["input"], "AppVersion!"],
      ["Mutation", "unregisterAppVersion", ["input"], "Boolean!"],
      ["Mutation", "createTask", ["input"], "TaskDefinition!"],
      ["Mutation", "upgradeTask", ["input"], "Release!"],
      ["Mutation", "rollbackTask", ["input"], "Release!"],
      ["Mutation", "deleteTask", ["name"], "Boolean!"],
      ["Mutation", "launchTask", ["input"], "Execution!"],
      ["Mutation", "cancelExecution", ["id"], "Execution!"],
      ["Mutation", "restartExecution", ["id"], "Execution!"],
      ["Mutation", "createDag", ["input"], "Dag!"],
      ["Mutation", "updateDag", ["input"], "Dag!"],
      ["Mutation", "launchDag", ["input"], "DagRun!"],
      ["Mutation", "restartDagRun", ["id"], "DagRun!"],
      ["Query", "apps", [], "[App!]!"],
      ["Query", "app", ["name"], "App"],
      ["Query", "tasks", [], "[TaskDefinition!]!"],
      ["Query", "task", ["name"], "TaskDefinition"],
      ["Query", "execution", ["id"], "Execution"],
      ["Query", "executions", ["task", "status", "first", "after"], "ExecutionConnection!"],
      ["Query", "dag", ["name"], "Dag"],
      ["Query", "dagRun", ["id"], "DagRun"],
      ["Subscription", "executionEvents", ["executionId", "replay"], "ExecutionEvent!"],
      ["Subscription", "dagRunEvents", ["id"], "DagRun!"],
      ["Execution", "logs", ["tail"], "[LogLine!]!"],
    ];
    for (const [root, name, args, type] of promised) {
      const field = (schema.getType(root) as GraphQLObjectType).getFields()[name];
      expect(field, `${root}.${name}`).toBeDefined();
      expect(String(field?.type), `${root}.${name}`).toBe(type);
      expect(
        field?.args.map((a) => a.name),
        `${root}.${name}`,
      ).toEqual(expect.arrayContaining(args));
    }
    for (const input of [
      "RegisterAppInput",
      "CreateTaskInput",
      "UpgradeTaskInput",
      "RollbackTaskInput",
      "LaunchTaskInput",
      "CreateDagInput",
      "UpdateDagInput",
      "LaunchDagInput",
    ]) {
      expect(schema.getType(input), input).toBeDefined();
    }
  });
});
