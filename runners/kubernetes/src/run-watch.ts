import type { ExitInfo, RunHandle, RunIo } from "@baton/proto";
import type { V1Job, V1Pod } from "@kubernetes/client-node";
import { CONTAINER_NAME } from "./job-spec.js";
import { LogFollower, type OpenLog } from "./log-follower.js";
import { exitInfo, type PodProgress, podProgress, startFailureMessage } from "./pod-state.js";
import type { PodWatch } from "./pod-watch.js";
import { parseMemory } from "./quantity.js";

/** What a run's watcher needs from the driver. */
export interface RunWatchDeps {
  pods: PodWatch;
  namespace: string;
  job: string;
  io: RunIo;
  /** Lines already delivered (a recovered run's resume point, stdout and stderr merged). */
  skipLines: number;
  startFailureWaitMs: number;
  openLog(pod: string): OpenLog;
  /** The Job as stored now (undefined when it is gone), for its deadline condition. */
  readJob(): Promise<V1Job | undefined>;
  /** Deletes the Job (the run's verdict and output are in, or it failed to start). */
  deleteJob(): Promise<void>;
  log(line: string): void;
}

type Ended = Extract<PodProgress, { state: "ended" }>;

/**
 * One run's pod, from the shared watch: `started` once its container runs
 * (or has already ended), rejected after deleting the Job when the pod stays
 * in a start failure past the wait; `exited` once the container has ended
 * and its whole log has been delivered.
 */
export class RunWatch {
  readonly started: Promise<RunHandle>;
  readonly exited: Promise<ExitInfo>;
  private resolveStarted!: (handle: RunHandle) => void;
  private rejectStarted!: (err: Error) => void;
  private resolveExited!: (exit: ExitInfo) => void;
  private rejectExited!: (err: Error) => void;
  private podName: string | undefined;
  private node = "";
  private image = "";
  private memoryLimit: number | undefined;
  private follower: LogFollower | undefined;
  private failingSince: number | undefined;
  private lastPullError: string | undefined;
  private failTimer: NodeJS.Timeout | undefined;
  /** Armed while the Job has no pod: a quota or an admission webhook can keep it from ever getting one. */
  private noPodTimer: NodeJS.Timeout | undefined;
  private settled = false;
  private isStarted = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: RunWatchDeps) {
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.exited = new Promise((resolve, reject) => {
      this.resolveExited = resolve;
      this.rejectExited = reject;
    });
    // Whoever uses them handles their failures; a run that never started has no exit to report.
    this.started.catch(() => {});
    this.exited.catch(() => {});
    this.unsubscribe = deps.pods.subscribe(deps.job, (pod, deleted) => this.onPod(pod, deleted));
  }

  /** Looks at the pod already cached (a recovered run's, or one seen before subscribing). */
  check(): void {
    for (const pod of this.deps.pods.podsOf(this.deps.job)) this.onPod(pod, false);
    if (this.podName === undefined && !this.settled) {
      this.noPodTimer ??= setTimeout(() => void this.noPod(), this.deps.startFailureWaitMs);
    }
  }

  get handle(): RunHandle {
    return { namespace: this.deps.namespace, job: this.deps.job, pod: this.podName ?? "", node: this.node };
  }

  /** The Job could not be created: stop listening. */
  dispose(): void {
    this.finish();
  }

  /** The driver is closed: stop watching and following; the run goes on, `exited` stays pending. */
  close(): void {
    this.closed = true;
    this.follower?.stop();
    this.finish();
    if (!this.isStarted) this.rejectStarted(new Error("the Kubernetes driver was closed before the run started"));
  }

  private onPod(pod: V1Pod, deleted: boolean): void {
    if (this.settled || this.closed) return;
    const name = pod.metadata?.name;
    // backoffLimit 0: one pod per Job; the first one seen is the run's.
    if (this.podName !== undefined && name !== this.podName) return;
    this.podName = name;
    clearTimeout(this.noPodTimer);
    this.node = pod.spec?.nodeName ?? this.node;
    const container = pod.spec?.containers?.find((c) => c.name === CONTAINER_NAME);
    this.image = container?.image ?? this.image;
    this.memoryLimit = parseMemory(container?.resources?.limits?.memory);
    if (deleted) {
      void this.podDeleted(pod);
      return;
    }
    const progress = podProgress(pod);
    if (progress.state !== "failing") this.clearFailure();
    if (progress.state === "failing") this.failing(progress);
    else if (progress.state === "running") {
      this.markStarted();
      this.follow();
    } else if (progress.state === "ended") void this.ended(progress);
  }

  private markStarted(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.resolveStarted(this.handle);
  }

  private follow(): LogFollower {
    this.follower ??= new LogFollower({
      open: this.deps.openLog(this.podName ?? ""),
      io: this.deps.io,
      skipLines: this.deps.skipLines,
      log: this.deps.log,
    });
    return this.follower;
  }

  private async ended(progress: Ended): Promise<void> {
    this.finish();
    this.clearFailure();
    if (!this.isStarted && progress.terminated === undefined) {
      // The pod failed without its container ever running (evicted, deadline while pulling...).
      const job = await this.deps.readJob().catch(() => undefined);
      const exit = exitInfo(progress, job, this.memoryLimit);
      await this.deps.deleteJob();
      this.rejectStarted(
        new Error(`the run's pod ${this.podName} ended before its container started: ${exit.message}`),
      );
      this.resolveExited(exit);
      return;
    }
    this.markStarted();
    const follower = this.follow();
    follower.containerEnded();
    await follower.done;
    const job =
      progress.terminated?.reason === "OOMKilled" ? undefined : await this.deps.readJob().catch(() => undefined);
    this.resolveExited(exitInfo(progress, job, this.memoryLimit));
    void this.deps.deleteJob();
  }

  private async podDeleted(pod: V1Pod): Promise<void> {
    this.finish();
    this.clearFailure();
    this.follower?.stop();
    const job = await this.deps.readJob().catch(() => undefined);
    const exit = exitInfo({ state: "ended", terminated: undefined }, job, this.memoryLimit);
    if (exit.message?.startsWith("DEADLINE_EXCEEDED")) {
      this.rejectStarted(
        new Error(`the run's pod ${pod.metadata?.name} was stopped before it started: ${exit.message}`),
      );
      this.resolveExited(exit);
    } else {
      const error = new Error(
        `the run's pod ${pod.metadata?.name} (Job ${this.deps.job}) was deleted before its container ended`,
      );
      this.rejectStarted(error);
      this.rejectExited(error);
    }
    void this.deps.deleteJob();
  }

  /** A start failure: the run fails once it has lasted the wait (a pod merely pulling has no limit). */
  private failing(progress: Extract<PodProgress, { state: "failing" }>): void {
    if (progress.reason === "ErrImagePull") this.lastPullError = progress.message;
    if (this.failingSince !== undefined) return;
    this.failingSince = Date.now();
    this.failTimer = setTimeout(() => void this.giveUp(), this.deps.startFailureWaitMs);
  }

  private async giveUp(): Promise<void> {
    if (this.settled || this.closed) return;
    const pod = this.deps.pods.podsOf(this.deps.job).find((p) => p.metadata?.name === this.podName);
    const progress = pod ? podProgress(pod) : undefined;
    if (progress?.state !== "failing") return;
    this.finish();
    const message = startFailureMessage(
      this.image,
      progress,
      this.lastPullError,
      Date.now() - (this.failingSince ?? Date.now()),
    );
    await this.deps.deleteJob();
    const error = new Error(message);
    this.rejectStarted(error);
    // A recovered run had already started for the host: its end is this failure.
    this.resolveExited({ exitCode: null, signal: null, message: `START_FAILED: ${message}` });
  }

  /** The Job got no pod within the wait: the run fails, saying where to look, and the Job is deleted. */
  private async noPod(): Promise<void> {
    if (this.settled || this.closed || this.podName !== undefined) return;
    this.finish();
    const { job, namespace, startFailureWaitMs } = this.deps;
    const message =
      `no pod was created for Job ${job} in namespace ${namespace} within ${startFailureWaitMs} ms ` +
      `(a ResourceQuota, a LimitRange or an admission webhook may refuse it: kubectl -n ${namespace} describe job ${job}); ` +
      "deleted the Job";
    await this.deps.deleteJob();
    this.rejectStarted(new Error(message));
    this.resolveExited({ exitCode: null, signal: null, message: `START_FAILED: ${message}` });
  }

  private clearFailure(): void {
    clearTimeout(this.failTimer);
    this.failTimer = undefined;
    this.failingSince = undefined;
  }

  /** No more pod changes matter: the end is being reported. */
  private finish(): void {
    this.settled = true;
    clearTimeout(this.failTimer);
    clearTimeout(this.noPodTimer);
    this.unsubscribe();
  }
}
