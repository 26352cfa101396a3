import { randomBytes } from "node:crypto";
import type { Driver, RunIo, RunRef, RunSpec } from "@baton/proto";
import { BatchV1Api, KubeConfig, type V1Job } from "@kubernetes/client-node";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { CONFORMANCE_PROGRAM, waitFor } from "../../host/src/conformance.js";
import { statusOf } from "./api-errors.js";
import { useApiServerDouble } from "./double-fixture.js";
import { kubernetesDriver } from "./index.js";
import { jobName, LABELS, runnerSelector } from "./job-spec.js";
import { NODE_NAME } from "./testing/index.js";

// What the conformance suite does not cover, against the API server double on a private Podman service.

const IMAGE = "localhost/baton-runner-kubernetes-test:driver";
const ABSENT = "localhost/baton-runner-kubernetes-test:absent";
const NAMESPACE = "baton-driver";
/** A namespace whose quota has no room: its Jobs get no pod. */
const FULL = "baton-full";
const RUNNER = `test-k8s-driver-${process.pid}-${randomBytes(3).toString("hex")}`;
const WAIT_MS = 1500;

// A tiny event window, so a watch that reconnects from an old resourceVersion gets 410 Gone.
const fixture = useApiServerDouble(
  "driver",
  { [IMAGE]: CONFORMANCE_PROGRAM },
  { namespace: NAMESPACE, eventWindow: 3, fullNamespaces: [FULL] },
);

let n = 0;
const ref = (label: string): RunRef => ({
  executionId: `drv-${label}-${process.pid}-${++n}`,
  task: "driver",
  revision: 2,
});
const spec = (mode: string, env: Record<string, string> = {}, extra: Partial<RunSpec> = {}): RunSpec => ({
  uri: `docker:${IMAGE}`,
  arguments: [],
  graceMs: 1000,
  ...extra,
  env: { CONFORMANCE_MODE: mode, ...env },
});
const TICKS = { CONFORMANCE_TICKS: "40", CONFORMANCE_TICK_MS: "50", CONFORMANCE_CODE: "5" };
const ticks = Array.from({ length: 40 }, (_, i) => `tick ${i + 1}`);
const tocks = Array.from({ length: 8 }, (_, i) => `tock ${(i + 1) * 5}`);

function driverFor(env: Record<string, string> = {}): Promise<Driver> {
  return Promise.resolve(
    kubernetesDriver.create(
      kubernetesDriver.settings({
        KUBECONFIG: fixture.kubeconfigPath,
        RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: String(WAIT_MS),
        ...env,
      }),
      { runnerId: RUNNER, log: () => {} },
    ),
  );
}

/** A driver closed after the test. */
async function useDriver(env: Record<string, string> = {}): Promise<Driver> {
  const driver = await driverFor(env);
  onTestFinished(() => driver.close?.());
  return driver;
}

function batch(): BatchV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(fixture.kubeconfigPath);
  return kc.makeApiClient(BatchV1Api);
}

const readJob = (name: string): Promise<V1Job | undefined> =>
  batch()
    .readNamespacedJob({ name, namespace: NAMESPACE })
    .catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });

interface Collected {
  io: RunIo;
  lines(): string[];
  stamps: string[];
}

function collect(): Collected {
  const chunks: Buffer[] = [];
  const stamps: string[] = [];
  return {
    io: {
      stdout: (chunk, at) => {
        chunks.push(Buffer.from(chunk));
        if (at) stamps.push(at);
      },
      stderr: () => {
        throw new Error("a merged platform gives everything to stdout");
      },
    },
    lines: () => Buffer.concat(chunks).toString("utf8").split("\n").slice(0, -1),
    stamps,
  };
}

describe("Kubernetes driver (against the API server double)", () => {
  afterAll(async () => {
    // Nothing of this file's runs is left behind.
    const left = await batch().listNamespacedJob({ namespace: NAMESPACE, labelSelector: runnerSelector(RUNNER) });
    for (const job of left.items) {
      await batch()
        .deleteNamespacedJob({ name: job.metadata?.name ?? "", namespace: NAMESPACE, propagationPolicy: "Background" })
        .catch(() => {});
    }
    expect(left.items.map((job) => job.metadata?.name)).toEqual([]);
  }, 60_000);

  it("creates the Job as specified, and the handle names the namespace, Job, pod and node", async () => {
    const driver = await useDriver();
    const run = ref("shape");
    const out = collect();
    const started = await driver.start(
      run,
      spec("trap", { GREETING: "hi" }, { arguments: ["a b", "$(id)"], cpu: 0.5, memory: 128 * 1024 * 1024 }),
      out.io,
    );
    expect(started.handle).toEqual({
      namespace: NAMESPACE,
      job: jobName(run.executionId),
      pod: expect.stringMatching(new RegExp(`^${jobName(run.executionId)}-[a-z0-9]{5}$`)),
      node: NODE_NAME,
    });
    const stored = await readJob(String(started.handle.job));
    expect(stored?.metadata?.labels).toMatchObject({
      [LABELS.execution]: run.executionId,
      [LABELS.task]: "driver",
      [LABELS.revision]: "2",
      [LABELS.runner]: RUNNER,
    });
    expect(stored?.metadata?.annotations).toMatchObject({ [LABELS.execution]: run.executionId });
    expect(stored?.spec?.backoffLimit).toBe(0);
    const container = stored?.spec?.template.spec?.containers[0];
    expect(container?.args).toEqual(["a b", "$(id)"]);
    expect(container?.env).toEqual(
      expect.arrayContaining([
        { name: "GREETING", value: "hi" },
        { name: "BATON_EXECUTION_ID", value: run.executionId },
      ]),
    );
    expect(container?.resources).toEqual({
      limits: { cpu: "500m", memory: "128Mi" },
      requests: { cpu: "500m", memory: "128Mi" },
    });
    await waitFor(() => (out.lines().includes("ready") ? true : undefined));
    // Each line carries the platform's timestamp.
    expect(out.stamps[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    await driver.cancel(started.handle, { graceMs: 1000 });
    expect(await started.exited).toMatchObject({ exitCode: 0 });
    // Deleted by the driver once it had the verdict and all output.
    await waitFor(async () => ((await readJob(String(started.handle.job))) === undefined ? true : undefined));
  }, 60_000);

  for (const pullPolicy of ["IfNotPresent", "Always"] as const) {
    it(`fails a start whose image cannot be pulled (${pullPolicy}) after the wait, with the reason, and leaves no Job`, async () => {
      const driver = await useDriver();
      const run = ref(`pull-${pullPolicy.toLowerCase()}`);
      const t0 = Date.now();
      const failed = await driver
        .start(run, { ...spec("exit"), uri: `docker:${ABSENT}`, pullPolicy }, collect().io)
        .then(
          () => new Error("started"),
          (err: Error) => err,
        );
      expect(failed.message).toMatch(
        /^image localhost\/baton-runner-kubernetes-test:absent could not be pulled \((ErrImagePull|ImagePullBackOff): .*\); gave up after \d+ ms and deleted the Job$/,
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(WAIT_MS);
      expect(await readJob(jobName(run.executionId))).toBeUndefined();
    }, 60_000);
  }

  it("fails a start whose Job gets no pod (a full quota) after the wait, saying where to look, and leaves no Job", async () => {
    const driver = await useDriver({ RUNNER_KUBERNETES_NAMESPACE: FULL });
    const run = ref("no-pod");
    const t0 = Date.now();
    const failed = await driver.start(run, spec("exit"), collect().io).then(
      () => new Error("started"),
      (err: Error) => err,
    );
    expect(failed.message).toMatch(
      /^no pod was created for Job \S+ in namespace baton-full within 1500 ms \(a ResourceQuota, a LimitRange or an admission webhook may refuse it: kubectl -n baton-full describe job \S+\); deleted the Job$/,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(WAIT_MS);
    const left = await batch()
      .readNamespacedJob({ name: jobName(run.executionId), namespace: FULL })
      .catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err)));
    expect(left).toBeUndefined();
  }, 60_000);

  it("refuses a second start of the same execution (409 AlreadyExists) without touching the first", async () => {
    const driver = await useDriver();
    const run = ref("twice");
    const out = collect();
    const first = await driver.start(run, spec("trap"), out.io);
    await expect(driver.start(run, spec("trap"), collect().io)).rejects.toThrow(
      /a Job named .* already exists in namespace baton-driver: execution .* was already started, and is not started twice/,
    );
    // The first run goes on: it still answers SIGTERM cleanly once ready.
    await waitFor(() => (out.lines().includes("ready") ? true : undefined));
    await driver.cancel(first.handle, { graceMs: 1000 });
    expect(await first.exited).toMatchObject({ exitCode: 0 });
  }, 60_000);

  it("survives 410 Gone on its pod watch: it lists again and still sees the run end", async () => {
    const driver = await useDriver();
    const out = collect();
    const started = await driver.start(ref("gone"), spec("ticks", TICKS), out.io);
    await waitFor(() => (out.lines().length >= 5 ? true : undefined));
    const expiredBefore = fixture.double.expiredWatches();
    // Changes the watch does not select move the resourceVersion past the window (3) before it reconnects.
    const noise = ref("noise");
    const other = await batch().createNamespacedJob({
      namespace: NAMESPACE,
      body: {
        metadata: { name: jobName(noise.executionId), labels: { app: "noise" } },
        spec: {
          backoffLimit: 0,
          template: {
            spec: { restartPolicy: "Never", containers: [{ name: "run", image: ABSENT, imagePullPolicy: "Never" }] },
          },
        },
      },
    });
    onTestFinished(async () => {
      await batch()
        .deleteNamespacedJob({
          name: other.metadata?.name ?? "",
          namespace: NAMESPACE,
          propagationPolicy: "Background",
        })
        .catch(() => {});
    });
    expect(fixture.double.interruptWatches()).toBeGreaterThanOrEqual(1);
    expect(await started.exited).toMatchObject({ exitCode: 5 });
    expect(fixture.double.expiredWatches()).toBeGreaterThan(expiredBefore);
    expect(out.lines().filter((l) => l.startsWith("tick "))).toEqual(ticks);
  }, 60_000);

  it("resumes a log follow that breaks mid-run: no line lost, none repeated", async () => {
    const driver = await useDriver();
    const out = collect();
    const started = await driver.start(ref("follow"), spec("ticks", TICKS), out.io);
    for (const after of [8, 20, 30]) {
      await waitFor(() => (out.lines().length >= after ? true : undefined));
      expect(fixture.double.interruptLogFollows()).toBeGreaterThanOrEqual(1);
    }
    expect(await started.exited).toMatchObject({ exitCode: 5 });
    const lines = out.lines();
    expect(lines.filter((l) => l.startsWith("tick "))).toEqual(ticks);
    expect(lines.filter((l) => l.startsWith("tock "))).toEqual(tocks);
    expect(lines).toHaveLength(ticks.length + tocks.length);
  }, 60_000);

  it("recovers a run without a handle: it finds the Job by its labels and resumes after the lines already delivered", async () => {
    const first = await driverFor();
    const run = ref("recover");
    const before = collect();
    const started = await first.start(run, spec("ticks", TICKS), before.io);
    await waitFor(() => (before.lines().length >= 10 ? true : undefined));
    await first.close?.();
    const seen = before.lines();
    const driver = await useDriver();
    const after = collect();
    const adopted = await driver.recover(run, undefined, after.io, { stdoutLines: seen.length, stderrLines: 0 });
    if (!adopted) throw new Error("the run was not adopted");
    expect(adopted.handle).toMatchObject({ job: started.handle.job, pod: started.handle.pod, node: NODE_NAME });
    expect(await adopted.exited).toMatchObject({ exitCode: 5 });
    const all = [...seen, ...after.lines()];
    expect(all.filter((l) => l.startsWith("tick "))).toEqual(ticks);
    expect(all).toHaveLength(ticks.length + tocks.length);
    // No Job, no run: gone.
    expect(await driver.recover(ref("never"), undefined, collect().io, { stdoutLines: 0, stderrLines: 0 })).toBe(
      undefined,
    );
  }, 60_000);

  it("reap deletes this runner's Jobs that are not kept, and keeps the others", async () => {
    const first = await driverFor();
    const kept = ref("kept");
    const stale = ref("stale");
    const keptRun = await first.start(kept, spec("trap"), collect().io);
    await first.start(stale, spec("trap"), collect().io);
    await first.close?.();
    const driver = await useDriver();
    await driver.reap?.(new Set([kept.executionId]));
    expect(await readJob(jobName(stale.executionId))).toBeUndefined();
    expect(await readJob(jobName(kept.executionId))).toBeDefined();
    await driver.cancel(keptRun.handle, { graceMs: 0 });
    await waitFor(async () => ((await readJob(jobName(kept.executionId))) === undefined ? true : undefined));
  }, 60_000);

  it("cancel with grace 0 of a Job that is already gone is fine", async () => {
    const driver = await useDriver();
    await expect(
      driver.cancel({ namespace: NAMESPACE, job: jobName("never-created"), pod: "", node: "" }, { graceMs: 0 }),
    ).resolves.toBeUndefined();
  });
});
