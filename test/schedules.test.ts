import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ControlPlaneService, startCluster } from "./support/cluster.js";
import { defineTask, waitFor } from "./support/flows.js";
import { type GraphQLClient, graphqlClient } from "./support/graphql.js";

/**
 * Schedules fire each fire time exactly once across control planes, a killed
 * leader is replaced, overlap and misfire policies hold, and backfills never
 * start a fire time twice. Real control planes, runners, Postgres and NATS
 * (a cluster of its own, so control planes can be killed and restarted).
 */
let cluster: Cluster;
let apis: GraphQLClient[];

const MISFIRE_GRACE_MS = 1500;

beforeAll(async () => {
  cluster = await startCluster({
    controlPlanes: 2,
    runners: 1,
    controlPlaneEnv: { BATON_MISFIRE_GRACE_MS: String(MISFIRE_GRACE_MS) },
    runnerEnv: { RUNNER_CAPACITY: "16" },
  });
  apis = cluster.controlPlanes.map((cp) => graphqlClient(cp.url));
  const quick = join(cluster.dir, "quick.sh");
  writeFileSync(quick, `#!/bin/sh\necho "scheduled=$BATON_SCHEDULED_TIME"\n`, { mode: 0o755 });
  const slow = join(cluster.dir, "slow.sh");
  writeFileSync(slow, `#!/bin/sh\nsleep 2.5\n`, { mode: 0o755 });
  await defineTask(apis[0]!, "quick", `file://${quick}`);
  await defineTask(apis[0]!, "slow", `file://${slow}`);
}, 180_000);

afterAll(async () => {
  for (const a of apis ?? []) await a.close();
  await cluster?.stop();
});

const api = (): GraphQLClient => {
  const i = cluster.controlPlanes.findIndex((cp) => cp.up);
  return apis[i] as GraphQLClient;
};

interface FireRow {
  scheduledAt: Date;
  kind: string;
  outcome: string;
  executionId: string | null;
  reason: string | null;
}

const fires = (name: string): Promise<FireRow[]> =>
  cluster.sql<FireRow>(
    `SELECT f."scheduledAt", f.kind, f.outcome, f."executionId", f.reason FROM schedule_fires f
     JOIN schedules s ON s.id = f."scheduleId" WHERE s.name = $1 ORDER BY f."scheduledAt"`,
    [name],
  );

const createSchedule = (input: Record<string, unknown>) =>
  api().ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name nextFireAt } }`, { i: input });

const pause = (name: string) =>
  api().ok(`mutation($i: UpdateScheduleInput!) { updateSchedule(input: $i) { enabled } }`, {
    i: { name, enabled: false },
  });

async function leaderOf(cps: ControlPlaneService[]): Promise<ControlPlaneService> {
  return waitFor("a leader", async () => {
    for (const cp of cps) {
      if (!cp.up) continue;
      const res = await fetch(cp.url.replace(/\/graphql$/, "/healthz")).catch(() => undefined);
      if (res?.ok && ((await res.json()) as { leader?: boolean }).leader) return cp;
    }
    return undefined;
  });
}

/** Executions per fire time of a schedule, counted from the executions themselves (origin), not the fires. */
const runsPerFireTime = (name: string) =>
  cluster.sql<{ at: string; n: string }>(
    `SELECT origin->>'scheduledTime' AS at, count(*) AS n FROM executions
     WHERE "originKind" = 'SCHEDULE' AND "originName" = $1 GROUP BY 1`,
    [name],
  );

describe("schedules", () => {
  it("fire every second exactly once with two control planes, and a killed leader is replaced", async () => {
    await createSchedule({ name: "every-second", task: "quick", cron: "* * * * * *" });
    const first = await leaderOf(cluster.controlPlanes);
    await waitFor("8 fires", async () => (await fires("every-second")).length >= 8, 30_000);
    await first.kill9();
    const second = await leaderOf(cluster.controlPlanes);
    expect(second).not.toBe(first);
    const killedAt = Date.now();
    await waitFor(
      "fires after the failover",
      async () => (await fires("every-second")).some((f) => f.scheduledAt.getTime() > killedAt + 8000),
      30_000,
    );
    await pause("every-second");
    const rows = (await fires("every-second")).filter((f) => f.outcome !== "PAUSED");
    // Every second from the first fire to the last one, once each, each with one run.
    const seconds = rows.map((f) => f.scheduledAt.getTime());
    expect(seconds.length).toBeGreaterThanOrEqual(16);
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBe(1000);
    expect(rows.every((f) => f.outcome === "STARTED" && f.executionId)).toBe(true);
    const perTime = await runsPerFireTime("every-second");
    expect(perTime.length).toBe(rows.length);
    expect(perTime.every((r) => Number(r.n) === 1)).toBe(true);
    await first.start();
  }, 90_000);

  const runsOf = (name: string) =>
    cluster.sql<{ id: string; queuedAt: Date; endedAt: Date | null; status: string; at: string }>(
      `SELECT id, "queuedAt", "endedAt", status, origin->>'scheduledTime' AS at FROM executions
       WHERE "originKind" = 'SCHEDULE' AND "originName" = $1 ORDER BY "queuedAt"`,
      [name],
    );

  /** Each run was queued only after the previous one had ended. */
  const expectNoOverlap = (runs: { queuedAt: Date; endedAt: Date | null }[]) => {
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i - 1]!.endedAt).not.toBeNull();
      expect(runs[i]!.queuedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.endedAt!.getTime());
    }
  };

  it("overlap SKIP records the fires that came while a longer run was active and starts none of them", async () => {
    await createSchedule({ name: "skip-overlap", task: "slow", cron: "* * * * * *", overlap: "SKIP" });
    await waitFor(
      "two started and three skipped fires",
      async () => {
        const f = await fires("skip-overlap");
        return (
          f.filter((x) => x.outcome === "STARTED").length >= 2 && f.filter((x) => x.outcome === "SKIPPED").length >= 3
        );
      },
      30_000,
    );
    await pause("skip-overlap");
    const runs = await waitFor("the last run to end", async () => {
      const r = await runsOf("skip-overlap");
      return r.every((x) => x.endedAt) ? r : undefined;
    });
    expectNoOverlap(runs);
    const rows = await fires("skip-overlap");
    expect(rows.filter((f) => f.outcome === "SKIPPED").every((f) => f.reason?.includes("overlap SKIP"))).toBe(true);
    expect(rows.filter((f) => f.outcome === "STARTED").length).toBe(runs.length);
  }, 60_000);

  it("overlap QUEUE starts each fire after the previous run ends, in fire-time order", async () => {
    await createSchedule({ name: "queue-overlap", task: "slow", cron: "* * * * * *", overlap: "QUEUE" });
    await waitFor(
      "fires waiting behind a run",
      async () => (await fires("queue-overlap")).filter((f) => f.outcome === "WAITING").length >= 2,
      30_000,
    );
    await pause("queue-overlap");
    // Pausing stops new fires; the waiting ones still start, one after another.
    const rows = await waitFor(
      "the waiting fires to start",
      async () => {
        const f = await fires("queue-overlap");
        return f.some((x) => x.outcome === "WAITING") ? undefined : f;
      },
      40_000,
    );
    const started = rows.filter((f) => f.outcome === "STARTED");
    expect(started.length).toBeGreaterThanOrEqual(3);
    const runs = await waitFor(
      "the last run to end",
      async () => {
        const r = await runsOf("queue-overlap");
        return r.length === started.length && r.every((x) => x.endedAt) ? r : undefined;
      },
      20_000,
    );
    expectNoOverlap(runs);
    // Runs in the order of their fire times.
    const order = runs.map((r) => new Date(r.at).getTime());
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runs.every((r) => r.status === "COMPLETED")).toBe(true);
  }, 90_000);

  it("misfires after every control plane was down: RUN_ONCE starts one run for them, SKIP none", async () => {
    await createSchedule({ name: "misfire-once", task: "quick", cron: "* * * * * *", misfire: "RUN_ONCE" });
    await createSchedule({ name: "misfire-skip", task: "quick", cron: "* * * * * *", misfire: "SKIP" });
    await waitFor(
      "both to fire",
      async () => (await fires("misfire-once")).length > 0 && (await fires("misfire-skip")).length > 0,
      20_000,
    );
    for (const cp of cluster.controlPlanes) if (cp.up) await cp.kill9();
    const downAt = Date.now();
    // What is tested is the downtime itself: every control plane down across at least three fire
    // times beyond the grace. With none running, nothing but the clock can say when that is reached.
    await waitFor("time to pass", async () => Date.now() - downAt > MISFIRE_GRACE_MS + 4000, 20_000);
    const upAt = Date.now();
    await cluster.controlPlanes[0]!.start();
    await waitFor(
      "fires after the restart",
      async () =>
        (await fires("misfire-once")).some((f) => f.scheduledAt.getTime() > upAt + 2000) &&
        (await fires("misfire-skip")).some((f) => f.scheduledAt.getTime() > upAt + 2000),
      30_000,
    );
    await pause("misfire-once");
    await pause("misfire-skip");
    for (const name of ["misfire-once", "misfire-skip"]) {
      const rows = (await fires(name)).filter((f) => f.outcome !== "PAUSED");
      const seconds = rows.map((f) => f.scheduledAt.getTime());
      for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBe(1000);
      const missed = rows.filter((f) => f.kind === "MISFIRE");
      expect(missed.length).toBeGreaterThanOrEqual(3);
      const started = missed.filter((f) => f.outcome === "STARTED");
      if (name === "misfire-once") {
        expect(started.length).toBe(1);
        expect(started[0]).toBe(missed.at(-1));
        expect(started[0]!.reason).toContain(`one run for ${missed.length} missed fire times`);
        expect(missed.slice(0, -1).every((f) => f.outcome === "MISSED")).toBe(true);
      } else {
        expect(started.length).toBe(0);
        expect(missed.every((f) => f.outcome === "MISSED")).toBe(true);
      }
      expect(rows.filter((f) => f.kind === "SCHEDULED").every((f) => f.outcome === "STARTED")).toBe(true);
    }
    await cluster.controlPlanes[1]!.start();
  }, 90_000);

  it("a task a schedule starts cannot be deleted until the schedule is gone", async () => {
    await defineTask(api(), "idle", `file://${join(cluster.dir, "quick.sh")}`);
    await createSchedule({ name: "idle-yearly", task: "idle", cron: "@yearly", enabled: false });
    const res = await api().request<{ deleteTask: boolean }>(`mutation { deleteTask(name: "idle") }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(res.errors?.[0]?.message).toBe(
      "Task idle is started by schedule(s) idle-yearly; delete them or point them at another task first.",
    );
    const [task] = await cluster.sql<{ liveName: string | null }>(
      `SELECT "liveName" FROM task_definitions WHERE name = 'idle'`,
    );
    expect(task?.liveName).toBe("idle");
    await api().ok(`mutation { deleteSchedule(name: "idle-yearly") }`);
    await api().ok(`mutation { deleteTask(name: "idle") }`);
  });
});
