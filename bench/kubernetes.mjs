#!/usr/bin/env node
// `node bench/kubernetes.mjs`: what Baton adds to a Kubernetes Job (issue 12).
//   bare:   the Kubernetes API straight from Node with @kubernetes/client-node:
//           create the Job, poll its pod every 10 ms until the container has
//           terminated, read its log (deleting the Job is not timed);
//   Baton:  launchTask over HTTP until the terminal STATUS event arrives on a
//           graphql-ws subscription, run by a runner with
//           RUNNER_PLATFORM=kubernetes against the same API server.
// The API server is the double of runners/kubernetes/src/testing (no real one
// can run here), each Job's pod a real container through Podman: the numbers
// say what Baton adds on top of the platform, not what a real cluster costs.
// Both in one run, alternating, after warm-up runs; where Baton's time goes
// comes from the executions' timestamps.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildProgramImage, startPodman } from "@baton/runner-docker/testing";
import { CONFORMANCE_PROGRAM } from "@baton/runner-host/conformance";
import { startApiServerDouble } from "@baton/runner-kubernetes/testing";
import { BatchV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { executionPhases, latencyLine, overheadLine, positive, printPhases, sleep, startBaton } from "./harness.mjs";

const N = positive("BENCH_KUBERNETES_RUNS", 20);
const WARMUP = 3;
const IMAGE = "localhost/baton-bench-kubernetes:1";
const NAMESPACE = "bench";
const line = (name, xs) => latencyLine(name, xs, 44);

const dir = mkdtempSync(join(tmpdir(), "baton-bench-kubernetes-"));
const podman = await startPodman({ dir });
await buildProgramImage(podman.dockerHost, IMAGE, CONFORMANCE_PROGRAM);
const cluster = await startApiServerDouble({ dockerHost: podman.dockerHost, namespace: NAMESPACE });
const kubeconfig = join(dir, "kubeconfig");
await cluster.writeKubeconfig(kubeconfig);
const baton = await startBaton("kubernetes", { runner: false });
baton.startRunner({
  RUNNER_PLATFORM: "kubernetes",
  KUBECONFIG: kubeconfig,
  RUNNER_KUBERNETES_NAMESPACE: NAMESPACE,
  RUNNER_ID: "bench-kubernetes",
});
const { gql } = baton;

await gql(`mutation { registerApp(input: { name: "trivial", version: "1", uri: "docker:${IMAGE}" }) { version } }`);
await gql(
  `mutation { createTask(input: { name: "trivial", app: "trivial", properties: { platform: "kubernetes" } }) { name } }`,
);
const ids = [];

async function viaBaton() {
  const { id, ms } = await baton.timedLaunch("trivial");
  ids.push(id);
  return ms;
}

const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const batch = kc.makeApiClient(BatchV1Api);
const core = kc.makeApiClient(CoreV1Api);
let bareRuns = 0;
async function bareApi() {
  const name = `bare-${++bareRuns}`;
  const t0 = performance.now();
  await batch.createNamespacedJob({
    namespace: NAMESPACE,
    body: {
      metadata: { name },
      spec: {
        backoffLimit: 0,
        template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: IMAGE, args: [] }] } },
      },
    },
  });
  // To the container's end as its pod reports it (what Baton's runner watches), then its log.
  let pod;
  for (;;) {
    const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `job-name=${name}` });
    pod = pods.items[0];
    if (pod?.status?.containerStatuses?.[0]?.state?.terminated) break;
    await sleep(10);
  }
  await core.readNamespacedPodLog({ name: pod.metadata?.name ?? "", namespace: NAMESPACE });
  const ms = performance.now() - t0;
  await batch.deleteNamespacedJob({ name, namespace: NAMESPACE, propagationPolicy: "Background" });
  return ms;
}

for (let i = 0; i < WARMUP; i++) {
  await viaBaton();
  await bareApi();
}
ids.length = 0;
const batonMs = [];
const apiMs = [];
for (let i = 0; i < N; i++) {
  batonMs.push(await viaBaton());
  apiMs.push(await bareApi());
}
const phases = await executionPhases(baton.databaseUrl, ids);

console.log(
  `\nKubernetes Job launch-to-exit, ${N} sequential runs of a trivial container (Node exiting at once) on the API server double, after ${WARMUP} warm-up runs each`,
);
console.log(line("bare: Kubernetes API from Node (to the exit)", apiMs));
console.log(line("Baton: launchTask -> exit event", batonMs));
console.log(overheadLine("overhead (Baton - Kubernetes API)", batonMs, apiMs));
printPhases(phases, { start: "claim, Job, pod running", run: "the container, its log, its end" }, baton.logFile);
console.log("");

await baton.stop();
await cluster.stop();
await podman.stop();
rmSync(dir, { recursive: true, force: true });
if (phases.failed > 0) process.exitCode = 1;
