import { posix } from "node:path";
import type { DockerOptions, RunRef, RunSpec } from "@baton/proto";
import type { ContainerCreateOptions } from "dockerode";
import type { DockerSettings } from "./settings.js";

/** Labels the driver puts on every container, and finds them by after a runner restart. */
export const LABELS = {
  execution: "baton.execution",
  task: "baton.task",
  revision: "baton.revision",
  runner: "baton.runner",
} as const;

export const PRIVILEGED_REFUSED =
  "this runner does not allow privileged containers; set RUNNER_DOCKER_ALLOW_PRIVILEGED=true on the runner";

/** Docker's own rule for container and volume names. */
const ENGINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** One per execution, so a resent command cannot start the run twice. */
export function containerName(executionId: string): string {
  return `baton-${executionId.replace(/[^a-zA-Z0-9_.-]/g, "-")}`;
}

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
  /** A host folder (checked against the roots) rather than a named volume. */
  hostPath: boolean;
}

/**
 * "source:/target[:ro|rw]" with a named volume or an absolute host path under
 * one of the roots. Lexical check only; the driver also checks where the path
 * really leads (symbolic links) when it can see it.
 */
export function parseVolume(volume: string, roots: readonly string[]): BindMount {
  const parts = volume.split(":");
  const [source = "", target = "", mode = "rw"] = parts;
  if (parts.length < 2 || parts.length > 3 || (mode !== "ro" && mode !== "rw")) {
    throw new Error(`invalid volume "${volume}": expected source:/target or source:/target:ro`);
  }
  if (!target.startsWith("/") || target.split("/").includes("..")) {
    throw new Error(`invalid volume "${volume}": the target must be an absolute path inside the container`);
  }
  const readOnly = mode === "ro";
  if (!source.startsWith("/")) {
    if (!ENGINE_NAME.test(source)) throw new Error(`invalid volume "${volume}": "${source}" is not a volume name`);
    return { source, target, readOnly, hostPath: false };
  }
  if (source.split("/").includes("..") || stripSlash(posix.normalize(source)) !== stripSlash(source)) {
    throw new Error(`invalid volume "${volume}": the host path must be absolute and normal (no "..", "//" or ".")`);
  }
  if (!isUnder(source, roots)) {
    const allowed = roots.length === 0 ? "none (RUNNER_DOCKER_VOLUME_ROOTS is empty)" : roots.join(", ");
    throw new Error(
      `volume "${volume}" refused: host path ${source} is not under the runner's volume roots: ${allowed}; ` +
        "use a named volume or set RUNNER_DOCKER_VOLUME_ROOTS on the runner",
    );
  }
  return { source, target, readOnly, hostPath: true };
}

/** "/a/b/" -> "/a/b"; "/" stays. */
function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** `path` is one of the roots or inside one (roots are normal, without a trailing slash). */
export function isUnder(path: string, roots: readonly string[]): boolean {
  const normal = stripSlash(posix.normalize(path));
  return roots.some((root) => normal === root || normal.startsWith(root === "/" ? "/" : `${root}/`));
}

/** Network "none" unless asked; "host" only where the runner allows host access. */
function networkMode(docker: DockerOptions | undefined, allowPrivileged: boolean): string {
  const network = docker?.network ?? "none";
  if (network === "host" && !allowPrivileged) throw new Error(`network "host": ${PRIVILEGED_REFUSED}`);
  // "container:<id>" would join another container's namespace: not a name a run may give.
  if (!ENGINE_NAME.test(network)) throw new Error(`invalid network "${network}": not a network name`);
  return network;
}

function checkPrivileges(docker: DockerOptions | undefined, allowPrivileged: boolean): void {
  if (allowPrivileged) return;
  const asked = (["privileged", "hostPid", "hostIpc"] as const).filter((key) => docker?.[key] === true);
  if (asked.length > 0) throw new Error(`${asked.join(", ")}: ${PRIVILEGED_REFUSED}`);
}

function envList(env: Readonly<Record<string, string>>, executionId: string): string[] {
  const all: Record<string, string> = { ...env, BATON_EXECUTION_ID: executionId };
  return Object.entries(all).map(([name, value]) => {
    if (name === "" || name.includes("=")) throw new Error(`invalid environment variable name "${name}"`);
    return `${name}=${value}`;
  });
}

/**
 * The container for one run: its arguments as Cmd exactly (the image's
 * Entrypoint stays, nothing goes through a shell), its env, the labels, the
 * limits, and no network, volumes or privileges beyond what the run asks and
 * the runner allows. Throws a readable Error for anything refused.
 */
export function containerOptions(
  run: RunRef,
  spec: RunSpec,
  image: string,
  settings: Pick<DockerSettings, "allowPrivileged" | "volumeRoots">,
  runnerId: string,
): ContainerCreateOptions {
  const docker = spec.docker;
  checkPrivileges(docker, settings.allowPrivileged);
  const network = networkMode(docker, settings.allowPrivileged);
  const binds = (docker?.volumes ?? []).map((volume) => {
    const mount = parseVolume(volume, settings.volumeRoots);
    return `${mount.source}:${mount.target}${mount.readOnly ? ":ro" : ""}`;
  });
  return {
    name: containerName(run.executionId),
    Image: image,
    Cmd: [...spec.arguments],
    Env: envList(spec.env, run.executionId),
    Labels: {
      [LABELS.execution]: run.executionId,
      [LABELS.task]: run.task,
      [LABELS.revision]: String(run.revision),
      [LABELS.runner]: runnerId,
    },
    AttachStdin: false,
    OpenStdin: false,
    Tty: false,
    HostConfig: {
      // The driver removes the container itself, once it has the logs and the exit code.
      AutoRemove: false,
      NetworkMode: network,
      Binds: binds,
      ...(spec.memory === undefined ? {} : { Memory: spec.memory, MemorySwap: spec.memory }),
      ...(spec.cpu === undefined ? {} : { NanoCpus: Math.round(spec.cpu * 1e9) }),
      ...(docker?.privileged ? { Privileged: true } : {}),
      ...(docker?.hostPid ? { PidMode: "host" } : {}),
      ...(docker?.hostIpc ? { IpcMode: "host" } : {}),
    },
  };
}
