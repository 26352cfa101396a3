import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { buildProgramImage, type PodmanService, startPodman } from "@baton/runner-docker/testing";
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  Log,
  type V1Job,
  type V1Pod,
  Watch,
} from "@kubernetes/client-node";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { type ApiServerDouble, CONTAINER_LABEL, NODE_NAME, startApiServerDouble } from "./index.js";

const IMAGE = "localhost/baton-k8s-double-test:1";
const PROGRAM = fileURLToPath(new URL("./test-program.mjs", import.meta.url));
const NS = "baton";

interface Client {
  kc: KubeConfig;
  batch: BatchV1Api;
  core: CoreV1Api;
}

function clientOf(double: ApiServerDouble): Client {
  const kc = new KubeConfig();
  kc.loadFromOptions(double.kubeConfig());
  return { kc, batch: kc.makeApiClient(BatchV1Api), core: kc.makeApiClient(CoreV1Api) };
}

function job(
  name: string,
  args: string[],
  extra: { spec?: Partial<V1Job["spec"]>; container?: Record<string, unknown>; image?: string } = {},
): V1Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, labels: { app: "baton-test" } },
    spec: {
      backoffLimit: 0,
      ...extra.spec,
      template: {
        metadata: { labels: { "baton.io/test": name } },
        spec: {
          restartPolicy: "Never",
          containers: [{ name: "main", image: extra.image ?? IMAGE, args, ...extra.container }],
        },
      },
    },
  };
}

type WatchEvent<T> = { type: string; object: T };

/**
 * Watches `path` with client-node's Watch until `done` holds for the events
 * seen so far; resolves with them (rejects on the watch's error or a bound).
 */
function watchUntil<T>(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | number | boolean>,
  done: (events: WatchEvent<T>[]) => boolean,
  withinMs = 30_000,
): Promise<WatchEvent<T>[]> {
  const events: WatchEvent<T>[] = [];
  return new Promise((resolve, reject) => {
    let abort: AbortController | undefined;
    let finished = false;
    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(bound);
      abort?.abort();
      if (err) reject(err);
      else resolve(events);
    };
    const bound = setTimeout(
      () =>
        finish(
          new Error(`watch ${path}: condition not met in ${withinMs} ms: ${JSON.stringify(events.map((e) => e.type))}`),
        ),
      withinMs,
    );
    void new Watch(kc)
      .watch(
        path,
        query,
        (type, object) => {
          events.push({ type, object: object as T });
          if (done(events)) finish();
        },
        (err) => finish(err ? (err as Error) : new Error(`watch ${path} ended early`)),
      )
      .then((controller) => {
        abort = controller;
        if (finished) controller.abort();
      });
  });
}

const jobsPath = `/apis/batch/v1/namespaces/${NS}/jobs`;
const podsPath = `/api/v1/namespaces/${NS}/pods`;

function jobNamed(name: string, test: (j: V1Job) => boolean) {
  return (events: WatchEvent<V1Job>[]): boolean =>
    events.some((e) => e.object.metadata?.name === name && test(e.object));
}

function condition(j: V1Job, type: string) {
  return j.status?.conditions?.find((c) => c.type === type && c.status === "True");
}

/** Runs a Job to its end and returns it with its pod. */
async function runToEnd(c: Client, manifest: V1Job): Promise<{ job: V1Job; pod: V1Pod }> {
  const name = manifest.metadata?.name ?? "";
  await c.batch.createNamespacedJob({ namespace: NS, body: manifest });
  const events = await watchUntil<V1Job>(
    c.kc,
    jobsPath,
    {},
    jobNamed(name, (j) => !!condition(j, "Complete") || !!condition(j, "Failed")),
  );
  const ended = events.filter((e) => e.object.metadata?.name === name).at(-1)?.object as V1Job;
  const pods = await c.core.listNamespacedPod({ namespace: NS, labelSelector: `job-name=${name}` });
  expect(pods.items).toHaveLength(1);
  return { job: ended, pod: pods.items[0] as V1Pod };
}

async function readLog(
  c: Client,
  pod: string,
  options: { follow?: boolean; timestamps?: boolean; sinceTime?: string } = {},
  onText?: (all: string) => void,
): Promise<string> {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      onText?.(text);
      callback();
    },
  });
  const ended = new Promise<void>((resolve) => sink.once("finish", resolve));
  await new Log(c.kc).log(NS, pod, "main", sink, { follow: false, ...options });
  await ended;
  return text;
}

/** Follows the pod's log until `wanted` appears in it, then stops following. */
async function untilLogShows(c: Client, pod: string, wanted: string): Promise<void> {
  let text = "";
  let found!: () => void;
  const shown = new Promise<void>((resolve) => {
    found = resolve;
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      if (text.includes(wanted)) found();
      callback();
    },
  });
  const controller = await new Log(c.kc).log(NS, pod, "main", sink, { follow: true });
  await shown;
  controller.abort();
}

function apiError(err: unknown): { code: number; body: Record<string, unknown> } {
  expect(err).toBeInstanceOf(ApiException);
  const e = err as ApiException<unknown>;
  const body = typeof e.body === "string" ? JSON.parse(e.body) : e.body;
  return { code: e.code, body: body as Record<string, unknown> };
}

describe("Kubernetes API server double (client-node 1.4 as the client)", () => {
  let dir: string;
  let podman: PodmanService;
  let docker: Docker;
  let double: ApiServerDouble;
  let c: Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-k8s-double-"));
    podman = await startPodman({ dir });
    docker = new Docker({ socketPath: podman.dockerHost.replace("unix://", "") });
    await buildProgramImage(podman.dockerHost, IMAGE, PROGRAM);
    double = await startApiServerDouble({ dockerHost: podman.dockerHost, namespace: NS });
    c = clientOf(double);
  }, 180_000);

  afterAll(async () => {
    await double?.stop();
    // The orphaned pod and the pulling one are still there until stop(): nothing may outlive it.
    const left = docker
      ? await docker.listContainers({ all: true, filters: { label: [`${CONTAINER_LABEL}=${double?.id}`] } })
      : [];
    await podman?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    expect(left).toEqual([]);
  }, 60_000);

  it("runs a Job to Complete through pod phases and serves the merged log", async () => {
    const podEvents = watchUntil<V1Pod>(c.kc, podsPath, { labelSelector: "job-name=hello" }, (events) =>
      events.some((e) => e.object.status?.phase === "Succeeded"),
    );
    const manifest = job("hello", ["lines"], { container: { env: [{ name: "GREETING", value: "hi" }] } });
    const { job: done, pod } = await runToEnd(c, manifest);
    expect(condition(done, "Complete")).toBeDefined();
    expect(done.status?.succeeded).toBe(1);
    expect(pod.metadata?.name).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata?.labels).toMatchObject({
      "job-name": "hello",
      "baton.io/test": "hello",
      "controller-uid": done.metadata?.uid,
    });
    expect(pod.spec?.nodeName).toBe(NODE_NAME);
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });

    const phases = (await podEvents).map((e) => e.object.status?.phase);
    expect([...new Set(phases)]).toEqual(["Pending", "Running", "Succeeded"]);
    const running = (await podEvents).find((e) => e.object.status?.phase === "Running")?.object;
    expect(running?.status?.containerStatuses?.[0]?.state?.running?.startedAt).toBeDefined();

    const podName = pod.metadata?.name ?? "";
    expect(await readLog(c, podName)).toBe("line 1 out\nline 2 err\nline 3 out\nline 4 err\nenv hi\n");
    const stamped = (await readLog(c, podName, { timestamps: true })).trimEnd().split("\n");
    expect(stamped).toHaveLength(5);
    for (const line of stamped)
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z line|^\d{4}-\d\d-\d\dT\S+Z env/);
    const third = stamped[2]?.split(" ")[0] ?? "";
    expect(await readLog(c, podName, { sinceTime: third })).toBe("line 3 out\nline 4 err\nenv hi\n");
    // What the double does not implement it refuses, rather than answering with the whole log.
    for (const option of ["tailLines=2", "limitBytes=10"]) {
      const res = await fetch(`${double.url}/api/v1/namespaces/${NS}/pods/${podName}/log?${option}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /not supported by the Kubernetes API server double/,
      );
    }
  });

  it("runs `command` in place of the image's ENTRYPOINT, `args` as its arguments", async () => {
    const manifest = job("command", ["a", "b"], {
      container: { command: ["/usr/local/bin/node", "-e", "console.log('argv', process.argv.slice(1).join(','))"] },
    });
    const { pod } = await runToEnd(c, manifest);
    expect(await readLog(c, pod.metadata?.name ?? "")).toBe("argv a,b\n");
  });

  it("reports a failing exit code and an OOM kill", async () => {
    const [failed, oom] = await Promise.all([
      runToEnd(c, job("exit3", ["exit", "3"])),
      runToEnd(c, job("oom", ["oom"], { container: { resources: { limits: { memory: "96Mi" } } } })),
    ]);
    expect(condition(failed.job, "Failed")?.reason).toBe("BackoffLimitExceeded");
    expect(failed.job.status?.failed).toBe(1);
    expect(failed.pod.status?.phase).toBe("Failed");
    expect(failed.pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      reason: "Error",
    });
    expect(oom.pod.status?.containerStatuses?.[0]?.state?.terminated?.reason).toBe("OOMKilled");
    expect(condition(oom.job, "Failed")).toBeDefined();
  });

  it("deletes a Job in the foreground with the grace period: the program gets SIGTERM", async () => {
    await c.batch.createNamespacedJob({ namespace: NS, body: job("trap", ["trap"]) });
    const running = await watchUntil<V1Pod>(c.kc, podsPath, { labelSelector: "job-name=trap" }, (events) =>
      events.some((e) => e.object.status?.phase === "Running"),
    );
    const podName = running.at(-1)?.object.metadata?.name ?? "";
    // Follow the log: "ready" arrives while the container runs, the rest after the SIGTERM.
    let sawReady!: () => void;
    const ready = new Promise<void>((resolve) => {
      sawReady = resolve;
    });
    const followed = readLog(c, podName, { follow: true }, (text) => {
      if (text.includes("ready\n")) sawReady();
    });
    await ready;
    const rv = (await c.batch.listNamespacedJob({ namespace: NS })).metadata?.resourceVersion ?? "";
    const gone = watchUntil<V1Job | V1Pod>(c.kc, jobsPath, { resourceVersion: rv }, (events) =>
      events.some((e) => e.type === "DELETED" && e.object.metadata?.name === "trap"),
    );
    const podGone = watchUntil<V1Pod>(
      c.kc,
      podsPath,
      { resourceVersion: rv, labelSelector: "job-name=trap" },
      (events) => events.some((e) => e.type === "DELETED"),
    );
    const started = Date.now();
    await c.batch.deleteNamespacedJob({
      name: "trap",
      namespace: NS,
      propagationPolicy: "Foreground",
      gracePeriodSeconds: 20,
    });
    const jobEvents = await gone;
    // Foreground: the Job stays, marked, until its pod is gone.
    const marked = jobEvents.find((e) => e.type === "MODIFIED")?.object as V1Job;
    expect(marked.metadata?.deletionTimestamp).toBeDefined();
    expect(marked.metadata?.finalizers).toContain("foregroundDeletion");
    const podEvents = await podGone;
    const lastState = podEvents.filter((e) => e.type !== "DELETED").at(-1)?.object;
    expect(lastState?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
    expect(podEvents.findIndex((e) => e.type === "DELETED")).toBeLessThan(podEvents.length);
    // Well inside the 20 s grace: the trap ended it, not a SIGKILL after the grace.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await followed).toBe("ready\ngot SIGTERM\n");
    expect(
      await docker.listContainers({ all: true, filters: { label: [`io.kubernetes.pod.name=${podName}`] } }),
    ).toEqual([]);
  });

  it("kills after the grace period a program that ignores SIGTERM; Background and Orphan propagation", async () => {
    await Promise.all(
      ["ignore", "background", "orphan"].map((name) =>
        c.batch.createNamespacedJob({
          namespace: NS,
          body: job(name, name === "ignore" ? ["ignore"] : ["sleep", "60"]),
        }),
      ),
    );
    const running = await watchUntil<V1Pod>(
      c.kc,
      podsPath,
      { labelSelector: "job-name in (ignore, background, orphan)" },
      (events) =>
        ["ignore", "background", "orphan"].every((name) =>
          events.some((e) => e.object.metadata?.labels?.["job-name"] === name && e.object.status?.phase === "Running"),
        ),
    );
    const podOf = (name: string): string =>
      running.find((e) => e.object.metadata?.labels?.["job-name"] === name)?.object.metadata?.name ?? "";
    // "ready" in the log: the SIGTERM handler is installed.
    await untilLogShows(c, podOf("ignore"), "ready\n");
    const rv = (await c.core.listNamespacedPod({ namespace: NS })).metadata?.resourceVersion ?? "";
    const podsGone = watchUntil<V1Pod>(
      c.kc,
      podsPath,
      { resourceVersion: rv, labelSelector: "job-name in (ignore, background)" },
      (events) => events.filter((e) => e.type === "DELETED").length === 2,
    );
    const started = Date.now();
    await c.batch.deleteNamespacedJob({
      name: "ignore",
      namespace: NS,
      propagationPolicy: "Background",
      gracePeriodSeconds: 2,
    });
    await c.batch.deleteNamespacedJob({
      name: "background",
      namespace: NS,
      body: { propagationPolicy: "Background", gracePeriodSeconds: 0 },
    });
    const orphaned = await c.batch.deleteNamespacedJob({ name: "orphan", namespace: NS });
    expect(orphaned.status).toBe("Success");
    // Background and Orphan: the Job goes at once.
    for (const name of ["ignore", "background", "orphan"]) {
      expect(apiError(await c.batch.readNamespacedJob({ namespace: NS, name }).catch((e) => e)).code).toBe(404);
    }
    const events = await podsGone;
    const lastOf = (name: string) =>
      events.filter((e) => e.type !== "DELETED" && e.object.metadata?.labels?.["job-name"] === name).at(-1)?.object;
    expect(lastOf("ignore")?.metadata?.deletionGracePeriodSeconds).toBe(2);
    expect(lastOf("ignore")?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    // Orphan (the batch/v1 default): the pod stays and runs on.
    const orphan = await c.core.readNamespacedPod({ namespace: NS, name: podOf("orphan") });
    expect(orphan.status?.phase).toBe("Running");
  });

  it("answers 409 AlreadyExists, 404 NotFound and 422 Invalid as Status objects", async () => {
    await c.batch.createNamespacedJob({ namespace: NS, body: job("dup", ["exit", "0"]) });
    const duplicate = apiError(
      await c.batch.createNamespacedJob({ namespace: NS, body: job("dup", ["exit", "0"]) }).catch((e) => e),
    );
    expect(duplicate.code).toBe(409);
    expect(duplicate.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "AlreadyExists",
      code: 409,
      details: { name: "dup", group: "batch", kind: "jobs" },
    });
    const missing = apiError(await c.batch.readNamespacedJob({ namespace: NS, name: "nope" }).catch((e) => e));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      kind: "Status",
      reason: "NotFound",
      code: 404,
      message: 'jobs.batch "nope" not found',
    });
    const missingPod = apiError(await c.core.readNamespacedPod({ namespace: NS, name: "nope" }).catch((e) => e));
    expect(missingPod.body).toMatchObject({ reason: "NotFound", message: 'pods "nope" not found' });
    const missingDelete = apiError(await c.batch.deleteNamespacedJob({ namespace: NS, name: "nope" }).catch((e) => e));
    expect(missingDelete.code).toBe(404);
    const invalid = apiError(
      await c.batch
        .createNamespacedJob({
          namespace: NS,
          body: { metadata: { name: "bad" }, spec: { template: { spec: { containers: [] } } } },
        })
        .catch((e) => e),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.body).toMatchObject({ reason: "Invalid" });
  });

  it("shows ErrImagePull, then ImagePullBackOff, for an image that cannot be pulled", async () => {
    await c.batch.createNamespacedJob({
      namespace: NS,
      body: job("noimage", ["exit", "0"], { image: "127.0.0.1:9/baton/missing:1" }),
    });
    const events = await watchUntil<V1Pod>(c.kc, podsPath, { labelSelector: "job-name=noimage" }, (all) =>
      all.some((e) => e.object.status?.containerStatuses?.[0]?.state?.waiting?.reason === "ImagePullBackOff"),
    );
    const reasons = events.map((e) => e.object.status?.containerStatuses?.[0]?.state?.waiting?.reason).filter(Boolean);
    expect(reasons).toContain("ErrImagePull");
    expect(reasons.indexOf("ErrImagePull")).toBeLessThan(reasons.indexOf("ImagePullBackOff"));
    expect(events.at(-1)?.object.status?.phase).toBe("Pending");
  });

  it("fails a Job past activeDeadlineSeconds with DeadlineExceeded and kills its container", async () => {
    const { job: failed, pod } = await runToEnd(
      c,
      job("deadline", ["sleep", "60"], { spec: { activeDeadlineSeconds: 2 } }),
    );
    expect(condition(failed, "Failed")?.reason).toBe("DeadlineExceeded");
    const terminated = await watchUntil<V1Pod>(c.kc, podsPath, { labelSelector: "job-name=deadline" }, (events) =>
      events.some((e) => e.object.status?.containerStatuses?.[0]?.state?.terminated),
    );
    expect(terminated.at(-1)?.object.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
    expect(pod.metadata?.name).toMatch(/^deadline-/);
  });

  it("deletes a finished Job and its pod after ttlSecondsAfterFinished", async () => {
    const rv = (await c.batch.listNamespacedJob({ namespace: NS })).metadata?.resourceVersion ?? "";
    const podDeleted = watchUntil<V1Pod>(
      c.kc,
      podsPath,
      { resourceVersion: rv, labelSelector: "job-name=ttl" },
      (events) => events.some((e) => e.type === "DELETED"),
    );
    await c.batch.createNamespacedJob({
      namespace: NS,
      body: job("ttl", ["exit", "0"], { spec: { ttlSecondsAfterFinished: 1 } }),
    });
    const events = await watchUntil<V1Job>(c.kc, jobsPath, { resourceVersion: rv }, (all) =>
      all.some((e) => e.type === "DELETED" && e.object.metadata?.name === "ttl"),
    );
    expect(events.some((e) => e.object.metadata?.name === "ttl" && condition(e.object, "Complete"))).toBe(true);
    await podDeleted;
  });

  it("answers 410 Expired for a resourceVersion out of the window, sends bookmarks and honours timeoutSeconds", async () => {
    const small = await startApiServerDouble({
      dockerHost: podman.dockerHost,
      namespace: NS,
      eventWindow: 4,
      bookmarkIntervalMs: 200,
    });
    // Runs even when the test times out (a finally block would run too late).
    onTestFinished(() => small.stop());
    const s = clientOf(small);
    // A resourceVersion other than "0" (which means "any": no replay, no expiry).
    await s.batch.createNamespacedJob({ namespace: NS, body: job("first", ["exit", "0"]) });
    const before = (await s.batch.listNamespacedJob({ namespace: NS })).metadata?.resourceVersion ?? "";
    expect(Number(before)).toBeGreaterThan(0);
    await runToEnd(s, job("churn", ["exit", "0"]));
    const expired = await watchUntil<{ kind?: string; code?: number; reason?: string }>(
      s.kc,
      jobsPath,
      { resourceVersion: before },
      (events) => events.some((e) => e.type === "ERROR"),
    );
    expect(expired.at(-1)?.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
    // Re-list, then watch from the list's resourceVersion: the next change arrives.
    const relisted = (await s.batch.listNamespacedJob({ namespace: NS })).metadata?.resourceVersion ?? "";
    const next = watchUntil<V1Job>(
      s.kc,
      jobsPath,
      { resourceVersion: relisted, allowWatchBookmarks: true },
      (events) =>
        events.some((e) => e.type === "ADDED" && e.object.metadata?.name === "after") &&
        events.some((e) => e.type === "BOOKMARK"),
    );
    await s.batch.createNamespacedJob({ namespace: NS, body: job("after", ["exit", "0"]) });
    const events = await next;
    expect(events.find((e) => e.type === "ADDED")?.object.metadata?.name).toBe("after");
    const bookmark = events.find((e) => e.type === "BOOKMARK")?.object;
    expect(Number(bookmark?.metadata?.resourceVersion)).toBeGreaterThan(Number(relisted));
    // timeoutSeconds: the server ends the watch (done without an error).
    const endedAt = await new Promise<number>((resolve, reject) => {
      void new Watch(s.kc).watch(
        jobsPath,
        { timeoutSeconds: 1 },
        () => {},
        (err) => (err ? reject(err) : resolve(Date.now())),
      );
    });
    expect(endedAt).toBeGreaterThan(0);
  });

  it("leaves no container behind after stop()", async () => {
    const other = await startApiServerDouble({ dockerHost: podman.dockerHost, namespace: NS });
    onTestFinished(() => other.stop());
    const o = clientOf(other);
    await o.batch.createNamespacedJob({ namespace: NS, body: job("left", ["sleep", "60"]) });
    await watchUntil<V1Pod>(o.kc, podsPath, { labelSelector: "job-name=left" }, (events) =>
      events.some((e) => e.object.status?.phase === "Running"),
    );
    const label = { label: [`${CONTAINER_LABEL}=${other.id}`] };
    expect(await docker.listContainers({ all: true, filters: label })).toHaveLength(1);
    await other.stop();
    expect(await docker.listContainers({ all: true, filters: label })).toEqual([]);
  });
});
