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
});
