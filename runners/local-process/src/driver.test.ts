import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
// Test support shared by every driver; imported by path to avoid a package cycle (host depends on this package).
import { defineRunnerConformance } from "../../host/src/conformance.js";
import { createLocalProcessDriver } from "./driver.js";
import { WatchdogClient } from "./watchdog-client.js";

defineRunnerConformance("local-process", () => createLocalProcessDriver());

describe("local-process driver", () => {
  it("passes only the inherited variables of the runner's env", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    try {
      const file = join(dir, "env.mjs");
      await writeFile(file, "console.log(JSON.stringify(process.env));\n");
      const driver = createLocalProcessDriver({ env: { PATH: "/usr/bin:/bin", SECRET: "s3cret", HOME: "/home/x" } });
      let out = "";
      const run = await driver.start(
        "e1",
        { uri: pathToFileURL(file).href, arguments: [], env: { A: "1" }, graceMs: 0 },
        { stdout: (c) => (out += Buffer.from(c).toString()), stderr: () => {} },
      );
      expect(run.handle.pgid).toBe(run.handle.pid);
      await run.exited;
      // BATON_RUNNER_INCARNATION: the watchdog's token, so a run forked as the runner died is found and killed.
      expect(JSON.parse(out)).toEqual({
        PATH: "/usr/bin:/bin",
        HOME: "/home/x",
        A: "1",
        BATON_EXECUTION_ID: "e1",
        BATON_RUNNER_INCARNATION: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects start when the file cannot be executed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    try {
      const file = join(dir, "not-executable");
      await writeFile(file, "#!/bin/sh\necho hi\n");
      await chmod(file, 0o644);
      const driver = createLocalProcessDriver();
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 0 };
      await expect(driver.start("e2", spec, { stdout: () => {}, stderr: () => {} })).rejects.toThrow(/EACCES/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("registers every run with its watchdog: when the watchdog's pipe closes, the run is killed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    try {
      const file = join(dir, "forever.sh");
      await writeFile(file, "#!/bin/sh\nsleep 60 &\nwait\n", { mode: 0o755 });
      const watchdog = new WatchdogClient();
      const driver = createLocalProcessDriver({ watchdog });
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 60_000 };
      const run = await driver.start("e3", spec, { stdout: () => {}, stderr: () => {} });
      // What the runner's death does: the pipe to the watchdog closes.
      await driver.close?.();
      expect(await run.exited).toEqual({ exitCode: null, signal: "SIGKILL" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
