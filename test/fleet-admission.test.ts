import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { type EnvOptions, startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, statuses, waitFor } from "./support/flows.js";
import type { GraphQLClient } from "./support/graphql.js";

// Admission end to end: real control plane, runners, NATS and Postgres.
// Nothing here trusts timing. Every run appends "start <id> <ms>" and
// "end <id> <ms>" to a ledger file; the order of the lines (appends from
// the runs' own processes) is the witness of what ran at the same time.
// A run waits for its gate file, so the test decides when runs finish and
// looks at the queue while they are held.

// $1 ledger file, $2 gate file (both in the env's dir), $3 optional seconds to hold after the gate opens.
const GATED_JOB = (dir: string): string => `#!/bin/sh
d=${JSON.stringify(dir)}
echo "start $BATON_EXECUTION_ID $(date +%s%3N)" >> "$d/$1"
i=0
while [ ! -e "$d/$2" ]; do
  i=$((i + 1))
  if [ "$i" -gt 3000 ]; then echo "gate $2 never opened" >&2; exit 3; fi
  sleep 0.02
done
if [ -n "$3" ]; then sleep "$3"; fi
echo "end $BATON_EXECUTION_ID $(date +%s%3N)" >> "$d/$1"
`;

const RUN_FIELDS = `id status waitReason queuePosition priority concurrencyKey concurrencyLimit cpu memory runnerLabels
  assignedRunnerId runnerId expiresAt errorMessage queuedAt dispatchedAt startedAt endedAt attempt task { name }`;

interface Run {
  id: string;
  status: string;
  waitReason: string | null;
  queuePosition: number | null;
  priority: number;
  concurrencyKey: string | null;
  concurrencyLimit: number;
  cpu: string | null;
  memory: string | null;
  runnerLabels: Record<string, string> | null;
  assignedRunnerId: string | null;
  runnerId: string | null;
  expiresAt: string | null;
  errorMessage: string | null;
  queuedAt: string;
  dispatchedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  attempt: number;
  task: { name: string };
}

interface RunnerView {
  id: string;
  pool: string;
  labels: Record<string, string>;
  capacity: number;
  slotsInUse: number;
  running: number;
  cpu: string;
  cpuFree: string;
  cpuMillis: number;
  cpuFreeMillis: number;
  memory: string;
  memoryFree: string;
  memoryBytes: number;
  memoryFreeBytes: number;
  version: string | null;
  state: string;
  drainingAt: string | null;
}

const RUNNER_FIELDS = `id pool labels capacity slotsInUse running cpu cpuFree cpuMillis cpuFreeMillis memory memoryFree
  memoryBytes memoryFreeBytes version state drainingAt`;

interface QueueView {
  pools: {
    pool: string;
    queued: number;
    running: number;
    maxConcurrent: number | null;
    oldestWaitSeconds: number;
    blockingReason: string | null;
  }[];
  tasks: { task: string; pool: string; queued: number; running: number; blockingReason: string | null }[];
}

const GIB = 1024 ** 3;

interface LedgerLine {
  kind: "start" | "end";
  id: string;
  at: number;
}

/** A test's own stack, its gated task script, and the gates it opened (all opened at the end). */
interface Fleet {
  env: TestEnv;
  api: GraphQLClient;
  uri: string;
  gates: Set<string>;
}

async function startFleet(options: EnvOptions): Promise<Fleet> {
  const env = await startEnv(options);
  return { env, api: env.api[0]!, uri: env.script("gated.sh", GATED_JOB(env.dir)), gates: new Set() };
}

async function stopFleet(fleet: Fleet | undefined): Promise<void> {
  if (!fleet) return;
  for (const gate of fleet.gates) openGate(fleet, gate); // no run is left waiting on a gate
  await fleet.env.stop();
}

/**
 * After each test, whatever it left behind (a failed assertion before a gate
 * opened) is ended, so the next test starts on an idle fleet: every gate
 * opens, waiting runs are cancelled, drained runners resume; then every gate
 * is closed again.
 */
async function settle(fleet: Fleet | undefined): Promise<void> {
  if (!fleet) return;
  for (const gate of fleet.gates) openGate(fleet, gate);
  const queued = await fleet.env.sql<{ id: string }>(`SELECT id FROM executions WHERE status = 'QUEUED'`);
  for (const { id } of queued)
    await fleet.api.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id });
  const drained = await fleet.env.sql<{ id: string }>(`SELECT id FROM runners WHERE "drainingAt" IS NOT NULL`);
  for (const { id } of drained) await fleet.api.ok(`mutation($id: String!) { resumeRunner(id: $id) { id } }`, { id });
  await waitFor("the fleet to be idle", async () => {
    const rows = await fleet.env.sql<{ n: string }>(
      `SELECT count(*) AS n FROM executions WHERE status IN ('QUEUED', 'DISPATCHED', 'RUNNING')`,
    );
    return Number(rows[0]?.n) === 0;
  });
  for (const gate of fleet.gates) rmSync(join(fleet.env.dir, gate), { force: true }); // closed for the next test
}

/** A task running the gated script with its ledger and gate as default arguments. */
async function gatedTask(
  fleet: Fleet,
  name: string,
  ledger: string,
  gate: string,
  options: { properties?: unknown; holdSeconds?: number } = {},
): Promise<void> {
  fleet.gates.add(gate);
  const args = [ledger, gate, ...(options.holdSeconds ? [String(options.holdSeconds)] : [])];
  await defineTask(fleet.api, name, fleet.uri, {
    arguments: args,
    ...(options.properties ? { properties: options.properties } : {}),
  });
}

function openGate(fleet: Fleet, gate: string): void {
  writeFileSync(join(fleet.env.dir, gate), "");
}

async function launchRun(api: GraphQLClient, task: string, properties?: unknown): Promise<string> {
  const data = await api.ok<{ launchTask: { id: string } }>(
    `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
    { i: { task, ...(properties ? { properties } : {}) } },
  );
  return data.launchTask.id;
}

/** Launches one after the other (their queue order is the launch order); ids in that order. */
async function launchMany(api: GraphQLClient, task: string, n: number, properties?: unknown): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await launchRun(api, task, properties));
  return ids;
}

/** The runs, in the order of the ids given. */
async function getRuns(api: GraphQLClient, ids: readonly string[]): Promise<Run[]> {
  const query = `query(${ids.map((_, i) => `$i${i}: ID!`).join(", ")}) {
    ${ids.map((_, i) => `r${i}: execution(id: $i${i}) { ${RUN_FIELDS} }`).join("\n")}
  }`;
  const data = await api.ok<Record<string, Run | null>>(query, Object.fromEntries(ids.map((id, i) => [`i${i}`, id])));
  return ids.map((id, i) => {
    const run = data[`r${i}`];
    if (!run) throw new Error(`no execution ${id}`);
    return run;
  });
}

const describeRuns = (runs: readonly Run[]): string =>
  runs.map((r) => `${r.task.name} ${r.status} (${r.waitReason ?? "-"}, position ${r.queuePosition ?? "-"})`).join("; ");

/** Waits until `check` holds for the runs; returns them. On timeout, says what it saw last. */
async function waitRuns(
  api: GraphQLClient,
  ids: readonly string[],
  what: string,
  check: (runs: Run[]) => boolean,
): Promise<Run[]> {
  let last: Run[] = [];
  try {
    return await waitFor(
      what,
      async () => {
        last = await getRuns(api, ids);
        return check(last) ? last : undefined;
      },
      30_000,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${describeRuns(last)}`);
  }
}

/** Waits until the ledger has the start line of every run given: they are running at once, by their own word. */
async function waitStarted(fleet: Fleet, ledger: string, ids: readonly string[]): Promise<void> {
  await waitFor(`${ids.length} start lines in ${ledger}`, async () => {
    const started = new Set(startOrder(readLedger(fleet, ledger)));
    return ids.every((id) => started.has(id));
  });
}

/** queuePosition is computed apart from the status (and cached briefly): wait for both. */
const positions =
  (expected: readonly (number | null)[]) =>
  (runs: Run[]): boolean =>
    runs.every((r, i) => r.queuePosition === expected[i]);

const allIn = (status: string) => (runs: Run[]) => runs.every((r) => r.status === status);
const queuedWith = (reason: string) => (r: Run) => r.status === "QUEUED" && r.waitReason === reason;

async function getRunners(api: GraphQLClient): Promise<RunnerView[]> {
  return (await api.ok<{ runners: RunnerView[] }>(`{ runners { ${RUNNER_FIELDS} } }`)).runners;
}

async function getQueue(api: GraphQLClient): Promise<QueueView> {
  const data = await api.ok<{ queue: QueueView }>(`{ queue {
    pools { pool queued running maxConcurrent oldestWaitSeconds blockingReason }
    tasks { task pool queued running blockingReason } } }`);
  return data.queue;
}

function readLedger(fleet: Fleet, name: string): LedgerLine[] {
  const path = join(fleet.env.dir, name);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [kind, id, at] = line.split(" ");
      if ((kind !== "start" && kind !== "end") || !id) throw new Error(`bad ledger line: ${line}`);
      return { kind, id, at: Number(at) };
    });
}

/** The most runs among `ids` between their start and end lines at once, in ledger order. */
function maxOverlap(ledger: readonly LedgerLine[], ids: readonly string[]): number {
  const wanted = new Set(ids);
  let now = 0;
  let max = 0;
  for (const line of ledger) {
    if (!wanted.has(line.id)) continue;
    now += line.kind === "start" ? 1 : -1;
    max = Math.max(max, now);
  }
  return max;
}

/** True when some run of `a` and some run of `b` were both between their start and end lines. */
function overlapBetween(ledger: readonly LedgerLine[], a: readonly string[], b: readonly string[]): boolean {
  const inA = new Set(a);
  const inB = new Set(b);
  let openA = 0;
  let openB = 0;
  for (const line of ledger) {
    const step = line.kind === "start" ? 1 : -1;
    if (inA.has(line.id)) openA += step;
    if (inB.has(line.id)) openB += step;
    if (openA > 0 && openB > 0) return true;
  }
  return false;
}

const startOrder = (ledger: readonly LedgerLine[]): string[] =>
  ledger.filter((l) => l.kind === "start").map((l) => l.id);

/** Every run started once and ended once, and each ended after it started. */
function expectWholeRuns(ledger: readonly LedgerLine[], ids: readonly string[]): void {
  for (const id of ids) {
    const lines = ledger.filter((l) => l.id === id).map((l) => l.kind);
    expect(lines, `ledger lines of ${id}`).toEqual(["start", "end"]);
  }
}

describe("admission with a runner of 2 slots", () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ runnerEnv: { RUNNER_CAPACITY: "2" } });
    await gatedTask(fleet, "cap-two", "cap.ledger", "cap.go", { holdSeconds: 0.1 });
  });
  afterEach(() => settle(fleet));
  afterAll(() => stopFleet(fleet));

  it("never runs more than 2 of 10 at once, completes all 10 and starts them in launch order", async () => {
    const ids = await launchMany(fleet.api, "cap-two", 10);
    await waitRuns(
      fleet.api,
      ids,
      "2 running, 8 waiting for a slot",
      (runs) =>
        runs.slice(0, 2).every((r) => r.status === "RUNNING") &&
        runs.slice(2).every(queuedWith("waiting for a free slot in pool default")),
    );
    // FIFO: the line is the launch order.
    await waitRuns(
      fleet.api,
      ids,
      "queue positions 1..8 in launch order",
      positions([null, null, 1, 2, 3, 4, 5, 6, 7, 8]),
    );
    await waitStarted(fleet, "cap.ledger", ids.slice(0, 2));

    openGate(fleet, "cap.go");
    const done = await waitRuns(fleet.api, ids, "all 10 to complete", allIn("COMPLETED"));
    const ledger = readLedger(fleet, "cap.ledger");
    expectWholeRuns(ledger, ids);
    expect(maxOverlap(ledger, ids)).toBe(2);
    // Admission gave them out in launch order (runs admitted in the same pass share a time).
    const dispatched = done.map((r) => Date.parse(r.dispatchedAt ?? ""));
    for (let i = 1; i < dispatched.length; i++) expect(dispatched[i]!).toBeGreaterThanOrEqual(dispatched[i - 1]!);
    expect(new Set(startOrder(ledger).slice(0, 2))).toEqual(new Set(ids.slice(0, 2)));
  });
});

describe("admission with a runner of 1 slot", () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({
      runnerEnv: { RUNNER_CAPACITY: "1", RUNNER_CPU: "2", RUNNER_MEMORY: "4Gi", RUNNER_LABELS: "zone=eu" },
    });
    await gatedTask(fleet, "prio", "prio.ledger", "prio.go");
    await gatedTask(fleet, "rr-block", "rr.ledger", "rr.go");
    await gatedTask(fleet, "rr-a", "rr.ledger", "rr.go");
    await gatedTask(fleet, "rr-b", "rr.ledger", "rr.go");
    await gatedTask(fleet, "drain-job", "drain.ledger", "drain.go");
  });
  afterEach(() => settle(fleet));
  afterAll(() => stopFleet(fleet));

  it("starts a higher priority before lower ones queued earlier", async () => {
    const [occupant] = await launchMany(fleet.api, "prio", 1);
    await waitRuns(fleet.api, [occupant!], "the occupant to run", allIn("RUNNING"));
    const low = await launchMany(fleet.api, "prio", 3);
    const high = await launchRun(fleet.api, "prio", { priority: 10 });
    const queued = await waitRuns(fleet.api, [high, ...low], "4 waiting for the slot", (runs) =>
      runs.every(queuedWith("waiting for a free slot in pool default")),
    );
    expect(queued.map((r) => r.priority)).toEqual([10, 0, 0, 0]);
    await waitRuns(fleet.api, [high, ...low], "the high priority run first in line", positions([1, 2, 3, 4]));

    openGate(fleet, "prio.go");
    await waitRuns(fleet.api, [occupant!, high, ...low], "all 5 to complete", allIn("COMPLETED"));
    const ledger = readLedger(fleet, "prio.ledger");
    expectWholeRuns(ledger, [occupant!, high, ...low]);
    expect(startOrder(ledger)).toEqual([occupant, high, ...low]);
  });

  it("takes turns between tasks of the same priority: B starts second, not sixth", async () => {
    const [block] = await launchMany(fleet.api, "rr-block", 1);
    await waitRuns(fleet.api, [block!], "the blocker to run", allIn("RUNNING"));
    const a = await launchMany(fleet.api, "rr-a", 5);
    const [b] = await launchMany(fleet.api, "rr-b", 1);
    await waitRuns(fleet.api, [...a, b!], "6 waiting for the slot", (runs) =>
      runs.every(queuedWith("waiting for a free slot in pool default")),
    );
    await waitRuns(fleet.api, [...a, b!], "B second in line", positions([1, 3, 4, 5, 6, 2]));

    openGate(fleet, "rr.go");
    await waitRuns(fleet.api, [block!, ...a, b!], "all 7 to complete", allIn("COMPLETED"));
    const ledger = readLedger(fleet, "rr.ledger");
    expectWholeRuns(ledger, [block!, ...a, b!]);
    // By task first (a readable failure), then by run.
    const taskOf = new Map([[block!, "rr-block"], ...a.map((id): [string, string] => [id, "rr-a"]), [b!, "rr-b"]]);
    expect(startOrder(ledger).map((id) => taskOf.get(id))).toEqual([
      "rr-block",
      "rr-a",
      "rr-b",
      "rr-a",
      "rr-a",
      "rr-a",
      "rr-a",
    ]);
    expect(startOrder(ledger)).toEqual([block, a[0], b, a[1], a[2], a[3], a[4]]);
  });

  it("drains the only runner: it finishes its run, takes nothing new until resumed", async () => {
    const runner = (await getRunners(fleet.api))[0]!;
    const [first] = await launchMany(fleet.api, "drain-job", 1);
    await waitRuns(fleet.api, [first!], "the first run to run", allIn("RUNNING"));
    const busy = await waitFor("the runner to report its run", async () => {
      const r = (await getRunners(fleet.api)).find((x) => x.id === runner.id);
      return r && r.running === 1 ? r : undefined;
    });
    expect(busy).toMatchObject({
      pool: "default",
      labels: { zone: "eu" },
      capacity: 1,
      slotsInUse: 1,
      running: 1,
      cpu: "2",
      cpuMillis: 2000,
      cpuFree: "2",
      memory: "4Gi",
      memoryBytes: 4 * GIB,
      memoryFree: "4Gi",
      state: "ACTIVE",
      drainingAt: null,
    });
    expect(busy.version).toMatch(/^\d+\.\d+\.\d+/);

    const drained = await fleet.api.ok<{ drainRunner: RunnerView }>(
      `mutation($id: String!) { drainRunner(id: $id) { ${RUNNER_FIELDS} } }`,
      { id: runner.id },
    );
    expect(drained.drainRunner).toMatchObject({ id: runner.id, state: "DRAINING", slotsInUse: 1 });
    expect(drained.drainRunner.drainingAt).not.toBeNull();

    const [second] = await launchMany(fleet.api, "drain-job", 1);
    await waitRuns(fleet.api, [second!], "the new run to wait for the draining runner", (runs) =>
      runs.every(queuedWith("every runner in pool default is draining")),
    );

    openGate(fleet, "drain.go");
    await waitRuns(fleet.api, [first!], "the first run to complete", allIn("COMPLETED"));
    await waitFor("the runner to be DRAINED", async () => {
      const r = (await getRunners(fleet.api)).find((x) => x.id === runner.id);
      return r?.state === "DRAINED" && r.slotsInUse === 0;
    });
    const [still] = await getRuns(fleet.api, [second!]);
    expect(still).toMatchObject({ status: "QUEUED", waitReason: "every runner in pool default is draining" });

    const resumed = await fleet.api.ok<{ resumeRunner: RunnerView }>(
      `mutation($id: String!) { resumeRunner(id: $id) { id state drainingAt } }`,
      { id: runner.id },
    );
    expect(resumed.resumeRunner).toMatchObject({ id: runner.id, state: "ACTIVE", drainingAt: null });
    const [ran] = await waitRuns(fleet.api, [second!], "the queued run to complete", allIn("COMPLETED"));
    expect(ran).toMatchObject({ runnerId: runner.id, assignedRunnerId: runner.id, waitReason: null });
  });
});

describe("admission with a runner of 4 slots, 4 CPUs and 8Gi", () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({
      runnerEnv: { RUNNER_CAPACITY: "4", RUNNER_CPU: "4", RUNNER_MEMORY: "8Gi" },
    });
    await gatedTask(fleet, "ck-one", "ck.ledger", "ck.go", { holdSeconds: 0.05 });
    await gatedTask(fleet, "ck-two", "ck.ledger", "ck.go", { holdSeconds: 0.05 });
    await gatedTask(fleet, "limited", "limited.ledger", "limited.go", { properties: { maxConcurrent: 2 } });
    await gatedTask(fleet, "mem", "mem.ledger", "mem.go");
    await gatedTask(fleet, "ttl", "ttl.ledger", "ttl.go");
    await gatedTask(fleet, "ttl-limited", "ttl.ledger", "ttl.go", { properties: { maxConcurrent: 1 } });
    await gatedTask(fleet, "pooled", "pool.ledger", "pool.go", { holdSeconds: 0.05 });
    await gatedTask(fleet, "pooled-again", "pool2.ledger", "pool2.go");
    for (const node of ["dag-a", "dag-b", "dag-c"]) await gatedTask(fleet, node, "dag.ledger", "dag.go");
  });
  afterEach(() => settle(fleet));
  afterAll(() => stopFleet(fleet));

  describe("refuses bad admission input with a typed error naming the field, and writes nothing", () => {
    const launchQ = `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`;
    const createQ = `mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`;
    const upgradeQ = `mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision } }`;
    const poolQ = `mutation($p: String!, $n: Int) { setPoolLimit(pool: $p, maxConcurrent: $n) { name } }`;
    const create = (properties: unknown) => ({ i: { name: "bad-new", app: "mem-app", properties } });
    const cases: [string, string, Record<string, unknown>, string, RegExp][] = [
      ["priority 5000", launchQ, { i: { task: "mem", properties: { priority: 5000 } } }, "BAD_USER_INPUT", /priority/],
      ["memory lots", createQ, create({ memory: "lots" }), "BAD_USER_INPUT", /memory/],
      ["cpu -1", launchQ, { i: { task: "mem", properties: { cpu: "-1" } } }, "BAD_USER_INPUT", /cpu/],
      ["maxConcurrent 0", createQ, create({ maxConcurrent: 0 }), "BAD_USER_INPUT", /maxConcurrent/],
      [
        "retry maxAttempts 0",
        upgradeQ,
        { i: { task: "mem", properties: { retry: { maxAttempts: 0 } } } },
        "BAD_USER_INPUT",
        /retry\.maxAttempts/,
      ],
      [
        "queueTtlSeconds -5",
        launchQ,
        { i: { task: "mem", properties: { queueTtlSeconds: -5 } } },
        "BAD_USER_INPUT",
        /queueTtlSeconds/,
      ],
      [
        "runner label name bad key!",
        createQ,
        create({ runnerLabels: { "bad key!": "x" } }),
        "BAD_USER_INPUT",
        /runnerLabels.*runner label names/,
      ],
      [
        "concurrencyLimit 0",
        launchQ,
        { i: { task: "mem", properties: { concurrencyKey: "acme", concurrencyLimit: 0 } } },
        "BAD_USER_INPUT",
        /concurrencyLimit/,
      ],
      ["pool limit 0", poolQ, { p: "default", n: 0 }, "BAD_USER_INPUT", /maxConcurrent/],
      ["pool name bad pool!", poolQ, { p: "bad pool!", n: 1 }, "BAD_USER_INPUT", /pool/],
      ["drain an unknown runner", `mutation { drainRunner(id: "nope") { id } }`, {}, "NOT_FOUND", /nope/],
      ["resume an unknown runner", `mutation { resumeRunner(id: "nope") { id } }`, {}, "NOT_FOUND", /nope/],
      [
        "maxConcurrent at launch (task-only)",
        launchQ,
        { i: { task: "mem", properties: { maxConcurrent: 5 } } },
        "BAD_USER_INPUT",
        /maxConcurrent.*only on the task/,
      ],
      [
        "DAG maxConcurrent 0",
        `mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`,
        { i: { name: "bad-dag", definition: "dag-a", maxConcurrent: 0 } },
        "BAD_USER_INPUT",
        /maxConcurrent/,
      ],
    ];

    it.each(cases)("%s", async (_label, query, variables, code, message) => {
      const before = await tableCounts(fleet.env.sql);
      const result = await fleet.api.request(query, variables);
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(await tableCounts(fleet.env.sql)).toEqual(before);
    });
  });

  it("never overlaps runs of one concurrency key (across tasks), while two keys run side by side", async () => {
    const acme: string[] = [];
    const globex: string[] = [];
    for (let i = 0; i < 5; i++) {
      const task = i % 2 === 0 ? "ck-one" : "ck-two";
      acme.push(await launchRun(fleet.api, task, { concurrencyKey: "acme" }));
      globex.push(await launchRun(fleet.api, i % 2 === 0 ? "ck-two" : "ck-one", { concurrencyKey: "globex" }));
    }
    const held = await waitRuns(
      fleet.api,
      [...acme, ...globex],
      "one run per key running, the rest waiting for their key",
      (runs) =>
        runs[0]!.status === "RUNNING" &&
        runs[5]!.status === "RUNNING" &&
        runs.slice(1, 5).every(queuedWith("concurrency key acme busy")) &&
        runs.slice(6).every(queuedWith("concurrency key globex busy")),
    );
    expect(held.every((r) => r.concurrencyLimit === 1)).toBe(true);
    expect(held.map((r) => r.concurrencyKey)).toEqual([...Array(5).fill("acme"), ...Array(5).fill("globex")]);
    await waitStarted(fleet, "ck.ledger", [acme[0]!, globex[0]!]);

    openGate(fleet, "ck.go");
    await waitRuns(fleet.api, [...acme, ...globex], "all 10 to complete", allIn("COMPLETED"));
    const ledger = readLedger(fleet, "ck.ledger");
    expectWholeRuns(ledger, [...acme, ...globex]);
    expect(maxOverlap(ledger, acme)).toBe(1);
    expect(maxOverlap(ledger, globex)).toBe(1);
    expect(overlapBetween(ledger, acme, globex)).toBe(true);
  });

  it("holds a task at its maxConcurrent, with the reason and the line in execution and queue", async () => {
    const ids = await launchMany(fleet.api, "limited", 5);
    await waitRuns(
      fleet.api,
      ids,
      "2 running, 3 held by the task limit",
      (runs) =>
        runs.slice(0, 2).every((r) => r.status === "RUNNING") &&
        runs.slice(2).every(queuedWith("task limit 2 reached")),
    );
    await waitRuns(fleet.api, ids, "queue positions 1..3", positions([null, null, 1, 2, 3]));
    await waitStarted(fleet, "limited.ledger", ids.slice(0, 2));
    const queue = await getQueue(fleet.api);
    expect(queue.tasks).toContainEqual({
      task: "limited",
      pool: "default",
      queued: 3,
      running: 2,
      blockingReason: "task limit 2 reached",
    });
    expect(queue.pools).toContainEqual(
      expect.objectContaining({ pool: "default", queued: 3, running: 2, blockingReason: "task limit 2 reached" }),
    );

    openGate(fleet, "limited.go");
    await waitRuns(fleet.api, ids, "all 5 to complete", allIn("COMPLETED"));
    const ledger = readLedger(fleet, "limited.ledger");
    expectWholeRuns(ledger, ids);
    expect(maxOverlap(ledger, ids)).toBe(2);
  });

  it("never overlaps two 6Gi runs on an 8Gi runner; a 64Gi run waits and stays queued", async () => {
    const big = await launchMany(fleet.api, "mem", 2, { memory: "6Gi" });
    const held = await waitRuns(
      fleet.api,
      big,
      "one 6Gi run running, the other waiting for memory",
      (runs) => runs[0]!.status === "RUNNING" && queuedWith("no runner with 6Gi free")(runs[1]!),
    );
    expect(held.map((r) => r.memory)).toEqual(["6Gi", "6Gi"]);
    const runner = (await getRunners(fleet.api))[0]!;
    expect(runner).toMatchObject({ memory: "8Gi", memoryFree: "2Gi", memoryFreeBytes: 2 * GIB, slotsInUse: 1 });

    const huge = await launchRun(fleet.api, "mem", { memory: "64Gi" });
    const [waiting] = await waitRuns(fleet.api, [huge], "the 64Gi run to wait", (runs) =>
      /no runner with 64Gi memory/.test(runs[0]!.waitReason ?? ""),
    );
    expect(waiting).toMatchObject({ status: "QUEUED", waitReason: "no runner with 64Gi memory (the largest has 8Gi)" });

    openGate(fleet, "mem.go");
    await waitRuns(fleet.api, big, "both 6Gi runs to complete", allIn("COMPLETED"));
    const ledger = readLedger(fleet, "mem.ledger");
    expectWholeRuns(ledger, big);
    expect(maxOverlap(ledger, big)).toBe(1);
    // Runs completed (and passes ran) after the 64Gi one queued: it is still waiting, for the same reason.
    const [after] = await getRuns(fleet.api, [huge]);
    expect(after).toMatchObject({ status: "QUEUED", waitReason: "no runner with 64Gi memory (the largest has 8Gi)" });
    expect(readLedger(fleet, "mem.ledger").some((l) => l.id === huge)).toBe(false);
    await fleet.api.ok(`mutation($id: ID!) { cancelExecution(id: $id) { status } }`, { id: huge });
  });

  it("ends a run that waits past its queueTtlSeconds EXPIRED, and its event stream completes", async () => {
    const [blocker] = await launchMany(fleet.api, "ttl-limited", 1);
    await waitRuns(fleet.api, [blocker!], "the blocker to run", allIn("RUNNING"));
    const tooBig = await launchRun(fleet.api, "ttl", { memory: "64Gi", queueTtlSeconds: 1 });
    const limited = await launchRun(fleet.api, "ttl-limited", { queueTtlSeconds: 1 });
    const [bigEvents, limitedEvents] = await Promise.all([
      allEvents(fleet.api, tooBig, 15_000),
      allEvents(fleet.api, limited, 15_000),
    ]);
    for (const events of [bigEvents, limitedEvents]) {
      expect(statuses(events)).toEqual(["QUEUED", "EXPIRED"]);
      expect(events.at(-1)?.cause).toMatch(/time-to-live/);
    }
    const runs = await getRuns(fleet.api, [tooBig, limited]);
    for (const run of runs) {
      expect(run.status).toBe("EXPIRED");
      expect(run.errorMessage).toMatch(/waited in the queue past its time-to-live/);
      expect(run.startedAt).toBeNull();
      expect(Date.parse(run.expiresAt ?? "") - Date.parse(run.queuedAt)).toBeGreaterThanOrEqual(999);
      expect(Date.parse(run.endedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(run.expiresAt ?? ""));
    }
    openGate(fleet, "ttl.go");
    await waitRuns(fleet.api, [blocker!], "the blocker to complete", allIn("COMPLETED"));
    expect(readLedger(fleet, "ttl.ledger").map((l) => l.id)).toEqual([blocker, blocker]);
  });

  it("holds the pool at setPoolLimit, and null frees it", async () => {
    const setLimit = (n: number | null) =>
      fleet.api.ok<{ setPoolLimit: { name: string; maxConcurrent: number | null } }>(
        `mutation($n: Int) { setPoolLimit(pool: "default", maxConcurrent: $n) { name maxConcurrent } }`,
        { n },
      );
    try {
      expect((await setLimit(1)).setPoolLimit).toEqual({ name: "default", maxConcurrent: 1 });
      const pools = await fleet.api.ok<{ pools: { name: string; maxConcurrent: number | null }[] }>(
        `{ pools { name maxConcurrent } }`,
      );
      expect(pools.pools).toContainEqual({ name: "default", maxConcurrent: 1 });

      // 4 runs on a 4-slot runner, one at a time.
      const ids = await launchMany(fleet.api, "pooled", 4);
      await waitRuns(
        fleet.api,
        ids,
        "1 running, 3 held by the pool limit",
        (runs) => runs[0]!.status === "RUNNING" && runs.slice(1).every(queuedWith("pool limit 1 reached (default)")),
      );
      const queue = await getQueue(fleet.api);
      expect(queue.pools).toContainEqual(
        expect.objectContaining({ pool: "default", queued: 3, running: 1, maxConcurrent: 1 }),
      );
      openGate(fleet, "pool.go");
      await waitRuns(fleet.api, ids, "all 4 to complete", allIn("COMPLETED"));
      const ledger = readLedger(fleet, "pool.ledger");
      expectWholeRuns(ledger, ids);
      expect(maxOverlap(ledger, ids)).toBe(1);

      // Held by the limit, then freed by null: all run at once.
      const more = await launchMany(fleet.api, "pooled-again", 3);
      await waitRuns(
        fleet.api,
        more,
        "1 running, 2 held by the pool limit",
        (runs) => runs[0]!.status === "RUNNING" && runs.slice(1).every(queuedWith("pool limit 1 reached (default)")),
      );
      expect((await setLimit(null)).setPoolLimit).toEqual({ name: "default", maxConcurrent: null });
      await waitRuns(fleet.api, more, "all 3 to run at once", allIn("RUNNING"));
      await waitStarted(fleet, "pool2.ledger", more);
      openGate(fleet, "pool2.go");
      await waitRuns(fleet.api, more, "all 3 to complete", allIn("COMPLETED"));
      expect(maxOverlap(readLedger(fleet, "pool2.ledger"), more)).toBe(3);
    } finally {
      await setLimit(null);
    }
  });

  it("runs a DAG's split one node at a time under its maxConcurrent", async () => {
    const created = await fleet.api.ok<{ createDag: { name: string; maxConcurrent: number | null } }>(
      `mutation($i: CreateDagInput!) { createDag(input: $i) { name maxConcurrent } }`,
      { i: { name: "fan", definition: "<dag-a || dag-b || dag-c>", maxConcurrent: 1 } },
    );
    expect(created.createDag).toEqual({ name: "fan", maxConcurrent: 1 });
    const launched = await fleet.api.ok<{ launchDag: { id: string } }>(
      `mutation { launchDag(input: { name: "fan" }) { id } }`,
    );
    const runId = launched.launchDag.id;
    const nodeRuns = async () => {
      const data = await fleet.api.ok<{
        dagRun: { status: string; nodes: { node: { id: string }; execution: Run | null }[] };
      }>(`query($id: ID!) { dagRun(id: $id) { status nodes { node { id } execution { ${RUN_FIELDS} } } } }`, {
        id: runId,
      });
      return data.dagRun;
    };
    const held = await waitFor(
      "one node running, two held by the DAG limit",
      async () => {
        const run = await nodeRuns();
        const executions = run.nodes.map((n) => n.execution);
        if (executions.some((e) => e === null)) return undefined;
        const running = executions.filter((e) => e!.status === "RUNNING");
        const waiting = executions.filter((e) => queuedWith("DAG limit 1 reached (fan)")(e!));
        return running.length === 1 && waiting.length === 2 ? run : undefined;
      },
      30_000,
    );
    const ids = held.nodes.map((n) => n.execution!.id);

    openGate(fleet, "dag.go");
    const done = await waitFor(
      "the DAG run to end",
      async () => {
        const run = await nodeRuns();
        return ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status) ? run : undefined;
      },
      30_000,
    );
    expect(done.status).toBe("COMPLETED");
    const ledger = readLedger(fleet, "dag.ledger");
    expectWholeRuns(ledger, ids);
    expect(maxOverlap(ledger, ids)).toBe(1);
  });
});

describe("admission by runner labels", () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({});
    await gatedTask(fleet, "gpu-job", "gpu.ledger", "gpu.go");
    openGate(fleet, "gpu.go");
  });
  afterEach(() => settle(fleet));
  afterAll(() => stopFleet(fleet));

  it("holds a run that wants gpu=true until a runner with that label comes up, then runs it there", async () => {
    const wanted = await launchRun(fleet.api, "gpu-job", { runnerLabels: { gpu: "true" } });
    const [waiting] = await waitRuns(fleet.api, [wanted], "the gpu run to wait for a labelled runner", (runs) =>
      runs.every(queuedWith("no runner in pool default has labels gpu=true")),
    );
    expect(waiting!.runnerLabels).toEqual({ gpu: "true" });
    // It does not hold up runs that any runner can take.
    const plain = await launchRun(fleet.api, "gpu-job");
    const [plainDone] = await waitRuns(fleet.api, [plain], "the plain run to complete", allIn("COMPLETED"));
    const [still] = await getRuns(fleet.api, [wanted]);
    expect(still).toMatchObject({ status: "QUEUED", waitReason: "no runner in pool default has labels gpu=true" });

    const gpuId = `gpu-${fleet.env.prefix}`;
    expect(plainDone!.runnerId).not.toBe(gpuId);
    await fleet.env.startRunner({ RUNNER_LABELS: "gpu=true", RUNNER_ID: gpuId });
    const [ran] = await waitRuns(fleet.api, [wanted], "the gpu run to complete", allIn("COMPLETED"));
    expect(ran).toMatchObject({ assignedRunnerId: gpuId, runnerId: gpuId });
    const gpuRunner = (await getRunners(fleet.api)).find((r) => r.id === gpuId);
    expect(gpuRunner?.labels).toEqual({ gpu: "true" });
  });
});
