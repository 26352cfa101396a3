import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, launch, untilStatus, waitFor } from "./support/flows.js";

// History retention (docs/architecture.md, "Retention") against a real control plane whose leader runs a
// pass every 200 ms, 2 rows per statement (so every loop goes round). Age is made by moving endedAt back
// with SQL; "a pass has run" is seen by a sentinel run, aged past the global horizon, being deleted.

/** Logs two lines and a step; with --gate=NAME, waits for the file NAME in `dir` before it ends. */
const script = (dir: string): string => `
import { existsSync, watch } from "node:fs";
import { join } from "node:path";
const step = (o) => console.log("::baton::" + JSON.stringify({ v: 1, type: "step", ...o }));
const gate = process.argv.find((a) => a.startsWith("--gate="))?.slice(7);
console.log("line one");
step({ step: "work", status: "STARTED" });
console.log("line two");
if (gate) {
  // Woken by the folder's change events (no polling): ends once the test creates the file.
  const dir = ${JSON.stringify(dir)};
  await new Promise((done) => {
    const check = () => existsSync(join(dir, gate)) && (watcher.close(), done());
    const watcher = watch(dir, check);
    check();
  });
}
step({ step: "work", status: "COMPLETED", read: 1, write: 1 });
`;

const GLOBAL = {
  BATON_RETENTION_INTERVAL_MS: "200",
  BATON_RETENTION_BATCH: "2",
  BATON_RETENTION_DAYS: "30",
  BATON_RETENTION_RUNS: "0",
  BATON_LOG_RETENTION_DAYS: "7",
  BATON_AUDIT_RETENTION_DAYS: "100",
};

describe("retention", () => {
  let env: TestEnv;
  const api = () => env.api[0]!;
  const done = async (task: string, args: string[] = []): Promise<string> => {
    const e = await launch(api(), task, { arguments: args });
    await untilStatus(api(), e.id, ["COMPLETED"]);
    return e.id;
  };
  /** Moves the runs' end (and start) back by `days`. */
  const age = (ids: string[], days: number) =>
    env.sql(
      `UPDATE executions SET "endedAt" = CASE WHEN "endedAt" IS NULL THEN NULL ELSE (now() AT TIME ZONE 'UTC') - make_interval(days => $2) END,
              "queuedAt" = (now() AT TIME ZONE 'UTC') - make_interval(days => $2 + 1)
       WHERE id = ANY($1::uuid[])`,
      [ids, days],
    );
  const count = async (sql: string, values: unknown[]): Promise<number> =>
    Number((await env.sql<{ n: string }>(sql, values))[0]?.n ?? 0);
  const exists = (id: string) => count(`SELECT count(*) AS n FROM executions WHERE id = $1`, [id]);
  const eventsOf = async (id: string) =>
    Object.fromEntries(
      (
        await env.sql<{ kind: string; n: string }>(
          `SELECT kind, count(*) AS n FROM execution_event_log WHERE "executionId" = $1 GROUP BY kind`,
          [id],
        )
      ).map((r) => [r.kind, Number(r.n)]),
    );
  /** Waits until a whole pass has run after now: two sentinels aged past every horizon are deleted in turn. */
  const passes = async () => {
    for (let i = 0; i < 2; i++) {
      const id = await done("sentinel");
      await age([id], 400);
      await waitFor(`sentinel ${id} deleted`, async () => (await exists(id)) === 0);
    }
  };

  beforeAll(async () => {
    env = await startEnv({ controlPlaneEnv: GLOBAL });
    const uri = env.script("retained.mjs", script(env.dir));
    for (const t of ["aged", "counted", "forever", "sentinel", "dagnode"]) await defineTask(api(), t, uri);
  });
  afterAll(async () => {
    writeFileSync(join(env.dir, "open"), "");
    await env?.stop();
  });

  it("deletes old ended runs with their events and steps; keeps recent, running and queued ones; expires logs sooner", async () => {
    const [old1, old2, logAged, recent] = [
      await done("aged"),
      await done("aged"),
      await done("aged"),
      await done("aged"),
    ];
    const running = await launch(api(), "aged", { arguments: ["--gate=open"] });
    await untilStatus(api(), running.id, ["RUNNING"]);
    const queued = await launch(api(), "aged", { properties: { pool: "nowhere" } });
    await age([old1, old2, running.id, queued.id], 40);
    await age([logAged], 10);

    await waitFor("old runs deleted", async () => (await exists(old1)) + (await exists(old2)) === 0);
    for (const id of [old1, old2]) {
      expect(await count(`SELECT count(*) AS n FROM execution_event_log WHERE "executionId" = $1`, [id])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM step_executions WHERE "executionId" = $1`, [id])).toBe(0);
      const r = await api().ok<{ execution: unknown }>(`query($id: ID!) { execution(id: $id) { id } }`, { id });
      expect(r.execution).toBeNull();
    }
    // Log lines of the run that ended 10 days ago go (horizon 7 days); the run, its statuses and steps stay.
    await waitFor("log lines expired", async () => !(await eventsOf(logAged)).LOG);
    const kept = await eventsOf(logAged);
    expect(kept.STATUS).toBeGreaterThanOrEqual(4);
    expect(kept.STEP).toBe(2);
    const view = await api().ok<{
      execution: {
        status: string;
        logs: unknown[];
        steps: { name: string; readCount: number }[];
        logsExpiredAt: string | null;
      };
    }>(`query($id: ID!) { execution(id: $id) { status logs { text } steps { name readCount } logsExpiredAt } }`, {
      id: logAged,
    });
    // logsExpiredAt tells "the lines were deleted" from "it printed nothing".
    expect(view.execution).toMatchObject({ status: "COMPLETED", logs: [], steps: [{ name: "work", readCount: 1 }] });
    expect(Date.parse(view.execution.logsExpiredAt ?? "")).toBeGreaterThan(0);
    // Replay skips the gaps and still ends with the terminal status.
    const events = await allEvents(api(), logAged, 10_000);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events.some((e) => e.kind === "LOG")).toBe(false);
    expect(events.at(-1)?.status).toBe("COMPLETED");
    expect(seqs.length).toBeLessThan(seqs.at(-1) ?? 0);

    await passes();
    for (const id of [logAged, recent, running.id, queued.id]) expect(await exists(id), id).toBe(1);
    expect((await eventsOf(recent)).LOG).toBe(2);
    expect((await eventsOf(running.id)).LOG).toBeGreaterThanOrEqual(1);
    const states = await env.sql<{ status: string }>(
      `SELECT status FROM executions WHERE id = ANY($1::uuid[]) ORDER BY status`,
      [[running.id, queued.id]],
    );
    expect(states.map((s) => s.status)).toEqual(["QUEUED", "RUNNING"]);
  });

  it("lets a task's own settings override the global ones", async () => {
    const set = await api().ok<{
      setTaskRetention: { retention: { days: number | null; runs: number | null; effective: Record<string, number> } };
    }>(
      `mutation { setTaskRetention(task: "counted", retention: { runs: 2 }) { retention { days runs effective { days runs logDays } } } }`,
    );
    expect(set.setTaskRetention.retention).toEqual({
      days: null,
      runs: 2,
      effective: { days: 30, runs: 2, logDays: 7 },
    });
    await api().ok(`mutation { setTaskRetention(task: "forever", retention: { days: 0, logDays: 0 }) { name } }`);

    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await done("counted"));
    await waitFor("only the last 2 runs of counted kept", async () => {
      const rows = await env.sql<{ id: string }>(
        `SELECT e.id FROM executions e JOIN task_definitions t ON t.id = e."taskId" WHERE t.name = 'counted'`,
      );
      return (
        rows.length === 2 &&
        rows
          .map((r) => r.id)
          .sort()
          .join() === ids.slice(2).sort().join()
      );
    });

    const forever = await done("forever");
    await age([forever], 400);
    await passes();
    expect(await exists(forever)).toBe(1);
    expect((await eventsOf(forever)).LOG).toBe(2);

    const bad = await api().request(`mutation { setTaskRetention(task: "counted", retention: { runs: -1 }) { name } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain("retention.runs must be a whole number from 0 to 36500");
    const missing = await api().request(`mutation { setTaskRetention(task: "nope", retention: { days: 1 }) { name } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_records WHERE action = 'setTaskRetention' AND target = 'counted'`,
        [],
      ),
    ).toBe(1);
  });

  it("keeps audit records on their own, longer horizon", async () => {
    const rows = await env.sql<{ id: string }>(`SELECT id FROM audit_records ORDER BY at LIMIT 4`);
    const [a, b, c, d] = rows.map((r) => r.id) as [string, string, string, string];
    const back = (ids: string[], days: number) =>
      env.sql(
        `UPDATE audit_records SET at = (now() AT TIME ZONE 'UTC') - make_interval(days => $2) WHERE id = ANY($1::uuid[])`,
        [ids, days],
      );
    await back([a, b], 200);
    await back([c, d], 50); // older than the executions' 30 days, younger than the audit's 100
    await waitFor(
      "old audit records deleted",
      async () => (await count(`SELECT count(*) AS n FROM audit_records WHERE id = ANY($1::uuid[])`, [[a, b]])) === 0,
    );
    await passes();
    expect(await count(`SELECT count(*) AS n FROM audit_records WHERE id = ANY($1::uuid[])`, [[c, d]])).toBe(2);
  });

  it("keeps a DAG run's executions until the DAG run ends, then deletes it whole", async () => {
    await api().ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
      i: { name: "kept-dag", definition: "first: dagnode && second: dagnode --gate=dag-go" },
    });
    const run = (
      await api().ok<{ launchDag: { id: string } }>(`mutation { launchDag(input: { name: "kept-dag" }) { id } }`)
    ).launchDag;
    const node = (nodeId: string) =>
      env.sql<{ id: string; status: string }>(
        `SELECT e.id, e.status FROM dag_node_runs n JOIN executions e ON e.id = n."executionId" WHERE n."dagRunId" = $1 AND n."nodeId" = $2`,
        [run.id, nodeId],
      );
    const second = await waitFor("second node running", async () =>
      (await node("second")).find((n) => n.status === "RUNNING"),
    );
    const first = (await node("first"))[0]!;
    expect(first.status).toBe("COMPLETED");
    await age([first.id], 40);
    await passes();
    expect(await exists(first.id)).toBe(1);

    writeFileSync(join(env.dir, "dag-go"), "");
    await waitFor(
      "DAG run completed",
      async () =>
        (await env.sql<{ status: string }>(`SELECT status FROM dag_runs WHERE id = $1`, [run.id]))[0]?.status ===
        "COMPLETED",
    );
    await env.sql(`UPDATE dag_runs SET "endedAt" = (now() AT TIME ZONE 'UTC') - interval '40 days' WHERE id = $1`, [
      run.id,
    ]);
    await waitFor(
      "DAG run deleted",
      async () => (await count(`SELECT count(*) AS n FROM dag_runs WHERE id = $1`, [run.id])) === 0,
    );
    expect(await count(`SELECT count(*) AS n FROM dag_node_runs WHERE "dagRunId" = $1`, [run.id])).toBe(0);
    expect((await exists(first.id)) + (await exists(second.id))).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM execution_event_log WHERE "executionId" = ANY($1::uuid[])`, [
        [first.id, second.id],
      ]),
    ).toBe(0);
    const gone = await api().ok<{ dagRun: unknown }>(`query($id: ID!) { dagRun(id: $id) { id } }`, { id: run.id });
    expect(gone.dagRun).toBeNull();

    // Schedule fires and trigger events keep the id of a run retention deleted; the API reads it as null.
    await api().ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
      i: { name: "kept-schedule", task: "aged", cron: "0 0 1 1 *", enabled: false },
    });
    await api().ok(`mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { name } }`, {
      i: { name: "kept-trigger", task: "aged" },
    });
    await env.sql(
      `INSERT INTO schedule_fires (id, "scheduleId", "scheduledAt", kind, outcome, "executionId", "dagRunId")
       SELECT gen_random_uuid(), id, now(), 'SCHEDULED', 'STARTED', $1, $2 FROM schedules WHERE name = 'kept-schedule'`,
      [first.id, run.id],
    );
    await env.sql(
      `INSERT INTO trigger_events (id, "triggerId", source, "messageId", outcome, "executionId", "dagRunId")
       SELECT gen_random_uuid(), id, 'HTTP', 'm1', 'STARTED', $1, $2 FROM triggers WHERE name = 'kept-trigger'`,
      [first.id, run.id],
    );
    const links = await api().ok<{
      schedule: { fires: { outcome: string; execution: unknown; dagRun: unknown }[] };
      trigger: { events: { outcome: string; execution: unknown; dagRun: unknown }[] };
    }>(`{ schedule(name: "kept-schedule") { fires { outcome execution { id } dagRun { id } } }
          trigger(name: "kept-trigger") { events { outcome execution { id } dagRun { id } } } }`);
    expect(links.schedule.fires).toEqual([{ outcome: "STARTED", execution: null, dagRun: null }]);
    expect(links.trigger.events).toEqual([{ outcome: "STARTED", execution: null, dagRun: null }]);
  });
});
