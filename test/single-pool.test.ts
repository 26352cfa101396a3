import { randomBytes, randomUUID } from "node:crypto";
import { createPrisma, type PrismaClient } from "@baton/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPool } from "../services/control-plane/src/store/pool.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, launch, statuses } from "./support/flows.js";
import { cloneTemplate } from "./support/global-setup.js";

// One pool per process (issue 15): Prisma runs over the control plane's node-postgres pool, whose sessions are
// in UTC and whose timestamp parser reads UTC. What Prisma reads and writes must not change with it.
describe("Prisma over the control plane's pool", () => {
  const adminUrl = inject("pgAdminUrl");
  const dbName = `baton_pool_${randomBytes(4).toString("hex")}`;
  const savedTz = process.env.TZ;
  let url: string;
  let shared: pg.Pool;
  let own: pg.Pool;
  let prisma: PrismaClient;
  let before: PrismaClient;

  beforeAll(async () => {
    url = await cloneTemplate(adminUrl, inject("templateDb"), dbName);
    // Neither the server's sessions nor this process in UTC: a value that depended on either would show.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${dbName} SET timezone TO 'Asia/Kolkata'`);
    await admin.end();
    process.env.TZ = "America/Los_Angeles";
    shared = createPool(url, 2, () => undefined, "baton-pool-test");
    prisma = createPrisma(shared);
    // Prisma as it ran before: a pool of its own with the server's session defaults.
    own = new pg.Pool({ connectionString: url, max: 1 });
    before = createPrisma(own);
  });

  afterAll(async () => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
    await Promise.all([prisma?.$disconnect(), before?.$disconnect()]);
    await Promise.all([shared?.end(), own?.end()]);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  const row = (id: string, at?: Date) => ({ id, actor: "test", action: "pool", correlationId: id, input: {}, at });

  it("reads back what node-postgres and Prisma (over either pool) wrote, as the same instant, stored as UTC wall time", async () => {
    expect(new Date(Date.UTC(2026, 2, 8, 10)).getTimezoneOffset()).not.toBe(0);
    const written = {
      prismaShared: { id: randomUUID(), at: new Date("2026-03-08T09:59:59.123Z") },
      prismaOwn: { id: randomUUID(), at: new Date("2026-03-08T10:00:00.456Z") },
      pgShared: { id: randomUUID(), at: new Date("2026-11-01T08:30:00.789Z") },
    };
    await prisma.auditRecord.create({ data: row(written.prismaShared.id, written.prismaShared.at) });
    await before.auditRecord.create({ data: row(written.prismaOwn.id, written.prismaOwn.at) });
    await shared.query(
      `INSERT INTO audit_records (id, at, actor, action, "correlationId", input) VALUES ($1, $2, 'test', 'pool', $3, '{}')`,
      [written.pgShared.id, written.pgShared.at, written.pgShared.id],
    );

    for (const { id, at } of Object.values(written)) {
      const wall = at.toISOString().replace("T", " ").replace("Z", "");
      const { rows } = await own.query<{ text: string }>(`SELECT at::text AS text FROM audit_records WHERE id = $1`, [
        id,
      ]);
      expect(rows[0]?.text, `stored as UTC wall time (${id})`).toBe(wall);
      const viaPg = await shared.query<{ at: Date }>(`SELECT at FROM audit_records WHERE id = $1`, [id]);
      expect(viaPg.rows[0]?.at.toISOString()).toBe(at.toISOString());
      expect((await prisma.auditRecord.findUniqueOrThrow({ where: { id } })).at.toISOString()).toBe(at.toISOString());
      expect((await before.auditRecord.findUniqueOrThrow({ where: { id } })).at.toISOString()).toBe(at.toISOString());
    }
  });

  it("gives a defaulted DateTime the current instant, whether Prisma fills it or the column default on the pool does", async () => {
    const byPrisma = randomUUID();
    const byDefault = randomUUID();
    const from = Date.now();
    await prisma.auditRecord.create({ data: row(byPrisma) });
    await shared.query(
      `INSERT INTO audit_records (id, actor, action, "correlationId", input) VALUES ($1, 'test', 'pool', $2, '{}')`,
      [byDefault, byDefault],
    );
    const to = Date.now();
    for (const id of [byPrisma, byDefault]) {
      const viaPrisma = (await prisma.auditRecord.findUniqueOrThrow({ where: { id } })).at;
      const viaPg = (await shared.query<{ at: Date }>(`SELECT at FROM audit_records WHERE id = $1`, [id])).rows[0]?.at;
      expect(viaPg?.toISOString()).toBe(viaPrisma.toISOString());
      // Clocks of one machine; a session time zone applied anywhere would be hours off.
      expect(viaPrisma.getTime(), id).toBeGreaterThanOrEqual(from - 1000);
      expect(viaPrisma.getTime(), id).toBeLessThanOrEqual(to + 1000);
    }
  });

  it("runs a Prisma transaction and node-postgres queries on the same bounded set of connections", async () => {
    const pids = new Set<number>();
    const backendPid = `SELECT pg_backend_pid() AS pid`;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        await prisma.$transaction(async (tx) => {
          const [r] = await tx.$queryRawUnsafe<{ pid: number }[]>(backendPid);
          if (r) pids.add(r.pid);
        });
        const { rows } = await shared.query<{ pid: number }>(backendPid);
        if (rows[0]) pids.add(rows[0].pid);
      }),
    );
    expect(pids.size).toBeGreaterThan(0);
    expect(pids.size).toBeLessThanOrEqual(2);
    expect(shared.totalCount).toBeLessThanOrEqual(2);
  });
});

describe("the control plane's connections", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ controlPlaneEnv: { BATON_DB_POOL: "3" } });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("are at most BATON_DB_POOL for Prisma's and node-postgres's queries together, besides the leader's own", async () => {
    const file = env.script("ok.sh", "#!/bin/sh\nexit 0\n");
    const api = env.api[0]!;
    await defineTask(api, "pool-ok", file);
    // Prisma-backed reads and mutations and node-postgres launches, many at once, so the pool fills.
    const runs = await Promise.all(Array.from({ length: 12 }, () => launch(api, "pool-ok")));
    const [ended] = await Promise.all([
      Promise.all(runs.map((r) => allEvents(api, r.id))),
      ...Array.from({ length: 12 }, (_, i) =>
        api.ok(`mutation($n: String!) { createTask(input: { name: $n, app: "pool-ok-app" }) { name } }`, {
          n: `pool-extra-${i}`,
        }),
      ),
      ...Array.from({ length: 12 }, () => api.ok(`{ tasks { name } apps { name } }`)),
    ]);
    for (const events of ended) expect(statuses(events).at(-1)).toBe("COMPLETED");
    const rows = await env.sql<{ name: string; n: number }>(
      `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`,
    );
    const names = Object.fromEntries(rows.map((r) => [r.name, r.n]));
    const instance = Object.keys(names).find((n) => n.startsWith("baton-control-plane "));
    expect(instance, JSON.stringify(names)).toBeDefined();
    // Filled to its size under that load (idle connections stay for 10 s), and never past it.
    expect(names[instance as string]).toBe(3);
    const leader = Object.keys(names).filter((n) => n.startsWith("baton-leader "));
    expect(leader).toHaveLength(1);
    // Nothing else: no second pool (Prisma's own, before, had no name).
    expect(Object.keys(names).sort()).toEqual([instance, ...leader].sort());
  });
});
