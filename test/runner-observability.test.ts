import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode, subjects } from "@baton/proto";
import { type Child, type RunningService, startNats } from "@baton/stack";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus, waitFor } from "./support/flows.js";

// Issue 14: the runner's HTTP listener (/metrics, /healthz, /readyz) and its
// JSON log lines, against real processes: a control plane, a local runner with
// RUNNER_HTTP_PORT=0, and a runner on a NATS of the test's own that is killed.

/** The port from the runner's "http listening on HOST:PORT" line (a JSON line on stderr). */
function listeningPort(child: Child): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /http listening on [^:\s]+:(\d+)/.exec(seen);
      if (m) {
        child.process.stderr?.off("data", onData);
        resolve(Number(m[1]));
      }
    };
    child.process.stderr?.on("data", onData);
    void child.exited.then((code) => reject(new Error(`${child.name} exited (${code}) before listening:\n${seen}`)));
  });
}

/** Every stderr line of the child from now on, parsed where it is JSON. */
function jsonLines(child: Child): () => Record<string, unknown>[] {
  let text = "";
  child.process.stderr?.on("data", (d: Buffer) => (text += d.toString()));
  return () =>
    text
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** One sample's value from Prometheus text, by its name and labels as printed. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

// Waits for a file the test writes, so the test decides when the run ends.
const WAIT_FOR_FILE = `import { existsSync } from "node:fs";
console.log("waiting for " + process.argv[2]);
const t = setInterval(() => { if (existsSync(process.argv[2])) { clearInterval(t); console.log("released"); } }, 50);
`;

describe("the runner's HTTP listener and logs", () => {
  const token = randomBytes(12).toString("hex");
  let env: TestEnv;
  let base: string;
  let lines: () => Record<string, unknown>[];
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const metrics = async () => {
    const res = await fetch(`${base}/metrics`, auth);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    env = await startEnv({ runners: 0 });
    const runner = await env.startRunner({
      RUNNER_HTTP_PORT: "0",
      RUNNER_METRICS_TOKEN: token,
      RUNNER_CAPACITY: "3",
      RUNNER_CPU: "2",
      RUNNER_MEMORY: "1Gi",
      RUNNER_TRACE: "true", // a "trace claim" line per run: a line about a run, to check its fields
    });
    lines = jsonLines(runner);
    base = `http://127.0.0.1:${await listeningPort(runner)}`;
    await defineTask(env.api[0]!, "held-open", env.script("held-open.mjs", WAIT_FOR_FILE), {
      properties: { cpu: "500m", memory: "64Mi" },
    });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("answers /healthz and, once it has started, /readyz; 404 for anything else", async () => {
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    const ready = await waitFor("/readyz to answer 200", async () => {
      const res = await fetch(`${base}/readyz`);
      return res.status === 200 ? res.json() : undefined;
    });
    expect(ready).toEqual({ ok: true, started: true, nats: true, stream: true });
    expect((await fetch(`${base}/`)).status).toBe(404);
  });

  it("wants the bearer token on /metrics: 401 without or with a wrong one, 200 with it", async () => {
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("Authorization: Bearer");
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const text = await metrics();
    expect(text).toContain('baton_build_info{version="0.1.0",component="runner"} 1');
    expect(text).toContain("process_resident_memory_bytes");
    expect(sample(text, "baton_runner_nats_connected")).toBe(1);
  });

  it("counts a run: slots, CPU and memory used while it runs, started and ended by driver and outcome", async () => {
    const release = join(env.dir, "release-1");
    const before = await metrics();
    expect(sample(before, 'baton_runner_slots{state="free"}')).toBe(3);
    const run = await launch(env.api[0]!, "held-open", { arguments: [release] });
    await untilStatus(env.api[0]!, run.id, ["RUNNING"]);
    const during = await waitFor("the run to hold a slot", async () => {
      const text = await metrics();
      return sample(text, 'baton_runner_slots{state="used"}') === 1 ? text : undefined;
    });
    expect(sample(during, 'baton_runner_slots{state="free"}')).toBe(2);
    expect(sample(during, 'baton_runner_cpu_millis{state="used"}')).toBe(500);
    expect(sample(during, 'baton_runner_cpu_millis{state="free"}')).toBe(1500);
    expect(sample(during, 'baton_runner_memory_bytes{state="used"}')).toBe(64 * 1024 ** 2);
    expect(sample(during, 'baton_runner_memory_bytes{state="free"}')).toBe(1024 ** 3 - 64 * 1024 ** 2);
    expect(sample(during, 'baton_runner_runs_started_total{driver="local"}')).toBe(1);

    writeFileSync(release, "");
    await untilStatus(env.api[0]!, run.id, ["COMPLETED"]);
    const after = await waitFor("the slot to be free again", async () => {
      const text = await metrics();
      return sample(text, 'baton_runner_slots{state="used"}') === 0 ? text : undefined;
    });
    expect(sample(after, 'baton_runner_slots{state="free"}')).toBe(3);
    expect(sample(after, 'baton_runner_runs_ended_total{driver="local",outcome="completed"}')).toBe(1);
    // started, two log batches at least, exited: every one acknowledged by JetStream
    expect(sample(after, "baton_runner_events_published_total")).toBeGreaterThanOrEqual(3);

    // JSON log lines; one about a run carries its execution id and task as fields.
    expect(lines().find((l) => String(l.msg).startsWith("trace claim"))).toMatchObject({
      level: 30,
      runnerId: expect.any(String),
      executionId: run.id,
      task: "held-open",
      msg: expect.stringMatching(/^trace claim \d+(\.\d+)? ms$/),
    });
  });
});

describe("the runner's /readyz follows its NATS", () => {
  const dir = mkdtempSync(join(tmpdir(), "baton-runner-ready-"));
  const prefix = `ro${randomBytes(3).toString("hex")}`;
  const runnerId = "ready-runner";
  let nats: RunningService;
  let answer: NatsConnection;
  let env: TestEnv;
  let base: string;

  /** The control plane's part at a runner's start: "you held nothing". */
  const answerRecover = async (url: string) => {
    const nc = await connect({ servers: url });
    nc.subscribe(subjects(prefix).recover(runnerId), {
      callback: (_err, msg) => void msg.respond(encode({ v: 1, ok: true, runs: [] })),
    });
    await nc.flush();
    return nc;
  };
  const readyz = async () => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    nats = await startNats({ dataDir: join(dir, "nats") });
    answer = await answerRecover(nats.url);
    // No control plane: the env only starts processes; this runner talks to the NATS above.
    env = await startEnv({ controlPlanes: 0, runners: 0, prefix });
    const runner = await env.startRunner({ NATS_URL: nats.url, RUNNER_ID: runnerId, RUNNER_HTTP_PORT: "0" });
    base = `http://127.0.0.1:${await listeningPort(runner)}`;
  });
  afterAll(async () => {
    await answer?.close().catch(() => undefined);
    await env?.stop();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is 200 while connected with the stream, 503 naming NATS once it is gone, 200 again when it is back", async () => {
    await waitFor("/readyz 200", async () => (await readyz()).status === 200);
    const port = Number(new URL(nats.url).port);
    await answer.close();
    process.kill(nats.pid ?? 0, "SIGKILL");
    await nats.ended;
    const down = await waitFor("/readyz 503", async () => {
      const r = await readyz();
      return r.status === 503 ? r.body : undefined;
    });
    expect(down).toMatchObject({ ok: false, nats: false, reason: expect.stringMatching(/not connected to NATS/) });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // Back on the same port with the same store: the runner reconnects and its stream is there.
    nats = await startNats({ dataDir: join(dir, "nats"), port });
    expect(Number(new URL(nats.url).port), "NATS came back on its old port").toBe(port);
    await waitFor("/readyz 200 again", async () => (await readyz()).status === 200, 30_000);
  });
});
