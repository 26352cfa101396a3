import Docker from "dockerode";
import type { DockerSettings } from "./settings.js";

/** The engine's HTTP status on a failed call (dockerode puts it on the Error). */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The engine's own words when it gave any ({"message": ...} in the body), else the Error's. */
export function reasonOf(err: unknown): string {
  const json = (err as { json?: { message?: unknown } } | null)?.json;
  if (typeof json?.message === "string" && json.message !== "") return json.message;
  return err instanceof Error ? err.message : String(err);
}

/** An engine that takes longer than this to answer a ping is as good as absent. */
const PING_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A client for the engine at DOCKER_HOST, once it has answered a ping. The
 * error says which address failed and how to get an engine there, because
 * this is the first thing an operator sees on a misconfigured runner.
 */
export async function connectEngine(settings: Pick<DockerSettings, "dockerHost" | "engine">): Promise<Docker> {
  const docker = new Docker(settings.engine);
  try {
    await withTimeout(docker.ping(), PING_TIMEOUT_MS);
  } catch (err) {
    const socket = "socketPath" in settings.engine ? settings.engine.socketPath : "/run/podman.sock";
    throw new Error(
      `no container engine answers at DOCKER_HOST=${settings.dockerHost}: ${reasonOf(err)}. ` +
        `Start one (Docker: "dockerd"; Podman: "podman system service --time=0 unix://${socket}") ` +
        "or point DOCKER_HOST at one (unix:///path/to.sock or tcp://host:port)",
    );
  }
  return docker;
}
