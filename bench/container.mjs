#!/usr/bin/env node
// `node bench/container.mjs`: what Baton adds to a container run (issue 11).
//   bare:   `podman run --rm --network none IMAGE`, the same trivial container
//           (Node exiting at once), until the command returns; and, closer to
//           what Baton does, the engine API straight from Node with dockerode
//           (create, attach, start, output end, inspect until exited, remove);
//   Baton:  launchTask over HTTP until the terminal STATUS event arrives on a
//           graphql-ws subscription, run by a runner with RUNNER_PLATFORM=docker
//           against the same Podman, through its Docker API.
// Both in one run, alternating, after warm-up runs; p50 and p99 of each and of
// the difference. Where Baton's time goes comes from the executions'
// timestamps (queued -> dispatched -> started -> ended) and the runner's trace.
// Everything real: a private PostgreSQL, NATS, Podman service, the control
// plane and the runner as separate processes.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { buildProgramImage, startPodman } from "@baton/runner-docker/testing";
import { CONFORMANCE_PROGRAM } from "@baton/runner-host/conformance";
import Docker from "dockerode";
import { executionPhases, latencyLine, overheadLine, positive, printPhases, startBaton } from "./harness.mjs";

const N = positive("BENCH_CONTAINER_RUNS", 30);
const WARMUP = 3;
const IMAGE = "localhost/baton-bench-container:1";
const run = promisify(execFile);
const line = (name, xs) => latencyLine(name, xs, 44);

const dir = mkdtempSync(join(tmpdir(), "baton-bench-container-"));
const podman = await startPodman({ dir });
await buildProgramImage(podman.dockerHost, IMAGE, CONFORMANCE_PROGRAM);
const baton = await startBaton("container", { runner: false });
baton.startRunner({
  RUNNER_PLATFORM: "docker",
  DOCKER_HOST: podman.dockerHost,
  RUNNER_ID: "bench-docker",
  ...podman.env,
});
const { gql } = baton;

await gql(`mutation { registerApp(input: { name: "trivial", version: "1", uri: "docker:${IMAGE}" }) { version } }`);
await gql(`mutation { createTask(input: { name: "trivial", app: "trivial" }) { name } }`);
// The runner registers with its first heartbeat; the first launch waits for it.
const ids = [];

async function viaBaton() {
  const { id, ms } = await baton.timedLaunch("trivial");
  ids.push(id);
  return ms;
}

const docker = new Docker({ socketPath: podman.dockerHost.replace(/^unix:\/\//, "") });
async function bareApi() {
  const t0 = performance.now();
  const c = await docker.createContainer({ Image: IMAGE, Cmd: [], HostConfig: { NetworkMode: "none" } });
  const stream = await c.attach({ stream: true, stdout: true, stderr: true });
  const ended = new Promise((resolve) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
  });
  stream.resume();
  await c.start();
  await ended;
  while ((await c.inspect()).State.Status !== "exited") await new Promise((resolve) => setTimeout(resolve, 10));
  const ms = performance.now() - t0;
  await c.remove({ force: true });
  return ms;
}

async function bare() {
  const t0 = performance.now();
  await run("podman", ["run", "--rm", "--network", "none", IMAGE], { env: { ...process.env, ...podman.env } });
  return performance.now() - t0;
}

for (let i = 0; i < WARMUP; i++) {
  await viaBaton();
  await bare();
  await bareApi();
}
ids.length = 0;
const batonMs = [];
const bareMs = [];
const apiMs = [];
for (let i = 0; i < N; i++) {
  batonMs.push(await viaBaton());
  bareMs.push(await bare());
  apiMs.push(await bareApi());
}

const phases = await executionPhases(baton.databaseUrl, ids);

console.log(
  `\nContainer launch-to-exit, ${N} sequential runs of a trivial container (Node exiting at once), after ${WARMUP} warm-up runs each`,
);
console.log(line("bare: podman run --rm", bareMs));
console.log(line("bare: engine API from Node (to the exit)", apiMs));
console.log(line("Baton: launchTask -> exit event", batonMs));
console.log(overheadLine("overhead (Baton - bare)", batonMs, bareMs));
console.log(overheadLine("overhead (Baton - engine API)", batonMs, apiMs));
printPhases(phases, { start: "claim, create, start", run: "the container, to its exit code" }, baton.logFile);
console.log("");

await baton.stop();
await podman.stop();
rmSync(dir, { recursive: true, force: true });
if (phases.failed > 0) process.exitCode = 1;
