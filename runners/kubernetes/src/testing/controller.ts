import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { MergedLogLines } from "./log-lines.js";
import { type ContainerSpec, clone, type KubeObject, randomSuffix } from "./objects.js";
import { PodLog } from "./pod-log.js";
import { parseQuantity } from "./quantity.js";
import type { ObjectStore } from "./store.js";

/** The label on every container the double makes; its value is the server's id. */
export const CONTAINER_LABEL = "baton.k8s-double";
export const NODE_NAME = "double-node";

export interface ControllerOptions {
  docker: Docker;
  store: ObjectStore;
  serverId: string;
  /** How long a failed pull shows ErrImagePull before ImagePullBackOff. */
  imagePullBackOffMs: number;
  /** Namespaces whose Jobs get no pod (a full ResourceQuota). */
  fullNamespaces: ReadonlySet<string>;
}

/** What the controller holds for one pod it runs. */
interface PodRuntime {
  namespace: string;
  name: string;
  job: string;
  containerId?: string;
  /** The container's merged output, from its start. */
  log?: PodLog;
  cancelled: boolean;
  /** Settles when the pod's run loop is over (container ended or never made). */
  done: Promise<void>;
}

type Propagation = "Foreground" | "Background" | "Orphan";

/**
 * The Job controller and kubelet of the double: one Pod per Job (no retries:
 * Baton sets backoffLimit 0), its container run through the Docker API, the
 * statuses Kubernetes reports, activeDeadlineSeconds, ttlSecondsAfterFinished
 * and deletion with propagation and grace.
 */
export class JobController {
  private readonly pods = new Map<string, PodRuntime>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: ControllerOptions) {}

  /** Fills in what the API server sets on a new Job; returns it to store. */
  admitJob(job: KubeObject, namespace: string): KubeObject {
    const admitted = clone(job);
    const uid = randomUUID();
    const name = admitted.metadata.name ?? `${admitted.metadata.generateName}${randomSuffix()}`;
    admitted.apiVersion = "batch/v1";
    admitted.kind = "Job";
    admitted.metadata = { ...admitted.metadata, name, namespace, uid, creationTimestamp: now() };
    const ownLabels = { "controller-uid": uid, "batch.kubernetes.io/controller-uid": uid };
    admitted.spec.selector ??= { matchLabels: ownLabels };
    admitted.spec.template.metadata ??= {};
    admitted.spec.template.metadata.labels = {
      ...admitted.spec.template.metadata.labels,
      ...ownLabels,
      "job-name": name,
      "batch.kubernetes.io/job-name": name,
    };
    admitted.spec.backoffLimit ??= 6;
    admitted.spec.completions ??= 1;
    admitted.spec.parallelism ??= 1;
    admitted.status = {};
    return admitted;
  }

  /** Starts the Job's one Pod (the Job is already stored). */
  startJob(job: KubeObject): void {
    const namespace = job.metadata.namespace ?? "default";
    // A full quota: the pod is refused, the Job waits without one (a real controller retries and records FailedCreate).
    if (this.options.fullNamespaces.has(namespace)) return;
    const jobName = job.metadata.name ?? "";
    const podName = `${jobName}-${randomSuffix()}`;
    const template = job.spec.template;
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: podName,
        generateName: `${jobName}-`,
        namespace,
        uid: randomUUID(),
        creationTimestamp: now(),
        labels: { ...template.metadata.labels },
        annotations: { ...template.metadata.annotations },
        ownerReferences: [
          {
            apiVersion: "batch/v1",
            kind: "Job",
            name: jobName,
            uid: job.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { ...clone(template.spec), restartPolicy: template.spec.restartPolicy ?? "Never" },
      status: {
        phase: "Pending",
        conditions: [{ type: "PodScheduled", status: "False" }],
        containerStatuses: [
          this.containerStatus(template.spec.containers[0], { waiting: { reason: "ContainerCreating" } }),
        ],
      },
    };
    this.options.store.put("pods", pod);
    this.options.store.update("jobs", namespace, jobName, (j) => {
      j.status = { ...j.status, startTime: now(), active: 1, ready: 0 };
    });
    const deadline = job.spec.activeDeadlineSeconds;
    if (typeof deadline === "number") this.after(deadline * 1000, () => this.deadlineExceeded(namespace, jobName));
    const runtime: PodRuntime = { namespace, name: podName, job: jobName, cancelled: false, done: Promise.resolve() };
    this.pods.set(key(namespace, podName), runtime);
    runtime.done = this.runPod(runtime, pod).catch((err: Error) => {
      this.setPodStatus(runtime, (status) => {
        status.phase = "Failed";
        status.message = err.message;
      });
    });
  }

  /** The pod's log once its container exists. */
  logOf(namespace: string, pod: string): PodLog | undefined {
    return this.pods.get(key(namespace, pod))?.log;
  }

  /**
   * Deletes a Job: Foreground keeps it (with a deletionTimestamp and the
   * foregroundDeletion finalizer) until its pods are gone; Background deletes
   * it first; Orphan leaves its pods. Returns the object as the API answers.
   */
  deleteJob(namespace: string, name: string, propagation: Propagation, graceSeconds?: number): KubeObject | undefined {
    const store = this.options.store;
    const job = store.get("jobs", namespace, name);
    if (!job) return undefined;
    const pods = [...this.pods.values()].filter((p) => p.namespace === namespace && p.job === name);
    if (propagation === "Foreground") {
      const marked = store.update("jobs", namespace, name, (j) => {
        j.metadata.deletionTimestamp ??= now();
        j.metadata.finalizers = [...new Set([...(j.metadata.finalizers ?? []), "foregroundDeletion"])];
      });
      void Promise.allSettled(pods.map((p) => this.deletePod(p, graceSeconds))).then(() =>
        store.remove("jobs", namespace, name),
      );
      return marked;
    }
    const removed = store.remove("jobs", namespace, name);
    if (propagation === "Background") for (const p of pods) void this.deletePod(p, graceSeconds);
    return removed;
  }

  /** Removes every container of this double and waits for the run loops to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const runtime of this.pods.values()) runtime.cancelled = true;
    await this.removeAllContainers();
    await Promise.allSettled([...this.pods.values()].map((p) => p.done));
    // A loop may have made a container after the first sweep.
    await this.removeAllContainers();
  }

  private async runPod(runtime: PodRuntime, pod: KubeObject): Promise<void> {
    const { docker } = this.options;
    const container: ContainerSpec = pod.spec.containers[0];
    this.setPodStatus(
      runtime,
      (status) => {
        status.conditions = [{ type: "PodScheduled", status: "True", lastTransitionTime: now() }];
      },
      (spec) => {
        spec.nodeName = NODE_NAME;
      },
    );
    const pulled = await this.ensureImage(runtime, container.image, container.imagePullPolicy);
    if (!pulled || this.gone(runtime)) return;
    const env = this.containerEnv(runtime, container);
    if (env === undefined) return;

    const limits = container.resources?.limits ?? {};
    const memory = limits.memory === undefined ? undefined : Math.round(parseQuantity(limits.memory));
    const cpu = limits.cpu === undefined ? undefined : Math.round(parseQuantity(limits.cpu) * 1e9);
    const created = await docker.createContainer({
      name: `k8s-double-${this.options.serverId.slice(0, 8)}-${runtime.namespace}-${runtime.name}`,
      Image: container.image,
      // Kubernetes: `command` replaces the ENTRYPOINT, `args` the CMD (with `command` alone, the CMD is dropped).
      ...(container.command ? { Entrypoint: container.command, Cmd: container.args ?? [] } : {}),
      ...(!container.command && container.args ? { Cmd: container.args } : {}),
      ...(container.workingDir ? { WorkingDir: container.workingDir } : {}),
      Env: env,
      Labels: {
        [CONTAINER_LABEL]: this.options.serverId,
        "io.kubernetes.pod.namespace": runtime.namespace,
        "io.kubernetes.pod.name": runtime.name,
      },
      Tty: false,
      HostConfig: {
        NetworkMode: "none",
        ...(memory === undefined ? {} : { Memory: memory, MemorySwap: memory }),
        ...(cpu === undefined ? {} : { NanoCpus: cpu }),
      },
    });
    runtime.containerId = created.id;
    if (this.gone(runtime)) return;
    // Attached before the start, so no output is missed; the stream ends when the container does.
    const log = new PodLog();
    const lines = new MergedLogLines();
    const output = (await created.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const outputEnded = new Promise<void>((resolve) => {
      output.on("data", (chunk: Buffer) => {
        for (const line of lines.push(chunk)) log.append(line);
      });
      output.once("end", resolve);
      output.once("close", resolve);
      output.once("error", resolve);
    }).then(() => {
      for (const line of lines.flush()) log.append(line);
      log.end();
    });
    runtime.log = log;
    await created.start();
    const started = await created.inspect();
    const startedAt = rfc3339(started.State.StartedAt);
    this.setPodStatus(runtime, (status) => {
      status.phase = "Running";
      status.startTime ??= startedAt;
      status.hostIP = "127.0.0.1";
      status.podIP = "127.0.0.1";
      status.conditions = [
        { type: "PodScheduled", status: "True" },
        { type: "Initialized", status: "True" },
        { type: "ContainersReady", status: "True" },
        { type: "Ready", status: "True" },
      ];
      status.containerStatuses = [
        this.containerStatus(
          container,
          { running: { startedAt } },
          { ready: true, started: true, containerID: `docker://${created.id}` },
        ),
      ];
    });
    this.updateJob(runtime, (status) => {
      status.ready = 1;
    });

    await created.wait();
    // The log is complete before the status says the container ended.
    await Promise.race([outputEnded, new Promise((resolve) => setTimeout(resolve, 5000))]);
    log.end();
    const ended = await created.inspect();
    const exitCode = ended.State.ExitCode;
    const reason = ended.State.OOMKilled ? "OOMKilled" : exitCode === 0 ? "Completed" : "Error";
    const terminated = {
      exitCode,
      reason,
      startedAt,
      finishedAt: rfc3339(ended.State.FinishedAt),
      containerID: `docker://${created.id}`,
    };
    this.setPodStatus(runtime, (status) => {
      status.phase = exitCode === 0 ? "Succeeded" : "Failed";
      status.conditions = [
        { type: "PodScheduled", status: "True" },
        { type: "Initialized", status: "True" },
        { type: "ContainersReady", status: "False", reason: "PodCompleted" },
        { type: "Ready", status: "False", reason: "PodCompleted" },
      ];
      status.containerStatuses = [
        this.containerStatus(
          container,
          { terminated },
          { ready: false, started: false, containerID: `docker://${created.id}` },
        ),
      ];
    });
    if (exitCode === 0) this.finishJob(runtime.namespace, runtime.job, "Complete", { succeeded: 1 });
    else
      this.finishJob(
        runtime.namespace,
        runtime.job,
        "Failed",
        { failed: 1 },
        "BackoffLimitExceeded",
        "Job has reached the specified backoff limit",
      );
  }

  /** True when the image is there (pulled if needed); otherwise the pod shows ErrImagePull, then ImagePullBackOff. */
  private async ensureImage(runtime: PodRuntime, image: string, policy: string | undefined): Promise<boolean> {
    const { docker } = this.options;
    const present = await docker
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (present && policy !== "Always") return true;
    if (policy === "Never") {
      this.setWaiting(
        runtime,
        "ErrImageNeverPull",
        `Container image "${image}" is not present with pull policy of Never`,
      );
      return false;
    }
    const error = await pull(docker, image);
    if (error === undefined) return true;
    if (present) return true;
    this.setWaiting(runtime, "ErrImagePull", `failed to pull image "${image}": ${error}`);
    this.after(this.options.imagePullBackOffMs, () => {
      if (!this.gone(runtime)) this.setWaiting(runtime, "ImagePullBackOff", `Back-off pulling image "${image}"`);
    });
    return false;
  }

  /**
   * The container's variables as the kubelet makes them: a variable without a
   * value is empty; valueFrom.secretKeyRef reads the Secret's key in the pod's
   * namespace. A Secret or key that is missing (and not optional) leaves the
   * pod waiting with CreateContainerConfigError, as the kubelet does (which
   * retries; the double does not).
   */
  private containerEnv(runtime: PodRuntime, container: ContainerSpec): string[] | undefined {
    const env: string[] = [];
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (!ref) {
        env.push(`${variable.name}=${variable.value ?? ""}`);
        continue;
      }
      const secret = this.options.store.get("secrets", runtime.namespace, ref.name);
      const data = secret?.data?.[ref.key];
      if (data !== undefined) {
        env.push(`${variable.name}=${Buffer.from(data, "base64").toString("utf8")}`);
        continue;
      }
      if (ref.optional) continue;
      const message = secret
        ? `couldn't find key ${ref.key} in Secret ${runtime.namespace}/${ref.name}`
        : `secret "${ref.name}" not found`;
      this.setWaiting(runtime, "CreateContainerConfigError", message);
      return undefined;
    }
    return env;
  }

  private setWaiting(runtime: PodRuntime, reason: string, message: string): void {
    this.setPodStatus(runtime, (status) => {
      const current = status.containerStatuses?.[0] ?? {};
      status.containerStatuses = [{ ...current, ready: false, state: { waiting: { reason, message } } }];
    });
  }

  private deadlineExceeded(namespace: string, jobName: string): void {
    const finished = this.finishJob(
      namespace,
      jobName,
      "Failed",
      { failed: 1 },
      "DeadlineExceeded",
      "Job was active longer than specified deadline",
    );
    if (!finished) return;
    for (const runtime of this.pods.values()) {
      if (runtime.namespace !== namespace || runtime.job !== jobName) continue;
      runtime.cancelled = true;
      if (runtime.containerId)
        void this.options.docker
          .getContainer(runtime.containerId)
          .kill()
          .catch(() => {});
    }
  }

  /** Sets the Job's final condition once; false when it already had one (or is gone). */
  private finishJob(
    namespace: string,
    name: string,
    type: "Complete" | "Failed",
    counts: { succeeded?: number; failed?: number },
    reason?: string,
    message?: string,
  ): boolean {
    const job = this.options.store.get("jobs", namespace, name);
    if (!job || isFinished(job) || job.metadata.deletionTimestamp) return false;
    const at = now();
    const condition = {
      type,
      status: "True",
      lastProbeTime: at,
      lastTransitionTime: at,
      ...(reason ? { reason, message } : {}),
    };
    // Newer Kubernetes adds SuccessCriteriaMet / FailureTarget before the final condition; clients look for the final one.
    const interim = type === "Complete" ? "SuccessCriteriaMet" : "FailureTarget";
    const updated = this.options.store.update("jobs", namespace, name, (j) => {
      j.status = {
        ...j.status,
        active: 0,
        ready: 0,
        ...counts,
        ...(type === "Complete" ? { completionTime: at } : {}),
        conditions: [{ ...condition, type: interim }, condition],
      };
    });
    const ttl = updated?.spec.ttlSecondsAfterFinished;
    if (typeof ttl === "number") this.after(ttl * 1000, () => this.deleteJob(namespace, name, "Background", 0));
    return true;
  }

  private updateJob(runtime: PodRuntime, change: (status: Record<string, unknown>) => void): void {
    const job = this.options.store.get("jobs", runtime.namespace, runtime.job);
    if (!job || isFinished(job) || job.metadata.deletionTimestamp) return;
    this.options.store.update("jobs", runtime.namespace, runtime.job, (j) => {
      j.status ??= {};
      change(j.status);
    });
  }

  private async deletePod(runtime: PodRuntime, graceSeconds?: number): Promise<void> {
    const { store, docker } = this.options;
    const pod = store.get("pods", runtime.namespace, runtime.name);
    const grace = graceSeconds ?? pod?.spec.terminationGracePeriodSeconds ?? 30;
    store.update("pods", runtime.namespace, runtime.name, (p) => {
      p.metadata.deletionTimestamp ??= now();
      p.metadata.deletionGracePeriodSeconds = grace;
    });
    runtime.cancelled = true;
    if (runtime.containerId) {
      // SIGTERM, then SIGKILL after the grace: the container's own stop.
      await docker
        .getContainer(runtime.containerId)
        .stop({ t: grace })
        .catch(() => {});
    }
    await runtime.done;
    if (runtime.containerId)
      await docker
        .getContainer(runtime.containerId)
        .remove({ force: true })
        .catch(() => {});
    store.remove("pods", runtime.namespace, runtime.name);
    this.pods.delete(key(runtime.namespace, runtime.name));
  }

  private setPodStatus(
    runtime: PodRuntime,
    change: (status: KubeObject["status"]) => void,
    spec?: (spec: KubeObject["spec"]) => void,
  ): void {
    this.options.store.update("pods", runtime.namespace, runtime.name, (p) => {
      p.status ??= {};
      change(p.status);
      if (spec) spec(p.spec);
    });
  }

  private containerStatus(
    container: ContainerSpec,
    state: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return {
      name: container.name,
      image: container.image,
      imageID: "",
      ready: false,
      started: false,
      restartCount: 0,
      state,
      ...extra,
    };
  }

  /** Cancelled (deleted, deadline) or the double stopping: the run loop goes no further. */
  private gone(runtime: PodRuntime): boolean {
    return runtime.cancelled || this.stopped;
  }

  private after(ms: number, action: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) action();
    }, ms);
    this.timers.add(timer);
  }

  private async removeAllContainers(): Promise<void> {
    const { docker, serverId } = this.options;
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${CONTAINER_LABEL}=${serverId}`] },
    });
    await Promise.allSettled(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  }
}

function isFinished(job: KubeObject): boolean {
  return (job.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
}

/** The pull's error, if any: the Docker API reports registry errors only in the progress stream. */
async function pull(docker: Docker, image: string): Promise<string | undefined> {
  try {
    const stream = await docker.pull(image);
    const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) =>
        err ? reject(err) : resolve(out),
      ),
    );
    return events.find((e) => e.error)?.error;
  } catch (err) {
    return (err as Error).message;
  }
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

/** Kubernetes writes times in seconds (RFC 3339); the engine gives nanoseconds. */
function rfc3339(engineTime: string): string {
  return engineTime.replace(/\.\d+Z$/, "Z");
}
