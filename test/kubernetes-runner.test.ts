import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgramImage, type PodmanService, startPodman } from "@baton/runner-docker/testing";
import { CONFORMANCE_PROGRAM } from "@baton/runner-host/conformance";
import { type ApiServerDouble, startApiServerDouble } from "@baton/runner-kubernetes/testing";
import type { Child } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { buildExampleImage } from "./support/example-image.js";
import {
  allEvents,
  defineTask,
  ingestedLines,
  launch,
  logLines,
  statuses,
  untilStatus,
  waitFor,
} from "./support/flows.js";

// The Kubernetes runner end to end: a real control plane and a runner with
// RUNNER_PLATFORM=kubernetes talking to the Kubernetes API server double
// (runners/kubernetes/src/testing), which runs each Job's pod through
// Podman. No real API server runs here: what this file proves about
// Kubernetes itself holds for the double only.

const IMAGE = "localhost/baton-k8s-e2e-conformance:1";
const EXAMPLES = "localhost/baton-examples:1";
const NAMESPACE = "baton-runs";
let dir = "";
let podman: PodmanService;
let cluster: ApiServerDouble;
let env: TestEnv;
let runner: Child;
let runnerId = "";
let kubeconfig = "";

const startKubernetesRunner = (extra: Record<string, string> = {}): Promise<Child> =>
  env.startRunner({
    RUNNER_PLATFORM: "kubernetes",
    RUNNER_ID: runnerId,
    RUNNER_CAPACITY: "4",
    KUBECONFIG: kubeconfig,
    RUNNER_KUBERNETES_NAMESPACE: NAMESPACE,
    RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: "2000",
    RUNNER_KUBERNETES_SERVICE_ACCOUNTS: "exporter",
    ...extra,
  });

interface KubeJob {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    template: {
      spec: {
        serviceAccountName?: string;
        automountServiceAccountToken?: boolean;
        nodeSelector?: Record<string, string>;
        tolerations?: unknown[];
        imagePullSecrets?: Array<{ name: string }>;
        containers: Array<{
          image: string;
          command?: string[];
          args?: string[];
          env?: Array<{ name: string; value?: string }>;
          resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
        }>;
      };
    };
  };
}

/** The Jobs of this runner's runs as the API server holds them, through its REST API. */
const jobsOf = async (executionId?: string): Promise<KubeJob[]> => {
  const selector = [`baton.dev/runner=${runnerId}`, ...(executionId ? [`baton.dev/execution=${executionId}`] : [])];
  const res = await fetch(
    `${cluster.url}/apis/batch/v1/namespaces/${NAMESPACE}/jobs?labelSelector=${encodeURIComponent(selector.join(","))}`,
  );
  if (!res.ok) throw new Error(`listing Jobs: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: KubeJob[] }).items;
};

const until = (id: string, wanted: string[], timeoutMs = 60_000) => untilStatus(env.api[0]!, id, wanted, timeoutMs);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "baton-k8s-e2e-"));
  podman = await startPodman({ dir });
  await buildProgramImage(podman.dockerHost, IMAGE, CONFORMANCE_PROGRAM);
  await buildExampleImage(podman.dockerHost, EXAMPLES);
  cluster = await startApiServerDouble({ dockerHost: podman.dockerHost, namespace: NAMESPACE });
  // A kubeconfig file, as an operator gives one (KUBECONFIG).
  kubeconfig = join(dir, "kubeconfig.yaml");
  await cluster.writeKubeconfig(kubeconfig);
  env = await startEnv({ runners: 0, controlPlaneEnv: { BATON_RUNNER_LOST_AFTER_MS: "8000" } });
  runnerId = `kube-${env.prefix}`;
  runner = await startKubernetesRunner();
  await waitFor(
    "the kubernetes runner to register",
    async () => (await env.sql("SELECT 1 FROM runners WHERE platform = 'kubernetes'")).length > 0,
    60_000,
  );
  await defineTask(env.api[0]!, "as-a-job", `docker:${IMAGE}`, { properties: { platform: "kubernetes" } });
}, 240_000);

afterAll(async () => {
  await env?.stop();
  // Nothing is left behind, on any path the tests took.
  if (cluster) expect((await jobsOf()).map((j) => j.metadata.name)).toEqual([]);
  await cluster?.stop();
  await podman?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("kubernetes runner", () => {
  it("runs a container task as a Job: argv exactly, env, merged output labelled combined, COMPLETED, the Job deleted", async () => {
    const args = ["two words", `"quoted"`, "; rm -rf /", "$(id)", ""];
    const run = await launch(env.api[0]!, "as-a-job", {
      arguments: args,
      properties: { env: { CONFORMANCE_MODE: "echo", GREETING: "hi $USER" } },
    });
    const done = await until(run.id, ["COMPLETED", "FAILED"]);
    expect(done).toMatchObject({ status: "COMPLETED", exitCode: 0, runnerId });
    const events = await allEvents(env.api[0]!, run.id);
    expect(logLines(events, "stdout")).toEqual([]);
    expect(JSON.parse(logLines(events, "combined")[0] ?? "{}")).toEqual({
      args,
      greeting: "hi $USER",
      execution: run.id,
    });
    expect(statuses(events)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"]);
    await waitFor("the Job to be deleted", async () => (await jobsOf(run.id)).length === 0, 30_000);
  });

  it("builds the Job from the task's properties: limits, requests, scheduling, service account, labels", async () => {
    const run = await launch(env.api[0]!, "as-a-job", {
      properties: {
        cpu: "500m",
        memory: "256Mi",
        timeoutSeconds: 600,
        kubernetes: {
          serviceAccountName: "exporter",
          imagePullSecrets: ["regcred"],
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }],
          labels: { team: "settlement" },
          requests: { cpu: "100m", memory: "64Mi" },
        },
        env: { CONFORMANCE_MODE: "sleep" },
      },
    });
    await until(run.id, ["RUNNING"]);
    const [job] = await jobsOf(run.id);
    if (!job) throw new Error("no Job for the run");
    expect(job.metadata.labels).toMatchObject({ "baton.dev/execution": run.id, team: "settlement" });
    expect(job.metadata.annotations).toMatchObject({ "baton.dev/task": "as-a-job" });
    expect(job.spec.backoffLimit).toBe(0);
    // A backstop after the timeout and its grace: the runner's own timeout stops the run first.
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(600);
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: "exporter",
      nodeSelector: { "kubernetes.io/os": "linux" },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }],
      imagePullSecrets: [{ name: "regcred" }],
    });
    const [container] = pod.containers;
    expect(container?.command).toBeUndefined(); // the image's entrypoint, never a shell
    expect(container?.resources).toEqual({
      limits: { cpu: "500m", memory: "256Mi" },
      requests: { cpu: "100m", memory: "64Mi" },
    });
    await env.api[0]!.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: run.id });
    expect((await until(run.id, ["CANCELLED", "FAILED", "COMPLETED"])).status).toBe("CANCELLED");
  });

  it("refuses a service account the runner does not allow, naming the setting", async () => {
    const run = await launch(env.api[0]!, "as-a-job", {
      properties: { kubernetes: { serviceAccountName: "cluster-admin" }, env: { CONFORMANCE_MODE: "exit" } },
    });
    const done = await until(run.id, ["FAILED", "COMPLETED"]);
    expect(done.status).toBe("FAILED");
    expect(done.errorMessage).toMatch(/RUNNER_KUBERNETES_SERVICE_ACCOUNTS/);
    expect(await jobsOf(run.id)).toEqual([]);
  });

  it("fails a run whose image cannot be pulled with the platform's reason after the wait, not a hang", async () => {
    await defineTask(env.api[0]!, "no-such-image-k8s", "docker:localhost/baton-no-such-image:1", {
      properties: { platform: "kubernetes" },
    });
    const run = await launch(env.api[0]!, "no-such-image-k8s");
    const done = await until(run.id, ["FAILED", "COMPLETED"], 60_000);
    expect(done.status).toBe("FAILED");
    expect(done.errorMessage).toMatch(/baton-no-such-image/);
    expect(done.errorMessage).toMatch(/ErrImagePull|ImagePullBackOff/);
    await waitFor("the failed Job to be deleted", async () => (await jobsOf(run.id)).length === 0, 30_000);
  });

  it("reports a breached memory limit as OOM_KILLED", async () => {
    const run = await launch(env.api[0]!, "as-a-job", {
      properties: { memory: "96Mi", env: { CONFORMANCE_MODE: "memory" } },
    });
    const done = await until(run.id, ["FAILED", "COMPLETED"]);
    expect(done.status).toBe("FAILED");
    expect(done.exitMessage).toMatch(/^OOM_KILLED/);
  });

  it("cancel deletes the Job with the grace: SIGTERM reaches the program, then CANCELLED", async () => {
    const run = await launch(env.api[0]!, "as-a-job", {
      properties: { graceSeconds: 10, env: { CONFORMANCE_MODE: "trap", CONFORMANCE_CLEANUP_MS: "1000" } },
    });
    await until(run.id, ["RUNNING"]);
    // "ready" ingested: the program has set its SIGTERM handler.
    await waitFor("the program to be ready", async () => (await ingestedLines(env.sql, run.id)) >= 1);
    await env.api[0]!.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: run.id });
    const done = await until(run.id, ["CANCELLED", "FAILED", "COMPLETED"]);
    expect(done.status).toBe("CANCELLED");
    expect(logLines(await allEvents(env.api[0]!, run.id), "combined")).toContain("got SIGTERM");
    await waitFor("the cancelled Job to be deleted", async () => (await jobsOf(run.id)).length === 0, 30_000);
  });

  it("kill -9 of the runner mid-run: the restarted runner adopts the Job, every line once, and its exit code", async () => {
    const run = await launch(env.api[0]!, "as-a-job", {
      properties: {
        env: { CONFORMANCE_MODE: "ticks", CONFORMANCE_TICKS: "120", CONFORMANCE_TICK_MS: "50", CONFORMANCE_CODE: "0" },
      },
    });
    await until(run.id, ["RUNNING"]);
    await waitFor("some ticks to be ingested", async () => (await ingestedLines(env.sql, run.id)) >= 10);
    runner.process.kill("SIGKILL");
    await runner.exited;
    // The Job goes on without its runner.
    expect(await jobsOf(run.id)).toHaveLength(1);
    runner = await startKubernetesRunner();
    const done = await until(run.id, ["COMPLETED", "FAILED", "LOST"]);
    expect(done).toMatchObject({ status: "COMPLETED", exitCode: 0 });
    const events = await allEvents(env.api[0]!, run.id);
    const ticks = Array.from({ length: 120 }, (_, i) => `tick ${i + 1}`);
    const tocks = Array.from({ length: 24 }, (_, i) => `tock ${(i + 1) * 5}`);
    const combined = logLines(events, "combined");
    expect(combined.filter((l) => l.startsWith("tick"))).toEqual(ticks);
    expect(combined.filter((l) => l.startsWith("tock"))).toEqual(tocks);
    expect(statuses(events)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  }, 120_000);

  it("kill -9 of the runner and its Job deleted meanwhile: the run becomes LOST, truthfully", async () => {
    const run = await launch(env.api[0]!, "as-a-job", { properties: { env: { CONFORMANCE_MODE: "sleep" } } });
    await until(run.id, ["RUNNING"]);
    runner.process.kill("SIGKILL");
    await runner.exited;
    const [job] = await jobsOf(run.id);
    if (!job) throw new Error("no Job for the run");
    const deleted = await fetch(
      `${cluster.url}/apis/batch/v1/namespaces/${NAMESPACE}/jobs/${job.metadata.name}?propagationPolicy=Foreground&gracePeriodSeconds=0`,
      { method: "DELETE" },
    );
    expect(deleted.ok).toBe(true);
    await waitFor("the Job to be gone", async () => (await jobsOf(run.id)).length === 0, 30_000);
    runner = await startKubernetesRunner();
    const done = await until(run.id, ["LOST", "FAILED", "COMPLETED"]);
    expect(done.status).toBe("LOST");
    expect(done.errorMessage).toMatch(/restarted and no longer holds this run/);
  }, 120_000);
});

describe("seed 004's export as a Kubernetes Job", () => {
  it("runs the partitioned export from the examples image, with its steps", async () => {
    const api = env.api[0]!;
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "gym-export-k8s", version: "1.0.0", uri: `docker:${EXAMPLES}` },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: {
        name: "export-as-a-job",
        app: "gym-export-k8s",
        arguments: ["/baton/examples/export-excel.mjs", "--data-dir=/tmp/gym", "--partition-size=20"],
        properties: { platform: "kubernetes", memory: "256Mi", cpu: "500m" },
      },
    });
    const run = await launch(api, "export-as-a-job", { arguments: ["--request-id=req-7"] });
    const done = await until(run.id, ["COMPLETED", "FAILED"], 90_000);
    expect(done).toMatchObject({ status: "COMPLETED", runnerId, exitMessage: "COMPLETED" });
    expect(done.steps.map((s) => s.name)).toEqual(
      expect.arrayContaining(["count-rows", "export-parts", "merge-parts"]),
    );
    expect(logLines(await allEvents(api, run.id), "combined")).toContain("Export req-7: sent the SUCCESS event");
  }, 120_000);
});
