import { describe, expect, it } from "vitest";
import { asyncProcessor } from "./async-processor.js";
import { chunk } from "./chunk.js";
import { tasklet } from "./tasklet.js";
import { checkpoint, range, resumeEnv, run, sleep, step } from "./test-support.js";

class BadItem extends Error {}

describe("chunk", () => {
  it("commits 35 items in chunks of 10: four commits, each followed by a checkpoint and the counters", async () => {
    const written: number[][] = [];
    const { records, result } = await run([
      chunk("load", { reader: range(35), writer: (items) => void written.push(items), commitInterval: 10 }),
    ]);
    expect(written.map((c) => c.length)).toEqual([10, 10, 10, 5]);
    expect(written.flat()).toEqual(range(35));
    expect(records).toEqual([
      step("load", "STARTED"),
      checkpoint("load", { offset: 10 }),
      step("load", "STARTED", { read: 10, write: 10, commit: 1 }),
      checkpoint("load", { offset: 20 }),
      step("load", "STARTED", { read: 20, write: 20, commit: 2 }),
      checkpoint("load", { offset: 30 }),
      step("load", "STARTED", { read: 30, write: 30, commit: 3 }),
      checkpoint("load", { offset: 35 }),
      step("load", "STARTED", { read: 35, write: 35, commit: 4 }),
      step("load", "COMPLETED", { read: 35, write: 35, commit: 4 }),
    ]);
    expect(result).toMatchObject({ status: "COMPLETED", exitCode: 0 });
    expect(result.steps).toEqual([
      expect.objectContaining({
        name: "load",
        status: "COMPLETED",
        counters: { read: 35, write: 35, commit: 4, rollback: 0, skip: 0, filter: 0 },
      }),
    ]);
  });

  it("counts items the processor filters (null) and skippable errors it throws", async () => {
    const written: number[] = [];
    const { records, logs } = await run([
      chunk("expire", {
        reader: range(35),
        processor: (i: number) => {
          if (i % 5 === 0) return null;
          if (i % 7 === 0) throw new BadItem(`bad item ${i}`);
          return i * 100;
        },
        writer: (items) => void written.push(...items),
        commitInterval: 10,
        skipLimit: 5,
        isSkippable: (err) => err instanceof BadItem,
      }),
    ]);
    // Filtered: 5, 10, ..., 35 (7). Skipped: 7, 14, 21, 28 (35 was filtered first).
    expect(written).toEqual(
      range(35)
        .filter((i) => i % 5 !== 0 && i % 7 !== 0)
        .map((i) => i * 100),
    );
    const steps = records.filter((r) => r.type === "step");
    expect(steps.slice(1)).toEqual([
      step("expire", "STARTED", { read: 10, write: 7, commit: 1, skip: 1, filter: 2 }),
      step("expire", "STARTED", { read: 20, write: 14, commit: 2, skip: 2, filter: 4 }),
      step("expire", "STARTED", { read: 30, write: 20, commit: 3, skip: 4, filter: 6 }),
      step("expire", "STARTED", { read: 35, write: 24, commit: 4, skip: 4, filter: 7 }),
      step("expire", "COMPLETED", { read: 35, write: 24, commit: 4, skip: 4, filter: 7 }),
    ]);
    expect(logs).toContain("[expire] skipped an item: bad item 28");
  });

  it("fails the step once one more item would exceed skipLimit, rolling back that chunk", async () => {
    const { records, result } = await run([
      chunk("expire", {
        reader: range(35),
        processor: (i: number) => {
          if (i % 5 === 0) return null;
          if (i % 7 === 0) throw new BadItem(`bad item ${i}`);
          return i;
        },
        writer: () => {},
        commitInterval: 10,
        skipLimit: 3,
      }),
      tasklet("never", () => {
        throw new Error("must not run");
      }),
    ]);
    // Chunks 1 and 2 committed (skips 7, 14); chunk 3 skips 21, then 28 is one too many.
    expect(records.at(-1)).toEqual(
      step(
        "expire",
        "FAILED",
        { read: 20, write: 14, commit: 2, skip: 2, filter: 4, rollback: 1 },
        "Step expire reached its skip limit (3): bad item 28",
      ),
    );
    expect(result).toMatchObject({ status: "FAILED", exitCode: 1 });
    expect(result.steps.map((s) => s.name)).toEqual(["expire"]);
  });

  it("fails at once on an error that is not skippable", async () => {
    const { records } = await run([
      chunk("expire", {
        reader: range(12),
        processor: (i: number) => {
          if (i === 3) throw new TypeError("corrupt row 3");
          return i;
        },
        writer: () => {},
        commitInterval: 10,
        skipLimit: 10,
        isSkippable: (err) => err instanceof BadItem,
      }),
    ]);
    expect(records.at(-1)).toEqual(step("expire", "FAILED", { rollback: 1 }, "corrupt row 3"));
  });

  it("rolls back a chunk whose write fails, then a restart resumes after the last committed chunk", async () => {
    const writer = (failAt?: number) => {
      const written: number[] = [];
      return {
        written,
        write: (items: number[], ctx: { chunk: number }) => {
          if (ctx.chunk === failAt) throw new Error("database went away");
          written.push(...items);
        },
      };
    };
    const first = writer(3);
    const failed = await run([chunk("export", { reader: range(35), writer: first.write, commitInterval: 10 })]);
    expect(first.written).toEqual(range(20));
    expect(failed.records.at(-1)).toEqual(
      step("export", "FAILED", { read: 20, write: 20, commit: 2, rollback: 1 }, "database went away"),
    );
    expect(failed.records.filter((r) => r.type === "checkpoint").at(-1)).toEqual(checkpoint("export", { offset: 20 }));
    expect(failed.io.stderr.join("\n")).toMatch(/Step export failed: Error: database went away/);

    const second = writer();
    const restarted = await run([chunk("export", { reader: range(35), writer: second.write, commitInterval: 10 })], {
      env: resumeEnv("exec-1", [], { export: { offset: 20 } }),
    });
    expect(second.written).toEqual(range(35).slice(20));
    expect(restarted.records).toEqual([
      step("export", "STARTED"),
      checkpoint("export", { offset: 20 }),
      checkpoint("export", { offset: 30 }),
      step("export", "STARTED", { read: 10, write: 10, commit: 1 }),
      checkpoint("export", { offset: 35 }),
      step("export", "STARTED", { read: 15, write: 15, commit: 2 }),
      step("export", "COMPLETED", { read: 15, write: 15, commit: 2 }),
    ]);
    expect(restarted.result.status).toBe("COMPLETED");
  });

  it("writes a chunk item by item after a skippable write error and skips only the failing item", async () => {
    const written: number[] = [];
    const { records } = await run([
      chunk("notify", {
        reader: range(20),
        writer: (items: number[]) => {
          if (items.includes(13)) throw new BadItem("no phone number for member 13");
          written.push(...items);
        },
        commitInterval: 10,
        skipLimit: 1,
      }),
    ]);
    expect(written).toEqual(range(20).filter((i) => i !== 13));
    // Chunk 1 commits once; chunk 2 rolls back, then 9 single writes commit and 1 rolls back.
    expect(records.at(-1)).toEqual(
      step("notify", "COMPLETED", { read: 20, write: 19, commit: 10, rollback: 2, skip: 1 }),
    );
  });

  it("rolls back the chunk in which the reader fails", async () => {
    let next = 0;
    const { records } = await run([
      chunk("pull", {
        reader: () => {
          if (++next === 15) throw new Error("cursor closed");
          return next;
        },
        writer: () => {},
        commitInterval: 10,
      }),
    ]);
    expect(records.at(-1)).toEqual(
      step("pull", "FAILED", { read: 10, write: 10, commit: 1, rollback: 1 }, "cursor closed"),
    );
  });

  it("commits a chunk whose items were all filtered without calling the writer", async () => {
    let calls = 0;
    const { records } = await run([
      chunk("noop", {
        reader: range(15),
        processor: () => null,
        writer: () => {
          calls++;
        },
        commitInterval: 10,
      }),
    ]);
    expect(calls).toBe(0);
    expect(records.at(-1)).toEqual(step("noop", "COMPLETED", { read: 15, commit: 2, filter: 15 }));
  });

  it("completes an empty step without a commit", async () => {
    const { records } = await run([chunk("empty", { reader: [], writer: () => {}, commitInterval: 10 })]);
    expect(records).toEqual([step("empty", "STARTED"), step("empty", "COMPLETED")]);
  });

  it("reads from a read function until null, and skips past the committed items on a restart", async () => {
    let next = 0;
    const rows = range(25);
    const written: number[] = [];
    const { records } = await run(
      [
        chunk("pull", {
          reader: () => rows[next++] ?? null,
          writer: (items: number[]) => void written.push(...items),
          commitInterval: 10,
        }),
      ],
      { env: resumeEnv("exec-1", [], { pull: { offset: 10 } }) },
    );
    expect(written).toEqual(range(25).slice(10));
    expect(records.at(-1)).toEqual(step("pull", "COMPLETED", { read: 15, write: 15, commit: 2 }));
  });

  it("lets a RestartableReader position itself and saves its state with each commit", async () => {
    const table = range(30).map((i) => ({ id: i * 10 }));
    const opened: unknown[] = [];
    let lastId = 0;
    let closed = false;
    const { records } = await run(
      [
        chunk("page", {
          reader: {
            open(position) {
              opened.push(position);
              lastId = (position.state as { lastId: number } | undefined)?.lastId ?? 0;
              return (async function* () {
                for (const row of table.filter((r) => r.id > lastId)) {
                  lastId = row.id;
                  yield row;
                }
              })();
            },
            state: () => ({ lastId }),
            close: () => {
              closed = true;
            },
          },
          writer: () => {},
          commitInterval: 8,
        }),
      ],
      { env: resumeEnv("exec-1", [], { page: { offset: 16, state: { lastId: 160 } } }) },
    );
    expect(opened).toEqual([{ offset: 16, state: { lastId: 160 } }]);
    expect(closed).toBe(true);
    expect(records.filter((r) => r.type === "checkpoint")).toEqual([
      checkpoint("page", { offset: 16, state: { lastId: 160 } }),
      checkpoint("page", { offset: 24, state: { lastId: 240 } }),
      checkpoint("page", { offset: 30, state: { lastId: 300 } }),
    ]);
    expect(records.at(-1)).toEqual(step("page", "COMPLETED", { read: 14, write: 14, commit: 2 }));
  });

  it("processes a chunk's items concurrently with asyncProcessor and writes them in reading order", async () => {
    let running = 0;
    let most = 0;
    const written: string[][] = [];
    const { records } = await run([
      chunk("deduct", {
        reader: range(20),
        processor: asyncProcessor(
          async (i: number) => {
            running++;
            most = Math.max(most, running);
            await sleep(20 - i); // later items finish first
            running--;
            return `pass-${i}`;
          },
          { concurrency: 4 },
        ),
        writer: (items) => void written.push(items),
        commitInterval: 10,
      }),
    ]);
    expect(most).toBe(4);
    expect(written.flat()).toEqual(range(20).map((i) => `pass-${i}`));
    expect(records.at(-1)).toEqual(step("deduct", "COMPLETED", { read: 20, write: 20, commit: 2 }));
  });

  it("applies skips of an async processor in reading order, and stops starting items after a fatal error", async () => {
    const started: number[] = [];
    const { records } = await run([
      chunk("deduct", {
        reader: range(30),
        processor: asyncProcessor(
          async (i: number) => {
            started.push(i);
            await sleep(1);
            if (i === 2) throw new BadItem("pass 2 already used");
            if (i === 5) throw new Error("pass service down");
            return i;
          },
          { concurrency: 2 },
        ),
        writer: () => {},
        commitInterval: 10,
        skipLimit: 5,
        isSkippable: (err) => err instanceof BadItem,
      }),
    ]);
    expect(Math.max(...started)).toBeLessThanOrEqual(6);
    expect(records.at(-1)).toEqual(step("deduct", "FAILED", { rollback: 1 }, "pass service down"));
  });

  it("stops between chunks when the platform asks, closing the reader", async () => {
    let closed = false;
    async function* rows() {
      try {
        for (const i of range(50)) yield i;
      } finally {
        closed = true;
      }
    }
    let stop = (): void => {};
    const { records, result } = await run(
      [
        chunk("export", {
          reader: rows(),
          writer: (_items, ctx) => {
            if (ctx.chunk === 2) stop();
          },
          commitInterval: 10,
        }),
        tasklet("upload", () => {
          throw new Error("must not run");
        }),
      ],
      { withIO: (io) => (stop = () => io.stop("SIGTERM")) },
    );
    expect(closed).toBe(true);
    expect(records.at(-1)).toEqual(
      step("export", "STOPPED", { read: 20, write: 20, commit: 2 }, "Step export stopped on request."),
    );
    expect(result).toMatchObject({ status: "STOPPED", exitCode: 143 });
    expect(result.steps.map((s) => s.name)).toEqual(["export"]);
  });

  it("refuses a checkpoint that is not a chunk checkpoint instead of starting over", async () => {
    const { records } = await run([chunk("load", { reader: range(3), writer: () => {}, commitInterval: 2 })], {
      env: resumeEnv("exec-1", [], { load: { page: 3 } }),
    });
    expect(records.at(-1)).toMatchObject({ step: "load", status: "FAILED" });
    expect((records.at(-1) as { message: string }).message).toMatch(/not a chunk checkpoint/);
  });

  it("refuses a bad commitInterval or skipLimit when the step is defined", () => {
    expect(() => chunk("x", { reader: [], writer: () => {}, commitInterval: 0 })).toThrow(/commitInterval/);
    expect(() => chunk("x", { reader: [], writer: () => {}, commitInterval: 1, skipLimit: -1 })).toThrow(/skipLimit/);
    expect(() => chunk("", { reader: [], writer: () => {}, commitInterval: 1 })).toThrow(/step name/);
  });
});
