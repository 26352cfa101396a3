import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ledger, type LedgerEntry, parseLedger } from "../chaos/ledger.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, waitFor } from "./support/flows.js";
import type { GraphQLClient } from "./support/graphql.js";
import { isAlive } from "./support/processes.js";

// Retries and runners under faults (issue 10), with real processes. Every
// task program appends "start|end <execution id> <pid> <epoch ms>" to a
// ledger in env.dir (the chaos suite's format), so "ran once", "ran twice"
// and "never finished" are read from what the programs did, not from what
// the control plane says. Runs are gated by files the test creates; nothing
// sleeps, everything waits on a condition.

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

interface Attempt {
  id: string;
  attempt: number;
  status: string;
  runnerId: string | null;
  assignedRunnerId: string | null;
  errorMessage: string | null;
  waitReason: string | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  notBefore: string | null;
  retryOf: { id: string } | null;
}

interface Chain extends Attempt {
  attempts: Attempt[];
}

const ATTEMPT_FIELDS = `id attempt status runnerId assignedRunnerId errorMessage waitReason queuedAt startedAt endedAt
  notBefore retryOf { id }`;

async function chain(api: GraphQLClient, id: string): Promise<Chain> {
  const data = await api.ok<{ execution: Chain }>(
    `query($id: ID!) { execution(id: $id) { ${ATTEMPT_FIELDS} attempts { ${ATTEMPT_FIELDS} } } }`,
    { id },
  );
  return data.execution;
}

const ms = (iso: string | null): number => {
  if (iso === null) throw new Error("expected a time, got null");
  return new Date(iso).getTime();
};

const quote = (path: string): string => `'${path.replace(/'/g, `'\\''`)}'`;

interface ProgramOptions {
  /** Wait until this file exists before the end line (exits 2 if env.dir disappears meanwhile). */
  gate?: string;
  /** Count runs in this file; exit 1 (after the end line) while the count is below failUntil. */
  counter?: string;
  failUntil?: number;
  /** Seconds to sleep before the end line. */
  sleep?: number;
  /** Always exit 1. */
  fail?: boolean;
}

/** A POSIX sh task program that writes its start and end lines to the ledger. */
function program(env: TestEnv, name: string, ledger: string, o: ProgramOptions = {}): string {
  const mark = (kind: string) =>
    `printf '${kind} %s %s %s\\n' "$BATON_EXECUTION_ID" "$$" "$(date +%s%3N)" >> ${quote(ledger)}`;
  const lines = ["#!/bin/sh"];
  if (o.counter) {
    lines.push(`n=$(cat ${quote(o.counter)} 2>/dev/null || echo 0)`, "n=$((n + 1))", `echo "$n" > ${quote(o.counter)}`);
  }
  lines.push(mark("start"));
  if (o.gate) {
    lines.push(`while [ ! -e ${quote(o.gate)} ]; do`, `  [ -d ${quote(env.dir)} ] || exit 2`, "  sleep 0.05", "done");
  }
  if (o.sleep) lines.push(`sleep ${o.sleep}`);
  lines.push(mark("end"));
  if (o.fail) lines.push("exit 1");
  if (o.counter && o.failUntil) lines.push(`[ "$n" -lt ${o.failUntil} ] && exit 1`);
  lines.push("exit 0", "");
  return env.script(`${name}.sh`, lines.join("\n"));
}

function readLedger(path: string): Ledger {
  return parseLedger(existsSync(path) ? readFileSync(path, "utf8") : "");
}

const entry = (ledger: Ledger, id: string): LedgerEntry => ledger.runs.get(id) ?? { starts: [], ends: [] };

/** Starts a runner under a fixed id and resolves once its first heartbeat is recorded (its pid in the row). */
async function startRunnerAs(env: TestEnv, runnerId: string, extra: Record<string, string> = {}): Promise<Child> {
  const child = await env.startRunner({ RUNNER_ID: runnerId, ...extra });
  const pid = child.process.pid as number;
  await waitFor(
    `runner ${runnerId} (pid ${pid}) to send its first heartbeat`,
    async () => (await env.sql<{ pid: number }>(`SELECT pid FROM runners WHERE id = $1`, [runnerId]))[0]?.pid === pid,
    30_000,
  );
  return child;
}

async function waitStatus(api: GraphQLClient, id: string, status: string, timeoutMs = 30_000): Promise<Chain> {
  return waitFor(
    `execution ${id} to be ${status}`,
    async () => {
      const c = await chain(api, id);
      return c.status === status ? c : undefined;
    },
    timeoutMs,
  );
}

/** The next attempt of `id` once it exists (the retry is inserted with the terminal status). */
async function retryOf(env: TestEnv, id: string): Promise<string> {
  const rows = await env.sql<{ id: string }>(`SELECT id FROM executions WHERE "retryOfId" = $1`, [id]);
  if (rows.length !== 1) throw new Error(`expected one retry of ${id}, found ${rows.length}`);
  return rows[0]!.id;
}

async function statusTrail(env: TestEnv, id: string): Promise<string[]> {
  const rows = await env.sql<{ status: string }>(
    `SELECT payload->>'status' AS status FROM execution_events
     WHERE "executionId" = $1 AND kind = 'STATUS' ORDER BY seq`,
    [id],
  );
  return rows.map((r) => r.status);
}

/** The largest number of [start, end] intervals open at one instant (an end frees before a start at the same ms). */
function maxOverlap(intervals: readonly [number, number][]): number {
  const points = intervals.flatMap(([s, e]) => [
    { at: s, d: 1 },
    { at: e, d: -1 },
  ]);
  points.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const p of points) {
    open += p.d;
    max = Math.max(max, open);
  }
  return max;
}

const lostRetry = { maxAttempts: 2, on: ["LOST"], backoff: { initialSeconds: 0 } };

// ---------------------------------------------------------------------------
// 1-2. Retries with backoff; what is never retried. 6. Two control planes admitting at once.
// ---------------------------------------------------------------------------

describe("two control planes, two runners: retries with backoff, a task limit under concurrent admission", () => {
  let env: TestEnv;
  let api: GraphQLClient;
  const ledger = () => join(env.dir, "ledger");
  beforeAll(async () => {
    env = await startEnv({ controlPlanes: 2, runners: 2, runnerEnv: { RUNNER_CAPACITY: "4" } });
    api = env.api[0]!;
  });
  afterAll(() => env?.stop());

  it("retries a failing run after 1 s then 2 s, chained attempt by attempt, until attempt 3 completes", async () => {
    const uri = program(env, "flaky", ledger(), { counter: join(env.dir, "flaky.count"), failUntil: 3 });
    await defineTask(api, "flaky", uri, {
      properties: { retry: { maxAttempts: 3, backoff: { initialSeconds: 1, multiplier: 2 } } },
    });
    const { id } = await launch(api, "flaky");
    const done = await waitFor(
      "three attempts, the last COMPLETED",
      async () => {
        const c = await chain(api, id);
        return c.attempts.length === 3 && c.attempts[2]!.status === "COMPLETED" ? c : undefined;
      },
      40_000,
    );
    expect(done.status).toBe("FAILED");
    expect(done.attempt).toBe(1);
    const [a1, a2, a3] = done.attempts as [Attempt, Attempt, Attempt];
    expect(done.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "FAILED"],
      [2, "FAILED"],
      [3, "COMPLETED"],
    ]);
    expect(a1.id).toBe(id);
    expect([a1.retryOf, a2.retryOf?.id, a3.retryOf?.id]).toEqual([null, a1.id, a2.id]);
    // Every attempt sees the same chain.
    expect((await chain(api, a3.id)).attempts.map((a) => a.id)).toEqual([a1.id, a2.id, a3.id]);

    // The backoff, from the recorded times: never early, not absurdly late.
    expect(ms(a2.notBefore)).toBeGreaterThanOrEqual(ms(a1.endedAt) + 1000);
    expect(ms(a2.startedAt)).toBeGreaterThanOrEqual(ms(a2.notBefore));
    expect(ms(a2.startedAt)).toBeGreaterThanOrEqual(ms(a1.endedAt) + 1000);
    expect(ms(a2.startedAt)).toBeLessThan(ms(a1.endedAt) + 1000 + 15_000);
    expect(ms(a3.notBefore)).toBeGreaterThanOrEqual(ms(a2.endedAt) + 2000);
    expect(ms(a3.startedAt)).toBeGreaterThanOrEqual(ms(a3.notBefore));
    expect(ms(a3.startedAt)).toBeGreaterThanOrEqual(ms(a2.endedAt) + 2000);
    expect(ms(a3.startedAt)).toBeLessThan(ms(a2.endedAt) + 2000 + 15_000);

    // The programs' own clock agrees: each attempt ran once, the next began a backoff after the last ended.
    const l = readLedger(ledger());
    expect(l.malformed).toEqual([]);
    const [e1, e2, e3] = [entry(l, a1.id), entry(l, a2.id), entry(l, a3.id)];
    for (const e of [e1, e2, e3]) {
      expect(e.starts).toHaveLength(1);
      expect(e.ends).toHaveLength(1);
    }
    expect(e2.starts[0]!.at).toBeGreaterThanOrEqual(e1.ends[0]!.at + 1000);
    expect(e3.starts[0]!.at).toBeGreaterThanOrEqual(e2.ends[0]!.at + 2000);
    expect(readFileSync(join(env.dir, "flaky.count"), "utf8").trim()).toBe("3");

    // Each retry was queued in the transaction that ended the attempt before it, saying why and when.
    const causes = await env.sql<{ id: string; cause: string }>(
      `SELECT "executionId" AS id, payload->>'cause' AS cause FROM execution_events
       WHERE "executionId" = ANY($1::uuid[]) AND seq = 1`,
      [[a2.id, a3.id]],
    );
    expect(Object.fromEntries(causes.map((c) => [c.id, c.cause]))).toEqual({
      [a2.id]: `retry of ${a1.id}: attempt 2 of 3 after FAILED, in 1.0 s`,
      [a3.id]: `retry of ${a2.id}: attempt 3 of 3 after FAILED, in 2.0 s`,
    });
  });

  it("stops after maxAttempts: two attempts of a program that always fails, both FAILED, no third", async () => {
    const uri = program(env, "broken", ledger(), { fail: true });
    await defineTask(api, "broken", uri, {
      properties: { retry: { maxAttempts: 2, backoff: { initialSeconds: 2 } } },
    });
    const { id } = await launch(api, "broken");
    // The retry exists from the moment the first attempt is FAILED, waiting out its backoff.
    const first = await waitStatus(api, id, "FAILED");
    expect(first.attempts).toHaveLength(2);
    const waiting = first.attempts[1]!;
    expect(waiting).toMatchObject({
      attempt: 2,
      status: "QUEUED",
      retryOf: { id },
      waitReason: "backoff: attempt 2 of 2 after FAILED, in 2.0 s",
    });
    expect(ms(waiting.notBefore)).toBeGreaterThanOrEqual(ms(first.endedAt) + 2000);

    const last = await waitStatus(api, waiting.id, "FAILED");
    // A retry would have been inserted with this FAILED: there is none.
    expect(last.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "FAILED"],
      [2, "FAILED"],
    ]);
    expect(await env.sql(`SELECT id FROM executions WHERE "retryOfId" = $1`, [waiting.id])).toEqual([]);
    const l = readLedger(ledger());
    expect([entry(l, id).starts.length, entry(l, waiting.id).starts.length]).toEqual([1, 1]);
    expect(ms(last.startedAt)).toBeGreaterThanOrEqual(ms(first.endedAt) + 2000);
  });

  it("never retries a CANCELLED run, nor an EXPIRED one", async () => {
    const retry = { maxAttempts: 3, backoff: { initialSeconds: 0 } };
    const uri = program(env, "held", ledger(), { gate: join(env.dir, "held.never") });
    await defineTask(api, "held", uri, { properties: { retry } });
    const { id } = await launch(api, "held");
    await waitFor("the held run to start", async () => entry(readLedger(ledger()), id).starts.length === 1);
    const cancelled = await api.ok<{ cancelExecution: { status: string } }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { status } }`,
      { id },
    );
    expect(cancelled.cancelExecution.status).toBe("CANCELLED");
    const c = await waitStatus(api, id, "CANCELLED");
    expect(c.attempts.map((a) => a.id)).toEqual([id]);
    expect(await env.sql(`SELECT id FROM executions WHERE "retryOfId" = $1`, [id])).toEqual([]);
    expect(entry(readLedger(ledger()), id).ends).toEqual([]);

    // A run no runner can take, with a time-to-live of 1 s: EXPIRED, not retried.
    const expiring = await launch(api, "held", {
      properties: { runnerLabels: { gpu: "none-here" }, queueTtlSeconds: 1, retry },
    });
    const expired = await waitStatus(api, expiring.id, "EXPIRED", 20_000);
    expect(expired.attempts.map((a) => a.id)).toEqual([expiring.id]);
    expect(await env.sql(`SELECT id FROM executions WHERE "retryOfId" = $1`, [expiring.id])).toEqual([]);
  });

  it("two control planes admitting at once never exceed a task's maxConcurrent, and complete every run", async () => {
    const [api0, api1] = env.api as [GraphQLClient, GraphQLClient];
    await defineTask(api0, "limited", program(env, "limited", ledger(), { sleep: 0.2 }), {
      properties: { maxConcurrent: 3 },
    });
    const launched = await Promise.all(
      Array.from({ length: 30 }, (_, i) => launch(i % 2 === 0 ? api0 : api1, "limited").then((r) => r.id)),
    );
    expect(new Set(launched).size).toBe(30);
    let sampledMax = 0;
    await waitFor(
      "30 runs to complete",
      async () => {
        const [row] = await env.sql<{ active: number; completed: number }>(
          `SELECT count(*) FILTER (WHERE status IN ('DISPATCHED', 'RUNNING'))::int AS active,
                  count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed
           FROM executions WHERE id = ANY($1::uuid[])`,
          [launched],
        );
        sampledMax = Math.max(sampledMax, row!.active);
        return row!.completed === 30;
      },
      60_000,
    );
    expect(sampledMax).toBeLessThanOrEqual(3);
    const l = readLedger(ledger());
    expect(l.malformed).toEqual([]);
    const intervals = launched.map((id): [number, number] => {
      const e = entry(l, id);
      expect(e.starts, id).toHaveLength(1);
      expect(e.ends, id).toHaveLength(1);
      return [e.starts[0]!.at, e.ends[0]!.at];
    });
    expect(maxOverlap(intervals)).toBeLessThanOrEqual(3);
    // ...and they did run side by side: a limit held them, not a queue of one.
    expect(maxOverlap(intervals)).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------------------
// 3-4. A runner killed or stopped mid-run, another one up
// ---------------------------------------------------------------------------

describe("a run whose runner dies or stops is LOST and retried once on another runner", () => {
  let env: TestEnv;
  let api: GraphQLClient;
  const ledger = () => join(env.dir, "ledger");
  const stopped: number[] = [];
  beforeAll(async () => {
    env = await startEnv({ runners: 0, controlPlaneEnv: { BATON_RUNNER_LOST_AFTER_MS: "3000" } });
    api = env.api[0]!;
    await defineTask(api, "quick", program(env, "quick", ledger()));
  });
  afterAll(async () => {
    for (const pid of stopped) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // already gone
      }
    }
    await env?.stop();
  });

  /** Two fresh runners; the gated run started on one of them. */
  const setUp = async (name: string, ids: [string, string]) => {
    const gate = join(env.dir, `${name}.go`);
    await defineTask(api, name, program(env, name, ledger(), { gate }), { properties: { retry: lostRetry } });
    const runners = new Map<string, Child>();
    for (const runnerId of ids) runners.set(runnerId, await startRunnerAs(env, runnerId));
    const { id } = await launch(api, name);
    const running = await waitStatus(api, id, "RUNNING");
    const started = await waitFor(
      "the first attempt's start line",
      async () => entry(readLedger(ledger()), id).starts[0],
    );
    const holder = running.runnerId as string;
    expect(ids).toContain(holder);
    const other = ids.find((r) => r !== holder) as string;
    return { id, gate, pid: started.pid, holder, other, runners };
  };

  /** The retry of the LOST attempt: RUNNING on `other`, then COMPLETED once the gate opens. */
  const retryCompletesOn = async (id: string, gate: string, other: string): Promise<string> => {
    const second = await retryOf(env, id);
    const running = await waitStatus(api, second, "RUNNING");
    expect(running).toMatchObject({ attempt: 2, retryOf: { id }, runnerId: other, assignedRunnerId: other });
    await waitFor("the retry's start line", async () => entry(readLedger(ledger()), second).starts.length === 1);
    writeFileSync(gate, "");
    const done = await waitStatus(api, second, "COMPLETED");
    expect(done.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "LOST"],
      [2, "COMPLETED"],
    ]);
    return second;
  };

  it("kill -9 of the runner mid-run: LOST, then executed exactly once more, on the other runner", async () => {
    const { id, gate, pid, holder, other, runners } = await setUp("killed", ["kill-a", "kill-b"]);
    const victim = runners.get(holder) as Child;
    victim.process.kill("SIGKILL");
    await victim.exited;

    const lost = await waitStatus(api, id, "LOST");
    expect(lost.errorMessage).toMatch(new RegExp(`runner ${holder} stopped sending heartbeats`));
    // The program died with its runner (its watchdog), before anything could retry it.
    expect(isAlive(pid)).toBe(false);
    const second = await retryCompletesOn(id, gate, other);

    const l = readLedger(ledger());
    expect(l.malformed).toEqual([]);
    // Started twice (once per attempt), finished once: the gate opened after the LOST, so a survivor would have ended too.
    expect(entry(l, id)).toEqual({ starts: [expect.objectContaining({ pid })], ends: [] });
    expect(entry(l, second).starts).toHaveLength(1);
    expect(entry(l, second).ends).toHaveLength(1);
    expect(await statusTrail(env, id)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "LOST"]);
    await runners.get(other)?.stop(5000);
  });

  it("SIGSTOP past the LOST delay: the watchdog kills the run, the retry runs once elsewhere, the runner works on after SIGCONT", async () => {
    const { id, gate, pid, holder, other, runners } = await setUp("paused", ["stop-a", "stop-b"]);
    const paused = runners.get(holder) as Child;
    const pausedPid = paused.process.pid as number;
    process.kill(pausedPid, "SIGSTOP");
    stopped.push(pausedPid);
    let resumedAt = 0;
    try {
      const lost = await waitStatus(api, id, "LOST");
      expect(lost.errorMessage).toMatch(new RegExp(`runner ${holder} stopped sending heartbeats`));
      // 0.8 x the LOST delay without a tick: the watchdog killed it before the verdict.
      expect(isAlive(pid)).toBe(false);
      await retryCompletesOn(id, gate, other);
    } finally {
      resumedAt = Date.now();
      process.kill(pausedPid, "SIGCONT");
    }
    const second = await retryOf(env, id);

    // Resumed, the runner reports again and holds nothing: the killed run is not brought back.
    await waitFor(
      "the resumed runner to report holding nothing",
      async () => {
        const rows = await env.sql(
          `SELECT 1 FROM runners
           WHERE id = $1 AND running = 0 AND "lastHeartbeatAt" > ($2::timestamptz AT TIME ZONE 'UTC')`,
          [holder, new Date(resumedAt).toISOString()],
        );
        return rows.length === 1;
      },
      20_000,
    );
    expect((await chain(api, id)).status).toBe("LOST");
    const l = readLedger(ledger());
    expect(l.malformed).toEqual([]);
    // The gate was open while the paused runner resumed: its program would have ended (or started again) by now if alive.
    expect(entry(l, id)).toEqual({ starts: [expect.objectContaining({ pid })], ends: [] });
    expect(entry(l, second).starts).toHaveLength(1);
    expect(entry(l, second).ends).toHaveLength(1);
    expect(isAlive(pid)).toBe(false);

    // The resumed runner keeps working: with the other drained, a new run completes on it.
    await api.ok(`mutation($id: String!) { drainRunner(id: $id) { state } }`, { id: other });
    const { id: next } = await launch(api, "quick");
    const done = await waitStatus(api, next, "COMPLETED");
    expect(done.runnerId).toBe(holder);
    expect(entry(readLedger(ledger()), next).ends).toHaveLength(1);
    await api.ok(`mutation($id: String!) { resumeRunner(id: $id) { state } }`, { id: other });
  });
});

// ---------------------------------------------------------------------------
// 5. A runner restarted under the same id
// ---------------------------------------------------------------------------

describe("a runner killed and started again under the same id", () => {
  let env: TestEnv;
  let api: GraphQLClient;
  const ledger = () => join(env.dir, "ledger");
  let firstPid: number | undefined;
  beforeAll(async () => {
    // Silence alone would take a minute: within the test, only the restart can explain a LOST.
    env = await startEnv({
      runners: 0,
      controlPlaneEnv: { BATON_RUNNER_LOST_AFTER_MS: "60000", BATON_REDISPATCH_AFTER_MS: "1000" },
    });
    api = env.api[0]!;
  });
  afterAll(async () => {
    try {
      if (firstPid) process.kill(firstPid, "SIGCONT");
    } catch {
      // already gone
    }
    await env?.stop();
  });

  it("loses the run it was running (retried) but runs the one it was only given", async () => {
    const gate = join(env.dir, "held.go");
    await defineTask(api, "held", program(env, "held", ledger(), { gate }), { properties: { retry: lostRetry } });
    await defineTask(api, "given", program(env, "given", ledger()), { properties: { retry: lostRetry } });
    const first = await startRunnerAs(env, "same-id");
    firstPid = first.process.pid as number;

    const held = await launch(api, "held");
    await waitStatus(api, held.id, "RUNNING");
    const heldStart = await waitFor(
      "the held run's start line",
      async () => entry(readLedger(ledger()), held.id).starts[0],
    );

    // Stopped, the runner is still fresh (heard from within the LOST delay): admission gives it the next run,
    // which it cannot claim.
    process.kill(firstPid, "SIGSTOP");
    const given = await launch(api, "given");
    await waitFor("the second run to be given to the stopped runner", async () => {
      const [r] = await env.sql<{ status: string; assignedRunnerId: string | null; claimedAt: Date | null }>(
        `SELECT status, "assignedRunnerId", "claimedAt" FROM executions WHERE id = $1`,
        [given.id],
      );
      return r?.status === "DISPATCHED" && r.assignedRunnerId === "same-id" && r.claimedAt === null;
    });

    first.process.kill("SIGKILL");
    await first.exited;
    const restartedAt = Date.now();
    await startRunnerAs(env, "same-id");

    // The run it held: LOST from the new incarnation's heartbeat, long before a minute of silence.
    const lost = await waitStatus(api, held.id, "LOST", 20_000);
    expect(Date.now() - restartedAt).toBeLessThan(30_000);
    expect(lost.errorMessage).toMatch(/runner same-id restarted and no longer holds this run/);
    expect(isAlive(heldStart.pid)).toBe(false);
    const retry = await retryOf(env, held.id);
    await waitStatus(api, retry, "RUNNING");
    writeFileSync(gate, "");
    const retried = await waitStatus(api, retry, "COMPLETED");
    expect(retried).toMatchObject({ attempt: 2, retryOf: { id: held.id }, runnerId: "same-id" });

    // The run it was only given: never lost, sent again, run once, by the new incarnation.
    const ran = await waitStatus(api, given.id, "COMPLETED", 30_000);
    expect(ran).toMatchObject({ attempt: 1, runnerId: "same-id" });
    expect(ran.attempts.map((a) => a.id)).toEqual([given.id]);
    expect(await statusTrail(env, given.id)).not.toContain("LOST");

    const l = readLedger(ledger());
    expect(l.malformed).toEqual([]);
    expect(entry(l, held.id)).toEqual({ starts: [heldStart], ends: [] });
    expect([entry(l, retry).starts.length, entry(l, retry).ends.length]).toEqual([1, 1]);
    expect([entry(l, given.id).starts.length, entry(l, given.id).ends.length]).toEqual([1, 1]);
  });
});
