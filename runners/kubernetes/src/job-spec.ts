import { imageFromUri, type KubernetesToleration, type PullPolicy, type RunRef, type RunSpec } from "@baton/proto";
import type { V1Container, V1EnvVar, V1Job, V1Toleration } from "@kubernetes/client-node";
import { DNS_1123_SUBDOMAIN, isLabelValue, labelValue, qualifiedNameProblem, shortHash } from "./names.js";

/** Labels (values possibly shortened) and annotations (exact values) Baton puts on every Job and its pod. */
export const LABELS = {
  execution: "baton.dev/execution",
  task: "baton.dev/task",
  revision: "baton.dev/revision",
  runner: "baton.dev/runner",
} as const;

/** Keys under this prefix belong to Baton: a run may not set them. */
const RESERVED_PREFIX = "baton.dev/";

export const CONTAINER_NAME = "run";

/**
 * activeDeadlineSeconds is a backstop for a run whose runner is gone: the
 * host enforces the timeout itself with a graceful cancel, so the deadline
 * comes after timeout + grace + this margin. It also covers the pod's
 * scheduling and image pull, which count towards the Job's deadline but not
 * towards the host's timeout (that starts once the container runs).
 */
export const DEADLINE_MARGIN_SECONDS = 300;

/** What the runner decides for every Job, beside the run's own spec. */
export interface JobDefaults {
  runnerId: string;
  namespace: string;
  pullPolicy: PullPolicy;
  ttlSeconds: number;
  /** Service accounts runs may name (RUNNER_KUBERNETES_SERVICE_ACCOUNTS). */
  serviceAccounts: readonly string[];
}

/**
 * The Job's name: one per execution (a resent command cannot create a
 * second Job: the API answers 409), a DNS-1123 label short enough for the
 * job-name label (63) and the pod names derived from it. The execution id,
 * cleaned and cut, keeps it readable; a hash of the exact id keeps ids that
 * clean to the same text apart.
 */
export function jobName(executionId: string): string {
  const cleaned = executionId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  return cleaned === "" ? `baton-${shortHash(executionId)}` : `baton-${cleaned}-${shortHash(executionId)}`;
}

/** The label selector of this runner's Jobs and pods. */
export function runnerSelector(runnerId: string): string {
  return `${LABELS.runner}=${labelValue(runnerId)}`;
}

/** The label selector of one execution's Job on this runner. */
export function executionSelector(runnerId: string, executionId: string): string {
  return `${runnerSelector(runnerId)},${LABELS.execution}=${labelValue(executionId)}`;
}

/** Kubernetes CPU units: millicores ("500m"), at least 1m. */
export function cpuQuantity(cores: number): string {
  const milli = Math.max(1, Math.ceil(cores * 1000));
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Kubernetes memory units: whole Mi when exact, else bytes. */
export function memoryQuantity(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `${bytes / mib}Mi` : String(Math.ceil(bytes));
}

/** The deadline backstop for a run with a timeout (see DEADLINE_MARGIN_SECONDS); none without one. */
export function activeDeadlineSeconds(spec: Pick<RunSpec, "timeoutSeconds" | "graceMs">): number | undefined {
  if (spec.timeoutSeconds === undefined) return undefined;
  return Math.ceil(spec.timeoutSeconds) + Math.ceil(spec.graceMs / 1000) + DEADLINE_MARGIN_SECONDS;
}

/**
 * The batch/v1 Job for a run. Pure: throws an Error with a readable sentence
 * for input Kubernetes would refuse (or the runner does not allow), before
 * anything is created.
 */
export function jobManifest(run: RunRef, spec: RunSpec, defaults: JobDefaults): V1Job {
  const image = imageFromUri(spec.uri);
  const k8s = spec.kubernetes ?? {};
  const own = {
    [LABELS.execution]: run.executionId,
    [LABELS.task]: run.task,
    [LABELS.revision]: String(run.revision),
    [LABELS.runner]: defaults.runnerId,
  };
  const ownLabels = Object.fromEntries(Object.entries(own).map(([key, value]) => [key, labelValue(value)]));
  const labels = { ...checkedMap("label", k8s.labels ?? {}, true), ...ownLabels };
  const annotations = { ...checkedMap("annotation", k8s.annotations ?? {}, false), ...own };
  const serviceAccountName = checkedServiceAccount(k8s.serviceAccountName, defaults.serviceAccounts);
  const deadline = activeDeadlineSeconds(spec);
  const graceSeconds = Math.ceil(spec.graceMs / 1000);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: jobName(run.executionId), namespace: defaults.namespace, labels, annotations },
    spec: {
      // Baton owns retries: one pod, never a second attempt behind the control plane's back.
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      ...(deadline === undefined ? {} : { activeDeadlineSeconds: deadline }),
      ttlSecondsAfterFinished: defaults.ttlSeconds,
      template: {
        metadata: { labels, annotations },
        spec: {
          restartPolicy: "Never",
          containers: [container(run, spec, image, defaults)],
          terminationGracePeriodSeconds: graceSeconds,
          // No Service variables in the run's environment: it gets exactly its env.
          enableServiceLinks: false,
          ...(serviceAccountName === undefined
            ? // Safe by default: a run that names no service account gets no API token.
              { automountServiceAccountToken: false }
            : { serviceAccountName }),
          ...(k8s.imagePullSecrets?.length
            ? { imagePullSecrets: k8s.imagePullSecrets.map((name) => ({ name: checkedSecret(name) })) }
            : {}),
          ...(k8s.nodeSelector && Object.keys(k8s.nodeSelector).length > 0
            ? { nodeSelector: checkedMap("node selector", k8s.nodeSelector, true) }
            : {}),
          ...(k8s.tolerations?.length ? { tolerations: k8s.tolerations.map(checkedToleration) } : {}),
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        },
      },
    },
  };
}

/** The run's one container: the image's entrypoint stays, the arguments are its args exactly (never a shell). */
function container(run: RunRef, spec: RunSpec, image: string, defaults: JobDefaults): V1Container {
  const plain = { ...spec.env, BATON_EXECUTION_ID: run.executionId };
  const env: V1EnvVar[] = Object.entries(plain).map(([name, value]) => {
    if (name === "" || name.includes("=")) {
      throw new Error(`environment variable name "${name}" is invalid: it must be non-empty and without "="`);
    }
    return { name, value };
  });
  env.push(...secretEnv(spec.secrets ?? {}, plain));
  return {
    name: CONTAINER_NAME,
    image,
    args: [...spec.arguments],
    env,
    imagePullPolicy: spec.pullPolicy ?? defaults.pullPolicy,
    resources: resources(spec),
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      seccompProfile: { type: "RuntimeDefault" },
    },
  };
}

const SECRET_KEY = /^[-._A-Za-z0-9]{1,253}$/;

/**
 * kubernetes:<secret>/<key> references as secretKeyRef variables: the
 * kubelet gives the container the value, which never passes through the
 * runner or Baton (the host resolves every other kind of reference itself).
 */
function secretEnv(secrets: Readonly<Record<string, string>>, plain: Readonly<Record<string, string>>): V1EnvVar[] {
  return Object.entries(secrets).map(([name, ref]) => {
    if (Object.hasOwn(plain, name)) {
      throw new Error(
        `secret ${name} (${ref}): ${name} is also a plain variable of the run; it can be only one of them`,
      );
    }
    const match = /^kubernetes:([^/]*)\/(.*)$/.exec(ref);
    if (!match) throw new Error(`secret ${name} (${ref}): not a kubernetes:<secret>/<key> reference`);
    const [, secret = "", key = ""] = match;
    if (secret.length > 253 || !DNS_1123_SUBDOMAIN.test(secret)) {
      throw new Error(
        `secret ${name} (${ref}): "${secret}" is not a valid Secret name (lower-case letters, digits, '-' and '.')`,
      );
    }
    if (!SECRET_KEY.test(key)) {
      throw new Error(
        `secret ${name} (${ref}): "${key}" is not a valid Secret key (letters, digits, '-', '_' and '.')`,
      );
    }
    return { name, valueFrom: { secretKeyRef: { name: secret, key, optional: false } } };
  });
}

/** Limits from spec.cpu and spec.memory; requests from spec.kubernetes.requests, else the limits. */
function resources(spec: RunSpec): V1Container["resources"] {
  const requested = spec.kubernetes?.requests ?? {};
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (spec.cpu !== undefined) limits.cpu = cpuQuantity(spec.cpu);
  if (spec.memory !== undefined) limits.memory = memoryQuantity(spec.memory);
  const cpu = requested.cpu ?? spec.cpu;
  const memory = requested.memory ?? spec.memory;
  if (cpu !== undefined) requests.cpu = cpuQuantity(cpu);
  if (memory !== undefined) requests.memory = memoryQuantity(memory);
  if (spec.cpu !== undefined && requested.cpu !== undefined && requested.cpu > spec.cpu) {
    throw new Error(`the CPU request (${requested.cpu} cores) is above the CPU limit (${spec.cpu} cores): lower it`);
  }
  if (spec.memory !== undefined && requested.memory !== undefined && requested.memory > spec.memory) {
    throw new Error(
      `the memory request (${requested.memory} bytes) is above the memory limit (${spec.memory} bytes): lower it`,
    );
  }
  return {
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
  };
}

/** A run's labels, annotations or node selector, checked as Kubernetes checks them. */
function checkedMap(what: string, map: Readonly<Record<string, string>>, valuesAreLabels: boolean) {
  for (const [key, value] of Object.entries(map)) {
    const problem = qualifiedNameProblem(key);
    if (problem) throw new Error(`${what} key "${key}" is invalid: ${problem}`);
    if (what !== "node selector" && key.startsWith(RESERVED_PREFIX)) {
      throw new Error(`${what} key "${key}" is reserved for Baton (${RESERVED_PREFIX}...): choose another key`);
    }
    if (valuesAreLabels && !isLabelValue(value)) {
      throw new Error(
        `${what} "${key}" has an invalid value "${value}": at most 63 letters, digits, '-', '_' or '.', ` +
          "starting and ending with a letter or digit",
      );
    }
  }
  return { ...map };
}

function checkedServiceAccount(name: string | undefined, allowed: readonly string[]): string | undefined {
  if (name === undefined) return undefined;
  if (!allowed.includes(name)) {
    const list = allowed.length === 0 ? "it allows none" : `it allows ${allowed.join(", ")}`;
    throw new Error(
      `service account "${name}" is not allowed on this runner (${list}); add it to RUNNER_KUBERNETES_SERVICE_ACCOUNTS on the runner`,
    );
  }
  return name;
}

function checkedSecret(name: string): string {
  if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    throw new Error(`image pull secret "${name}" is not a valid secret name (lower-case letters, digits, '-' and '.')`);
  }
  return name;
}

/** The Pod API's own toleration rules, as sentences. */
function checkedToleration(t: KubernetesToleration, index: number): V1Toleration {
  const where = `toleration ${index + 1}`;
  const operator = t.operator ?? "Equal";
  if (t.key !== undefined && t.key !== "") {
    const problem = qualifiedNameProblem(t.key);
    if (problem) throw new Error(`${where}: key "${t.key}" is invalid: ${problem}`);
  } else if (operator !== "Exists") {
    throw new Error(`${where}: a toleration without a key must use operator "Exists"`);
  }
  if (operator === "Exists" && t.value) {
    throw new Error(`${where}: with operator "Exists" the value must be empty`);
  }
  if (operator === "Equal" && t.value !== undefined && !isLabelValue(t.value)) {
    throw new Error(`${where}: value "${t.value}" is not a valid label value`);
  }
  if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") {
    throw new Error(`${where}: tolerationSeconds is only allowed with effect "NoExecute"`);
  }
  return { ...t };
}
