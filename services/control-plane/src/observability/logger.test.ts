import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The logger writes to fd 2 synchronously: run it in a child (the built package) and read its stderr.
function stderrOf(level: string, format: string): string {
  const source = `
import { createLogger } from "./dist/observability/logger.js";
const { log } = createLogger({ logLevel: "${level}", logFormat: "${format}" }, { component: "control-plane" });
log("a run ended", { executionId: "e-1", task: "settle", correlationId: "c-9" });
log("details", { level: "debug", executionId: "e-1" });
log("plain line");
`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", source], {
    cwd: new URL("../..", import.meta.url).pathname,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stderr;
}

describe("createLogger", () => {
  it("writes JSON lines with the run's fields, at the configured level", () => {
    const lines = stderrOf("info", "json")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "a run ended",
      executionId: "e-1",
      task: "settle",
      correlationId: "c-9",
      component: "control-plane",
    });
    expect(typeof lines[0]?.time).toBe("string");
    expect(lines[1]).toMatchObject({ msg: "plain line" });
  });

  it("writes readable lines in the pretty format, and debug lines when asked", () => {
    const out = stderrOf("debug", "pretty");
    expect(out).toMatch(/INFO.*a run ended/);
    expect(out).toMatch(/executionId: "e-1"/);
    expect(out).toMatch(/DEBUG.*details/);
    expect(out).not.toMatch(/^\{/m);
  });
});
