import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver, RunSpec } from "@baton/proto";
import { describe, expect, it } from "vitest";
// The conformance program, by path like the conformance test (host depends on this package).
import { CONFORMANCE_PROGRAM } from "../../host/src/conformance.js";
import { dockerDriver } from "./index.js";
import { usePodman } from "./podman-fixture.js";

// A container outlives its runner only as long as a new incarnation may still adopt it: past the stall
// limit its watchdog removes it, so the run is dead before the control plane declares it LOST.

const IMAGE = "localhost/baton-runner-docker-test:conformance";
const fixture = usePodman("watchdog", { [IMAGE]: CONFORMANCE_PROGRAM });

const sleeping: RunSpec = { uri: `docker:${IMAGE}`, arguments: [], env: { CONFORMANCE_MODE: "sleep" }, graceMs: 1000 };
const quiet = { stdout: () => {}, stderr: () => {} };

async function newDriver(runnerId: string): Promise<Driver> {
  return dockerDriver.create(dockerDriver.settings({ DOCKER_HOST: fixture.podman.dockerHost }), {
    runnerId,
    log: () => {},
  });
}

async function exists(id: string): Promise<boolean> {
  return fixture.docker
    .getContainer(id)
    .inspect()
    .then(
      () => true,
      (err: { statusCode?: number }) => err.statusCode !== 404,
    );
}

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const runner = (): string => `test-watchdog-${process.pid}-${randomBytes(3).toString("hex")}`;

describe("docker watchdog", () => {
  it("removes the containers of a runner that died and did not come back within its stall limit", async () => {
    const id = runner();
    const driver = await newDriver(id);
    const run = await driver.start({ executionId: `${id}-a`, task: "t", revision: 1 }, sleeping, quiet);
    driver.tick?.(1000);
    await driver.close?.(); // what kill -9 does to the watchdog's pipe
    expect(await exists(String(run.handle.containerId))).toBe(true);
    await until(async () => !(await exists(String(run.handle.containerId))), 15_000);
  }, 30_000);

  it("removes the containers of a runner that stopped ticking (stopped or hung)", async () => {
    const id = runner();
    const driver = await newDriver(id);
    const run = await driver.start({ executionId: `${id}-b`, task: "t", revision: 1 }, sleeping, quiet);
    // The runner, if it wakes up, sees the run killed or gone (the control plane has declared it LOST by then).
    const ending = run.exited.then(
      (exit) => exit.exitCode,
      (err: Error) => err.message,
    );
    driver.tick?.(1000);
    await until(async () => !(await exists(String(run.handle.containerId))), 15_000);
    expect(await ending).toSatisfy((end) => end === 137 || /no such container/i.test(String(end)));
    await driver.close?.();
  }, 30_000);

  it("leaves them to a new incarnation that takes over in time, which adopts them", async () => {
    const id = runner();
    const first = await newDriver(id);
    const ref = { executionId: `${id}-c`, task: "t", revision: 1 };
    const run = await first.start(ref, sleeping, quiet);
    first.tick?.(1500);
    const oldWatchdog = Number(readFileSync(join(tmpdir(), `baton-docker-watchdog-${id}.pid`), "utf8"));
    await first.close?.();
    const second = await newDriver(id);
    second.tick?.(1500);
    // The new incarnation stands the old watchdog down: once that process is gone, nothing can remove the
    // container any more, so its presence now is the proof (no fixed wait past the old deadline).
    await until(async () => !existsSync(`/proc/${oldWatchdog}`), 10_000);
    expect(await exists(String(run.handle.containerId))).toBe(true);
    const adopted = await second.recover(ref, run.handle, quiet, { stdoutLines: 1, stderrLines: 0 });
    if (!adopted) throw new Error("not adopted");
    await second.cancel(adopted.handle, { graceMs: 0 });
    await adopted.exited;
    await second.close?.();
    await until(async () => !(await exists(String(run.handle.containerId))), 15_000);
  }, 30_000);
});
