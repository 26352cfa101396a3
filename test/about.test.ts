import { createRequire } from "node:module";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import type { GraphQLClient } from "./support/graphql.js";

// The console's About page: two real control planes on one Postgres and
// NATS find each other by scatter-gather on <prefix>.ctl.about; each lists
// itself first, the leader is the one holding the lock in Postgres, and the
// database and NATS are told without their credentials.

interface ControlPlaneShape {
  instance: string;
  version: string;
  hostname: string;
  pid: number;
  startedAt: string;
  leader: boolean;
}
interface AboutShape {
  version: string;
  controlPlanes: ControlPlaneShape[];
  database: { version: string; host: string; port: number | null; name: string };
  nats: { version: string; serverName: string; jetStream: boolean; url: string };
}

const ABOUT = `{ about { version
  controlPlanes { instance version hostname pid startedAt leader }
  database { version host port name }
  nats { version serverName jetStream url } } }`;

const VERSION = (createRequire(import.meta.url)("@baton/control-plane/package.json") as { version: string }).version;

const about = async (api: GraphQLClient): Promise<AboutShape> => (await api.ok<{ about: AboutShape }>(ABOUT)).about;

/** What the polls wait for: who answered, in order, and who says it leads. */
const roster = (a: AboutShape) => ({
  instances: a.controlPlanes.map((c) => c.instance),
  leaders: a.controlPlanes.filter((c) => c.leader).map((c) => c.instance),
});

describe("about, with two control planes", () => {
  let env: TestEnv;
  let instances: [string, string];
  let beforeStart: number;
  let afterStart: number;

  beforeAll(async () => {
    beforeStart = Date.now();
    env = await startEnv({ controlPlanes: 2, runners: 0 });
    afterStart = Date.now();
    // env.ts names instance i `cp<i>-<id>` and the prefix `t<id>`.
    const id = env.prefix.slice(1);
    instances = [`cp0-${id}`, `cp1-${id}`];
  });
  afterAll(() => env?.stop());

  /** The instance whose leader connection holds the advisory lock in this test's database. */
  const lockHolder = async (): Promise<string | undefined> => {
    const rows = await env.sql<{ app: string }>(
      `SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0]?.app.replace(/^baton-leader /, "");
  };

  it("lists both instances on either, itself first, and exactly one leader: the lock's holder", async () => {
    for (const [i, api] of env.api.entries()) {
      const self = instances[i] as string;
      const other = instances[1 - i] as string;
      // Wait until a leader is elected and both answer.
      await expect
        .poll(async () => roster(await about(api)).leaders.length, { timeout: 15_000, interval: 100 })
        .toBe(1);
      const a = await about(api);
      expect(roster(a).instances).toEqual([self, other]);
      expect(new Set(a.controlPlanes.map((c) => c.instance)).size).toBe(2);
      expect(roster(a).leaders).toEqual([await lockHolder()]);
      for (const [j, c] of a.controlPlanes.entries()) {
        const child = env.controlPlanes[instances.indexOf(c.instance)];
        expect(c.pid, c.instance).toBe(child?.process.pid);
        expect(c.version).toBe(VERSION);
        expect(c.hostname).toBe(hostname());
        // When its process started: after the test began, before the env was up (never "now").
        const started = Date.parse(c.startedAt);
        expect(started, `${j}: ${c.startedAt}`).toBeGreaterThanOrEqual(beforeStart - 1000);
        expect(started, `${j}: ${c.startedAt}`).toBeLessThanOrEqual(afterStart);
      }
      expect(a.version).toBe(VERSION);
    }
  });

  it("tells the database and NATS by address and version, never their credentials", async () => {
    const a = await about(env.api[0] as GraphQLClient);
    const [{ v } = { v: "" }] = await env.sql<{ v: string }>("SELECT current_setting('server_version') AS v");
    expect(a.database.version).toMatch(/^PostgreSQL \d+/);
    expect(a.database.version).toBe(`PostgreSQL ${v}`);
    const db = new URL(env.databaseUrl);
    expect(a.database).toMatchObject({
      host: db.hostname,
      port: db.port ? Number(db.port) : null,
      name: db.pathname.slice(1),
    });
    expect(a.database.host).toMatch(/^[\w.-]+$/);

    const nats = new URL(env.natsUrl);
    expect(a.nats.jetStream).toBe(true);
    expect(a.nats.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(a.nats.serverName).not.toBe("");
    expect(a.nats.url).toMatch(/^[\w.-]+:\d+$/);
    expect(a.nats.url).toBe(nats.host);

    for (const url of [db, nats]) {
      for (const secret of [url.password, decodeURIComponent(url.password)].filter((s) => s !== "")) {
        expect(JSON.stringify(a.database), "database").not.toContain(secret);
        expect(JSON.stringify(a.nats), "nats").not.toContain(secret);
      }
    }
    expect(JSON.stringify(a)).not.toMatch(/@|:\/\//);
  });

  it("lists only itself, now the leader, once the other control plane has stopped", async () => {
    const leader = await lockHolder();
    // Stop the leader, so the survivor's `leader` must change as well as its list.
    const gone = instances.indexOf(leader as string);
    expect(gone).toBeGreaterThanOrEqual(0);
    const survivor = 1 - gone;
    await env.controlPlanes[gone]?.stop(5000);
    await expect
      .poll(async () => roster(await about(env.api[survivor] as GraphQLClient)), { timeout: 15_000, interval: 100 })
      .toEqual({ instances: [instances[survivor]], leaders: [instances[survivor]] });
  });
});
