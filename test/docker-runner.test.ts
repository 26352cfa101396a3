import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildProgramImage, type PodmanService, startPodman } from "@baton/runner-docker/testing";
import { CONFORMANCE_PROGRAM } from "@baton/runner-host/conformance";
import { type Child, freePort, startNodeChild, waitForLine } from "@baton/stack";
import Docker from "dockerode";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleCors, launchChromium } from "./support/browser.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { buildExampleImage } from "./support/example-image.js";
import {
  allEvents,
  defineTask,
  getExecution,
  ingestedLines,
  launch,
  logLines,
  statuses,
  untilStatus,
  waitFor,
} from "./support/flows.js";

// The Docker runner end to end: a real control plane and a runner with
// RUNNER_PLATFORM=docker driving Podman's Docker API, kill -9 included.

const IMAGE = "localhost/baton-e2e-conformance:1";
const EXAMPLES = "localhost/baton-examples:1";
const require = createRequire(import.meta.url);
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");
const webServer = join(dirname(require.resolve("@baton/web/package.json")), "server.mjs");
let browser: Browser;
let web: Child;
let consolePort = 0;
let dir = "";
let podman: PodmanService;
let docker: Docker;
let env: TestEnv;
let runner: Child;
let runnerId = "";

const startDockerRunner = (extra: Record<string, string> = {}): Promise<Child> =>
  env.startRunner({
    RUNNER_PLATFORM: "docker",
    RUNNER_ID: runnerId,
    DOCKER_HOST: podman.dockerHost,
    RUNNER_CAPACITY: "4",
    ...podman.env,
    ...extra,
  });

const containersOfRunner = async (): Promise<Docker.ContainerInfo[]> =>
  docker.listContainers({ all: true, filters: { label: [`baton.runner=${runnerId}`] } });

const until = (id: string, wanted: string[], timeoutMs = 60_000) => untilStatus(env.api[0]!, id, wanted, timeoutMs);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "baton-docker-e2e-"));
  podman = await startPodman({ dir });
  docker = new Docker({ socketPath: podman.dockerHost.replace(/^unix:\/\//, "") });
  await buildProgramImage(podman.dockerHost, IMAGE, CONFORMANCE_PROGRAM);
  await buildExampleImage(podman.dockerHost, EXAMPLES);
  browser = await launchChromium();
  consolePort = await freePort();
  // LOST after 8 s of silence: a runner killed with -9 has 0.8 x that (its stall limit) to come back and adopt
  // its containers before its watchdog removes them.
  env = await startEnv({
    runners: 0,
    controlPlaneEnv: { ...consoleCors(consolePort), BATON_RUNNER_LOST_AFTER_MS: "8000" },
  });
  runnerId = `dock-${env.prefix}`;
  runner = await startDockerRunner();
  await waitFor(
    "the docker runner to register",
    async () => (await env.sql("SELECT 1 FROM runners")).length > 0,
    60_000,
  );
  await defineTask(env.api[0]!, "in-a-container", `docker:${IMAGE}`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop(5000);
  await env?.stop();
  // Nothing is left behind, on any path the tests took.
  if (docker) expect(await containersOfRunner()).toEqual([]);
  await podman?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("docker runner", () => {
  it("runs a container task: argv exactly, env, stdout and stderr apart, COMPLETED", async () => {
    const args = ["two words", `"quoted"`, "; rm -rf /", "$(id)", ""];
    const run = await launch(env.api[0]!, "in-a-container", {
      arguments: args,
      properties: { env: { CONFORMANCE_MODE: "echo", GREETING: "hi $USER" } },
    });
    const done = await until(run.id, ["COMPLETED", "FAILED"]);
    expect(done).toMatchObject({ status: "COMPLETED", exitCode: 0, runnerId });
    const events = await allEvents(env.api[0]!, run.id);
    expect(JSON.parse(logLines(events, "stdout")[0] ?? "{}")).toEqual({
      args,
      greeting: "hi $USER",
      execution: run.id,
    });
  });

  it("keeps stdout and stderr apart and every line of a fast log", async () => {
    const run = await launch(env.api[0]!, "in-a-container", {
      properties: { env: { CONFORMANCE_MODE: "fast", CONFORMANCE_LINES: "3000" } },
    });
    await until(run.id, ["COMPLETED"]);
    const events = await allEvents(env.api[0]!, run.id);
    expect(logLines(events, "stdout")).toEqual(Array.from({ length: 3000 }, (_, i) => `out ${i}`));
    expect(logLines(events, "stderr")).toEqual(Array.from({ length: 3000 }, (_, i) => `err ${i}`));
  });

  it("reports a breached memory limit as OOM_KILLED", async () => {
    const run = await launch(env.api[0]!, "in-a-container", {
      properties: { memory: "96Mi", env: { CONFORMANCE_MODE: "memory" } },
    });
    const done = await until(run.id, ["FAILED", "COMPLETED"]);
    expect(done.status).toBe("FAILED");
    expect(done.exitMessage).toMatch(/^OOM_KILLED/);
    expect(done.errorMessage).toMatch(/^OOM_KILLED/);
  });

  it("fails a run whose image cannot be pulled, with the reason, not a hang", async () => {
    await defineTask(env.api[0]!, "no-such-image", "docker:localhost/baton-no-such-image:1");
    const run = await launch(env.api[0]!, "no-such-image");
    const done = await until(run.id, ["FAILED"], 120_000);
    expect(done.errorMessage).toMatch(/pull/i);
    expect(done.errorMessage).toMatch(/baton-no-such-image/);
    const never = await launch(env.api[0]!, "no-such-image", { properties: { pullPolicy: "Never" } });
    expect((await until(never.id, ["FAILED"])).errorMessage).toMatch(/Never/);
  }, 150_000);

  it("refuses privileged containers and host namespaces unless the runner allows them", async () => {
    const run = await launch(env.api[0]!, "in-a-container", {
      properties: { docker: { privileged: true }, env: { CONFORMANCE_MODE: "exit" } },
    });
    const done = await until(run.id, ["FAILED", "COMPLETED"]);
    expect(done.status).toBe("FAILED");
    expect(done.errorMessage).toMatch(/RUNNER_DOCKER_ALLOW_PRIVILEGED/);
    const host = await launch(env.api[0]!, "in-a-container", {
      properties: { docker: { network: "host" }, env: { CONFORMANCE_MODE: "exit" } },
    });
    expect((await until(host.id, ["FAILED", "COMPLETED"])).errorMessage).toMatch(/RUNNER_DOCKER_ALLOW_PRIVILEGED/);
  });

  it("cancel gives the container SIGTERM and its grace, then CANCELLED", async () => {
    const run = await launch(env.api[0]!, "in-a-container", {
      properties: { graceSeconds: 10, env: { CONFORMANCE_MODE: "trap", CONFORMANCE_CLEANUP_MS: "1000" } },
    });
    await until(run.id, ["RUNNING"]);
    // "ready" ingested: the program has set its SIGTERM handler (RUNNING alone can come before it has).
    await waitFor("the program to be ready", async () => (await ingestedLines(env.sql, run.id)) >= 1);
    await env.api[0]!.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: run.id });
    const done = await until(run.id, ["CANCELLED", "FAILED", "COMPLETED"]);
    expect(done.status).toBe("CANCELLED");
    const events = await allEvents(env.api[0]!, run.id);
    expect(logLines(events, "stdout")).toContain("got SIGTERM");
  });

  it("kill -9 of the runner mid-run: the restarted runner adopts the container, every line once, and its exit code", async () => {
    const run = await launch(env.api[0]!, "in-a-container", {
      properties: {
        env: { CONFORMANCE_MODE: "ticks", CONFORMANCE_TICKS: "120", CONFORMANCE_TICK_MS: "50", CONFORMANCE_CODE: "0" },
      },
    });
    await until(run.id, ["RUNNING"]);
    await waitFor("some ticks to be ingested", async () => (await ingestedLines(env.sql, run.id)) >= 10);
    runner.process.kill("SIGKILL");
    await runner.exited;
    // The container goes on without its runner.
    const [container] = await containersOfRunner().then((all) =>
      all.filter((c) => c.Labels["baton.execution"] === run.id),
    );
    expect(container?.State).toBe("running");
    runner = await startDockerRunner();
    const done = await until(run.id, ["COMPLETED", "FAILED", "LOST"]);
    expect(done).toMatchObject({ status: "COMPLETED", exitCode: 0 });
    const events = await allEvents(env.api[0]!, run.id);
    expect(logLines(events, "stdout")).toEqual(Array.from({ length: 120 }, (_, i) => `tick ${i + 1}`));
    expect(logLines(events, "stderr")).toEqual(Array.from({ length: 24 }, (_, i) => `tock ${(i + 1) * 5}`));
    expect(statuses(events)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"]);
    // Event numbers go on with no gap across the restart.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  }, 120_000);

  it("kill -9 of the runner and its container removed meanwhile: the run becomes LOST, truthfully", async () => {
    const run = await launch(env.api[0]!, "in-a-container", { properties: { env: { CONFORMANCE_MODE: "sleep" } } });
    await until(run.id, ["RUNNING"]);
    runner.process.kill("SIGKILL");
    await runner.exited;
    const [container] = (await containersOfRunner()).filter((c) => c.Labels["baton.execution"] === run.id);
    if (!container) throw new Error("no container for the run");
    await docker.getContainer(container.Id).remove({ force: true });
    runner = await startDockerRunner();
    const done = await until(run.id, ["LOST", "FAILED", "COMPLETED"]);
    expect(done.status).toBe("LOST");
    expect(done.errorMessage).toMatch(/restarted and no longer holds this run/);
  }, 120_000);
});

describe("docker runner that does not come back", () => {
  it("kill -9 and no restart: the watchdog removes the container before the run is declared LOST", async () => {
    const run = await launch(env.api[0]!, "in-a-container", { properties: { env: { CONFORMANCE_MODE: "sleep" } } });
    await until(run.id, ["RUNNING"]);
    const mine = async () => (await containersOfRunner()).filter((c) => c.Labels["baton.execution"] === run.id);
    expect((await mine()).map((c) => c.State)).toEqual(["running"]);
    runner.process.kill("SIGKILL");
    await runner.exited;
    const done = await until(run.id, ["LOST", "FAILED", "COMPLETED"], 60_000);
    expect(done.status).toBe("LOST");
    expect(done.errorMessage).toMatch(/stopped sending heartbeats/);
    // LOST is true: the program was gone before the verdict (and nothing is left of it).
    expect(await mine()).toEqual([]);
    runner = await startDockerRunner();
  }, 120_000);
});

describe("seed 004's export as a container task, launched from the console", () => {
  it("runs the partitioned export in the examples image on the Docker runner", async () => {
    const api = env.api[0]!;
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "gym-export-image", version: "1.0.0", uri: `docker:${EXAMPLES}` },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: {
        name: "export-in-a-container",
        app: "gym-export-image",
        arguments: ["/baton/examples/export-excel.mjs", "--data-dir=/tmp/gym", "--partition-size=20"],
        properties: { memory: "256Mi", cpu: "500m" },
      },
    });
    mkdirSync(join(repoRoot, "test-output", "screenshots"), { recursive: true });
    web = startNodeChild(
      "console",
      webServer,
      { ...process.env, BATON_GRAPHQL_URL: api.url, PORT: String(consolePort), NEXT_TELEMETRY_DISABLED: "1" },
      join(repoRoot, "test-output", "docker-console-web.log"),
    );
    const base = (await waitForLine(web, /ready: (http\S+)/, 30_000)).split("ready: ")[1]!.trim();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/tasks/export-in-a-container`);
    const launchForm = page.getByRole("form", { name: "Launch" });
    await launchForm.getByLabel("Arguments").fill("--request-id=req-42");
    await launchForm.getByRole("button", { name: "Launch" }).click();
    await page.waitForURL(/\/executions\/[0-9a-f-]+$/);
    await expect.poll(() => page.getByTestId("execution-status").textContent(), { timeout: 60_000 }).toBe("COMPLETED");
    const log = page.getByTestId("log-viewer");
    await expect.poll(() => log.textContent()).toContain("Export req-42: sent the SUCCESS event");
    await page.screenshot({ path: join(repoRoot, "test-output", "screenshots", "docker-export.png"), fullPage: true });
    const id = page.url().split("/").at(-1) as string;
    const done = await getExecution(api, id);
    expect(done).toMatchObject({ status: "COMPLETED", runnerId, exitMessage: "COMPLETED" });
    expect(done.steps.map((s) => s.name)).toEqual(
      expect.arrayContaining(["count-rows", "export-parts", "merge-parts"]),
    );
    await page.close();
  }, 120_000);
});
