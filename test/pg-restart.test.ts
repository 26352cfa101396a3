import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations } from "@baton/db";
import { freePort, type PostgresService, startPostgres } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, waitFor } from "./support/flows.js";

// PostgreSQL killed with -9 (the postmaster) and started again, three times,
// while launches keep coming: the control plane rides it out, answers the
// launches it cannot record with a retryable SERVICE_UNAVAILABLE, and every
// launch it did answer with an id still runs to the end.

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"];
const LAUNCH = `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id status } }`;

interface Outcome {
  phase: number;
  id?: string;
  error?: { message: string; code?: string; retryable?: unknown };
}

describe("a PostgreSQL restart under load", () => {
  let dir: string;
  let port: number;
  let server: PostgresService | undefined;
  let env: TestEnv;
  let cpExit: number | null | undefined;

  const start = async (): Promise<PostgresService> => {
    // The killed postmaster's backends leave on their own shortly; until they have, a start is refused.
    return waitFor(
      "PostgreSQL to start again on its data dir",
      async () => startPostgres({ dataDir: join(dir, "pg"), port }).catch(() => undefined),
      60_000,
    );
  };
  const killPostmaster = (): void => {
    const pid = Number(readFileSync(join(dir, "pg", "data", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    server = undefined;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "baton-pg-restart-"));
    port = await freePort();
    server = await startPostgres({ dataDir: join(dir, "pg"), port });
    await applyMigrations(server.url);
    env = await startEnv({
      databaseUrl: server.url,
      // Runner LOST detection is not what this test is about: the outages are far shorter.
      controlPlaneEnv: { BATON_MIGRATE: "false", BATON_RUNNER_LOST_AFTER_MS: "120000" },
    });
    void env.controlPlanes[0]!.exited.then((code) => {
      cpExit = code;
    });
    await defineTask(env.api[0]!, "quick", env.script("quick.mjs", "console.log('done');\n"));
  });
  afterAll(async () => {
    await env?.stop();
    await server?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers SERVICE_UNAVAILABLE while it is down, never exits, and every answered launch reaches the end", async () => {
    const api = env.api[0]!;
    const outcomes: Outcome[] = [];
    const readErrors: { message: string; extensions?: Record<string, unknown> }[] = [];
    let phase = 0;
    let launching = true;
    const launcher = async () => {
      while (launching) {
        const at = phase;
        let outcome: Outcome;
        try {
          const result = await api.request<{ launchTask: { id: string } }>(LAUNCH, { i: { task: "quick" } });
          const error = result.errors?.[0];
          outcome = error
            ? {
                phase: at,
                error: { message: error.message, code: error.extensions?.code, retryable: error.extensions?.retryable },
              }
            : { phase: at, id: result.data?.launchTask.id as string };
        } catch (err) {
          outcome = { phase: at, error: { message: `no answer: ${(err as Error).message}` } };
        }
        outcomes.push(outcome);
        // A client told to retry backs off a little before it does.
        if (outcome.error) await new Promise((r) => setTimeout(r, 100));
      }
    };
    // Two launchers keep the control plane's pools busy while the postmaster dies.
    const launchers = [launcher(), launcher()];
    const count = (p: number, what: "id" | "error") => {
      if (cpExit !== undefined) throw new Error(`the control plane exited (code ${cpExit}) in phase ${phase}`);
      return outcomes.filter((o) => o.phase === p && o[what]).length;
    };
    try {
      for (let kill = 1; kill <= 3; kill++) {
        await waitFor(`launches to succeed before kill ${kill}`, async () => count(phase, "id") >= 5, 60_000);
        phase++; // the outage
        killPostmaster();
        await waitFor(`a launch to be refused during outage ${kill}`, async () => count(phase, "error") >= 1, 60_000);
        // Reads through Prisma's pool are refused the same way.
        const read = await api.request(`{ executions(first: 1) { edges { node { id } } } }`);
        readErrors.push(...(read.errors ?? [{ message: "answered while the database was down" }]));
        server = await start();
        phase++; // back
        await waitFor(`launches to succeed after restart ${kill}`, async () => count(phase, "id") >= 3, 60_000);
      }
    } finally {
      launching = false;
      await Promise.all(launchers);
    }

    expect(cpExit).toBeUndefined();
    expect(env.controlPlanes[0]!.process.exitCode).toBeNull();
    const errors = outcomes.filter((o) => o.error).map((o) => o.error);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const error of errors) {
      expect(error).toEqual({
        message: "The database is unavailable; retry in a few seconds.",
        code: "SERVICE_UNAVAILABLE",
        retryable: true,
      });
    }

    expect(readErrors).toHaveLength(3);
    for (const error of readErrors) {
      expect(error).toMatchObject({
        message: "The database is unavailable; retry in a few seconds.",
        extensions: { code: "SERVICE_UNAVAILABLE", retryable: true },
      });
    }

    // Nothing answered with an id vanishes: each one ends, and the control plane goes on.
    const ids = outcomes.filter((o) => o.id).map((o) => o.id as string);
    const final = await waitFor(
      `all ${ids.length} answered launches to end`,
      async () => {
        const rows = await env.sql<{ id: string; status: string }>(
          `SELECT id, status FROM executions WHERE id = ANY($1)`,
          [ids],
        );
        return rows.length === ids.length && rows.every((r) => TERMINAL.includes(r.status)) ? rows : undefined;
      },
      120_000,
    );
    const status = new Map(final.map((r) => [r.id, r.status]));
    const afterLast = outcomes.filter((o) => o.phase === phase && o.id).map((o) => status.get(o.id as string));
    expect(afterLast.length).toBeGreaterThanOrEqual(3);
    expect(new Set(afterLast)).toEqual(new Set(["COMPLETED"]));
    expect(final.filter((r) => r.status !== "COMPLETED")).toEqual([]);

    const again = await api.ok<{ launchTask: { id: string } }>(LAUNCH, { i: { task: "quick" } });
    await waitFor("a launch after the restarts to complete", async () => {
      const [row] = await env.sql<{ status: string }>(`SELECT status FROM executions WHERE id = $1`, [
        again.launchTask.id,
      ]);
      return row?.status === "COMPLETED";
    });
  }, 600_000);

  it("refuses a relaunch while PostgreSQL is down, writes nothing, and relaunches with the launch's properties once it is back", async () => {
    const api = env.api[0]!;
    const RELAUNCH = `mutation($i: RelaunchExecutionInput!) { relaunchExecution(input: $i) { id } }`;
    const first = await api.ok<{ launchTask: { id: string } }>(LAUNCH, {
      i: { task: "quick", arguments: ["again"], properties: { env: { REGION: "eu" } } },
    });
    const ended = async (id: string) =>
      waitFor(`${id} to complete`, async () => {
        const [row] = await env.sql<{ status: string }>(`SELECT status FROM executions WHERE id = $1`, [id]);
        return row?.status === "COMPLETED";
      });
    await ended(first.launchTask.id);
    const relaunches = async () =>
      (
        await env.sql<{ n: number }>(`SELECT count(*)::int AS n FROM executions WHERE origin->>'relaunchOf' = $1`, [
          first.launchTask.id,
        ])
      )[0]!.n;

    killPostmaster();
    const refused = await api.request(RELAUNCH, { i: { id: first.launchTask.id } });
    expect(refused.errors?.[0]).toMatchObject({
      message: "The database is unavailable; retry in a few seconds.",
      extensions: { code: "SERVICE_UNAVAILABLE", retryable: true },
    });
    server = await start();
    expect(await relaunches()).toBe(0);

    const again = await waitFor("a relaunch once PostgreSQL is back", async () => {
      const r = await api.request<{ relaunchExecution: { id: string } }>(RELAUNCH, { i: { id: first.launchTask.id } });
      return r.data?.relaunchExecution.id;
    });
    await ended(again);
    expect(await relaunches()).toBe(1);
    const [row] = await env.sql<{ arguments: string[]; launchProperties: unknown }>(
      `SELECT arguments, "launchProperties" FROM executions WHERE id = $1`,
      [again],
    );
    expect(row).toEqual({ arguments: ["again"], launchProperties: { env: { REGION: "eu" } } });
  }, 180_000);
});
