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

/** Launch-time properties override the task's; env is merged key by key. */
export function mergeProperties(base: DeploymentProperties, override: DeploymentProperties): DeploymentProperties {
  const merged: DeploymentProperties = { ...base, ...override };
  if (base.env || override.env) merged.env = { ...base.env, ...override.env };
  return merged;
}

export function memoryBytes(props: DeploymentProperties): number | undefined {
  return props.memory === undefined ? undefined : parseMemory(props.memory);
}
