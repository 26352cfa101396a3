import { encode } from "@baton/proto";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses, waitFor } from "./support/flows.js";

describe("nothing accepted is lost", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ runners: 0 });
    await defineTask(env.api[0]!, "hello", env.script("hello.mjs", "console.log('hello', process.argv[2] ?? '')\n"));
    await defineTask(env.api[0]!, "long", env.script("long.sh", "#!/bin/sh\necho started\nsleep 300\n"));
  });
  afterAll(() => env?.stop());

  it("keeps a launch made while no runner is up, and runs it when one starts", async () => {
    const run = await launch(env.api[0]!, "hello", { arguments: ["queued"] });
    await new Promise((r) => setTimeout(r, 500));
    expect((await getExecution(env.api[0]!, run.id)).status).toBe("DISPATCHED");
    await env.startRunner();
    const events = await allEvents(env.api[0]!, run.id);
    expect(statuses(events)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"]);
    expect(events.find((e) => e.kind === "LOG")?.log?.text).toBe("hello queued");
  });

  it("ignores a redelivered runner event", async () => {
    const run = await launch(env.api[0]!, "hello", { arguments: ["once"] });
    const events = await allEvents(env.api[0]!, run.id);
    const before = await env.sql(
      `SELECT seq, kind, payload FROM execution_events WHERE "executionId" = $1 ORDER BY seq`,
      [run.id],
    );
    const nc = await connect({ servers: env.natsUrl });
    const js = jetstream(nc);
    const runnerId = (await getExecution(env.api[0]!, run.id)).runnerId as string;
    // The same runner event number 2 again (a log line), as a redelivery would bring it.
    await js.publish(
      `${env.prefix}.evt.${run.id}`,
      encode({
        v: 1,
        executionId: run.id,
        runnerId,
        rseq: 2,
        at: new Date().toISOString(),
        type: "log",
        lines: [{ stream: "stdout", text: "duplicate!", at: new Date().toISOString() }],
      }),
    );
    await nc.drain();
    await new Promise((r) => setTimeout(r, 500));
    const after = await env.sql(
      `SELECT seq, kind, payload FROM execution_events WHERE "executionId" = $1 ORDER BY seq`,
      [run.id],
    );
    expect(after).toEqual(before);
    expect(after.length).toBe(events.length);
  });

  it("never starts a run cancelled while it waited in the queue", async () => {
    const runner = env.runners[0]!;
    await runner.stop();
    const run = await launch(env.api[0]!, "hello", { arguments: ["never"] });
    const cancelled = await env.api[0]!.ok<{ cancelExecution: { status: string } }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { status } }`,
      { id: run.id },
    );
    expect(cancelled.cancelExecution.status).toBe("CANCELLED");
    await env.startRunner();
    const next = await launch(env.api[0]!, "hello", { arguments: ["after"] });
    await allEvents(env.api[0]!, next.id);
    const logs = await env.sql(`SELECT 1 FROM execution_events WHERE "executionId" = $1 AND kind = 'LOG'`, [run.id]);
    expect(logs).toEqual([]);
    expect((await getExecution(env.api[0]!, run.id)).status).toBe("CANCELLED");
  });

  it("marks a run LOST when its runner dies without a word", async () => {
    for (const r of env.runners) await r.stop();
    const runner = await env.startRunner();
    const run = await launch(env.api[0]!, "long");
    await waitFor("the run to start", async () => (await getExecution(env.api[0]!, run.id)).status === "RUNNING");
    runner.process.kill("SIGKILL");
    const events = await allEvents(env.api[0]!, run.id, 20_000);
    expect(statuses(events).at(-1)).toBe("LOST");
    expect(events.at(-1)?.cause).toMatch(/stopped sending heartbeats/);
    // The orphaned task is still running: clean it up through the handle the runner recorded.
    const [row] = await env.sql<{ handle: { pgid?: number; pid?: number } }>(
      `SELECT handle FROM executions WHERE id = $1`,
      [run.id],
    );
    const pgid = row?.handle.pgid ?? row?.handle.pid;
    if (pgid) process.kill(-pgid, "SIGKILL");
  });

  it("marks a run LOST when its runner comes back under the same id without it", async () => {
    for (const r of env.runners) await r.stop();
    const first = await env.startRunner({ RUNNER_ID: "steady-runner" });
    const run = await launch(env.api[0]!, "long");
    await waitFor("the run to start", async () => (await getExecution(env.api[0]!, run.id)).status === "RUNNING");
    first.process.kill("SIGKILL");
    await env.startRunner({ RUNNER_ID: "steady-runner" });
    const events = await allEvents(env.api[0]!, run.id, 30_000);
    expect(statuses(events).at(-1)).toBe("LOST");
    expect(events.at(-1)?.cause).toMatch(/restarted and no longer holds this run/);
    const [row] = await env.sql<{ handle: { pgid?: number } }>(`SELECT handle FROM executions WHERE id = $1`, [run.id]);
    if (row?.handle.pgid) process.kill(-row.handle.pgid, "SIGKILL");
  });
});
