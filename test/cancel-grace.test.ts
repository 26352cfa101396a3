import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, waitFor } from "./support/flows.js";

// Shuts down cleanly 11 s after the first SIGTERM; prints a line for every SIGTERM it gets.
// 11 s: the control plane resends a pending cancel 5 to 10 s after the request, which
// used to carry grace 0 (an immediate SIGKILL), so a shorter shutdown could slip through.
const GRACEFUL = `
let stopping = false;
process.on("SIGTERM", () => {
  console.log("got SIGTERM");
  if (stopping) return;
  stopping = true;
  setTimeout(() => { console.log("clean shutdown"); process.exit(0); }, 11_000);
});
console.log("ready");
setInterval(() => {}, 1000);
`;

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"];

interface Final {
  status: string;
  logs: { stream: string; text: string }[];
}

describe("cancel honours the task's grace period", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
    await defineTask(env.api[0]!, "graceful", env.script("graceful.mjs", GRACEFUL), {
      properties: { graceSeconds: 15 },
    });
  });
  afterAll(() => env?.stop());

  /** Launches the task and resolves once it has installed its SIGTERM handler. */
  const launchReady = async (): Promise<string> => {
    const { id } = await launch(env.api[0]!, "graceful");
    await waitFor("the task to be ready", async () => {
      const rows = await env.sql<{ n: string }>(
        `SELECT count(*) AS n FROM execution_event_log WHERE "executionId" = $1 AND kind = 'LOG' AND payload->>'text' = 'ready'`,
        [id],
      );
      return Number(rows[0]?.n) > 0;
    });
    return id;
  };

  const cancel = (id: string) =>
    env.api[0]!.ok<{ cancelExecution: { status: string } }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { status } }`,
      { id },
    );

  /** cancelExecution waits grace + 3 s at most: poll until the run has really ended. */
  const final = (id: string): Promise<Final> =>
    waitFor(
      "the run to end",
      async () => {
        const data = await env.api[0]!.ok<{ execution: Final }>(
          `query($id: ID!) { execution(id: $id) { status logs { stream text } } }`,
          { id },
        );
        return TERMINAL.includes(data.execution.status) ? data.execution : undefined;
      },
      40_000,
    );

  const expectCleanCancel = (run: Final): void => {
    expect(run.status).toBe("CANCELLED");
    const texts = run.logs.map((l) => l.text);
    expect(texts).toContain("clean shutdown");
    expect(texts.filter((t) => t === "got SIGTERM")).toEqual(["got SIGTERM"]);
  };

  it("lets a task that needs 11 s of its 15 s grace shut down cleanly", async () => {
    const id = await launchReady();
    await cancel(id);
    expectCleanCancel(await final(id));
  });

  it("behaves the same when cancel is sent twice at once", async () => {
    const id = await launchReady();
    await Promise.all([cancel(id), cancel(id)]);
    expectCleanCancel(await final(id));
  });
});
