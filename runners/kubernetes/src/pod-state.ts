import type { ExitInfo } from "@baton/proto";
import type { V1ContainerStateTerminated, V1Job, V1Pod } from "@kubernetes/client-node";
import { CONTAINER_NAME } from "./job-spec.js";

/** Waiting reasons (and the scheduler's) that mean the pod will not start by itself soon. */
export const START_FAILURES = [
  "ErrImagePull",
  "ImagePullBackOff",
  "ErrImageNeverPull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "Unschedulable",
] as const;
export type StartFailure = (typeof START_FAILURES)[number];

/** Where a run's pod is, as far as the driver acts on it. */
export type PodProgress =
  | { state: "pending" }
  | { state: "failing"; reason: StartFailure; message: string }
  | { state: "running" }
  | { state: "ended"; terminated: V1ContainerStateTerminated | undefined; reason?: string; message?: string };

/** Reads the run container's state from a pod (pure). */
export function podProgress(pod: V1Pod): PodProgress {
  const status = pod.status;
  const container = status?.containerStatuses?.find((c) => c.name === CONTAINER_NAME) ?? status?.containerStatuses?.[0];
  const state = container?.state;
  if (state?.terminated) return { state: "ended", terminated: state.terminated };
  // A pod that failed without its container ever running (evicted, rejected by the node).
  if (status?.phase === "Failed" || status?.phase === "Succeeded") {
    return {
      state: "ended",
      terminated: undefined,
      ...(status.reason ? { reason: status.reason } : {}),
      ...(status.message ? { message: status.message } : {}),
    };
  }
  if (state?.running) return { state: "running" };
  const waiting = state?.waiting;
  if (waiting?.reason && (START_FAILURES as readonly string[]).includes(waiting.reason)) {
    return { state: "failing", reason: waiting.reason as StartFailure, message: waiting.message ?? "" };
  }
  const scheduled = status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
    return { state: "failing", reason: "Unschedulable", message: scheduled.message ?? "" };
  }
  return { state: "pending" };
}

/** The sentence a start failure fails the run with, naming the reason and the platform's message. */
export function startFailureMessage(
  image: string,
  failure: { reason: StartFailure; message: string },
  lastPullError: string | undefined,
  waitedMs: number,
): string {
  const detail = [
    `${failure.reason}${failure.message ? `: ${failure.message}` : ""}`,
    ...(failure.reason === "ImagePullBackOff" && lastPullError ? [`last error ErrImagePull: ${lastPullError}`] : []),
  ].join("; ");
  const what: Record<StartFailure, string> = {
    ErrImagePull: `image ${image} could not be pulled`,
    ImagePullBackOff: `image ${image} could not be pulled`,
    ErrImageNeverPull: `image ${image} is not on the node and the pull policy is Never`,
    InvalidImageName: `image ${image} is not a valid image name`,
    CreateContainerConfigError: "the run's container could not be configured",
    Unschedulable: "the run's pod could not be scheduled on any node",
  };
  return `${what[failure.reason]} (${detail}); gave up after ${waitedMs} ms and deleted the Job`;
}

/** True when the Job's deadline (activeDeadlineSeconds) ended it. */
export function deadlineExceeded(job: V1Job | undefined): boolean {
  return (job?.status?.conditions ?? []).some(
    (c) =>
      (c.type === "Failed" || c.type === "FailureTarget") && c.status === "True" && c.reason === "DeadlineExceeded",
  );
}

const MIB = 1024 * 1024;

/**
 * A run's end as the host reports it: the container's exit code, and why
 * when Kubernetes says more (OOMKilled with the limit, the Job's deadline).
 * `memoryLimit` is the limit in bytes, when the run had one.
 */
export function exitInfo(
  ended: Extract<PodProgress, { state: "ended" }>,
  job: V1Job | undefined,
  memoryLimit: number | undefined,
): ExitInfo {
  const terminated = ended.terminated;
  const exitCode = terminated?.exitCode ?? null;
  if (terminated?.reason === "OOMKilled") {
    const limit = memoryLimit ? ` of ${Number((memoryLimit / MIB).toFixed(1))} MiB` : "";
    return { exitCode, signal: null, message: `OOM_KILLED: the container exceeded its memory limit${limit}` };
  }
  if (deadlineExceeded(job)) {
    const seconds = job?.spec?.activeDeadlineSeconds;
    const after = seconds === undefined ? "" : ` of ${seconds} s`;
    return {
      exitCode,
      signal: null,
      message: `DEADLINE_EXCEEDED: the Job was active longer than its deadline${after} (activeDeadlineSeconds) and Kubernetes stopped it`,
    };
  }
  if (!terminated) {
    const why = [ended.reason, ended.message].filter(Boolean).join(": ");
    return {
      exitCode: null,
      signal: null,
      message: `POD_FAILED: the pod ended without its container running${why ? ` (${why})` : ""}`,
    };
  }
  return { exitCode, signal: null };
}
