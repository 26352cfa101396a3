import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { claimReply, decode, encode, type RunEvent, recoverReply, subjects } from "@baton/proto";
import { type Child, freePort, NATS_CONFIG_FILE, type RunningService, startNats, startNodeChild } from "@baton/stack";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, nkeys } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, logLines, untilStatus, waitFor } from "./support/flows.js";
import { graphqlClient } from "./support/graphql.js";

// Issue 13, "Runners and programs": NATS with a user per runner, each allowed
// its own subjects only. A private nats-server runs with the authorization the
// operators' command (services/stack/dist/nats-config.js) writes; a control
// plane and two runners (runner-a with a password file, runner-b with an
// NKEY) log in with their own credentials. The test then acts as runner A,
// with A's credentials, against B's subjects and B's run.

const require = createRequire(import.meta.url);
const distOf = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", file);
const natsConfig = distOf("@baton/stack", "nats-config.js");

/** Resolves with what the child printed once it has exited, or fails after `ms`. */
function exitOf(child: Child, ms = 20_000): Promise<{ code: number | null; output: string }> {
  let output = "";
  child.process.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.process.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name} still running after ${ms} ms:\n${output}`)), ms);
    void child.exited.then((code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("NATS authentication: one identity per runner", () => {
  const id = randomBytes(3).toString("hex");
  const prefix = `na${id}`;
  const s = subjects(prefix);
  const dir = mkdtempSync(join(tmpdir(), `baton-nats-auth-${id}-`));
  const creds = join(dir, "creds");
  const nkeySeedFile = join(dir, "runner-b.nk");
  let nats: RunningService;
  let env: TestEnv;
  let controlPlaneLog = "";
  let runnerAHttp = 0;
  /** Connections the test opens itself. */
  const opened: NatsConnection[] = [];
  const password = (file: string) => readFileSync(join(creds, file), "utf8");

  /** A connection as runner A, with A's credentials and inbox prefix, as the runner process has. */
  const asRunnerA = async () => {
    const nc = await connect({
      servers: nats.url,
      user: "runner-a",
      pass: password("runners/runner-a"),
      inboxPrefix: s.inbox("runner-a"),
    });
    opened.push(nc);
    return nc;
  };
  const asControlPlane = async () => {
    const nc = await connect({ servers: nats.url, user: "control-plane", pass: password("control-plane.password") });
    opened.push(nc);
    return nc;
  };

  beforeAll(async () => {
    // Runner B logs in with an NKEY: the operator passes its public key, the runner gets the seed.
    const pair = nkeys.createUser();
    writeFileSync(nkeySeedFile, new TextDecoder().decode(pair.getSeed()), { mode: 0o600 });
    const made = spawnSync(
      process.execPath,
      [natsConfig, "--prefix", prefix, "--out", creds, "runner-a", `runner-b=${pair.getPublicKey()}`],
      { encoding: "utf8" },
    );
    expect(made.status, made.stderr).toBe(0);
    nats = await startNats({ dataDir: join(dir, "nats"), authorization: password("auth.conf") });
    env = await startEnv({
      natsUrl: nats.url,
      prefix,
      runners: 0,
      controlPlaneEnv: { NATS_USER: "control-plane", NATS_PASSWORD: password("control-plane.password") },
    });
    env.controlPlanes[0]?.process.stderr?.on("data", (d: Buffer) => {
      controlPlaneLog += d.toString();
    });
    runnerAHttp = await freePort();
    await env.startRunner({
      RUNNER_ID: "runner-a",
      NATS_USER: "runner-a",
      NATS_PASSWORD_FILE: join(creds, "runners", "runner-a"),
      RUNNER_LABELS: "who=a",
      RUNNER_HTTP_PORT: String(runnerAHttp),
    });
    await env.startRunner({ RUNNER_ID: "runner-b", NATS_NKEY_SEED_FILE: nkeySeedFile, RUNNER_LABELS: "who=b" });
    await waitFor(
      "both runners to register",
      async () => (await env.sql<{ id: string }>(`SELECT id FROM runners`)).length === 2,
      60_000,
    );
    await defineTask(env.api[0]!, "hello", env.script("hello.sh", '#!/bin/sh\necho "hello from $1"\n'));
    // Waits for a file: the test decides when it ends.
    await defineTask(
      env.api[0]!,
      "gate",
      env.script("gate.sh", '#!/bin/sh\necho started\nwhile [ ! -f "$1" ]; do sleep 0.05; done\necho done\n'),
    );
  }, 120_000);

  afterAll(async () => {
    for (const nc of opened) await nc.close().catch(() => undefined);
    await env?.stop();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a runner with its own NATS user (no JetStream API) is ready: /readyz goes by its publishes", async () => {
    // Its user may not ask JetStream about the stream; readiness must not wait for an answer that never comes.
    const ready = await waitFor(
      "runner-a's /readyz to answer 200",
      async () => {
        const r = await fetch(`http://127.0.0.1:${runnerAHttp}/readyz`).catch(() => undefined);
        return r?.status === 200 && ((await r.json()) as { stream: boolean | null; nats: boolean; started: boolean });
      },
      30_000,
    );
    expect(ready).toMatchObject({ nats: true, started: true });
    expect([null, true]).toContain(ready.stream);
    // After it published a run's events, JetStream's acknowledgements say the stream is there.
    const run = await launch(env.api[0]!, "hello", { arguments: ["a"], properties: { runnerLabels: { who: "a" } } });
    await untilStatus(env.api[0]!, run.id, ["COMPLETED"]);
    await waitFor(
      "runner-a's /readyz to know the stream",
      async () =>
        ((await (await fetch(`http://127.0.0.1:${runnerAHttp}/readyz`)).json()) as { stream: boolean | null })
          .stream === true,
      10_000,
    );
  });

  it("runs complete (and a cancel works) under authentication, on a runner with a password file and on one with an NKEY", async () => {
    for (const who of ["a", "b"]) {
      const run = await launch(env.api[0]!, "hello", {
        arguments: [who],
        properties: { runnerLabels: { who } },
      });
      const done = await untilStatus(env.api[0]!, run.id, ["COMPLETED", "FAILED", "LOST"]);
      expect(done).toMatchObject({ status: "COMPLETED", exitCode: 0, runnerId: `runner-${who}` });
      expect(logLines(await allEvents(env.api[0]!, run.id), "stdout")).toEqual([`hello from ${who}`]);
    }
    // A cancel reaches the runner on its own subject, and its answer gets back.
    const gated = await launch(env.api[0]!, "gate", {
      arguments: [join(env.dir, "never")],
      properties: { runnerLabels: { who: "a" } },
    });
    await untilStatus(env.api[0]!, gated.id, ["RUNNING"]);
    const cancelled = await env.api[0]!.ok<{ cancelExecution: { status: string } }>(
      "mutation($id: ID!) { cancelExecution(id: $id) { status } }",
      { id: gated.id },
    );
    expect(cancelled.cancelExecution.status).toBe("CANCELLED");
  });

  it("the server refuses anonymous connections", async () => {
    await expect(connect({ servers: nats.url })).rejects.toThrow(/Authorization Violation/i);
  });

  it("a runner with a wrong password cannot connect, says why naming NATS_USER, and exits at once", async () => {
    const runner = startNodeChild("runner-wrong-password", distOf("@baton/runner-host", "main.js"), {
      ...process.env,
      NATS_URL: nats.url,
      BATON_NATS_PREFIX: prefix,
      RUNNER_ID: "runner-a",
      NATS_USER: "runner-a",
      NATS_PASSWORD: "not-the-password",
    });
    const ended = await exitOf(runner);
    expect(ended.code).toBe(1);
    expect(ended.output).toContain(
      `NATS at ${nats.url} refused the login of NATS_USER "runner-a": check NATS_USER and NATS_PASSWORD`,
    );

    const anonymous = startNodeChild("runner-no-credentials", distOf("@baton/runner-host", "main.js"), {
      ...process.env,
      NATS_URL: nats.url,
      BATON_NATS_PREFIX: prefix,
      RUNNER_ID: "runner-c",
    });
    const refused = await exitOf(anonymous);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      `NATS at ${nats.url} requires credentials and none were given: set NATS_USER and NATS_PASSWORD`,
    );
  });

  it("a control plane with a wrong password exits at once, naming NATS_USER", async () => {
    const cp = startNodeChild("cp-wrong-password", distOf("@baton/control-plane", "main.js"), {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      NATS_URL: nats.url,
      BATON_NATS_PREFIX: prefix,
      BATON_MIGRATE: "false",
      PORT: "0",
      NATS_USER: "control-plane",
      NATS_PASSWORD: "not-the-password",
    });
    const ended = await exitOf(cp);
    expect(ended.code).toBe(1);
    expect(ended.output).toContain(`refused the login of NATS_USER "control-plane"`);
  });

  it("NATS refuses runner A publishing on runner B's subjects: claim, events, heartbeat, recover", async () => {
    const a = await asRunnerA();
    const violation = (subject: string) => new RegExp(`Permissions Violation for Publish to "${subject}"`, "i");
    const request = (subject: string, body: object) => a.request(subject, encode(body), { timeout: 5000 });
    const claim = { v: 1, executionId: "e1", runnerId: "runner-b" };
    await expect(request(s.claim("runner-b"), claim)).rejects.toThrow(violation(s.claim("runner-b")));
    await expect(
      request(s.recover("runner-b"), { v: 1, runnerId: "runner-b", startedAt: new Date().toISOString() }),
    ).rejects.toThrow(violation(s.recover("runner-b")));
    await expect(request(s.heartbeat("runner-b"), { v: 1 })).rejects.toThrow(violation(s.heartbeat("runner-b")));
    const event = { v: 1, executionId: "e1", runnerId: "runner-b", rseq: 1, at: new Date().toISOString(), type: "log" };
    await expect(jetstream(a).publish(s.events("runner-b", "e1"), encode(event))).rejects.toThrow(
      violation(s.events("runner-b", "e1")),
    );
    // Nor may it send runs or cancels to B, nor touch JetStream's API (read or delete the stream).
    await expect(request(s.runOn("runner-b"), {})).rejects.toThrow(violation(s.runOn("runner-b")));
    await expect(request(s.cancel("runner-b"), {})).rejects.toThrow(violation(s.cancel("runner-b")));
    await expect(jetstreamManager(a)).rejects.toThrow(/Permissions Violation for Publish to "\$JS\.API\.INFO"/i);
    // Its own subjects are open to it: the control plane answers its recover request.
    const mine = await request(s.recover("runner-a"), {
      v: 1,
      runnerId: "runner-a",
      startedAt: new Date().toISOString(),
    });
    expect(decode(recoverReply, mine.data)).toMatchObject({ ok: true });
  });

  it("NATS refuses runner A subscribing to runner B's runs, cancels or inbox, or to anyone's events", async () => {
    const a = await asRunnerA();
    for (const subject of [
      s.runOn("runner-b"),
      s.cancel("runner-b"),
      `${s.inbox("runner-b")}.>`,
      s.eventsAll,
      "_INBOX.>",
      s.liveAll,
    ]) {
      const sub = a.subscribe(subject);
      // The server's permissions violation closes the subscription (a subscription left open times the test out).
      const closed = await sub.closed;
      expect(closed, subject).toMatchObject({ name: "PermissionViolationError", operation: "subscription", subject });
    }
    // Its own cancel subject it may read: a cancel the control plane sends there arrives.
    const own = a.subscribe(s.cancel("runner-a"), { max: 1 });
    await a.flush();
    const cp = await asControlPlane();
    cp.publish(s.cancel("runner-a"), encode({ v: 1, executionId: "nothing-here", graceMs: 0 }));
    for await (const msg of own) expect(msg.subject).toBe(s.cancel("runner-a"));
    expect(own.getReceived()).toBe(1);
  });

  it("runner A claiming or reporting on runner B's run, on its own subjects, is refused by the control plane; B's run goes on untouched", async () => {
    const gate = join(env.dir, "gate-open");
    const run = await launch(env.api[0]!, "gate", { arguments: [gate], properties: { runnerLabels: { who: "b" } } });
    await untilStatus(env.api[0]!, run.id, ["RUNNING"]);
    const a = await asRunnerA();
    const ask = async (subject: string, body: object) =>
      (await a.request(subject, encode(body), { timeout: 10_000 })).data;

    // A claim for B's run, on A's own subject.
    expect(
      decode(claimReply, await ask(s.claim("runner-a"), { v: 1, executionId: run.id, runnerId: "runner-a" })),
    ).toEqual({
      ok: false,
      retry: false,
      reason: "claimed by runner-b",
    });
    // The same claim pretending to be B, on A's subject: the subject says who is asking.
    expect(
      decode(claimReply, await ask(s.claim("runner-a"), { v: 1, executionId: run.id, runnerId: "runner-b" })),
    ).toEqual({
      ok: false,
      retry: false,
      reason: `a claim for runner runner-b must come on ${prefix}.ctl.claim.runner-b`,
    });
    // "Which runs did runner B hold?" asked by A.
    const held = decode(
      recoverReply,
      await ask(s.recover("runner-a"), { v: 1, runnerId: "runner-b", startedAt: new Date().toISOString() }),
    );
    expect(held).toMatchObject({
      ok: false,
      runs: [],
      reason: expect.stringMatching(/must ask on .*ctl\.recover\.runner-b/),
    });

    // Events for B's run on A's events subject, numbered as B's next one would be: one as
    // itself, then one claiming to be B. The control plane takes each off the stream (refused,
    // never delivered again) and says so in its log (the first of them; then every 100th).
    const [row] = await env.sql<{ runnerSeq: number }>(`SELECT "runnerSeq" FROM executions WHERE id = $1`, [run.id]);
    const next = (row?.runnerSeq ?? 0) + 1;
    const forged = (runnerId: string): RunEvent => ({
      v: 1,
      executionId: run.id,
      runnerId,
      rseq: next,
      at: new Date().toISOString(),
      type: "exited",
      reason: "exit",
      exitCode: 99,
      signal: null,
    });
    const js = jetstream(a);
    const jsm = await jetstreamManager(await asControlPlane());
    const refused = async (event: RunEvent) => {
      const ack = await js.publish(s.events("runner-a", run.id), encode(event));
      await waitFor(`the forged event of ${event.runnerId} to be refused`, async () => {
        return (await jsm.streams.getMessage(s.eventStream, { seq: ack.seq }).catch(() => null)) === null;
      });
    };
    await refused(forged("runner-a"));
    await waitFor("the control plane to log the refusal", async () =>
      controlPlaneLog.includes(
        `runner events refused: dropped 1 message(s) so far; latest on ${s.events("runner-a", run.id)}: runner runner-a was not given execution ${run.id}`,
      ),
    );
    await refused(forged("runner-b"));
    // A heartbeat naming B, on A's subject: not recorded for B, not answered, logged.
    const beat = {
      v: 1,
      runnerId: "runner-b",
      platform: "local",
      pool: "default",
      capacity: 100,
      running: [],
      hostname: "forged",
      pid: 1,
      startedAt: new Date().toISOString(),
      at: new Date().toISOString(),
    };
    await expect(a.request(s.heartbeat("runner-a"), encode(beat), { timeout: 2000 })).rejects.toThrow(/timeout/i);
    await waitFor("the dropped heartbeat to be logged", async () =>
      controlPlaneLog.includes(
        `heartbeats dropped: dropped 1 message(s) so far; latest on ${s.heartbeat("runner-a")}: the heartbeat names runner runner-b`,
      ),
    );
    const [b] = await env.sql<{ hostname: string; capacity: number }>(
      `SELECT hostname, capacity FROM runners WHERE id = 'runner-b'`,
    );
    expect(b?.hostname).not.toBe("forged");

    // B's run is unaffected: still running, then it ends as B reports it.
    expect((await getExecution(env.api[0]!, run.id)).status).toBe("RUNNING");
    writeFileSync(gate, "");
    const done = await untilStatus(env.api[0]!, run.id, ["COMPLETED", "FAILED", "LOST"]);
    expect(done).toMatchObject({ status: "COMPLETED", exitCode: 0, runnerId: "runner-b" });
    expect(logLines(await allEvents(env.api[0]!, run.id), "stdout")).toEqual(["started", "done"]);
    const notes = await env.sql<{ text: string }>(
      `SELECT payload::text AS text FROM execution_event_log WHERE "executionId" = $1 AND payload::text LIKE '%99%'`,
      [run.id],
    );
    expect(notes).toEqual([]);
  });
});

describe("npm start: the private NATS has a user per process", () => {
  const home = mkdtempSync(join(tmpdir(), "baton-stack-auth-"));
  let stack: ChildProcess | undefined;
  let output = "";

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      const exited = new Promise((resolve) => stack?.once("exit", resolve));
      stack.kill("SIGTERM");
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it("runs NATS with authentication on: the control plane and the runner log in as themselves", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BATON_HOME: home };
    for (const key of ["DATABASE_URL", "NATS_URL", "PORT", "WEB_PORT", "BATON_CORS_ORIGIN", "BATON_NATS_PREFIX"])
      delete env[key];
    const child = spawn(process.execPath, [distOf("@baton/stack", "main.js")], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    stack = child;
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    await waitFor(
      "the stack to be ready",
      async () => {
        if (child.exitCode !== null) throw new Error(`the stack exited:\n${output}`);
        return /Baton is running/.test(output);
      },
      110_000,
    );
    const runnerId =
      /NATS auth: +on: a user for the control plane and one for runner (\S+), limited to its own subjects/.exec(
        output,
      )?.[1];
    expect(runnerId, output).toBeDefined();
    const config = join(home, ".baton", "nats", NATS_CONFIG_FILE);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const text = readFileSync(config, "utf8");
    expect(text).toContain('{ user: "control-plane", password: "');
    expect(text).toContain(`{ user: "${runnerId}", password: "`);
    expect(text).toContain(`publish: { allow: ["baton.evt.${runnerId}.>"`);
    const natsUrl = /NATS: +private, (\S+)/.exec(output)?.[1] as string;
    await expect(connect({ servers: natsUrl })).rejects.toThrow(/Authorization Violation/i);
    // The runner logged in as itself: it registered (its heartbeats reached the control plane).
    const graphql = /GraphQL \(HTTP and graphql-ws\): (\S+)/.exec(output)?.[1] as string;
    const api = graphqlClient(graphql);
    try {
      const online = await waitFor("the runner to register", async () => {
        const { runners } = await api.ok<{ runners: { id: string }[] }>("{ runners { id } }");
        return runners.length > 0 ? runners : undefined;
      });
      expect(online).toEqual([{ id: runnerId }]);
    } finally {
      await api.close();
    }
  }, 150_000);
});
