import { isAbsolute, posix } from "node:path";
import { PULL_POLICIES, type PullPolicy } from "@baton/proto";
import { z } from "zod";

/** How to reach the engine, in the shape dockerode takes. */
export type EngineAddress = { socketPath: string } | { protocol: "http"; host: string; port: number };

export interface DockerSettings {
  /** As given (for messages): unix:///path/to.sock or tcp://host:port. */
  dockerHost: string;
  engine: EngineAddress;
  /** The runner's default; a run's spec.pullPolicy overrides it. */
  pullPolicy: PullPolicy;
  /** Runs may ask privileged mode, network "host", hostPid and hostIpc. */
  allowPrivileged: boolean;
  /** Absolute host folders under which bind mounts are allowed; empty: named volumes only. */
  volumeRoots: readonly string[];
  pullTimeoutMs: number;
}

export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

/** An unset variable and an empty one mean the same: the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const dockerHost = z.string().transform((value, ctx): { dockerHost: string; engine: EngineAddress } => {
  const unix = /^unix:\/\/(\/.+)$/.exec(value);
  if (unix?.[1]) return { dockerHost: value, engine: { socketPath: unix[1] } };
  const tcp = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})\/?$/.exec(value);
  const port = Number(tcp?.[2]);
  if (tcp?.[1] && port >= 1 && port <= 65535) {
    return { dockerHost: value, engine: { protocol: "http", host: tcp[1].replace(/^\[|\]$/g, ""), port } };
  }
  ctx.addIssue({ code: "custom", message: `must be unix:///path/to.sock or tcp://host:port (got "${value}")` });
  return z.NEVER;
});

const boolean = z.enum(["true", "false"], { message: 'must be "true" or "false"' }).transform((v) => v === "true");

const volumeRoots = z.string().transform((value, ctx): string[] => {
  const roots: string[] = [];
  for (const raw of value.split(",")) {
    const root = raw.trim();
    if (root === "") continue;
    // Lexically normal and absolute, so "is this bind source under a root" is a plain prefix test.
    const normal = posix.normalize(root).replace(/(.)\/$/, "$1");
    if (!isAbsolute(root) || root.split("/").includes("..")) {
      ctx.addIssue({ code: "custom", message: `"${root}" must be an absolute folder, without ".."` });
    } else {
      roots.push(normal);
    }
  }
  return roots;
});

const positiveInt = z
  .string()
  .regex(/^\d+$/, { message: "must be a whole number of milliseconds" })
  .transform(Number)
  .pipe(z.number().int().positive({ message: "must be greater than 0" }));

const schema = z.object({
  DOCKER_HOST: optional(dockerHost),
  RUNNER_DOCKER_PULL_POLICY: optional(z.enum(PULL_POLICIES, { message: `must be one of ${PULL_POLICIES.join(", ")}` })),
  RUNNER_DOCKER_ALLOW_PRIVILEGED: optional(boolean),
  RUNNER_DOCKER_VOLUME_ROOTS: optional(volumeRoots),
  RUNNER_DOCKER_PULL_TIMEOUT_MS: optional(positiveInt),
});

/**
 * The Docker runner's settings from its environment. Throws one Error that
 * names every bad variable, one per line, so an operator fixes them all at once.
 */
export function parseDockerSettings(env: Readonly<Record<string, string | undefined>>): DockerSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
  }
  const vars = parsed.data;
  const host = vars.DOCKER_HOST ?? { dockerHost: DEFAULT_DOCKER_HOST, engine: { socketPath: "/var/run/docker.sock" } };
  return {
    ...host,
    pullPolicy: vars.RUNNER_DOCKER_PULL_POLICY ?? "IfNotPresent",
    allowPrivileged: vars.RUNNER_DOCKER_ALLOW_PRIVILEGED ?? false,
    volumeRoots: vars.RUNNER_DOCKER_VOLUME_ROOTS ?? [],
    pullTimeoutMs: vars.RUNNER_DOCKER_PULL_TIMEOUT_MS ?? 300_000,
  };
}
