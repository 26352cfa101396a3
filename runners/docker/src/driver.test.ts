import { randomBytes } from "node:crypto";
import { readlinkSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver, ExitInfo, RunIo, RunRef, RunSpec, StartedRun } from "@baton/proto";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The conformance program, by path like the conformance test (host depends on this package).
import { CONFORMANCE_PROGRAM, waitFor } from "../../host/src/conformance.js";
import { PRIVILEGED_REFUSED } from "./container-spec.js";
import { dockerDriver } from "./index.js";
import { PODMAN_LOG_FAILURE, startFaultyEngine } from "./testing/faulty-engine.js";
import { buildNodeImage, buildProgramImage, type PodmanService, startPodman } from "./testing/index.js";

// The Docker driver against a real engine: Podman's Docker API service,
// started for this file. Behaviour every driver shares is in conformance.test.ts.

const RUNNER = `test-docker-driver-${process.pid}-${randomBytes(3).toString("hex")}`;
const IMAGE = "localhost/baton-runner-docker-test:driver";
const NO_ENTRYPOINT = "localhost/baton-runner-docker-test:missing-entrypoint";
const MIB = 1024 * 1024;

let dir = "";
let podman: PodmanService;
let docker: Docker;
let driver: Driver;
let n = 0;

const ref = (label: string): RunRef => ({
  executionId: `dt-${label}-${process.pid}-${++n}`,
  task: "driver-test",
  revision: 2,
});
const spec = (mode: string, extra: Partial<RunSpec> = {}, env: Record<string, string> = {}): RunSpec => ({
  uri: `docker:${IMAGE}`,
  arguments: [],
  graceMs: 5000,
  pullPolicy: "Never",
  ...extra,
  // The ticks these tests count: 30, 100 ms apart, a tock every 3rd.
  env: {
    CONFORMANCE_MODE: mode,
    CONFORMANCE_TICKS: "30",
    CONFORMANCE_TICK_MS: "100",
    CONFORMANCE_TOCK_EVERY: "3",
    ...env,
  },
});
const makeDriver = async (env: Record<string, string> = {}): Promise<Driver> =>
  dockerDriver.create(dockerDriver.settings({ DOCKER_HOST: podman.dockerHost, ...env }), {
    runnerId: RUNNER,
    log: () => {},
  });
const containersOf = async (label: string): Promise<Docker.ContainerInfo[]> =>
  docker.listContainers({ all: true, filters: { label: [label] } });
const isGone = async (id: string): Promise<boolean> =>
  docker
    .getContainer(id)
    .inspect()
    .then(
      () => false,
      (err: { statusCode?: number }) => err.statusCode === 404,
    );

/** Starts a run and waits for its end. */
const run = async (label: string, s: RunSpec, on: Driver = driver) => {
  const out = collect();
  const started = await on.start(ref(label), s, out.io);
  return { started, out, exit: await started.exited };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-docker-driver-"));
  podman = await startPodman({ dir });
  docker = new Docker({ socketPath: podman.dockerHost.replace("unix://", "") });
  await buildProgramImage(podman.dockerHost, IMAGE, CONFORMANCE_PROGRAM);
  await buildNodeImage({
    dockerHost: podman.dockerHost,
    tag: NO_ENTRYPOINT,
    files: {},
    entrypoint: ["/no/such/program"],
  });
  driver = await makeDriver();
}, 180_000);

afterAll(async () => {
  await driver?.close?.();
  if (!podman) return;
  // Nothing of this file's runner may be left on the engine; remove what is, then say so.
  const left = await containersOf(`baton.runner=${RUNNER}`);
  for (const c of left) await docker.getContainer(c.Id).remove({ force: true });
  await podman.stop();
  await rm(dir, { recursive: true, force: true });
  expect(left.map((c) => c.Names[0])).toEqual([]);
}, 60_000);

describe("engine and settings", () => {
  it("create fails clearly, naming DOCKER_HOST and how to start an engine, when nothing answers there", async () => {
    const socket = join(dir, "nothing.sock");
    await expect(
      dockerDriver.create(dockerDriver.settings({ DOCKER_HOST: `unix://${socket}` }), {
        runnerId: RUNNER,
        log: () => {},
      }),
    ).rejects.toThrow(
      new RegExp(
        `no container engine answers at DOCKER_HOST=unix://${socket}: .*podman system service --time=0 unix://${socket}`,
      ),
    );
  });
});

describe("images", () => {
  it("refuses a URI that is not an image reference with a tag or digest, before touching the engine", async () => {
    await expect(driver.start(ref("uri"), { ...spec("exit"), uri: "docker:alpine" }, collect().io)).rejects.toThrow(
      'invalid image in "docker:alpine": expected docker:image:tag, docker:registry/name:tag or docker:image@sha256:<64 hex digits>',
    );
    await expect(driver.start(ref("uri"), { ...spec("exit"), uri: "file:///bin/true" }, collect().io)).rejects.toThrow(
      'not a Docker URI: "file:///bin/true"',
    );
  });

  it("runs an image named by its sha256 digest", async () => {
    const digest = (await docker.getImage(IMAGE).inspect()).RepoDigests[0];
    expect(digest).toMatch(/^localhost\/baton-runner-docker-test@sha256:[0-9a-f]{64}$/);
    const { exit, out } = await run("digest", { ...spec("streams"), uri: `docker:${digest}` });
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(out.lines("stdout")).toEqual(["out 1", "out 2"]);
  }, 30_000);

  it("Never: a missing image fails at once, saying so", async () => {
    const t0 = Date.now();
    await expect(
      driver.start(
        ref("never"),
        { ...spec("exit"), uri: "docker:localhost/baton-absent:1", pullPolicy: "Never" },
        collect().io,
      ),
    ).rejects.toThrow("image localhost/baton-absent:1 is not on the engine and the pull policy is Never");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("IfNotPresent: a missing image is pulled, and a refused pull fails with the engine's reason", async () => {
    const port = await closedPort();
    const image = `127.0.0.1:${port}/baton/absent:1`;
    await expect(
      driver.start(ref("pull"), { ...spec("exit"), uri: `docker:${image}`, pullPolicy: "IfNotPresent" }, collect().io),
    ).rejects.toThrow(new RegExp(`^pulling ${image.replace(/\./g, "\\.")} failed: .*(refused|connect)`));
  }, 30_000);

  it("a registry that never answers fails the start within the pull timeout, not a hang", async () => {
    const silent = await silentServer();
    try {
      const image = `127.0.0.1:${silent.port}/baton/absent:1`;
      const quick = await makeDriver({ RUNNER_DOCKER_PULL_TIMEOUT_MS: "1500" });
      const t0 = Date.now();
      await expect(
        quick.start(ref("hang"), { ...spec("exit"), uri: `docker:${image}`, pullPolicy: "IfNotPresent" }, collect().io),
      ).rejects.toThrow(`pulling ${image} failed: no answer within 1500 ms`);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      silent.server.close();
    }
  }, 30_000);

  it("Always pulls even an image that is present (the run's policy over the runner's)", async () => {
    const always = await makeDriver({ RUNNER_DOCKER_PULL_POLICY: "Never" });
    await expect(always.start(ref("always"), { ...spec("exit"), pullPolicy: "Always" }, collect().io)).rejects.toThrow(
      `pulling ${IMAGE} failed: `,
    );
    // The runner's default applies when the run names none: Never finds the image present.
    const { exit } = await run("default-policy", { ...spec("streams"), pullPolicy: undefined }, always);
    expect(exit.exitCode).toBe(0);
  }, 30_000);
});

describe("the container", () => {
  it("is named for the run, labelled, limited (memory with swap equal, CPU) and has no network, while it runs", async () => {
    const label = ref("inspect");
    const out = collect();
    const started = await driver.start(label, spec("trap", { cpu: 0.5, memory: 128 * MIB, arguments: ["x"] }), out.io);
    await waitFor(() => out.text("stdout").includes("ready") || undefined);
    const info = await docker.getContainer(String(started.handle.containerId)).inspect();
    expect(started.handle).toEqual({ containerId: info.Id, name: `baton-${label.executionId}` });
    expect(info.Name.replace(/^\//, "")).toBe(`baton-${label.executionId}`);
    expect(info.Config.Labels).toMatchObject({
      "baton.execution": label.executionId,
      "baton.task": "driver-test",
      "baton.revision": "2",
      "baton.runner": RUNNER,
    });
    expect(info.Config.Entrypoint).toEqual(["/usr/local/bin/node", "/app/program.mjs"]);
    expect(info.Config.Cmd).toEqual(["x"]);
    expect(info.HostConfig).toMatchObject({ Memory: 128 * MIB, MemorySwap: 128 * MIB, NanoCpus: 500_000_000 });
    expect(info.HostConfig.NetworkMode).toBe("none");
    expect(info.HostConfig.Privileged).toBe(false);
    await driver.cancel(started.handle, { graceMs: 5000 });
    expect((await started.exited).exitCode).toBe(0);
    // Removed right after the exit is reported (the verdict does not wait for it).
    await waitFor(async () => (await isGone(info.Id)) || undefined);
  }, 30_000);

  it("has no network interface but loopback by default", async () => {
    const { out } = await run("net", spec("net"));
    expect(JSON.parse(out.text("stdout"))).toEqual(["lo"]);
  }, 30_000);

  it("keeps stdout and stderr apart, live, reports the exit code, then removes the container", async () => {
    const { out, exit, started } = await run("streams", spec("streams", {}, { CONFORMANCE_CODE: "3" }));
    expect(exit).toEqual({ exitCode: 3, signal: null });
    expect(out.lines("stdout")).toEqual(["out 1", "out 2"]);
    expect(out.lines("stderr")).toEqual(["err 1", "err 2"]);
    // Removed right after the exit is reported (the verdict does not wait for it).
    await waitFor(async () => (await isGone(String(started.handle.containerId))) || undefined);
  }, 30_000);

  it("delivers a 100,000-character line (split by the engine) whole, and a last line without a newline", async () => {
    const { out } = await run("long", spec("long"));
    expect(out.text("stdout")).toBe(`${"x".repeat(100_000)}\nno newline at the end`);
  }, 30_000);

  it("reports a breached memory limit as OOM_KILLED with the limit", async () => {
    const { exit } = await run("oom", spec("memory", { memory: 64 * MIB }));
    expect(exit.exitCode).not.toBe(0);
    expect(exit.message).toBe("OOM_KILLED: the container exceeded its memory limit of 64 MiB");
  }, 30_000);

  it("a container that cannot start is removed, and start rejects with the engine's reason", async () => {
    const label = ref("broken");
    await expect(
      driver.start(label, { ...spec("exit"), uri: `docker:${NO_ENTRYPOINT}` }, collect().io),
    ).rejects.toThrow(new RegExp(`^cannot start the container from ${NO_ENTRYPOINT}: .*no/such/program`));
    expect(await containersOf(`baton.execution=${label.executionId}`)).toEqual([]);
  }, 30_000);
});

describe("privileges and mounts", () => {
  it.each([
    [{ privileged: true }, `privileged: ${PRIVILEGED_REFUSED}`],
    [{ hostPid: true }, `hostPid: ${PRIVILEGED_REFUSED}`],
    [{ hostIpc: true }, `hostIpc: ${PRIVILEGED_REFUSED}`],
    [{ network: "host" }, `network "host": ${PRIVILEGED_REFUSED}`],
  ])("refuses %o on a runner that does not allow it", async (docker, message) => {
    const label = ref("refused");
    await expect(driver.start(label, spec("echo", { docker }), collect().io)).rejects.toThrow(message);
    expect(await containersOf(`baton.execution=${label.executionId}`)).toEqual([]);
  });

  it("shares the host's network, PID and IPC namespaces only where RUNNER_DOCKER_ALLOW_PRIVILEGED=true", async () => {
    const host = Object.fromEntries(["ipc", "pid", "net"].map((ns) => [ns, readlinkSync(`/proc/self/ns/${ns}`)]));
    const allowing = await makeDriver({ RUNNER_DOCKER_ALLOW_PRIVILEGED: "true" });
    const shared = await run(
      "allowed",
      spec("ns", { docker: { network: "host", hostIpc: true, hostPid: true } }),
      allowing,
    );
    expect(JSON.parse(shared.out.text("stdout"))).toEqual(host);
    const own = JSON.parse((await run("own", spec("ns"))).out.text("stdout")) as Record<string, string>;
    for (const ns of ["ipc", "pid", "net"]) expect(own[ns]).not.toBe(host[ns]);
  }, 30_000);

  it("runs privileged where allowed", async () => {
    const allowing = await makeDriver({ RUNNER_DOCKER_ALLOW_PRIVILEGED: "true" });
    const out = collect();
    const started = await allowing.start(ref("privileged"), spec("trap", { docker: { privileged: true } }), out.io);
    const exited = started.exited.catch((err: Error) => err);
    await waitFor(() => out.text("stdout").includes("ready") || undefined);
    const info = await docker.getContainer(String(started.handle.containerId)).inspect();
    expect(info.HostConfig.Privileged).toBe(true);
    await allowing.cancel(started.handle, { graceMs: 5000 });
    expect(await exited).toMatchObject({ exitCode: 0 });
  }, 30_000);

  it("binds a host folder under RUNNER_DOCKER_VOLUME_ROOTS, refuses one outside or leading outside", async () => {
    const root = join(dir, "volumes");
    await mkdir(join(root, "in"), { recursive: true });
    await writeFile(join(root, "in", "hello.txt"), "hello from the host");
    await symlink("/etc", join(root, "escape"));
    const mounting = await makeDriver({ RUNNER_DOCKER_VOLUME_ROOTS: root });
    const { out } = await run(
      "bind",
      spec("read", { docker: { volumes: [`${root}/in:/data:ro`] } }, { CONFORMANCE_FILE: "/data/hello.txt" }),
      mounting,
    );
    expect(out.lines("stdout")).toEqual(["hello from the host"]);
    await expect(
      mounting.start(ref("outside"), spec("read", { docker: { volumes: [`${dir}:/data`] } }), collect().io),
    ).rejects.toThrow(
      `volume "${dir}:/data" refused: host path ${dir} is not under the runner's volume roots: ${root}`,
    );
    await expect(
      mounting.start(ref("escape"), spec("read", { docker: { volumes: [`${root}/escape:/data`] } }), collect().io),
    ).rejects.toThrow(
      `volume "${root}/escape:/data" refused: ${root}/escape leads to /etc, outside the runner's volume roots`,
    );
    // Without roots, no host folder at all.
    await expect(
      driver.start(ref("no-roots"), spec("read", { docker: { volumes: [`${root}/in:/data`] } }), collect().io),
    ).rejects.toThrow("RUNNER_DOCKER_VOLUME_ROOTS is empty");
  }, 30_000);
});

describe("cancel", () => {
  it("sends SIGTERM first: a run that stops within the grace exits 0 after saying so", async () => {
    const out = collect();
    const started = await driver.start(ref("trap"), spec("trap"), out.io);
    await waitFor(() => out.text("stdout").includes("ready") || undefined);
    await driver.cancel(started.handle, { graceMs: 5000 });
    expect(await started.exited).toEqual({ exitCode: 0, signal: null });
    expect(out.lines("stdout")).toEqual(["ready", "got SIGTERM"]);
  }, 30_000);

  it("kills a run that ignores SIGTERM after the grace, not before; cancelling twice, or after the end, is harmless", async () => {
    const out = collect();
    const started = await driver.start(ref("ignore"), spec("ignore"), out.io);
    await waitFor(() => out.text("stdout").includes("ready") || undefined);
    const t0 = Date.now();
    await Promise.all([
      driver.cancel(started.handle, { graceMs: 2000 }),
      driver.cancel(started.handle, { graceMs: 2000 }),
    ]);
    const exit = await started.exited;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    expect(exit.exitCode).toBe(137);
    expect(out.lines("stdout")).toEqual(["ready", "ignoring SIGTERM"]);
    await driver.cancel(started.handle, { graceMs: 0 });
  }, 30_000);

  it("a cancel without grace during a graceful stop kills at once (a fenced run)", async () => {
    const out = collect();
    const started = await driver.start(ref("fence"), spec("ignore"), out.io);
    await waitFor(() => out.text("stdout").includes("ready") || undefined);
    const t0 = Date.now();
    const graceful = driver.cancel(started.handle, { graceMs: 20_000 });
    await waitFor(() => out.text("stdout").includes("ignoring SIGTERM") || undefined);
    await driver.cancel(started.handle, { graceMs: 0 });
    expect((await started.exited).exitCode).toBe(137);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await graceful;
  }, 30_000);
});

describe("after a runner restart", () => {
  /** A run whose first driver "dies" (stops following, the container runs on) once it has delivered `lines`. */
  async function orphan(label: RunRef, lines: number, env: Record<string, string> = {}) {
    const first = collect();
    const old = await makeDriver();
    const started = await old.start(label, spec("ticks", {}, { CONFORMANCE_CODE: "7", ...env }), first.io);
    await waitFor(() => (first.lines("stdout").length >= lines ? true : undefined));
    await old.close?.();
    // The old driver stopped watching: its `exited` must never settle, even once the container has ended
    // (checked by each test after the adopted run's end, so no test waits a fixed time to see nothing happen).
    let settled = false;
    started.exited.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    return {
      started,
      first,
      from: { stdoutLines: first.lines("stdout").length, stderrLines: first.lines("stderr").length },
      oldSettled: () => settled,
    };
  }
  const ticks = (count: number): string[] => Array.from({ length: count }, (_, i) => `tick ${i + 1}`);
  const tocks = (count: number): string[] => Array.from({ length: count / 3 }, (_, i) => `tock ${(i + 1) * 3}`);

  it("adopts a running container by its handle: only the lines not yet delivered, with the engine's timestamps, then its exit, then removes it", async () => {
    const label = ref("recover-handle");
    const since = Math.floor(Date.now() / 1000) * 1000; // the engine may keep whole seconds only
    const { started, first, from, oldSettled } = await orphan(label, 6);
    const second = collect();
    const adopted = await driver.recover(label, started.handle, second.io, from);
    if (!adopted) throw new Error("not adopted");
    expect(adopted.handle).toEqual(started.handle);
    expect(await adopted.exited).toEqual({ exitCode: 7, signal: null });
    // The run has ended: the closed driver, no longer watching, never said so.
    expect(oldSettled()).toBe(false);
    expect([...first.lines("stdout"), ...second.lines("stdout")]).toEqual(ticks(30));
    expect([...first.lines("stderr"), ...second.lines("stderr")]).toEqual(tocks(30));
    // Removed right after the exit is reported (the verdict does not wait for it).
    await waitFor(async () => (await isGone(String(started.handle.containerId))) || undefined);
    // Every chunk read back from the engine's log carries the engine's time for it.
    expect(second.stamps()).toHaveLength(second.chunks());
    for (const at of second.stamps()) {
      expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(at as string)).toBeGreaterThanOrEqual(since);
      expect(Date.parse(at as string)).toBeLessThanOrEqual(Date.now());
    }
  }, 30_000);

  it("a recovered container writing fast: every line of both streams, once, in order", async () => {
    const label = ref("recover-fast");
    const { first, from } = await orphan(label, 50, {
      CONFORMANCE_TICKS: "6000",
      CONFORMANCE_TICK_MS: "10",
      CONFORMANCE_BATCH: "40",
    });
    const second = collect();
    const adopted = await driver.recover(label, undefined, second.io, from);
    expect(await adopted?.exited).toMatchObject({ exitCode: 7 });
    expect([...first.lines("stdout"), ...second.lines("stdout")]).toEqual(ticks(6000));
    expect([...first.lines("stderr"), ...second.lines("stderr")]).toEqual(tocks(6000));
  }, 60_000);

  it("finds the container by its labels when the handle was never recorded", async () => {
    const label = ref("recover-label");
    const { started, first, from } = await orphan(label, 4);
    const second = collect();
    const adopted = await driver.recover(label, undefined, second.io, from);
    if (!adopted) throw new Error("not adopted");
    expect(adopted.handle).toEqual(started.handle);
    expect(await adopted.exited).toMatchObject({ exitCode: 7 });
    expect([...first.lines("stdout"), ...second.lines("stdout")]).toEqual(ticks(30));
  }, 30_000);

  it("adopts a container that ended while no runner watched: the rest of its log and its exit code", async () => {
    const label = ref("recover-ended");
    const { started, first, from, oldSettled } = await orphan(label, 2, {
      CONFORMANCE_TICKS: "9",
      CONFORMANCE_TICK_MS: "20",
    });
    const id = String(started.handle.containerId);
    await waitFor(async () => ((await docker.getContainer(id).inspect()).State.Running ? undefined : true));
    // Ended while nobody watched: the closed driver's `exited` did not settle.
    expect(oldSettled()).toBe(false);
    const second = collect();
    const adopted = await driver.recover(label, started.handle, second.io, from);
    expect(await adopted?.exited).toEqual({ exitCode: 7, signal: null });
    expect([...first.lines("stdout"), ...second.lines("stdout")]).toEqual(ticks(9));
    // Removed right after the exit is reported (the verdict does not wait for it).
    await waitFor(async () => (await isGone(id)) || undefined);
  }, 30_000);

  it("reads again a log read the engine answers with an error (Podman's 200 with an error body): every line once, and its exit", async () => {
    const label = ref("recover-read-error");
    const { started, first, from } = await orphan(label, 2, { CONFORMANCE_TICKS: "9", CONFORMANCE_TICK_MS: "20" });
    const id = String(started.handle.containerId);
    await waitFor(async () => ((await docker.getContainer(id).inspect()).State.Running ? undefined : true));
    // Two reads fail: the watch's first (asked before the engine's wait answers), and the first after the wait
    // has answered (the last, complete read).
    let failedAfterWait = false;
    const engine = await startFaultyEngine(podman.dockerHost.replace("unix://", ""), dir, (read) => {
      if (read.n === 1) return true;
      if (!read.afterWait || failedAfterWait) return false;
      failedAfterWait = true;
      return true;
    });
    const through = await makeDriver({ DOCKER_HOST: engine.dockerHost });
    try {
      const second = collect();
      const adopted = await through.recover(label, started.handle, second.io, from);
      expect(await adopted?.exited).toEqual({ exitCode: 7, signal: null });
      const reads = engine.logReads();
      expect(reads.filter((read) => read.failed)).toEqual([
        { n: 1, afterWait: false, failed: true },
        expect.objectContaining({ afterWait: true, failed: true }),
      ]);
      expect(reads.at(-1)).toEqual({ n: reads.length, afterWait: true });
      expect([...first.lines("stdout"), ...second.lines("stdout")]).toEqual(ticks(9));
      expect([...first.lines("stderr"), ...second.lines("stderr")]).toEqual(tocks(9));
      await waitFor(async () => (await isGone(id)) || undefined);
    } finally {
      await through.close?.();
      await engine.close();
    }
  }, 30_000);

  it("a log the engine never gives ends the watch with the engine's words, after a few tries", async () => {
    const label = ref("recover-read-refused");
    const { started, from } = await orphan(label, 2, { CONFORMANCE_TICKS: "6", CONFORMANCE_TICK_MS: "20" });
    const id = String(started.handle.containerId);
    const engine = await startFaultyEngine(podman.dockerHost.replace("unix://", ""), dir, () => true);
    const through = await makeDriver({ DOCKER_HOST: engine.dockerHost });
    try {
      const adopted = await through.recover(label, started.handle, collect().io, from);
      await expect(adopted?.exited).rejects.toThrow(
        `watching container ${id} failed: the engine answered a read of container ${id}'s log with an error: ${PODMAN_LOG_FAILURE.message}`,
      );
      // The last read (after the engine's wait answered) was tried five times before the watch gave up.
      expect(engine.logReads().filter((read) => read.failed && read.afterWait).length).toBeGreaterThanOrEqual(5);
    } finally {
      await through.close?.();
      await engine.close();
      // The run's verdict is "lost track"; its container is left for a later reap: this file leaves none.
      await docker.getContainer(id).remove({ force: true });
    }
  }, 30_000);

  it("reports a run gone when no container of it exists, or it was never started (and removes that one)", async () => {
    expect(await driver.recover(ref("never-ran"), { containerId: "f".repeat(64) }, collect().io, zero)).toBeUndefined();
    const label = ref("never-started");
    const created = await docker.createContainer({
      Image: IMAGE,
      name: `baton-${label.executionId}`,
      Labels: { "baton.execution": label.executionId, "baton.runner": RUNNER },
      HostConfig: { NetworkMode: "none" },
    });
    expect(await driver.recover(label, undefined, collect().io, zero)).toBeUndefined();
    expect(await isGone(created.id)).toBe(true);
  }, 30_000);

  it("does not adopt another runner's container found by label", async () => {
    const label = ref("other-runner");
    const created = await docker.createContainer({
      Image: IMAGE,
      Labels: { "baton.execution": label.executionId, "baton.runner": `${RUNNER}-other` },
      HostConfig: { NetworkMode: "none" },
    });
    try {
      expect(await driver.recover(label, undefined, collect().io, zero)).toBeUndefined();
      expect(await isGone(created.id)).toBe(false);
    } finally {
      await created.remove({ force: true });
    }
  }, 30_000);

  it("reap removes this runner's containers of runs it no longer holds, and only those", async () => {
    const kept = ref("reap-kept");
    const stray = ref("reap-stray");
    const old = await makeDriver();
    const a = await old.start(kept, spec("ignore"), collect().io);
    const b = await old.start(stray, spec("ignore"), collect().io);
    await old.close?.();
    const other = await docker.createContainer({
      Image: IMAGE,
      Labels: { "baton.execution": stray.executionId, "baton.runner": `${RUNNER}-other` },
      HostConfig: { NetworkMode: "none" },
    });
    try {
      await driver.reap?.(new Set([kept.executionId]));
      expect(await isGone(String(b.handle.containerId))).toBe(true);
      expect(await isGone(String(a.handle.containerId))).toBe(false);
      expect(await isGone(other.id)).toBe(false);
      await driver.reap?.(new Set());
      expect(await isGone(String(a.handle.containerId))).toBe(true);
    } finally {
      await other.remove({ force: true });
    }
  }, 30_000);
});

describe("test support: buildNodeImage", () => {
  it("builds once per content: reuses an image of the same files, replaces (and removes) one of other files", async () => {
    const tag = `localhost/baton-runner-docker-test:support-${process.pid}`;
    const file = join(dir, "support.mjs");
    const build = () =>
      buildNodeImage({ dockerHost: podman.dockerHost, tag, files: { "/app/x.mjs": file }, entrypoint: ["/x"] });
    try {
      await writeFile(file, "console.log(1);\n");
      await build();
      const first = (await docker.getImage(tag).inspect()).Id;
      await build();
      expect((await docker.getImage(tag).inspect()).Id).toBe(first);
      await writeFile(file, "console.log(2);\n");
      await build();
      const second = await docker.getImage(tag).inspect();
      expect(second.Id).not.toBe(first);
      expect(second.Config.Entrypoint).toEqual(["/x"]);
      const gone = await docker
        .getImage(first)
        .inspect()
        .then(
          () => false,
          (err: { statusCode?: number }) => err.statusCode === 404,
        );
      expect(gone).toBe(true);
    } finally {
      await docker
        .getImage(tag)
        .remove()
        .catch(() => {});
    }
  }, 60_000);
});

const zero = { stdoutLines: 0, stderrLines: 0 };

interface Collected {
  io: RunIo;
  text(stream: "stdout" | "stderr"): string;
  lines(stream: "stdout" | "stderr"): string[];
  stamps(): Array<string | undefined>;
  chunks(): number;
}

function collect(): Collected {
  const chunks = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
  const stamps: Array<string | undefined> = [];
  const text = (stream: "stdout" | "stderr"): string => Buffer.concat(chunks[stream]).toString("utf8");
  const take = (stream: "stdout" | "stderr") => (chunk: Uint8Array, at?: string) => {
    chunks[stream].push(new Uint8Array(chunk));
    stamps.push(at);
  };
  return {
    io: { stdout: take("stdout"), stderr: take("stderr") },
    text,
    lines: (stream) => text(stream).split("\n").slice(0, -1),
    stamps: () => stamps.filter((at) => at !== undefined),
    chunks: () => chunks.stdout.length + chunks.stderr.length,
  };
}

/** A loopback port nothing listens on (connections are refused at once). */
async function closedPort(): Promise<number> {
  const { server, port } = await listen(createServer());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A loopback "registry" that accepts connections and never says a word. */
async function silentServer(): Promise<{ server: Server; port: number }> {
  return listen(createServer(() => {}));
}

function listen(server: Server): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : 0 });
    }),
  );
}

// Keeps the imports honest for readers: these types describe what the helpers return.
export type { ExitInfo, StartedRun };
