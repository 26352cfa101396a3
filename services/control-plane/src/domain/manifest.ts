import type { KubernetesOptions, RunSpec } from "@baton/proto";
import { type RunDemand, runDemand } from "./admission/demand.js";
import { parseCpu, parseMemory } from "./admission/quantity.js";
import { badInput } from "./errors.js";
import type { KubernetesProperties } from "./kubernetes-properties.js";
import {
  checkSecretNames,
  cpuMillis,
  type DeploymentProperties,
  memoryBytes,
  mergeProperties,
  type Platform,
} from "./properties.js";
import { parseAppUri } from "./uri.js";

/** What a release revision pins: everything needed to run the task again exactly so. */
export interface ReleaseManifest {
  app: string;
  version: string;
  uri: string;
  properties: DeploymentProperties;
  arguments: string[];
}

/** The manifest a release pins for an app version with these properties and default arguments. */
export function buildManifest(
  app: string,
  version: { version: string; uri: string },
  properties: DeploymentProperties,
  args: string[],
): ReleaseManifest {
  return { app, version: version.version, uri: version.uri, properties, arguments: args };
}

export interface ResolvedRun {
  platform: Platform;
  pool: string;
  spec: RunSpec;
  arguments: string[];
  /** What admission needs: priority, limits, requests, labels, TTL, retry policy. */
  demand: RunDemand;
}

export function defaultPlatform(uri: string): Platform {
  return parseAppUri(uri).kind === "docker" ? "docker" : "local";
}

/**
 * Combines a release manifest with launch input into the spec a runner gets:
 * launch arguments follow the task's default arguments; launch properties
 * override the task's.
 */
export function resolveRun(
  manifest: ReleaseManifest,
  launchArgs: string[],
  launchProps: DeploymentProperties,
  extraEnv: Record<string, string> = {},
): ResolvedRun {
  const props = mergeProperties(manifest.properties, launchProps);
  const platform = props.platform ?? defaultPlatform(manifest.uri);
  if (platform === "local" && parseAppUri(manifest.uri).kind === "docker") {
    throw badInput(
      `App ${manifest.app} ${manifest.version} is a container image (${manifest.uri}); launch it with properties {"platform": "docker"} or "kubernetes".`,
    );
  }
  if (props.docker && platform !== "docker") {
    throw badInput(`properties.docker applies to the docker platform only; this run's platform is ${platform}.`, {
      field: "properties.docker",
    });
  }
  if (props.kubernetes && platform !== "kubernetes") {
    throw badInput(
      `properties.kubernetes applies to the kubernetes platform only; this run's platform is ${platform}.`,
      { field: "properties.kubernetes" },
    );
  }
  const args = [...manifest.arguments, ...launchArgs];
  const spec: RunSpec = {
    uri: manifest.uri,
    arguments: args,
    env: { ...props.env, ...extraEnv },
    graceMs: (props.graceSeconds ?? 5) * 1000,
  };
  if (props.timeoutSeconds !== undefined) spec.timeoutSeconds = props.timeoutSeconds;
  const cpu = cpuMillis(props);
  if (cpu !== undefined) spec.cpu = cpu / 1000;
  const memory = memoryBytes(props);
  if (memory !== undefined) spec.memory = memory;
  if (props.pullPolicy !== undefined) spec.pullPolicy = props.pullPolicy;
  if (props.docker !== undefined) spec.docker = props.docker;
  if (props.kubernetes !== undefined) spec.kubernetes = kubernetesSpec(props.kubernetes, spec);
  if (props.secrets !== undefined && Object.keys(props.secrets).length > 0) {
    spec.secrets = secretRefs(props.secrets, spec.env, platform);
  }
  return { platform, pool: props.pool ?? "default", spec, arguments: args, demand: runDemand(props) };
}

/**
 * The references a runner gets (never values): a name set by env (the task's,
 * the launch's or Baton's own BATON_ variables) cannot also be a secret, and
 * a kubernetes: reference needs the kubernetes platform.
 */
function secretRefs(
  secrets: Record<string, string>,
  env: Record<string, string>,
  platform: Platform,
): Record<string, string> {
  checkSecretNames(secrets, env);
  for (const [name, ref] of Object.entries(secrets)) {
    if (platform !== "kubernetes" && ref.startsWith("kubernetes:")) {
      throw badInput(
        `properties.secrets.${name}: ${ref} is a Kubernetes secret, which only the kubernetes platform can give a run; this run's platform is ${platform}. Use an env: or file: reference on the runner instead.`,
        { field: `properties.secrets.${name}` },
      );
    }
  }
  return { ...secrets };
}

/**
 * The Kubernetes options a runner gets: requests in cores and bytes, and
 * never above the limits (cpu, memory), which Kubernetes would refuse only
 * when the runner creates the Job.
 */
function kubernetesSpec(props: KubernetesProperties, spec: RunSpec): KubernetesOptions {
  const { requests, ...rest } = props;
  const out: KubernetesOptions = { ...rest };
  if (requests === undefined) return out;
  out.requests = {};
  if (requests.cpu !== undefined) {
    const cores = (parseCpu(requests.cpu) ?? 0) / 1000;
    if (spec.cpu !== undefined && cores > spec.cpu) {
      throw badInput(
        `properties.kubernetes.requests.cpu (${requests.cpu}) is more than the cpu limit (${spec.cpu} cores); a request is at most the limit.`,
        { field: "properties.kubernetes.requests.cpu" },
      );
    }
    out.requests.cpu = cores;
  }
  if (requests.memory !== undefined) {
    const bytes = parseMemory(requests.memory) ?? 0;
    if (spec.memory !== undefined && bytes > spec.memory) {
      throw badInput(
        `properties.kubernetes.requests.memory (${requests.memory}) is more than the memory limit (${spec.memory} bytes); a request is at most the limit.`,
        { field: "properties.kubernetes.requests.memory" },
      );
    }
    out.requests.memory = bytes;
  }
  return out;
}
