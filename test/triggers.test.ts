import { createHmac, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { subjects, triggerConsumerConfig } from "@baton/proto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ControlPlaneService, startCluster } from "./support/cluster.js";
import { dagClient } from "./support/dags.js";
import { tableCounts } from "./support/db-counts.js";
import { defineTask, waitFor } from "./support/flows.js";
import { type GraphQLClient, graphqlClient } from "./support/graphql.js";

/**
 * Event triggers end to end: NATS messages and signed webhooks start runs
 * once each (deduplicated by key, never doubled by a redelivery or a killed
 * control plane), bad messages are recorded as rejected without blocking the
 * stream, and a run knows which trigger and message started it. A cluster of
 * its own, so control planes can be stopped, killed and started again.
 */
let cluster: Cluster;
let apis: GraphQLClient[];
let nc: NatsConnection;
/** Subjects unique to this run and outside Baton's prefix. */
let subjectBase: string;

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"];

// Prints its arguments and what the trigger told it.
const ECHO = `#!/bin/sh
echo "args=$*"
echo "trigger=$BATON_TRIGGER message=$BATON_TRIGGER_MESSAGE"
`;

beforeAll(async () => {
  cluster = await startCluster({ controlPlanes: 2, runners: 1, runnerEnv: { RUNNER_CAPACITY: "32" } });
  apis = cluster.controlPlanes.map((cp) => graphqlClient(cp.url));
  const echo = join(cluster.dir, "echo.sh");
  writeFileSync(echo, ECHO, { mode: 0o755 });
  await defineTask(apis[0]!, "echo", `file://${echo}`);
  nc = await connect({ servers: cluster.natsUrl });
  subjectBase = `orders-${cluster.prefix}-${randomBytes(3).toString("hex")}`;
}, 180_000);

// A test that fails with a control plane down must not take the next ones with it.
afterEach(async () => {
  for (const cp of cluster?.controlPlanes ?? []) if (!cp.up) await cp.start();
});

afterAll(async () => {
  await nc?.close();
  for (const a of apis ?? []) await a.close();
  await cluster?.stop();
});

const api = (): GraphQLClient => {
  const i = cluster.controlPlanes.findIndex((cp) => cp.up);
  if (i < 0) throw new Error("no control plane is up");
  return apis[i] as GraphQLClient;
};
const baseUrl = (): string => api().url.replace(/\/graphql$/, "");

interface EventRow {
  id: string;
  source: string;
  messageId: string;
  outcome: string;
  reason: string | null;
  dedupKey: string | null;
  executionId: string | null;
  dagRunId: string | null;
  matchedEventId: string | null;
  payload: unknown;
}

interface OriginShape {
  kind: string;
  name: string | null;
  trigger: string | null;
  messageId: string | null;
}

interface RunShape {
  id: string;
  status: string;
  arguments: string[];
  origin: OriginShape;
  logs: { text: string }[];
}

const RUN_FIELDS = "id status arguments origin { kind name trigger messageId } logs { text }";

const createTrigger = async (input: Record<string, unknown>): Promise<{ name: string; secret: string }> =>
  (
    await api().ok<{ createTrigger: { name: string; secret: string } }>(
      `mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { name secret } }`,
      { i: input },
    )
  ).createTrigger;

/** The trigger's events, oldest message first (NATS: by stream sequence). */
async function events(trigger: string): Promise<EventRow[]> {
  const rows = await cluster.sql<EventRow>(
    `SELECT ev.id, ev.source, ev."messageId", ev.outcome, ev.reason, ev."dedupKey", ev."executionId",
            ev."dagRunId", ev."matchedEventId", ev.payload
       FROM trigger_events ev JOIN triggers t ON t.id = ev."triggerId" WHERE t.name = $1 ORDER BY ev."receivedAt"`,
    [trigger],
  );
  return rows.sort((a, b) => seqOf(a) - seqOf(b));
}

const seqOf = (e: EventRow): number => (e.messageId.startsWith("stream:") ? Number(e.messageId.slice(7)) : 0);

const eventsAtLeast = (trigger: string, n: number, timeoutMs = 30_000): Promise<EventRow[]> =>
  waitFor(
    `${n} events of trigger ${trigger}`,
    async () => {
      const rows = await events(trigger);
      return rows.length >= n ? rows : undefined;
    },
    timeoutMs,
  );

/** Executions started by the trigger, counted from the executions table itself. */
const triggeredRuns = (trigger: string) =>
  cluster.sql<{ id: string; messageId: string; arguments: string[] }>(
    `SELECT id, origin->>'messageId' AS "messageId", arguments FROM executions
      WHERE "originKind" = 'TRIGGER' AND "originName" = $1`,
    [trigger],
  );

/** Plain core NATS publishes (the trigger stream captures them), flushed so the server has them all. */
async function publish(subject: string, bodies: (string | Record<string, unknown>)[]): Promise<void> {
  for (const b of bodies) nc.publish(subject, typeof b === "string" ? b : JSON.stringify(b));
  await nc.flush();
}

const execution = async (id: string): Promise<RunShape> => {
  const data = await api().ok<{ execution: RunShape | null }>(
    `query($id: ID!) { execution(id: $id) { ${RUN_FIELDS} } }`,
    {
      id,
    },
  );
  if (!data.execution) throw new Error(`no execution ${id}`);
  return data.execution;
};

const finished = (id: string): Promise<RunShape> =>
  waitFor(`execution ${id} to end`, async () => {
    const run = await execution(id);
    return TERMINAL.includes(run.status) ? run : undefined;
  });

/** Nothing is left running, so table counts can only change by what the test does next. */
const settled = () =>
  waitFor(
    "every run to end",
    async () => {
      const [row] = await cluster.sql<{ n: string }>(
        `SELECT (SELECT count(*) FROM executions WHERE status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'LOST'))
              + (SELECT count(*) FROM dag_runs WHERE status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'LOST'))
              AS n`,
      );
      return Number(row?.n) === 0;
    },
    30_000,
  );

const sign = (secret: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

interface HookAnswer {
  outcome?: string;
  executionId?: string | null;
  dagRunId?: string | null;
  messageId?: string;
  replayed?: boolean;
  reason?: string | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  [k: string]: unknown;
}

async function postHook(
  name: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: HookAnswer }> {
  const res = await fetch(`${baseUrl()}/hooks/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as HookAnswer };
}

describe("event triggers", () => {
  it("100 messages with 10 request ids start exactly 10 runs; the other 90 point at the run of their key", async () => {
    const name = "export-orders";
    const subject = `${subjectBase}.export`;
    await createTrigger({
      name,
      task: "echo",
      subject,
      arguments: ["--req={{ .requestId }}"],
      dedupKey: "{{ .requestId }}",
      dedupWindowSeconds: 3600,
    });
    await publish(
      subject,
      Array.from({ length: 100 }, (_, i) => ({ requestId: `req-${i % 10}`, n: i })),
    );
    const rows = await eventsAtLeast(name, 100);
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((e) => e.messageId)).size).toBe(100);
    expect(rows.every((e) => e.source === "NATS" && /^stream:\d+$/.test(e.messageId))).toBe(true);

    const started = rows.filter((e) => e.outcome === "STARTED");
    const duplicates = rows.filter((e) => e.outcome === "DEDUPLICATED");
    expect(started).toHaveLength(10);
    expect(duplicates).toHaveLength(90);
    expect(new Set(started.map((e) => e.dedupKey))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `req-${i}`)));
    const byId = new Map(started.map((e) => [e.id, e]));
    for (const d of duplicates) {
      const first = byId.get(d.matchedEventId ?? "");
      expect(first, `event ${d.messageId} matches a STARTED event`).toBeDefined();
      expect(first?.dedupKey).toBe(d.dedupKey);
      expect(d.executionId).toBe(first?.executionId);
      expect((d.payload as { requestId: string }).requestId).toBe(d.dedupKey);
    }

    const runs = await triggeredRuns(name);
    expect(runs).toHaveLength(10);
    expect(new Set(runs.map((r) => r.id))).toEqual(new Set(started.map((e) => e.executionId)));
    for (const e of started) {
      const run = await execution(e.executionId as string);
      expect((e.payload as { requestId: string }).requestId).toBe(e.dedupKey);
      expect(run.arguments).toEqual([`--req=${e.dedupKey}`]);
      expect(run.origin).toEqual({ kind: "TRIGGER", name, trigger: name, messageId: e.messageId });
    }
  });

  it("messages published while no control plane runs start their runs, once each, when one starts", async () => {
    const name = "offline-orders";
    const subject = `${subjectBase}.offline`;
    await createTrigger({
      name,
      task: "echo",
      subject,
      arguments: ["--req={{ .requestId }}"],
      dedupKey: "{{ .requestId }}",
    });
    const [cp1, cp2] = cluster.controlPlanes as [ControlPlaneService, ControlPlaneService];
    await cp1.stop();
    await cp2.kill9();
    // A message of an earlier test may still wait for its ack (its event is recorded; redelivered, it changes nothing).
    const jsm = await jetstreamManager(nc);
    const pending = async () => {
      const info = await jsm.consumers.info(
        subjects(cluster.prefix).triggerStream,
        triggerConsumerConfig().durable_name,
      );
      return info.num_pending + info.num_ack_pending;
    };
    const before = await pending();
    await publish(
      subject,
      Array.from({ length: 5 }, (_, i) => ({ requestId: `off-${i}` })),
    );
    // They wait in the trigger stream, unacknowledged; nothing has recorded them.
    expect((await pending()) - before).toBe(5);
    expect(await events(name)).toHaveLength(0);

    await cp1.start();
    // The second one comes back meanwhile: it must not process them again.
    const second = cp2.start();
    const rows = await eventsAtLeast(name, 5, 45_000);
    expect(rows).toHaveLength(5);
    expect(rows.map((e) => e.outcome)).toEqual(Array(5).fill("STARTED"));
    expect(rows.map((e) => e.dedupKey)).toEqual(["off-0", "off-1", "off-2", "off-3", "off-4"]);
    for (const e of rows) {
      const run = await finished(e.executionId as string);
      expect(run.status).toBe("COMPLETED");
      expect(run.arguments).toEqual([`--req=${e.dedupKey}`]);
    }
    await second;
    const runs = await triggeredRuns(name);
    expect(runs).toHaveLength(5);
    expect(new Set(runs.map((r) => r.messageId))).toEqual(new Set(rows.map((e) => e.messageId)));
    expect(await events(name)).toHaveLength(5);
  }, 90_000);

  it("records a malformed message as REJECTED with its reason, and a good one after it still starts a run", async () => {
    const name = "strict-orders";
    const subject = `${subjectBase}.strict`;
    await createTrigger({ name, task: "echo", subject, arguments: ["--req={{ .requestId }}"] });
    await publish(subject, ["this is not JSON {", { other: 1 }]);
    const rejected = await eventsAtLeast(name, 2);
    expect(rejected).toHaveLength(2);
    const [notJson, missing] = rejected as [EventRow, EventRow];
    expect(notJson.outcome).toBe("REJECTED");
    expect(notJson.reason).toMatch(/not JSON/);
    expect(notJson.executionId).toBeNull();
    expect(notJson.payload).toEqual({ raw: "this is not JSON {" });
    expect(missing.outcome).toBe("REJECTED");
    expect(missing.reason).toMatch(/arguments\[0\].*\.requestId is missing/);
    expect(missing.executionId).toBeNull();
    expect(await triggeredRuns(name)).toHaveLength(0);

    await publish(subject, [{ requestId: "after-the-bad-ones" }]);
    const rows = await eventsAtLeast(name, 3);
    expect(rows).toHaveLength(3);
    const good = rows[2] as EventRow;
    expect(good.outcome).toBe("STARTED");
    const run = await finished(good.executionId as string);
    expect(run.status).toBe("COMPLETED");
    expect(run.arguments).toEqual(["--req=after-the-bad-ones"]);
    expect(await triggeredRuns(name)).toHaveLength(1);
  });

  it("a control plane killed with -9 while messages flow doubles nothing: one event per message, one run per STARTED event", async () => {
    const name = "flowing-orders";
    const subject = `${subjectBase}.flowing`;
    const total = 80;
    await createTrigger({ name, task: "echo", subject, arguments: ["--n={{ .n }}"] });
    const victim = cluster.controlPlanes[0]!;
    const publishRange = async (from: number, to: number) => {
      for (let i = from; i < to; i++) nc.publish(subject, JSON.stringify({ n: i }));
      await nc.flush();
    };
    await publishRange(0, 24);
    // Kill one control plane once the flow is being processed, then publish the rest while it is down.
    await eventsAtLeast(name, 12);
    await victim.kill9();
    await publishRange(24, total);
    await victim.start();
    // Messages the killed instance held unacknowledged come back after the consumer's ack wait (10 s).
    const rows = await eventsAtLeast(name, total, 60_000);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((e) => e.messageId)).size).toBe(total);
    expect(rows.every((e) => e.outcome === "STARTED" && e.executionId)).toBe(true);
    expect(rows.map((e) => (e.payload as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i),
    );

    const runs = await triggeredRuns(name);
    expect(runs).toHaveLength(total);
    const perMessage = new Map<string, number>();
    for (const r of runs) perMessage.set(r.messageId, (perMessage.get(r.messageId) ?? 0) + 1);
    expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
    const runIds = new Set(runs.map((r) => r.id));
    expect(rows.every((e) => runIds.has(e.executionId as string))).toBe(true);
    for (const r of runs) {
      const e = rows.find((x) => x.executionId === r.id) as EventRow;
      expect(r.messageId).toBe(e.messageId);
      expect(r.arguments).toEqual([`--n=${(e.payload as { n: number }).n}`]);
    }
  }, 90_000);

  it("webhook: signed calls start a run, a repeated delivery id replays, bad signatures and unknown triggers write nothing", async () => {
    const name = "hook-orders";
    const { secret } = await createTrigger({ name, task: "echo", arguments: ["--req={{ .requestId }}"] });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // The secret is shown only in createTrigger's answer.
    const listed = await api().ok<{ trigger: { secret: string | null; webhookPath: string } }>(
      `query($n: String!) { trigger(name: $n) { secret webhookPath } }`,
      { n: name },
    );
    expect(listed.trigger).toEqual({ secret: null, webhookPath: `/hooks/${name}` });

    const body = JSON.stringify({ requestId: "web-1" });
    const delivery = `delivery-${randomBytes(4).toString("hex")}`;
    const first = await postHook(name, body, {
      "x-baton-signature-256": sign(secret, body),
      "x-baton-delivery": delivery,
    });
    expect(first.status).toBe(200);
    expect(first.json.outcome).toBe("STARTED");
    expect(first.json.replayed).toBe(false);
    expect(first.json.messageId).toBe(delivery);
    const runId = first.json.executionId as string;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const run = await finished(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.arguments).toEqual(["--req=web-1"]);
    expect(run.origin).toEqual({ kind: "TRIGGER", name, trigger: name, messageId: delivery });

    const again = await postHook(name, body, {
      "x-baton-signature-256": sign(secret, body),
      "x-baton-delivery": delivery,
    });
    expect(again.status).toBe(200);
    expect(again.json.replayed).toBe(true);
    expect(again.json.outcome).toBe("STARTED");
    expect(again.json.executionId).toBe(runId);
    expect(await triggeredRuns(name)).toHaveLength(1);
    expect(await events(name)).toHaveLength(1);

    await settled();
    const before = await tableCounts(cluster.sql);
    const wrong = await postHook(name, body, {
      "x-baton-signature-256": sign("not-the-secret", body),
      "x-baton-delivery": `${delivery}-wrong`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(wrong.json.errors?.[0]?.message).toMatch(/signature does not match/);
    const unsigned = await postHook(name, body, { "x-baton-delivery": `${delivery}-unsigned` });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.errors?.[0]?.message).toMatch(/no signature/);
    // A signature of another body (the body was changed on the way).
    const tampered = await postHook(name, JSON.stringify({ requestId: "web-evil" }), {
      "x-baton-signature-256": sign(secret, body),
    });
    expect(tampered.status).toBe(401);
    const unknown = await postHook("no-such-trigger", body, { "x-baton-signature-256": sign(secret, body) });
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await tableCounts(cluster.sql)).toEqual(before);

    const rotated = await api().ok<{ rotateTriggerSecret: { secret: string } }>(
      `mutation($n: String!) { rotateTriggerSecret(name: $n) { secret } }`,
      { n: name },
    );
    const fresh = rotated.rotateTriggerSecret.secret;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(secret);
    const body2 = JSON.stringify({ requestId: "web-2" });
    const old = await postHook(name, body2, {
      "x-baton-signature-256": sign(secret, body2),
      "x-baton-delivery": `${delivery}-2`,
    });
    expect(old.status).toBe(401);
    expect(await events(name)).toHaveLength(1);
    const ok = await postHook(name, body2, {
      "x-baton-signature-256": sign(fresh, body2),
      "x-baton-delivery": `${delivery}-2`,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.outcome).toBe("STARTED");
    expect(ok.json.replayed).toBe(false);
    expect((await finished(ok.json.executionId as string)).arguments).toEqual(["--req=web-2"]);
    expect(await triggeredRuns(name)).toHaveLength(2);
  });

  it("a triggered run knows its origin, the executions query filters by it, and BATON_TRIGGER reaches the program", async () => {
    const name = "origin-orders";
    const subject = `${subjectBase}.origin`;
    await createTrigger({ name, task: "echo", subject, arguments: ["--req={{ .requestId }}"] });
    await publish(subject, [{ requestId: "o-1" }, { requestId: "o-2" }]);
    const rows = await eventsAtLeast(name, 2);
    expect(rows.map((e) => e.outcome)).toEqual(["STARTED", "STARTED"]);
    for (const e of rows) {
      const run = await finished(e.executionId as string);
      expect(run.status).toBe("COMPLETED");
      expect(run.origin).toEqual({ kind: "TRIGGER", name, trigger: name, messageId: e.messageId });
      const texts = run.logs.map((l) => l.text);
      expect(texts).toContain(`args=--req=${(e.payload as { requestId: string }).requestId}`);
      expect(texts).toContain(`trigger=${name} message=${e.messageId}`);
    }

    const filtered = await api().ok<{ executions: { edges: { node: { id: string; origin: OriginShape } }[] } }>(
      `query($n: String!) { executions(origin: TRIGGER, originName: $n, first: 100) { edges { node { id origin { kind name } } } } }`,
      { n: name },
    );
    const ids = filtered.executions.edges.map((e) => e.node.id);
    expect(new Set(ids)).toEqual(new Set(rows.map((e) => e.executionId)));
    expect(
      filtered.executions.edges.every((e) => e.node.origin.kind === "TRIGGER" && e.node.origin.name === name),
    ).toBe(true);
    // Another trigger's name filters to its runs only; a manual filter excludes triggered runs.
    const other = await api().ok<{ executions: { edges: { node: { id: string } }[] } }>(
      `query { executions(origin: TRIGGER, originName: "export-orders", first: 100) { edges { node { id } } } }`,
    );
    expect(other.executions.edges).toHaveLength(10);
    expect(other.executions.edges.some((e) => ids.includes(e.node.id))).toBe(false);
    const manual = await api().ok<{ executions: { edges: { node: { id: string } }[] } }>(
      `query { executions(origin: MANUAL, first: 100) { edges { node { id } } } }`,
    );
    expect(manual.executions.edges).toHaveLength(0);
  });

  it("a trigger on a DAG starts one DAG run whose origin is TRIGGER", async () => {
    const name = "dag-orders";
    const subject = `${subjectBase}.dag`;
    const dags = dagClient(api());
    await dags.createDag("export-dag", "a: echo && b: echo");
    await createTrigger({ name, dag: "export-dag", subject });
    await publish(subject, [{ requestId: "d-1" }]);
    const [event] = await eventsAtLeast(name, 1);
    expect(event?.outcome).toBe("STARTED");
    expect(event?.executionId).toBeNull();
    const runId = event?.dagRunId as string;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const run = await dags.finished(runId);
    expect(run.status).toBe("COMPLETED");
    expect(dags.summary(run)).toEqual(["a:COMPLETED", "b:COMPLETED"]);
    const data = await api().ok<{
      dagRun: { origin: OriginShape };
      dagRuns: { edges: { node: { id: string } }[] };
    }>(
      `query($id: ID!, $n: String!) {
         dagRun(id: $id) { origin { kind name trigger messageId } }
         dagRuns(origin: TRIGGER, originName: $n) { edges { node { id } } }
       }`,
      { id: runId, n: name },
    );
    expect(data.dagRun.origin).toEqual({ kind: "TRIGGER", name, trigger: name, messageId: event?.messageId });
    expect(data.dagRuns.edges.map((e) => e.node.id)).toEqual([runId]);
    const [count] = await cluster.sql<{ n: string }>(
      `SELECT count(*) AS n FROM dag_runs WHERE "originKind" = 'TRIGGER' AND "originName" = $1`,
      [name],
    );
    expect(Number(count?.n)).toBe(1);
  });
});
