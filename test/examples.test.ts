import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagClient } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, getExecution, launch, statuses } from "./support/flows.js";

// The gym examples (examples/*.mjs, built on sdk/dist) registered by
// examples/seed.mjs and run by a real runner. Each test gives its job a data
// dir of its own, so the generated data set (examples/lib/gym.mjs, no
// randomness) gives the same counters every time.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const exec = promisify(execFile);
const seed = (url: string) =>
  exec(process.execPath, [join(root, "examples", "seed.mjs"), url], { timeout: 30_000 }).then((r) => r.stdout);

const counters = (read: number, write: number, commit: number, rollback = 0, skip = 0, filter = 0) => ({
  readCount: read,
  writeCount: write,
  commitCount: commit,
  rollbackCount: rollback,
  skipCount: skip,
  filterCount: filter,
});

interface StepRow {
  name: string;
  status: string;
  readCount: number;
  writeCount: number;
  commitCount: number;
  rollbackCount: number;
  skipCount: number;
  filterCount: number;
}

describe("the gym examples", () => {
  let env: TestEnv;
  // The runner hands TMPDIR to tasks: the seed's runs keep their default data dir in here, not in /tmp.
  const tmp = mkdtempSync(join(tmpdir(), "baton-examples-"));
  const dataDir = (name: string) => `--data-dir=${join(tmp, name)}`;
  let seedOutput = "";

  const steps = async (id: string): Promise<StepRow[]> =>
    ((await getExecution(env.api[0]!, id)).steps as StepRow[]).map((s) => ({
      name: s.name,
      status: s.status,
      readCount: s.readCount,
      writeCount: s.writeCount,
      commitCount: s.commitCount,
      rollbackCount: s.rollbackCount,
      skipCount: s.skipCount,
      filterCount: s.filterCount,
    }));
  const runToEnd = async (task: string, args: string[]) => {
    const run = await launch(env.api[0]!, task, { arguments: args });
    const events = await allEvents(env.api[0]!, run.id);
    return { id: run.id, status: statuses(events).at(-1), events };
  };

  beforeAll(async () => {
    env = await startEnv({ runnerEnv: { TMPDIR: tmp } });
    seedOutput = await seed(env.api[0]!.url);
  });
  afterAll(async () => {
    await env?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("seed.mjs registers every example and the gym-nightly DAG, launches them, and is idempotent", async () => {
    const api = env.api[0]!;
    const tasks = await api.ok<{ tasks: { name: string; currentRelease: { appVersion: { uri: string } } }[] }>(
      `{ tasks { name currentRelease { appVersion { uri } } } }`,
    );
    const names = tasks.tasks.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        "bulk-grant-passes",
        "class-reminder",
        "deduct-pass-after-class",
        "expire-passes",
        "export-excel",
        "statistics",
      ].sort(),
    );
    expect(tasks.tasks.find((t) => t.name === "statistics")?.currentRelease.appVersion.uri).toBe(
      `file://${join(root, "examples", "statistics.mjs")}`,
    );

    // The DAG the seed launched runs expire-passes, then the statistics and the export side by side.
    const runId = /launched DAG gym-nightly: run (\S+)/.exec(seedOutput)?.[1];
    expect(runId).toBeTruthy();
    const dags = dagClient(api);
    const run = await dags.finished(runId!, 60_000);
    expect(run.status).toBe("COMPLETED");
    expect(dags.summary(run).sort()).toEqual(
      ["expire-passes:COMPLETED", "export-excel:COMPLETED", "statistics:COMPLETED"].sort(),
    );

    // Everything exists and the launches are keyed: a second seed changes nothing and launches nothing new.
    const again = await seed(api.url);
    expect(again).not.toMatch(/^created/m);
    expect(again).toContain(`launched DAG gym-nightly: run ${runId}`);
    const seeded = ["bulk-grant-passes", "class-reminder", "deduct-pass-after-class"];
    for (const task of seeded) {
      const first = new RegExp(`launched ${task}: execution (\\S+)`).exec(seedOutput)?.[1];
      expect(again).toContain(`launched ${task}: execution ${first}`);
      const events = await allEvents(api, first!);
      expect(statuses(events).at(-1)).toBe("COMPLETED");
    }
  });

  it("expire-passes: one chunk step, with filtered and skipped passes", async () => {
    const run = await runToEnd("expire-passes", ["--date=2026-11-23", dataDir("expire")]);
    expect(run.status).toBe("COMPLETED");
    // 56 passes are due; 7 are on hold (filtered), 2 have no end date (skipped): 47 expired, 10 per commit.
    expect(await steps(run.id)).toEqual([
      { name: "expire-passes", status: "COMPLETED", ...counters(56, 47, 6, 0, 2, 7) },
    ]);
    const logs = run.events.filter((e) => e.kind === "LOG").map((e) => e.log!.text);
    expect(logs).toContain("47 passes expired, 7 on hold, 2 unreadable rows skipped");
    expect(logs.some((l) => l.startsWith("::baton::"))).toBe(false);
  });

  it("statistics: an hourly chunk step, then the daily and weekly reports in a split", async () => {
    const run = await runToEnd("statistics", [dataDir("statistics")]);
    expect(run.status).toBe("COMPLETED");
    // 315 bookings in the week; 13 classes are still to come (filtered).
    expect(await steps(run.id)).toEqual([
      { name: "hourly-statistics", status: "COMPLETED", ...counters(315, 302, 16, 0, 0, 13) },
      expect.objectContaining({ name: expect.stringMatching(/^(daily|weekly)-report$/), status: "COMPLETED" }),
      expect.objectContaining({ name: expect.stringMatching(/^(daily|weekly)-report$/), status: "COMPLETED" }),
    ]);
    const reports = (await steps(run.id)).slice(1).sort((a, b) => a.name.localeCompare(b.name));
    expect(reports).toEqual([
      { name: "daily-report", status: "COMPLETED", ...counters(21, 7, 0) },
      { name: "weekly-report", status: "COMPLETED", ...counters(21, 3, 0) },
    ]);
    const daily = readFileSync(join(tmp, "statistics", "reports", "daily-2026-11-23.csv"), "utf8")
      .trim()
      .split("\n");
    expect(daily[0]).toBe("day,bookings,attended,cancelled");
    expect(daily).toHaveLength(8);
  });

  it("export-excel: counts, exports in partitions, merges, and reports through the exit message", async () => {
    const run = await runToEnd("export-excel", ["--request-id=req-42", dataDir("export")]);
    expect(run.status).toBe("COMPLETED");
    const part = (n: number, rows: number) => ({
      name: `export-parts:part${n}`,
      status: "COMPLETED",
      ...counters(rows, rows, Math.ceil(rows / 10)),
    });
    // 122 passes in parts of 25: four of 25 and one of 22, each in chunks of 10.
    const stored = await steps(run.id);
    expect(stored.map((s) => s.name).sort()).toEqual(
      [
        "count-rows",
        "export-parts",
        "export-parts:part1",
        "export-parts:part2",
        "export-parts:part3",
        "export-parts:part4",
        "export-parts:part5",
        "merge-parts",
      ].sort(),
    );
    expect(stored).toEqual(
      expect.arrayContaining([
        { name: "count-rows", status: "COMPLETED", ...counters(122, 0, 0) },
        { name: "export-parts", status: "COMPLETED", ...counters(122, 122, 15) },
        part(1, 25),
        part(2, 25),
        part(3, 25),
        part(4, 25),
        part(5, 22),
        { name: "merge-parts", status: "COMPLETED", ...counters(122, 122, 0) },
      ]),
    );
    const execution = await getExecution(env.api[0]!, run.id);
    expect(execution.exitMessage).toBe("COMPLETED");
    const csv = readFileSync(join(tmp, "export", "exports", "req-42.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv).toHaveLength(123);
    expect(csv[0]).toBe("passSeq,userId,package,status,remainingCount,startedAt,endedAt,expiredAt");
    expect(csv.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(Array.from({ length: 122 }, (_, i) => i + 1));
    const event = JSON.parse(readFileSync(join(tmp, "export", "exports", "req-42.event.json"), "utf8"));
    expect(event).toMatchObject({ requestId: "req-42", status: "SUCCESS", rows: 122, executionId: run.id });
  });

  it("restarts a failed chunk step after its last committed chunk", async () => {
    const api = env.api[0]!;
    const first = await runToEnd("expire-passes", ["--fail-at-chunk=3", dataDir("restart")]);
    expect(first.status).toBe("FAILED");
    // Chunks 1 and 2 committed (20 read, 18 expired, 2 on hold); chunk 3 rolled back.
    expect(await steps(first.id)).toEqual([
      { name: "expire-passes", status: "FAILED", ...counters(20, 18, 2, 1, 0, 2) },
    ]);

    const restarted = await api.ok<{ restartExecution: { id: string } }>(
      `mutation($id: ID!) { restartExecution(id: $id) { id } }`,
      { id: first.id },
    );
    const second = restarted.restartExecution.id;
    expect(statuses(await allEvents(api, second)).at(-1)).toBe("COMPLETED");
    // The other 36 of the 56 due passes: nothing read twice, nothing missed.
    expect(await steps(second)).toEqual([
      { name: "expire-passes", status: "COMPLETED", ...counters(36, 29, 4, 0, 2, 5) },
    ]);
    const passes = JSON.parse(readFileSync(join(tmp, "restart", "db", "passes.json"), "utf8")) as { status: string }[];
    expect(passes.filter((p) => p.status === "EXPIRED")).toHaveLength(47);
  });
});
