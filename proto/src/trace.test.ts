import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flushTrace, startTrace, traceMark, tracing } from "./trace.js";

describe("run path trace", () => {
  it("refuses a file it cannot write, at once and by name, and stays off", () => {
    const path = join(tmpdir(), "baton-no-such-dir", "x", "trace.txt");
    expect(() => startTrace(path, "cp")).toThrow(`cannot write the trace file ${path}`);
    expect(tracing()).toBe(false);
  });

  it("records '<id> <source>.<stage> <ms>' lines once started", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-trace-"));
    try {
      const path = join(dir, "trace.txt");
      startTrace(path, "cp");
      traceMark("e1", "queued", 1234.5);
      expect(tracing()).toBe(true);
      await flushTrace();
      expect(readFileSync(path, "utf8")).toBe("e1 cp.queued 1234.500\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
