import { z } from "zod";
import { stepLineRecord } from "./stepline.js";

export const PULL_POLICIES = ["Always", "IfNotPresent", "Never"] as const;
export const pullPolicy = z.enum(PULL_POLICIES);
export type PullPolicy = z.infer<typeof pullPolicy>;

/**
 * What a Docker run may ask beyond the defaults (no network, no volumes, no
 * privileges). `network` is "none", "bridge", "host" or a network's name;
 * volumes are "source:/target" or "source:/target:ro". Privileged mode and the
 * host's namespaces (network "host", hostPid, hostIpc) start only on a runner
 * configured to allow them.
 */
export const dockerOptions = z
  .object({
    network: z.string().optional(),
    volumes: z.array(z.string()).optional(),
    privileged: z.boolean().optional(),
    hostPid: z.boolean().optional(),
    hostIpc: z.boolean().optional(),
  })
  .strict();
export type DockerOptions = z.infer<typeof dockerOptions>;

/** A Kubernetes toleration, as the Pod spec takes it. */
export const kubernetesToleration = z
  .object({
    key: z.string().optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: z.string().optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: z.number().int().optional(),
  })
  .strict();
export type KubernetesToleration = z.infer<typeof kubernetesToleration>;

/**
 * What a Kubernetes run may ask beyond cpu, memory and pullPolicy: where its
 * pod may be scheduled, which service account and pull secrets it uses (a
 * service account only from the runner's allowed list), extra labels and
 * annotations, and resource requests below its limits (the limits are
 * spec.cpu and spec.memory; requests default to them).
 */
export const kubernetesOptions = z
  .object({
    serviceAccountName: z.string().optional(),
    imagePullSecrets: z.array(z.string()).optional(),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    tolerations: z.array(kubernetesToleration).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    requests: z
      .object({
        /** Cores. */
        cpu: z.number().positive().optional(),
        /** Bytes. */
        memory: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type KubernetesOptions = z.infer<typeof kubernetesOptions>;

/** What a runner needs to start one execution; built by the control plane from the release manifest. */
export const runSpec = z.object({
  /** file:///abs/path or docker:image:tag */
  uri: z.string(),
  arguments: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  timeoutSeconds: z.number().positive().optional(),
  cpu: z.number().positive().optional(),
  /** Bytes. */
  memory: z.number().int().positive().optional(),
  /** Grace period between SIGTERM and SIGKILL on cancel / timeout. */
  graceMs: z.number().int().min(0).default(5000),
  /** Container platforms: when to pull the image (Kubernetes' names). Unset: the runner's default. */
  pullPolicy: pullPolicy.optional(),
  /** Docker only; each is off unless the task's properties ask (and, for host access, the runner allows). */
  docker: dockerOptions.optional(),
  /** Kubernetes only. */
  kubernetes: kubernetesOptions.optional(),
  /**
   * Variable name -> secret reference, never a value: "env:BATON_SECRET_X",
   * "file:/path" (the runner resolves them under its own rules) or
   * "kubernetes:<secret>/<key>" (the pod gets it through secretKeyRef).
   */
  secrets: z.record(z.string(), z.string()).optional(),
});
export type RunSpec = z.infer<typeof runSpec>;

export const runCommand = z.object({
  v: z.literal(1),
  executionId: z.string(),
  task: z.string(),
  revision: z.number().int(),
  platform: z.string(),
  pool: z.string(),
  spec: runSpec,
});
export type RunCommand = z.infer<typeof runCommand>;

export const logLine = z.object({
  /** "combined": stdout and stderr as one stream, from a platform that merges them (Kubernetes). */
  stream: z.enum(["stdout", "stderr", "combined", "system"]),
  text: z.string(),
  at: z.string(),
});
export type WireLogLine = z.infer<typeof logLine>;

/** Where a run lives on its platform, recorded so a cancel still works after a restart. */
export const runHandle = z.record(z.string(), z.union([z.string(), z.number()]));
export type RunHandle = z.infer<typeof runHandle>;

export const exitReason = z.enum(["exit", "cancelled", "timeout", "error"]);
export type ExitReason = z.infer<typeof exitReason>;

const eventBase = {
  v: z.literal(1),
  executionId: z.string(),
  runnerId: z.string(),
  /** 1, 2, 3... per execution, no gaps: the control plane ingests in this order exactly once. */
  rseq: z.number().int().positive(),
  at: z.string(),
};

export const runEvent = z.discriminatedUnion("type", [
  z.object({ ...eventBase, type: z.literal("started"), handle: runHandle }),
  z.object({ ...eventBase, type: z.literal("log"), lines: z.array(logLine).min(1) }),
  z.object({ ...eventBase, type: z.literal("report"), record: stepLineRecord }),
  z.object({
    ...eventBase,
    type: z.literal("exited"),
    reason: exitReason,
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    message: z.string().optional(),
  }),
]);
export type RunEvent = z.infer<typeof runEvent>;
export type RunEventType = RunEvent["type"];

export const heartbeat = z.object({
  v: z.literal(1),
  runnerId: z.string(),
  platform: z.string(),
  pool: z.string(),
  capacity: z.number().int().min(0),
  running: z.array(z.string()),
  hostname: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  at: z.string(),
  /** What the runner offers admission (optional: an older runner sends none, and gets runs by slots only). */
  cpuMillis: z.number().int().min(0).optional(),
  memoryBytes: z.number().int().min(0).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  version: z.string().optional(),
});
export type Heartbeat = z.infer<typeof heartbeat>;

/**
 * A heartbeat is a request; any control plane answers. `fence` lists runs the
 * runner says it holds that the control plane has already ended (a terminal
 * status is final, LOST included): the runner kills them at once and
 * publishes nothing more for them. `lostAfterMs` is how long the control
 * plane waits on a silent runner before declaring its runs LOST.
 */
export const heartbeatReply = z.object({
  v: z.literal(1),
  fence: z.array(z.string()),
  lostAfterMs: z.number().int().positive(),
});
export type HeartbeatReply = z.infer<typeof heartbeatReply>;

export const claimRequest = z.object({ v: z.literal(1), executionId: z.string(), runnerId: z.string() });
export type ClaimRequest = z.infer<typeof claimRequest>;
/** ok=false with retry=true: ask again later; retry=false: drop the command. */
export const claimReply = z.object({ ok: z.boolean(), retry: z.boolean(), reason: z.string().optional() });
export type ClaimReply = z.infer<typeof claimReply>;

/** A runner's answer to a RunCommand sent to it: ok=false (stopping, bad command) gives the run back to admission. */
export const runOfferReply = z.object({ ok: z.boolean(), reason: z.string().optional() });
export type RunOfferReply = z.infer<typeof runOfferReply>;

export const cancelRequest = z.object({ v: z.literal(1), executionId: z.string(), graceMs: z.number().int().min(0) });
export type CancelRequest = z.infer<typeof cancelRequest>;

/**
 * A runner starting asks which runs it held before (its id is stable): any
 * control plane answers once the events those runs already published are
 * ingested, so the counts and rseq below are exact.
 */
export const recoverRequest = z.object({ v: z.literal(1), runnerId: z.string(), startedAt: z.string() });
export type RecoverRequest = z.infer<typeof recoverRequest>;

export const heldRun = z.object({
  command: runCommand,
  /** What `started` recorded; null when the old runner died before it started the run. */
  handle: runHandle.nullable(),
  /** When the run started (its timeout counts from then); null when it had not. */
  startedAt: z.string().nullable(),
  /** The last event number ingested: the recovered run goes on from rseq + 1. */
  rseq: z.number().int().min(0),
  /** Lines the control plane has of each stream (step lines count as stdout): the driver skips them. */
  stdoutLines: z.number().int().min(0),
  stderrLines: z.number().int().min(0),
  /** The remaining grace when a cancel was requested before the restart (the runner stops the run at once). */
  cancelGraceMs: z.number().int().min(0).nullable(),
});
export type HeldRun = z.infer<typeof heldRun>;

/** ok=false: the control plane could not answer yet (database down, events not ingested): ask again. */
export const recoverReply = z.object({
  v: z.literal(1),
  ok: z.boolean(),
  runs: z.array(heldRun),
  reason: z.string().optional(),
});
export type RecoverReply = z.infer<typeof recoverReply>;

/**
 * One control plane's answer on `<prefix>.ctl.about` (the console's About
 * page): its own facts only. The asker gathers every instance's answer, puts
 * its own first and adds what it knows of the database and NATS itself, so
 * no instance repeats another's word. `instance` is BATON_INSTANCE_ID.
 */
export const controlPlaneAbout = z.object({
  v: z.literal(1),
  instance: z.string().min(1),
  /** The control plane's package version. */
  version: z.string().min(1),
  hostname: z.string(),
  pid: z.number().int().positive(),
  /** When its process started (ISO 8601). */
  startedAt: z.iso.datetime({ offset: true }),
  /** Whether it held the leader lock when it answered. */
  leader: z.boolean(),
});
export type ControlPlaneAbout = z.infer<typeof controlPlaneAbout>;
