import { encode, ingestConsumerConfig, subjects } from "@baton/proto";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
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

  it("keeps a launch made while no runner is up, says why it waits, and runs it when one starts", async () => {
    const run = await launch(env.api[0]!, "hello", { arguments: ["queued"] });
    // Kept in Postgres, QUEUED, with the reason admission gave: no runner exists to take it.
    await waitFor("admission to say why the run waits", async () => {
      const rows = await env.sql<{ status: string; waitReason: string | null }>(
        `SELECT status, "waitReason" FROM executions WHERE id = $1`,
        [run.id],
      );
      expect(rows[0]?.status).toBe("QUEUED");
      return rows[0]?.waitReason === "no runner is up in pool default (local)";
    });
    await env.startRunner();
    const events = await allEvents(env.api[0]!, run.id);
    expect(statuses(events)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"]);
    expect(events.find((e) => e.kind === "LOG")?.log?.text).toBe("hello queued");
  });

  it("ignores a redelivered runner event", async () => {
    const run = await launch(env.api[0]!, "hello", { arguments: ["once"] });
    const events = await allEvents(env.api[0]!, run.id);
    const before = await env.sql(
      `SELECT seq, kind, payload FROM execution_event_log WHERE "executionId" = $1 ORDER BY seq`,
      [run.id],
    );
    const nc = await connect({ servers: env.natsUrl });
    const js = jetstream(nc);
    const runnerId = (await getExecution(env.api[0]!, run.id)).runnerId as string;
    // The same runner event number 2 again (a log line), as a redelivery would bring it.
    const ack = await js.publish(
      subjects(env.prefix).events(runnerId, run.id),
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
    // The control plane has settled the duplicate once the shared ingest consumer's ack floor passes it.
    const jsm = await jetstreamManager(nc);
    await waitFor("the duplicate to be acknowledged by the control plane", async () => {
      const info = await jsm.consumers.info(
        subjects(env.prefix).eventStream,
        ingestConsumerConfig(subjects(env.prefix)).durable_name,
      );
      return info.ack_floor.stream_seq >= ack.seq && info.num_ack_pending === 0;
    });
    await nc.drain();
    const after = await env.sql(
      `SELECT seq, kind, payload FROM execution_event_log WHERE "executionId" = $1 ORDER BY seq`,
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
    expect(statuses(await allEvents(env.api[0]!, next.id)).at(-1)).toBe("COMPLETED");
    // Cancelled before any runner claimed it (admission may have sent it to the runner that was just
    // stopping, which did not answer): no runner ever claimed or started it.
    const [claimed] = await env.sql<{ claimedAt: Date | null }>(`SELECT "claimedAt" FROM executions WHERE id = $1`, [
      run.id,
    ]);
    expect(claimed?.claimedAt).toBeNull();
    const logs = await env.sql(`SELECT 1 FROM execution_event_log WHERE "executionId" = $1 AND kind = 'LOG'`, [run.id]);
    expect(logs).toEqual([]);
    const never = await getExecution(env.api[0]!, run.id);
    expect(never).toMatchObject({ status: "CANCELLED", runnerId: null, startedAt: null });
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
    // Clean up the task through the handle the runner recorded, should it have outlived its runner.
    const [row] = await env.sql<{ handle: { pgid?: number; pid?: number } }>(
      `SELECT handle FROM executions WHERE id = $1`,
      [run.id],
    );
    killGroup(row?.handle.pgid ?? row?.handle.pid);
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
    killGroup(row?.handle.pgid);
  });
});

function killGroup(pgid: number | undefined): void {
  if (!pgid) return;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}
