import { describe, expect, it } from "vitest";
import { chunk } from "./chunk.js";
import { parallel } from "./parallel.js";
import { partitioned } from "./partitioned.js";
import { tasklet } from "./tasklet.js";
import { range, resumeEnv, run, sleep, step } from "./test-support.js";

/** A latch: each side waits until the other has started, which only works if they run at the same time. */
function meet(): { arrive: () => Promise<void> } {
  let arrived = 0;
  let open = (): void => {};
  const both = new Promise<void>((r) => {
    open = r;
  });
  return {
    arrive: () => {
      if (++arrived === 2) open();
      return both;
    },
  };
}

describe("parallel", () => {
  it("runs its steps at the same time and reports each, then the job goes on", async () => {
    const latch = meet();
    const { records, result } = await run([
      parallel("reports", [
        tasklet("daily", async (ctx) => {
          await latch.arrive();
          ctx.counters.write = 1;
        }),
        tasklet("weekly", async (ctx) => {
          await latch.arrive();
          ctx.counters.write = 7;
        }),
      ]),
      tasklet("after", () => {}),
    ]);
    expect(records.slice(0, 2)).toEqual([step("daily", "STARTED"), step("weekly", "STARTED")]);
    expect(records.slice(2, 4)).toEqual(
      expect.arrayContaining([step("daily", "COMPLETED", { write: 1 }), step("weekly", "COMPLETED", { write: 7 })]),
    );
    expect(records.slice(4)).toEqual([step("after", "STARTED"), step("after", "COMPLETED")]);
    expect(result.status).toBe("COMPLETED");
  });

  it("fails when a branch fails, after the other branches end, and the job stops there", async () => {
    const { records, result } = await run([
      parallel("reports", [
        tasklet("daily", () => {
          throw new Error("disk full");
        }),
        tasklet("weekly", async () => {
          await sleep(10);
        }),
      ]),
      tasklet("after", () => {}),
    ]);
    expect(records).toContainEqual(step("daily", "FAILED", {}, "disk full"));
    expect(records).toContainEqual(step("weekly", "COMPLETED"));
    expect(records.some((r) => r.type === "step" && r.step === "after")).toBe(false);
    expect(result.status).toBe("FAILED");
  });

  it("reruns only the branches that did not complete on a restart", async () => {
    const ran: string[] = [];
    const { records } = await run(
      [
        parallel("reports", [
          tasklet("daily", () => void ran.push("daily")),
          tasklet("weekly", () => void ran.push("weekly")),
        ]),
      ],
      { env: resumeEnv("exec-1", ["daily"], {}) },
    );
    expect(ran).toEqual(["weekly"]);
    expect(records).toEqual([step("weekly", "STARTED"), step("weekly", "COMPLETED")]);
  });

  it("counts the names of its branches as the job's step names", async () => {
    const { result } = await run([parallel("p", [tasklet("a", () => {})]), tasklet("a", () => {})]);
    expect(String(result.error)).toMatch(/Two steps are named a/);
  });
});

describe("partitioned", () => {
  it("runs a worker step per partition, each reported as name:key, and the manager sums their counters", async () => {
    const rows = range(95);
    let running = 0;
    let most = 0;
    const { records, result } = await run([
      partitioned("export", {
        partitions: { low: { from: 0, to: 40 }, mid: { from: 40, to: 80 }, high: { from: 80, to: 95 } },
        concurrency: 2,
        step: (p) => {
          const { from, to } = p.params as { from: number; to: number };
          return chunk("worker", {
            reader: (async function* () {
              running++;
              most = Math.max(most, running);
              for (const r of rows.slice(from, to)) {
                await sleep(0);
                yield r;
              }
              running--;
            })(),
            processor: (r: number) => (r % 10 === 0 ? null : r),
            writer: () => {},
            commitInterval: 25,
          });
        },
      }),
    ]);
    expect(most).toBe(2);
    const finals = records.filter((r) => r.type === "step" && r.status !== "STARTED");
    expect(finals).toEqual(
      expect.arrayContaining([
        step("export:low", "COMPLETED", { read: 40, write: 36, commit: 2, filter: 4 }),
        step("export:mid", "COMPLETED", { read: 40, write: 36, commit: 2, filter: 4 }),
        step("export:high", "COMPLETED", { read: 15, write: 14, commit: 1, filter: 1 }),
      ]),
    );
    expect(records.at(-1)).toEqual(step("export", "COMPLETED", { read: 95, write: 86, commit: 5, filter: 9 }));
    expect(records[0]).toEqual(step("export", "STARTED"));
    expect(result.steps.map((s) => s.name)).toEqual(["export", "export:low", "export:mid", "export:high"]);
  });

  it("fails the manager when a partition fails, naming it, after the others ran", async () => {
    const { records, result } = await run([
      partitioned("export", {
        partitions: 3,
        step: (p) =>
          tasklet("w", (ctx) => {
            if (p.index === 1) throw new Error("S3 upload refused");
            ctx.counters.write = 10;
          }),
      }),
    ]);
    expect(records).toContainEqual(step("export:partition1", "FAILED", {}, "S3 upload refused"));
    expect(records.at(-1)).toEqual(
      step("export", "FAILED", { write: 20 }, "1 of 3 partitions failed: export:partition1"),
    );
    expect(result.status).toBe("FAILED");
  });

  it("reruns only the partitions that did not complete, each from its checkpoint", async () => {
    const written: number[] = [];
    const { records } = await run(
      [
        partitioned("export", {
          partitions: 3,
          step: (p) =>
            chunk("w", {
              reader: range(10).map((i) => p.index * 100 + i),
              writer: (items: number[]) => void written.push(...items),
              commitInterval: 4,
            }),
        }),
      ],
      { env: resumeEnv("exec-1", ["export:partition0", "export:partition2"], { "export:partition1": { offset: 8 } }) },
    );
    expect(written).toEqual([109, 110]);
    expect(records.at(-1)).toEqual(step("export", "COMPLETED", { read: 2, write: 2, commit: 1 }));
  });

  it("works its partitions out when it starts, from an earlier step's checkpoint", async () => {
    const keys: string[] = [];
    await run([
      tasklet("count", (ctx) => ctx.checkpoint({ rows: 250 })),
      partitioned("export", {
        partitions: (job) => Math.ceil((job.checkpointOf<{ rows: number }>("count")?.rows ?? 0) / 100),
        step: (p) => tasklet("w", () => void keys.push(`${p.key} ${p.index}/${p.count}`)),
      }),
    ]);
    expect(keys.sort()).toEqual(["partition0 0/3", "partition1 1/3", "partition2 2/3"]);
  });

  it("refuses duplicate or empty partition keys", async () => {
    const { records } = await run([partitioned("p", { partitions: ["a", "a"], step: () => tasklet("w", () => {}) })]);
    expect(records.at(-1)).toMatchObject({ step: "p", status: "FAILED" });
  });
});
