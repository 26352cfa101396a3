import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createRunnerLogger, runnerLog } from "./log.js";

function sink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe("the runner's logger", () => {
  it("writes JSON lines with the runner id, and a run's execution id and task as fields", () => {
    const out = sink();
    const log = runnerLog(createRunnerLogger({ runnerId: "r-1", destination: out.stream, tty: false }));
    log("started: platform local");
    log(`claim of e1 refused: cancelled`, { executionId: "e1", task: "nightly" });
    const [first, second] = out.lines();
    expect(first).toMatchObject({ level: 30, runnerId: "r-1", msg: "started: platform local" });
    expect(first).not.toHaveProperty("executionId");
    expect(second).toMatchObject({
      runnerId: "r-1",
      executionId: "e1",
      task: "nightly",
      msg: "claim of e1 refused: cancelled",
    });
    expect(typeof first?.time).toBe("string");
  });

  it("honours the level", () => {
    const out = sink();
    const log = runnerLog(createRunnerLogger({ runnerId: "r-1", level: "warn", destination: out.stream }));
    log("an info line");
    expect(out.lines()).toEqual([]);
  });
});
