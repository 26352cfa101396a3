import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { printApiSchema } from "./print-schema.js";

describe("schema.graphql", () => {
  it("matches the schema the code builds (run `npm run gen` after changing types)", async () => {
    const committed = await readFile(new URL("../../schema.graphql", import.meta.url), "utf8");
    expect(await printApiSchema()).toBe(committed);
  });

  it("keeps every name API.md promises", async () => {
    const sdl = await printApiSchema();
    for (const name of [
      "registerApp(input: RegisterAppInput!): AppVersion!",
      "unregisterAppVersion(input: UnregisterAppVersionInput!): Boolean!",
      "createTask(input: CreateTaskInput!): TaskDefinition!",
      "deleteTask(name: String!): Boolean!",
      "launchTask(input: LaunchTaskInput!): Execution!",
      "cancelExecution(id: ID!): Execution!",
      "restartExecution(id: ID!): Execution!",
      "executionEvents(executionId: ID!, replay: Boolean): ExecutionEvent!",
      "executions(after: String, first: Int, status: ExecutionStatus, task: String): ExecutionConnection!",
      "apps: [App!]!",
      "app(name: String!): App",
      "tasks: [TaskDefinition!]!",
      "task(name: String!): TaskDefinition",
      "execution(id: ID!): Execution",
      "logs(tail: Int): [LogLine!]!",
    ]) {
      expect(sdl).toContain(name);
    }
  });
});
