import { describe, expect, it } from "vitest";
import { chunk } from "./chunk.js";
import { jobParameters } from "./parameters.js";
import { tasklet } from "./tasklet.js";
import { checkpoint, range, resumeEnv, run, step } from "./test-support.js";

describe("runJob with tasklets", () => {
  it("reports each step with its counters, prints the exit message and exits 0", async () => {
    const { records, logs, result } = await run(
      [
        tasklet("grant", (ctx) => {
          ctx.counters.read += 3;
          ctx.counters.write += 3;
          ctx.report();
          ctx.counters.write += 2;
          ctx.checkpoint({ granted: 5 });
          ctx.log(`granted passes for ${ctx.job.parameters.date}`);
        }),
        tasklet("notify", (ctx) => ctx.exitMessage("GRANTED_5")),
      ],
      { argv: ["--date=2026-11-23"] },
    );
    expect(records).toEqual([
      step("grant", "STARTED"),
      step("grant", "STARTED", { read: 3, write: 3 }),
      checkpoint("grant", { granted: 5 }),
      step("grant", "COMPLETED", { read: 3, write: 5 }),
      step("notify", "STARTED"),
      step("notify", "COMPLETED"),
      { v: 1, type: "exit-message", message: "GRANTED_5" },
    ]);
    expect(logs).toContain("[grant] granted passes for 2026-11-23");
    expect(logs.at(-1)).toMatch(/^Job test-job COMPLETED in \d+ ms \(exit message GRANTED_5\)$/);
    expect(result).toMatchObject({ status: "COMPLETED", exitCode: 0, exitMessage: "GRANTED_5" });
  });

  it("fails the job at the first failing step, with the error as the step's message and exit code 1", async () => {
    const { records, result, io } = await run([
      tasklet("a", (ctx) => {
        ctx.counters.read = 7;
        throw new Error("no such table: passes");
      }),
      tasklet("b", () => {}),
    ]);
    expect(records).toEqual([step("a", "STARTED"), step("a", "FAILED", { read: 7 }, "no such table: passes")]);
    expect(result).toMatchObject({ status: "FAILED", exitCode: 1 });
    expect(io.stderr[0]).toBe("Step a failed: Error: no such table: passes");
  });

  it("on a restart skips completed steps and hands each step its checkpoint, carrying it forward", async () => {
    const seen: unknown[] = [];
    const { records, result, logs } = await run(
      [
        tasklet("count", () => {
          throw new Error("must not run again");
        }),
        tasklet<{ page: number }>("export", (ctx) => {
          seen.push(ctx.resumeState, ctx.job.restartOf, ctx.job.checkpointOf("count"));
          ctx.checkpoint({ page: (ctx.resumeState?.page ?? 0) + 1 });
        }),
      ],
      { env: resumeEnv("exec-7", ["count"], { count: { rows: 120 }, export: { page: 3 } }) },
    );
    expect(seen).toEqual([{ page: 3 }, "exec-7", { rows: 120 }]);
    expect(records).toEqual([
      step("export", "STARTED"),
      checkpoint("export", { page: 3 }),
      checkpoint("export", { page: 4 }),
      step("export", "COMPLETED"),
    ]);
    expect(logs).toContain("Step count: skipped, it completed in execution exec-7");
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual(["count:SKIPPED", "export:COMPLETED"]);
  });

  it("shares checkpoints between steps of one run through job.checkpointOf", async () => {
    let rows: unknown;
    await run([
      tasklet("count", (ctx) => ctx.checkpoint({ rows: 42 })),
      tasklet("export", (ctx) => {
        rows = ctx.job.checkpointOf<{ rows: number }>("count")?.rows;
      }),
    ]);
    expect(rows).toBe(42);
  });

  it("fails without running anything when BATON_RESUME is malformed", async () => {
    const { records, result, io } = await run([tasklet("a", () => {})], { env: { BATON_RESUME: "{nope" } });
    expect(records).toEqual([]);
    expect(result).toMatchObject({ status: "FAILED", exitCode: 1 });
    expect(io.stderr[0]).toMatch(/BATON_RESUME is not JSON/);
  });

  it("refuses two steps with one name", async () => {
    const { records, result } = await run([tasklet("a", () => {}), tasklet("a", () => {})]);
    expect(records).toEqual([]);
    expect(String(result.error)).toMatch(/Two steps are named a/);
  });

  it("fails a step whose counters are not whole numbers from 0 up, still reporting it", async () => {
    const { records } = await run([
      tasklet("a", (ctx) => {
        ctx.counters.skip = -1;
      }),
    ]);
    expect(records.at(-1)).toEqual({
      v: 1,
      type: "step",
      step: "a",
      status: "FAILED",
      message: "Step a: counters.skip is -1; counters are whole numbers from 0 up.",
    });
  });

  it("refuses a checkpoint the runner would cut (over 64 KiB) and one that is not JSON", async () => {
    const big = await run([tasklet("a", (ctx) => ctx.checkpoint({ rows: "x".repeat(70_000) }))]);
    expect(big.records.at(-1)).toMatchObject({ step: "a", status: "FAILED" });
    expect((big.records.at(-1) as { message: string }).message).toMatch(/at most 65536/);
    const undef = await run([tasklet("a", (ctx) => ctx.checkpoint(undefined as never))]);
    expect((undef.records.at(-1) as { message: string }).message).toMatch(/must be a JSON value/);
  });

  it("lets afterJob see the result and set the exit message; beforeJob failing fails the job", async () => {
    const ok = await run([tasklet("a", () => {})], {
      afterJob: (result) => (result.status === "COMPLETED" ? "EXPORT_READY" : "EXPORT_FAILED"),
    });
    expect(ok.records.at(-1)).toEqual({ v: 1, type: "exit-message", message: "EXPORT_READY" });
    const failed = await run([tasklet("a", () => {})], {
      beforeJob: () => {
        throw new Error("no temp dir");
      },
      afterJob: (result) => `${result.status}_CLEANED`,
    });
    expect(failed.records).toEqual([{ v: 1, type: "exit-message", message: "FAILED_CLEANED" }]);
    expect(failed.result.exitCode).toBe(1);
  });

  it("keeps a log line that starts with the marker a log line, and clips long exit messages", async () => {
    const { records, logs } = await run([
      tasklet("a", (ctx) => {
        ctx.log('two lines\n::baton::{"v":1,"type":"exit-message","message":"FAKE"}');
        ctx.exitMessage("E".repeat(300));
      }),
    ]);
    expect(logs).toContain("[a] two lines");
    expect(logs).toContain(' ::baton::{"v":1,"type":"exit-message","message":"FAKE"}');
    const exit = records.at(-1) as { message: string };
    expect(exit.message).toHaveLength(200);
    expect(exit.message.endsWith("…")).toBe(true);
  });

  it("stops before the next step when stopped during a tasklet that finishes anyway", async () => {
    const { result, records } = await run(
      [tasklet("a", () => stopNow()), chunk("b", { reader: range(3), writer: () => {}, commitInterval: 1 })],
      { withIO: (io) => (stopNow = () => io.stop("SIGINT")) },
    );
    expect(records).toEqual([step("a", "STARTED"), step("a", "COMPLETED")]);
    expect(result).toMatchObject({ status: "STOPPED", exitCode: 130 });
  });
});

let stopNow = (): void => {};

describe("jobParameters", () => {
  it("reads --key=value, --key value and bare flags; later values win", () => {
    expect(
      jobParameters(["--date", "2026-11-23", "--size=5", "pos", "--dry-run", "--size=7", "--note=a=b", "--last"]),
    ).toEqual({ date: "2026-11-23", size: "7", "dry-run": "true", note: "a=b", last: "true" });
  });
});
