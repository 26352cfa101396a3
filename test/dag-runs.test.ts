import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DagRunShape, dagClient, job, TERMINAL } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";

// DAG runs: every node a real execution of a real script on a real runner.
const TASKS = ["a", "b", "c", "x", "y", "z", "p", "ok1", "bad", "after", "load"];

const ms = (t: string | null | undefined): number => {
  if (!t) throw new Error("missing timestamp");
  return Date.parse(t);
};

describe("DAG runs: sequences, transitions, splits, parallelism, events", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
    const uri = env.script("job.mjs", job(env.dir));
    for (const t of TASKS) await defineTask(env.api[0]!, t, uri);
  });
  afterAll(() => env?.stop());

  const dags = () => dagClient(env.api[0]!);
  const createDag = (name: string, definition: string, maxParallel?: number) =>
    dags().createDag(name, definition, maxParallel);
  const launchDag = (name: string, extra: { arguments?: string[]; idempotencyKey?: string } = {}) =>
    dags().launchDag(name, extra);
  const getRun = (id: string) => dags().getRun(id);
  const finished = (id: string, timeoutMs = 30_000) => dags().finished(id, timeoutMs);
  /** Launches a DAG and returns the run once it has ended. */
  const runDag = async (name: string, extra: { arguments?: string[] } = {}) =>
    finished((await launchDag(name, extra)).id);
  const node = (run: DagRunShape, id: string) => dags().node(run, id);
  const summary = (run: DagRunShape) => dags().summary(run);

  it("runs a sequence in order, each node a real execution with node then launch arguments", async () => {
    await createDag("seq", "a --mode=full && b && c --region='eu west'");
    const launched = await launchDag("seq", { arguments: ["--date=2026-11-23"] });
    expect(launched.version).toBe(1);
    expect(launched.attempt).toBe(1);
    expect(launched.arguments).toEqual(["--date=2026-11-23"]);
    expect(launched.dag.name).toBe("seq");
    expect(["QUEUED", "DISPATCHED", "RUNNING"]).toContain(launched.status);

    const run = await finished(launched.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.endedAt).not.toBeNull();
    expect(summary(run)).toEqual(["a:COMPLETED", "b:COMPLETED", "c:COMPLETED"]);
    const [a, b, c] = ["a", "b", "c"].map((id) => node(run, id));
    for (const n of [a!, b!, c!]) {
      expect(n.execution).not.toBeNull();
      expect(n.execution!.status).toBe("COMPLETED");
      expect(n.execution!.task.name).toBe(n.node.task);
      expect(n.exitStatus).toBe("COMPLETED");
      expect(n.attempts).toHaveLength(1);
      expect(n.attempts[0]).toMatchObject({ attempt: 1, status: "COMPLETED", execution: { id: n.execution!.id } });
    }
    expect(a!.execution!.arguments).toEqual(["--mode=full", "--date=2026-11-23"]);
    expect(b!.execution!.arguments).toEqual(["--date=2026-11-23"]);
    expect(c!.execution!.arguments).toEqual(["--region=eu west", "--date=2026-11-23"]);
    // Each node starts only after the one before it ended.
    expect(ms(a!.execution!.endedAt)).toBeLessThanOrEqual(ms(b!.execution!.startedAt));
    expect(ms(b!.execution!.endedAt)).toBeLessThanOrEqual(ms(c!.execution!.startedAt));
    expect(new Set([a, b, c].map((n) => n!.execution!.id)).size).toBe(3);
    // The executions are ordinary executions: execution(id) knows them.
    const exec = await env.api[0]!.ok<{ execution: { status: string; arguments: string[] } }>(
      `query($id: ID!) { execution(id: $id) { status arguments } }`,
      { id: a!.execution!.id },
    );
    expect(exec.execution).toEqual({ status: "COMPLETED", arguments: ["--mode=full", "--date=2026-11-23"] });
  });

  it("follows the FAILED transition when a node fails: the handled failure does not fail the run", async () => {
    await createDag("on-failed", "a --exit=3 'FAILED' -> x 'COMPLETED' -> y");
    const run = await runDag("on-failed");
    expect(summary(run)).toEqual(["a:FAILED", "x:COMPLETED", "y:-"]);
    expect(node(run, "a").exitStatus).toBe("FAILED");
    expect(node(run, "a").execution).toMatchObject({ status: "FAILED", exitCode: 3 });
    expect(node(run, "y").execution).toBeNull();
    expect(node(run, "y").attempts).toEqual([]);
    expect(run.status).toBe("COMPLETED");
  });

  it("follows the COMPLETED transition of the same shape when the node succeeds", async () => {
    await createDag("on-completed", "a 'FAILED' -> x 'COMPLETED' -> y");
    const run = await runDag("on-completed");
    expect(summary(run)).toEqual(["a:COMPLETED", "x:-", "y:COMPLETED"]);
    expect(node(run, "x").execution).toBeNull();
    expect(run.status).toBe("COMPLETED");
  });

  it("takes the '*' transition for an exit message no other transition names", async () => {
    await createDag("wildcard", "a --msg=PARTIAL 'FAILED' -> x '*' -> z");
    const run = await runDag("wildcard");
    expect(node(run, "a").exitStatus).toBe("PARTIAL");
    expect(node(run, "a").execution).toMatchObject({ status: "COMPLETED", exitMessage: "PARTIAL" });
    expect(summary(run)).toEqual(["a:COMPLETED", "x:-", "z:COMPLETED"]);
    expect(run.status).toBe("COMPLETED");
  });

  it("matches a custom exit message exactly, and ends the path when no transition matches", async () => {
    await createDag("custom", "a --msg=PARTIAL 'PARTIAL' -> p");
    const matched = await runDag("custom");
    expect(summary(matched)).toEqual(["a:COMPLETED", "p:COMPLETED"]);
    expect(node(matched, "a").exitStatus).toBe("PARTIAL");
    expect(matched.status).toBe("COMPLETED");

    await createDag("custom-miss", "a 'PARTIAL' -> p");
    const missed = await runDag("custom-miss");
    expect(node(missed, "a").exitStatus).toBe("COMPLETED");
    expect(summary(missed)).toEqual(["a:COMPLETED", "p:-"]);
    expect(missed.status).toBe("COMPLETED");
  });

  it("ends the run at $END and fails it at $FAIL", async () => {
    await createDag("ends", "a --msg=NO_DATA 'NO_DATA' -> $END 'CORRUPT' -> $FAIL && load");
    const ended = await runDag("ends");
    expect(summary(ended)).toEqual(["a:COMPLETED", "load:-"]);
    expect(ended.status).toBe("COMPLETED");

    await createDag("fails", "a --msg=CORRUPT 'NO_DATA' -> $END 'CORRUPT' -> $FAIL && load");
    const failed = await runDag("fails");
    expect(summary(failed)).toEqual(["a:COMPLETED", "load:-"]);
    expect(failed.status).toBe("FAILED");

    await createDag("neither", "a 'NO_DATA' -> $END 'CORRUPT' -> $FAIL && load");
    const neither = await runDag("neither");
    expect(summary(neither)).toEqual(["a:COMPLETED", "load:COMPLETED"]);
    expect(neither.status).toBe("COMPLETED");
  });

  it("fails the run when an unhandled node fails, and runs nothing after it", async () => {
    await createDag("plain-fail", "a --exit=1 && b");
    const run = await runDag("plain-fail");
    expect(summary(run)).toEqual(["a:FAILED", "b:-"]);
    expect(node(run, "a").exitStatus).toBe("FAILED");
    expect(run.status).toBe("FAILED");
  });

  it("fails a split when one branch fails: the other branch completes, the join never runs", async () => {
    await createDag("split-fail", "<ok1 || bad --exit=2> && after");
    const run = await runDag("split-fail");
    expect(summary(run)).toEqual(["ok1:COMPLETED", "bad:FAILED", "after:-"]);
    expect(node(run, "after").execution).toBeNull();
    expect(run.status).toBe("FAILED");
  });

  it("runs split branches at the same time and the join after both", async () => {
    // Each branch waits until the other has started, so they must overlap.
    await createDag("split", "<a --touch=sa --await=sb --sleep=300 || b --touch=sb --await=sa --sleep=300> && c");
    const run = await runDag("split");
    expect(run.status).toBe("COMPLETED");
    expect(summary(run)).toEqual(["a:COMPLETED", "b:COMPLETED", "c:COMPLETED"]);
    const [a, b, c] = ["a", "b", "c"].map((id) => node(run, id).execution!);
    const firstEnd = Math.min(ms(a!.endedAt), ms(b!.endedAt));
    expect(ms(a!.startedAt)).toBeLessThan(firstEnd);
    expect(ms(b!.startedAt)).toBeLessThan(firstEnd);
    expect(ms(c!.startedAt)).toBeGreaterThanOrEqual(Math.max(ms(a!.endedAt), ms(b!.endedAt)));
  });

  it("never runs more nodes at once than maxParallel", async () => {
    await createDag("one-at-a-time", "<a --sleep=200 || b --sleep=200 || c --sleep=200>", 1);
    const run = await runDag("one-at-a-time");
    expect(run.status).toBe("COMPLETED");
    expect(summary(run)).toEqual(["a:COMPLETED", "b:COMPLETED", "c:COMPLETED"]);
    const spans = run.nodes
      .map((n) => [ms(n.execution!.startedAt), ms(n.execution!.endedAt)] as const)
      .sort((p, q) => p[0] - q[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it("returns the same run for a repeated idempotency key", async () => {
    await createDag("idem", "a && b");
    const first = await launchDag("idem", { idempotencyKey: "idem-2026-11-23" });
    const second = await launchDag("idem", { idempotencyKey: "idem-2026-11-23" });
    expect(second.id).toBe(first.id);
    const rows = await env.sql<{ n: string }>(`SELECT count(*) AS n FROM dag_runs WHERE "idempotencyKey" = $1`, [
      "idem-2026-11-23",
    ]);
    expect(Number(rows[0]!.n)).toBe(1);
    const run = await finished(first.id);
    expect(run.status).toBe("COMPLETED");
    // Each node ran once, not once per launch.
    const execs = await env.sql<{ n: string }>(`SELECT count(*) AS n FROM dag_node_runs WHERE "dagRunId" = $1`, [
      first.id,
    ]);
    expect(Number(execs[0]!.n)).toBe(2);
    const other = await launchDag("idem", { idempotencyKey: "idem-2026-11-24" });
    expect(other.id).not.toBe(first.id);
    await finished(other.id);
  });

  it("refuses to launch a DAG that does not exist", async () => {
    const result = await env.api[0]!.request(`mutation { launchDag(input: { name: "ghost" }) { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(
      (await env.api[0]!.ok<{ dagRun: unknown }>(`{ dagRun(id: "00000000-0000-0000-0000-000000000000") { id } }`))
        .dagRun,
    ).toBeNull();
  });

  it("streams a snapshot on every change through dagRunEvents and completes after the terminal one", async () => {
    // `gate` holds the run until the first snapshot has arrived; `b` holds it until a
    // snapshot has shown gate COMPLETED while the run goes on.
    await createDag("watched", "gate: a --await=go-watched && b --await=go-b-watched");
    const run = await launchDag("watched");
    const payloads = await env.api[0]!.collect<{
      dagRunEvents: { id: string; status: string; nodes: { node: { id: string }; status: string | null }[] };
    }>(
      `subscription($id: ID!) { dagRunEvents(id: $id) { id status nodes { node { id } status } } }`,
      { id: run.id },
      {
        timeoutMs: 30_000,
        onFirst: () => env.script("go-watched", ""),
        onNext: (p) => {
          const s = p.data?.dagRunEvents;
          if (s && !TERMINAL.includes(s.status) && s.nodes.find((n) => n.node.id === "gate")?.status === "COMPLETED")
            env.script("go-b-watched", "");
        },
      },
    );
    expect(payloads.flatMap((p) => p.errors ?? [])).toEqual([]);
    const snapshots = payloads.map((p) => p.data!.dagRunEvents);
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(snapshots.every((s) => s.id === run.id)).toBe(true);
    expect(TERMINAL).not.toContain(snapshots[0]!.status);
    const last = snapshots.at(-1)!;
    expect(last.status).toBe("COMPLETED");
    expect(last.nodes.map((n) => `${n.node.id}:${n.status}`)).toEqual(["gate:COMPLETED", "b:COMPLETED"]);
    // Only the last snapshot is terminal, and some snapshot shows the run between its two nodes.
    expect(snapshots.slice(0, -1).every((s) => !TERMINAL.includes(s.status))).toBe(true);
    expect(
      snapshots.some(
        (s) => !TERMINAL.includes(s.status) && s.nodes.find((n) => n.node.id === "gate")?.status === "COMPLETED",
      ),
    ).toBe(true);
    expect((await getRun(run.id))!.status).toBe("COMPLETED");
  });

  it("lists a DAG's runs newest first, page by page", async () => {
    await createDag("listed", "a");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await runDag("listed")).id);
    const page = async (after?: string) =>
      (
        await env.api[0]!.ok<{
          dagRuns: {
            edges: { node: { id: string; status: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }>(
          `query($after: String) { dagRuns(dag: "listed", first: 2, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }`,
          {
            after,
          },
        )
      ).dagRuns;
    const first = await page();
    expect(first.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.edges[0]!.node.status).toBe("COMPLETED");
  });
});
