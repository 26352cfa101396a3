import { encode, subjects } from "@baton/proto";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses, waitFor } from "./support/flows.js";
import { isAlive } from "./support/processes.js";

const LOST_AFTER_MS = 2500;

describe("verdicts are true and final, decided by one leader", () => {
  let env: TestEnv;
  const orphans: number[] = [];

  const handleOf = async (id: string): Promise<number> => {
    const [row] = await env.sql<{ handle: { pgid?: number; pid?: number } | null }>(
      `SELECT handle FROM executions WHERE id = $1`,
      [id],
    );
    const pgid = row?.handle?.pgid ?? row?.handle?.pid;
    if (!pgid) throw new Error(`execution ${id} has no handle`);
    return pgid;
  };
  const lostEvents = (id: string) =>
    env.sql<{ seq: number }>(
      `SELECT seq FROM execution_events WHERE "executionId" = $1 AND kind = 'STATUS' AND payload->>'status' = 'LOST'`,
      [id],
    );
  const startLong = async (): Promise<string> => {
    const run = await launch(env.api[0]!, "long");
    await waitFor("the run to start", async () => (await getExecution(env.api[0]!, run.id)).status === "RUNNING");
    orphans.push(await handleOf(run.id));
    return run.id;
  };
  const health = async (i: number): Promise<{ ok: boolean; leader?: boolean } | undefined> => {
    const res = await fetch(env.api[i]!.url.replace(/\/graphql$/, "/healthz")).catch(() => undefined);
    return res ? ((await res.json()) as { ok: boolean; leader?: boolean }) : undefined;
  };

  beforeAll(async () => {
    env = await startEnv({ controlPlanes: 2, runners: 0 });
    await defineTask(env.api[0]!, "long", env.script("long.sh", "#!/bin/sh\necho started\nsleep 300\n"));
  });
  afterAll(async () => {
    for (const pgid of orphans) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await env?.stop();
  });

  it("keeps a LOST run LOST when its runner's exit arrives later", async () => {
    const runner = await env.startRunner();
    const id = await startLong();
    // A subscriber from before the verdict: its stream must end once, at LOST.
    const watching = allEvents(env.api[1]!, id, 60_000);
    runner.process.kill("SIGKILL");
    const seen = await watching;
    expect(statuses(seen).at(-1)).toBe("LOST");
    const [row] = await env.sql<{ runnerId: string; runnerSeq: number }>(
      `SELECT "runnerId", "runnerSeq" FROM executions WHERE id = $1`,
      [id],
    );
    // The runner was not dead after all: its exit (the next runner event) arrives now.
    const nc = await connect({ servers: env.natsUrl });
    const at = new Date().toISOString();
    await jetstream(nc).publish(
      subjects(env.prefix).events(row!.runnerId, id),
      encode({
        v: 1,
        executionId: id,
        runnerId: row!.runnerId,
        rseq: row!.runnerSeq + 1,
        at,
        type: "exited",
        reason: "exit",
        exitCode: 0,
        signal: null,
      }),
    );
    await nc.drain();
    await waitFor("the late exit to be ingested", async () => {
      const [r] = await env.sql<{ runnerSeq: number }>(`SELECT "runnerSeq" FROM executions WHERE id = $1`, [id]);
      return r!.runnerSeq === row!.runnerSeq + 1;
    });
    expect((await getExecution(env.api[0]!, id)).status).toBe("LOST");
    const terminal = await env.sql<{ status: string }>(
      `SELECT payload->>'status' AS status FROM execution_events
       WHERE "executionId" = $1 AND kind = 'STATUS' AND payload->>'status' NOT IN ('QUEUED', 'DISPATCHED', 'RUNNING')`,
      [id],
    );
    expect(terminal).toEqual([{ status: "LOST" }]);
    const notes = await env.sql<{ text: string }>(
      `SELECT payload->>'text' AS text FROM execution_event_log WHERE "executionId" = $1 AND payload->>'stream' = 'system'`,
      [id],
    );
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/after the run had ended as LOST; ignored/)]);
    // A replay also ends once, at LOST.
    const replay = await allEvents(env.api[0]!, id);
    expect(statuses(replay).filter((s) => s === "LOST")).toEqual(["LOST"]);
    expect(statuses(replay).at(-1)).toBe("LOST");
  });

  it("declares a run LOST when what its dead runner left in the stream sits behind a gap that cannot fill, then drains it", async () => {
    const runner = await env.startRunner();
    const id = await startLong();
    runner.process.kill("SIGKILL");
    const [row] = await env.sql<{ runnerId: string; runnerSeq: number }>(
      `SELECT "runnerId", "runnerSeq" FROM executions WHERE id = $1`,
      [id],
    );
    // What a runner may leave when it dies mid-publish: a later event stored, those before it never.
    // Only that runner could send the missing ones, so waiting for them would keep the run RUNNING for ever.
    // Far past runnerSeq: what the dead runner did publish (its "started" line) may still be ingested meanwhile.
    const nc = await connect({ servers: env.natsUrl });
    const at = new Date().toISOString();
    const subject = subjects(env.prefix).events(row!.runnerId, id);
    await jetstream(nc).publish(
      subject,
      encode({
        v: 1,
        executionId: id,
        runnerId: row!.runnerId,
        rseq: row!.runnerSeq + 50,
        at,
        type: "exited",
        reason: "exit",
        exitCode: 0,
        signal: null,
      }),
    );
    await waitFor("the run to be LOST", async () => (await getExecution(env.api[0]!, id)).status === "LOST", 60_000);
    expect(await lostEvents(id)).toHaveLength(1);
    // ...and the stranded event is acknowledged, not offered again for ever.
    const jsm = await jetstreamManager(nc);
    await waitFor(
      "the stream to hold nothing of the run",
      async () =>
        (await jsm.streams.getMessage(`${env.prefix.toUpperCase()}_EVENTS`, { last_by_subj: subject })) === null,
      30_000,
    );
    await nc.drain();
    expect((await getExecution(env.api[0]!, id)).status).toBe("LOST");
  });

  it("with heartbeats spread over two instances, declares a killed runner's run LOST exactly once", async () => {
    const runner = await env.startRunner();
    const id = await startLong();
    runner.process.kill("SIGKILL");
    await waitFor("the run to be LOST", async () => (await getExecution(env.api[1]!, id)).status === "LOST", 30_000);
    expect(await lostEvents(id)).toHaveLength(1);
    expect((await getExecution(env.api[0]!, id)).errorMessage).toMatch(/stopped sending heartbeats/);
  });

  it("never declares a healthy runner's long run LOST", async () => {
    const runner = await env.startRunner();
    const id = await startLong();
    const runnerId = (await getExecution(env.api[0]!, id)).runnerId as string;
    const beat = async () =>
      (await env.sql<{ at: Date }>(`SELECT "lastHeartbeatAt" AS at FROM runners WHERE id = $1`, [runnerId]))[0]!.at;
    const first = await beat();
    // Several lost-after periods of heartbeats written by whichever instance got them.
    await waitFor(
      "heartbeats over four lost-after periods",
      async () => (await beat()).getTime() - first.getTime() > 4 * LOST_AFTER_MS,
      60_000,
    );
    expect((await getExecution(env.api[0]!, id)).status).toBe("RUNNING");
    expect(await lostEvents(id)).toEqual([]);
    await env.api[0]!.ok(`mutation($id: ID!) { cancelExecution(id: $id) { status } }`, { id });
    await runner.stop();
  });

  it("fences a run that ended in the database while its runner still holds it: the runner kills it", async () => {
    await env.startRunner();
    const id = await startLong();
    const pgid = await handleOf(id);
    expect(isAlive(pgid)).toBe(true);
    await env.sql(
      `UPDATE executions SET status = 'LOST', "endedAt" = now(), "errorMessage" = 'declared lost by the test' WHERE id = $1`,
      [id],
    );
    await waitFor("the runner to kill the fenced run", async () => !isAlive(pgid), 20_000);
    expect((await getExecution(env.api[0]!, id)).status).toBe("LOST");
  });

  it("has exactly one leader, and another takes over within seconds when it dies", async () => {
    const leaders = async () => [(await health(0))?.leader, (await health(1))?.leader];
    const before = await waitFor("one leader", async () => {
      const l = await leaders();
      return l.filter((x) => x === true).length === 1 && l.filter((x) => x === false).length === 1 && l;
    });
    const locks = await env.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'baton-leader %'
         AND a.datname = current_database()`,
    );
    expect(locks).toEqual([{ n: 1 }]);
    const leader = before.indexOf(true);
    const other = 1 - leader;
    env.controlPlanes[leader]!.process.kill("SIGKILL");
    await waitFor("the other instance to lead", async () => (await health(other))?.leader === true, 30_000);
  });
});

describe("a runner restarted under the same id", () => {
  let env: TestEnv;
  let pgid: number | undefined;
  beforeAll(async () => {
    // Silence alone would take a minute here: only the restart can explain a LOST within the test.
    env = await startEnv({ runners: 0, controlPlaneEnv: { BATON_RUNNER_LOST_AFTER_MS: "60000" } });
    await defineTask(env.api[0]!, "long", env.script("long.sh", "#!/bin/sh\necho started\nsleep 300\n"));
  });
  afterAll(async () => {
    try {
      if (pgid) process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
    await env?.stop();
  });

  it("has the runs its old incarnation claimed declared LOST", async () => {
    const first = await env.startRunner({ RUNNER_ID: "same-id" });
    const run = await launch(env.api[0]!, "long");
    await waitFor("the run to start", async () => (await getExecution(env.api[0]!, run.id)).status === "RUNNING");
    const [row] = await env.sql<{ handle: { pgid?: number } }>(`SELECT handle FROM executions WHERE id = $1`, [run.id]);
    pgid = row?.handle.pgid;
    first.process.kill("SIGKILL");
    await env.startRunner({ RUNNER_ID: "same-id" });
    await waitFor(
      "the run to be LOST",
      async () => (await getExecution(env.api[0]!, run.id)).status === "LOST",
      30_000,
    );
    const lost = await env.sql(
      `SELECT 1 FROM execution_events WHERE "executionId" = $1 AND kind = 'STATUS' AND payload->>'status' = 'LOST'`,
      [run.id],
    );
    expect(lost).toHaveLength(1);
    expect((await getExecution(env.api[0]!, run.id)).errorMessage).toMatch(/restarted and no longer holds this run/);
  });
});
