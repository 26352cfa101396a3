import { hostname } from "node:os";
import { join } from "node:path";
import { createPrisma } from "@baton/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistryLoaders } from "../services/control-plane/src/graphql/registry-loaders.js";
import { RegistryService, versionUses } from "../services/control-plane/src/services/registry.service.js";
import { startEnv, type TestEnv } from "./support/env.js";
import type { GraphQLClient } from "./support/graphql.js";

// AppVersion.warnings and AppVersion.tasks against a real control plane and
// one local runner: the file is looked for on this host (the control plane's),
// the docker: image has no runner that can run it, and the tasks on a version
// are read from their release history.

interface Warning {
  code: string;
  message: string;
}
interface Use {
  task: string;
  revisions: number[];
  current: boolean;
}

const root = join(new URL(".", import.meta.url).pathname, "..");

const register = async (api: GraphQLClient, name: string, version: string, uri: string): Promise<Warning[]> =>
  (
    await api.ok<{ registerApp: { warnings: Warning[] } }>(
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { warnings { code message } } }`,
      { i: { name, version, uri } },
    )
  ).registerApp.warnings;

const versionsOf = async (api: GraphQLClient, app: string) =>
  (
    await api.ok<{ app: { versions: { version: string; warnings: Warning[]; tasks: Use[] }[] } }>(
      `query($n: String!) { app(name: $n) { versions { version warnings { code message } tasks { task revisions current } } } }`,
      { n: app },
    )
  ).app.versions;

describe("registry warnings and the tasks on a version", () => {
  let env: TestEnv;
  let api: GraphQLClient;
  beforeAll(async () => {
    env = await startEnv();
    api = env.api[0]!;
  });
  afterAll(() => env?.stop());

  it("MISSING_FILE names the path and the host it was looked for on", async () => {
    const path = join(env.dir, "not-there", "job.mjs");
    const warnings = await register(api, "ghost", "1.0.0", `file://${path}`);
    expect(warnings.map((w) => w.code)).toEqual(["MISSING_FILE"]);
    expect(warnings[0]?.message).toContain(path);
    expect(warnings[0]?.message).toContain(hostname());
    expect(warnings[0]?.message).toContain("on its own host");
    // A directory is not a program either.
    const dir = await register(api, "ghost", "1.0.1", `file://${env.dir}`);
    expect(dir[0]?.message).toContain("is a directory, not a program");
  });

  it("NOT_SEMVER for a version like nightly", async () => {
    const warnings = await register(api, "nightly-app", "nightly", env.script("nightly.mjs", "console.log(1)\n"));
    expect(warnings.map((w) => w.code)).toEqual(["NOT_SEMVER"]);
    expect(warnings[0]?.message).toContain("MAJOR.MINOR.PATCH");
  });

  it("NO_RUNNER for a docker: image while only a local runner is live", async () => {
    const warnings = await register(api, "boxed", "1.0.0", "docker:registry.example/jobs/boxed:1.0.0");
    expect(warnings.map((w) => w.code)).toEqual(["NO_RUNNER"]);
    expect(warnings[0]?.message).toContain("the live runners are 1 local");
    expect(warnings[0]?.message).toContain("RUNNER_PLATFORM=docker");
  });

  it("nothing for an example program with a semver", async () => {
    const uri = `file://${join(root, "examples", "statistics.mjs")}`;
    expect(await register(api, "statistics", "1.2.3", uri)).toEqual([]);
    const [listed] = await versionsOf(api, "statistics");
    expect(listed?.warnings).toEqual([]);
    expect(listed?.tasks).toEqual([]);
  });

  it("tasks: which revisions of which live task use each version", async () => {
    for (const v of ["1.0.0", "2.0.0"]) await register(api, "export-app", v, env.script(`export-${v}.mjs`, "\n"));
    for (const task of ["zeta", "alpha"]) {
      await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
        i: { name: task, app: "export-app", version: "1.0.0" },
      });
    }
    await api.ok(`mutation { upgradeTask(input: { task: "alpha", version: "2.0.0" }) { revision } }`);
    const versions = await versionsOf(api, "export-app");
    const uses = Object.fromEntries(versions.map((v) => [v.version, v.tasks]));
    expect(uses["1.0.0"]).toEqual([
      { task: "alpha", revisions: [1], current: false },
      { task: "zeta", revisions: [1], current: true },
    ]);
    expect(uses["2.0.0"]).toEqual([{ task: "alpha", revisions: [2], current: true }]);
    // unregisterAppVersion asks the same question: 2.0.0 is alpha's current release.
    const refused = await api.request(
      `mutation { unregisterAppVersion(input: { name: "export-app", version: "2.0.0" }) }`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(refused.errors?.[0]?.extensions?.tasks).toEqual(["alpha"]);
    // A deleted task no longer counts.
    await api.ok(`mutation { deleteTask(name: "zeta") }`);
    const after = Object.fromEntries((await versionsOf(api, "export-app")).map((v) => [v.version, v.tasks]));
    expect(after["1.0.0"]).toEqual([{ task: "alpha", revisions: [1], current: false }]);
  });

  it("the apps list reads each kind once for all its apps, and answers as one app at a time does", async () => {
    const apps = Array.from({ length: 12 }, (_, i) => `batch-${String(i).padStart(2, "0")}`);
    for (const [i, app] of apps.entries()) {
      for (const v of ["1.0.0", "1.1.0", "1.2.0"]) await register(api, app, v, env.script(`${app}-${v}.mjs`, "\n"));
      await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
        i: { name: `${app}-a`, app, version: "1.0.0" },
      });
      if (i % 2 === 0)
        await api.ok(`mutation($t: String!) { upgradeTask(input: { task: $t, version: "1.1.0" }) { revision } }`, {
          t: `${app}-a`,
        });
      if (i % 3 === 0) {
        await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
          i: { name: `${app}-b`, app, version: "1.1.0" },
        });
      }
    }
    await api.ok(`mutation { unregisterAppVersion(input: { name: "batch-01", version: "1.2.0" }) }`);
    await api.ok(`mutation { deleteTask(name: "batch-03-b") }`);

    // The list (every app at once) and the same fields asked of one app at a time: the same answer.
    const fields = "name defaultVersion { version } versions { version app { name } tasks { task revisions current } }";
    const list = (await api.ok<{ apps: { name: string }[] }>(`query { apps(search: "batch-") { ${fields} } }`)).apps;
    const one = [];
    for (const app of apps)
      one.push((await api.ok<{ app: unknown }>(`query($n: String!) { app(name: $n) { ${fields} } }`, { n: app })).app);
    expect(list).toEqual(one);
    expect(list.map((a) => a.name)).toEqual(apps);
    expect(list[1]).toMatchObject({ versions: [{ version: "1.0.0" }, { version: "1.1.0" }] });
    expect(list[0]).toMatchObject({
      versions: [
        { version: "1.0.0", tasks: [{ task: "batch-00-a", revisions: [1], current: false }] },
        {
          version: "1.1.0",
          tasks: [
            { task: "batch-00-a", revisions: [2], current: true },
            { task: "batch-00-b", revisions: [1], current: true },
          ],
        },
        { version: "1.2.0", tasks: [] },
      ],
    });
    expect(list[3]).toMatchObject({ versions: [{}, { version: "1.1.0", tasks: [] }, {}] });

    // The loaders over a counting registry: one read per kind for every app and version asked in one tick.
    const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
    const db = createPrisma(pool);
    try {
      const calls: string[] = [];
      class Counting extends RegistryService {
        override versionsOfApps(ids: readonly string[]) {
          calls.push(`versionsOfApps:${ids.length}`);
          return super.versionsOfApps(ids);
        }
        override usesOfVersions(ids: readonly string[]) {
          calls.push(`usesOfVersions:${ids.length}`);
          return super.usesOfVersions(ids);
        }
      }
      const loaders = createRegistryLoaders(new Counting(db));
      const rows = await db.app.findMany({ where: { name: { in: apps } }, orderBy: { name: "asc" } });
      const versions = (await Promise.all(rows.map((app) => loaders.versionsOfApp.load(app.id)))).flat();
      const uses = await Promise.all(versions.map((v) => loaders.uses.load(v.id)));
      expect(versions).toHaveLength(12 * 3 - 1);
      expect(calls).toEqual(["versionsOfApps:12", `usesOfVersions:${versions.length}`]);
      // Each version's uses as unregisterAppVersion reads them, one version at a time.
      for (const [i, v] of versions.entries()) expect(uses[i]).toEqual(await versionUses(db, v.id));
    } finally {
      await db.$disconnect();
      await pool.end();
    }
  });
});
