import { MAX_RUNNER_LABELS, PULL_POLICIES, RUNNER_LABEL_NAME, RUNNER_LABEL_VALUE } from "@baton/proto";
import { z } from "zod";
import { parseCpu, parseMemory } from "./admission/quantity.js";
import { badInput } from "./errors.js";
import { kubernetesProperties } from "./kubernetes-properties.js";
import { cpuField, memoryField } from "./quantity-fields.js";
import { retryPolicySchema } from "./retry.js";

export const PLATFORMS = ["local", "docker", "kubernetes"] as const;
export type Platform = (typeof PLATFORMS)[number];

const envKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "environment variable names are letters, digits and _");

/**
 * Variables that change how a program, its interpreter or the dynamic loader
 * starts (load a library, run code at startup, reinterpret the command). A
 * launch may set them only when the task's own properties list them in
 * allowLaunchEnv; the task's own env may set them freely.
 */
const GUARDED_ENV_NAMES = new Set([
  "PATH",
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_EXTRA_CA_CERTS",
  "PYTHONPATH",
  "PYTHONHOME",
  "PYTHONSTARTUP",
  "PYTHONINSPECT",
  "PYTHONWARNINGS",
  "PYTHONBREAKPOINT",
  "PERL5OPT",
  "PERL5LIB",
  "PERLLIB",
  "RUBYOPT",
  "RUBYLIB",
  "CLASSPATH",
  "JAVA_TOOL_OPTIONS",
  "_JAVA_OPTIONS",
  "JDK_JAVA_OPTIONS",
  "JAVA_OPTIONS",
  "BASH_ENV",
  "ENV",
  "IFS",
  "SHELLOPTS",
  "BASHOPTS",
  "PS4",
  "PROMPT_COMMAND",
  "GLIBC_TUNABLES",
  "GCONV_PATH",
  "HOSTALIASES",
  "LOCPATH",
  "NLSPATH",
  "RESOLV_HOST_CONF",
]);
const GUARDED_ENV_PREFIXES = ["LD_", "DYLD_", "MALLOC_", "BASH_FUNC_", "BATON_"];

/** True for a name a launch may not set unless the task allows it (see GUARDED_ENV_NAMES). */
export function isGuardedEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return GUARDED_ENV_NAMES.has(upper) || GUARDED_ENV_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** A whole number in [min, max] whose every refusal names the field and the range. */
function intIn(name: string, min: number, max: number): z.ZodNumber {
  const message = `${name} is a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

const CONTROL_CHARACTER = /\p{Cc}/u;

const cpuMessage = "cpu is cores (2, 0.5) or millicores like 500m, more than 0 and at most 1024 cores";
const memoryMessage = "memory is bytes or a size like 512Mi or 2g, more than 0 and at most 1Pi";
const concurrencyKeyMessage = "concurrencyKey is 1 to 200 characters, without control characters";

const runnerLabels = z
  .record(
    z.string().regex(RUNNER_LABEL_NAME, {
      error: "runner label names are 1-63 letters, digits, _ . / or -, starting with a letter or digit",
    }),
    z.string({ error: "runner label values are strings" }).regex(RUNNER_LABEL_VALUE, {
      error: "runner label values are at most 63 letters, digits, _ . or -",
    }),
  )
  .refine((labels) => Object.keys(labels).length <= MAX_RUNNER_LABELS, {
    error: `runnerLabels has at most ${MAX_RUNNER_LABELS} labels`,
  });

const volumeMessage =
  'docker.volumes entries are "source:/target" or "source:/target:ro", the source a volume name or an absolute host path';
/** A named volume or an absolute host path, then an absolute container path, then optionally ro or rw. */
const VOLUME = /^([A-Za-z0-9][A-Za-z0-9_.-]*|\/[^:\0]*):(\/[^:\0]*)(:(ro|rw))?$/;
const networkMessage = 'docker.network is "none", "bridge", "host" or a network name (letters, digits, _ . -)';

/**
 * Container settings for the Docker runner, each off by default: no network,
 * no volumes, no privileges. Host access (privileged, network "host", host
 * PID or IPC namespace) starts only on a runner configured to allow it, and
 * bind mounts only under the runner's allowed folders (runners/docker).
 */
const dockerOptions = z
  .object({
    network: z
      .string({ error: networkMessage })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: networkMessage })
      .optional(),
    volumes: z
      .array(z.string({ error: volumeMessage }).max(4096).regex(VOLUME, { error: volumeMessage }), {
        error: volumeMessage,
      })
      .max(20, { error: "docker.volumes has at most 20 entries" })
      .optional(),
    privileged: z.boolean({ error: "docker.privileged is true or false" }).optional(),
    hostPid: z.boolean({ error: "docker.hostPid is true or false" }).optional(),
    hostIpc: z.boolean({ error: "docker.hostIpc is true or false" }).optional(),
  })
  .strict();

const secretRefMessage =
  'secrets values are references, never the secret itself: "env:BATON_SECRET_DB_PASSWORD" (a variable of the runner), "file:/run/secrets/api-key" (a file under the runner\'s RUNNER_SECRETS_DIR) or "kubernetes:<secret name>/<key>" (kubernetes platform)';
/** env:NAME, file:/absolute/path, kubernetes:<DNS-1123 subdomain>/<key>: the runner resolves them (runners/host/src/secrets.ts). */
const SECRET_REF =
  /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/[^\p{Cc}]*|kubernetes:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/[-._A-Za-z0-9]{1,253})$/u;
const secretRefs = z
  .record(
    envKey,
    z.string({ error: secretRefMessage }).max(4096, { error: secretRefMessage }).regex(SECRET_REF, {
      error: secretRefMessage,
    }),
  )
  .refine((refs) => Object.keys(refs).length <= 100, { error: "secrets has at most 100 entries" });

/** Deployment properties (API.md): what a task runs with, set on the task and overridable per launch. */
export const deploymentProperties = z
  .object({
    env: z.record(envKey, z.string().max(32 * 1024)).optional(),
    cpu: cpuField(cpuMessage).optional(),
    memory: memoryField(memoryMessage).optional(),
    timeoutSeconds: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3600)
      .optional(),
    graceSeconds: z.number().int().min(0).max(3600).optional(),
    platform: z.enum(PLATFORMS).optional(),
    pool: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "pool is 1-64 letters, digits, _ or -")
      .optional(),
    /** Guarded variable names (PATH, LD_PRELOAD...) a launch's env may set for this task. */
    allowLaunchEnv: z.array(envKey).max(100).optional(),
    /** How many runs of the task may be active at once. Task-level only (see mergeProperties). */
    maxConcurrent: intIn("maxConcurrent", 1, 100000).optional(),
    /** Higher starts first; within a priority, tasks take turns. */
    priority: intIn("priority", -1000, 1000).optional(),
    /** Runs sharing a key (any task) are limited to concurrencyLimit at once. */
    concurrencyKey: z
      .string({ error: concurrencyKeyMessage })
      .min(1, { error: concurrencyKeyMessage })
      .max(200, { error: concurrencyKeyMessage })
      .refine((key) => !CONTROL_CHARACTER.test(key), { error: concurrencyKeyMessage })
      .optional(),
    /** How many runs with the same concurrencyKey may run at once (the caller applies the default, 1). */
    concurrencyLimit: intIn("concurrencyLimit", 1, 10000).optional(),
    /** A run still queued this long after it was queued expires. */
    queueTtlSeconds: intIn("queueTtlSeconds", 1, 30 * 24 * 3600).optional(),
    /** Labels a runner must carry (every pair equal) to run the task. */
    runnerLabels: runnerLabels.optional(),
    retry: retryPolicySchema.optional(),
    /** Container platforms: when to pull the image; unset, the runner's default (IfNotPresent). */
    pullPolicy: z.enum(PULL_POLICIES, { error: "pullPolicy is Always, IfNotPresent or Never" }).optional(),
    docker: dockerOptions.optional(),
    kubernetes: kubernetesProperties.optional(),
    /** Variable name -> secret reference; the runner resolves it, so no value is ever stored (see secretRefs). */
    secrets: secretRefs.optional(),
  })
  .strict();
export type DeploymentProperties = z.infer<typeof deploymentProperties>;

/** Validates a JSON value given as properties, naming the first bad field. */
export function checkProperties(value: unknown, what = "properties"): DeploymentProperties {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw badInput(`${what} must be a JSON object, for example {"env": {"REGION": "eu"}, "timeoutSeconds": 600}.`);
  }
  const parsed = deploymentProperties.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `${what}.${issue.path.join(".")}` : what;
    const known = Object.keys(deploymentProperties.shape).join(", ");
    const topLevel = issue?.code === "unrecognized_keys" && issue.path.length === 0;
    const hint = topLevel ? ` Known properties: ${known}.` : "";
    // A bad record key (env, runnerLabels) carries the key schema's own message inside.
    const message = issue?.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue?.message;
    throw badInput(`${path}: ${message ?? "invalid"}.${hint}`, { field: path });
  }
  checkSecretNames(parsed.data.secrets, parsed.data.env ?? {}, what);
  return parsed.data;
}

/** A variable comes from env or from secrets, never both (`taken` are the names env sets). */
export function checkSecretNames(
  secrets: Readonly<Record<string, string>> | undefined,
  taken: Readonly<Record<string, string>>,
  what = "properties",
): void {
  for (const name of Object.keys(secrets ?? {})) {
    if (!Object.hasOwn(taken, name)) continue;
    throw badInput(
      `${what}.secrets.${name}: ${name} is also set in env; a variable comes from env or from secrets, not both. Remove one, for example keep {"secrets": {"${name}": "env:BATON_SECRET_${name}"}} only.`,
      { field: `${what}.secrets.${name}` },
    );
  }
}

/** Properties only the task itself may set: a launch could otherwise lift its own limits. */
const TASK_ONLY = ["allowLaunchEnv", "maxConcurrent"] as const;

/**
 * Launch-time properties override the task's; env and secrets are merged key by key, every
 * other field (runnerLabels, retry...) is replaced whole. A launch may not set
 * a guarded variable (isGuardedEnvName) in env or secrets unless the task's
 * allowLaunchEnv names it, nor set a TASK_ONLY field.
 */
export function mergeProperties(base: DeploymentProperties, override: DeploymentProperties): DeploymentProperties {
  for (const field of TASK_ONLY) {
    if (override[field] !== undefined) {
      throw badInput(
        `properties.${field} can be set only on the task itself (createTask or upgradeTask), not at launch.`,
        { field: `properties.${field}` },
      );
    }
  }
  const launchNames = [
    ...Object.keys(override.env ?? {}).map((name) => ({ field: "env", name })),
    ...Object.keys(override.secrets ?? {}).map((name) => ({ field: "secrets", name })),
  ];
  for (const { field, name } of launchNames) {
    if (isGuardedEnvName(name) && !base.allowLaunchEnv?.includes(name)) {
      throw badInput(
        `properties.${field}.${name}: a launch may not set ${name}, which changes how programs start. Set it in the task's own ${field}, or allow it per launch with the task property allowLaunchEnv: ["${name}"] (upgradeTask).`,
        { field: `properties.${field}.${name}` },
      );
    }
  }
  return overlayProperties(base, override);
}

/**
 * `override` over `base` with no rule checked: env and secrets key by key,
 * every other field whole. A relaunch lays its changes over the original
 * launch's properties with it; the result then goes over the task's through
 * mergeProperties, whose rules apply to all of it.
 */
export function overlayProperties(base: DeploymentProperties, override: DeploymentProperties): DeploymentProperties {
  const merged: DeploymentProperties = { ...base, ...override };
  if (base.env || override.env) merged.env = { ...base.env, ...override.env };
  if (base.secrets || override.secrets) merged.secrets = { ...base.secrets, ...override.secrets };
  return merged;
}

export function memoryBytes(props: DeploymentProperties): number | undefined {
  return props.memory === undefined ? undefined : parseMemory(props.memory);
}

/** The cpu property in millicores ("500m" -> 500, 2 -> 2000), undefined when unset. */
export function cpuMillis(props: DeploymentProperties): number | undefined {
  return props.cpu === undefined ? undefined : parseCpu(props.cpu);
}
