import { z } from "zod";
import { badInput } from "./errors.js";

export const PLATFORMS = ["local", "docker", "kubernetes"] as const;
export type Platform = (typeof PLATFORMS)[number];

const UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  ki: 1024,
  mi: 1024 ** 2,
  gi: 1024 ** 3,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
};

/** "512Mi", "1g", "1073741824" or a number of bytes. */
function parseMemory(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(value.trim());
  const unit = m ? UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

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

/** Deployment properties (API.md): what a task runs with, set on the task and overridable per launch. */
export const deploymentProperties = z
  .object({
    env: z.record(envKey, z.string().max(32 * 1024)).optional(),
    cpu: z.number().positive().max(1024).optional(),
    memory: z
      .union([z.string(), z.number()])
      .refine((v) => parseMemory(v) !== undefined, "memory is bytes or a size like 512Mi or 2g")
      .optional(),
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
    const hint = issue?.code === "unrecognized_keys" ? ` Known properties: ${known}.` : "";
    throw badInput(`${path}: ${issue?.message ?? "invalid"}.${hint}`, { field: path });
  }
  return parsed.data;
}

/**
 * Launch-time properties override the task's; env is merged key by key. A
 * launch may not set a guarded variable (isGuardedEnvName) unless the task's
 * allowLaunchEnv names it, nor change allowLaunchEnv itself.
 */
export function mergeProperties(base: DeploymentProperties, override: DeploymentProperties): DeploymentProperties {
  if (override.allowLaunchEnv !== undefined) {
    throw badInput(
      "properties.allowLaunchEnv can be set only on the task itself (createTask or upgradeTask), not at launch.",
      { field: "properties.allowLaunchEnv" },
    );
  }
  for (const name of Object.keys(override.env ?? {})) {
    if (isGuardedEnvName(name) && !base.allowLaunchEnv?.includes(name)) {
      throw badInput(
        `properties.env.${name}: a launch may not set ${name}, which changes how programs start. Set it in the task's own env, or allow it per launch with the task property allowLaunchEnv: ["${name}"] (upgradeTask).`,
        { field: `properties.env.${name}` },
      );
    }
  }
  const merged: DeploymentProperties = { ...base, ...override };
  if (base.env || override.env) merged.env = { ...base.env, ...override.env };
  return merged;
}

export function memoryBytes(props: DeploymentProperties): number | undefined {
  return props.memory === undefined ? undefined : parseMemory(props.memory);
}
