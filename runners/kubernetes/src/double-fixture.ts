import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgramImage, type PodmanService, startPodman } from "@baton/runner-docker/testing";
import Docker from "dockerode";
import { afterAll, beforeAll } from "vitest";
import { type ApiServerDouble, type ApiServerDoubleOptions, startApiServerDouble } from "./testing/index.js";

/** What a test file of this package gets from useApiServerDouble, ready inside its tests. */
export interface DoubleFixture {
  readonly podman: PodmanService;
  readonly docker: Docker;
  readonly double: ApiServerDouble;
  /** A kubeconfig file for the double (what KUBECONFIG names). */
  readonly kubeconfigPath: string;
}

/**
 * Test support for this package's test files: a private Podman service for
 * the file, an image per entry of `programs` (tag -> a Node program run with
 * the container's args), and the Kubernetes API server double on it, started
 * before the tests and stopped after them.
 */
export function useApiServerDouble(
  name: string,
  programs: Readonly<Record<string, string>>,
  options: Omit<ApiServerDoubleOptions, "dockerHost"> = {},
): DoubleFixture {
  const state: { podman?: PodmanService; docker?: Docker; double?: ApiServerDouble; dir?: string; path?: string } = {};
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), `baton-k8s-${name}-`));
    state.podman = await startPodman({ dir: state.dir });
    state.docker = new Docker({ socketPath: state.podman.dockerHost.replace("unix://", "") });
    for (const [tag, program] of Object.entries(programs))
      await buildProgramImage(state.podman.dockerHost, tag, program);
    state.double = await startApiServerDouble({ dockerHost: state.podman.dockerHost, ...options });
    state.path = join(state.dir, "kubeconfig");
    await state.double.writeKubeconfig(state.path);
  }, 180_000);
  afterAll(async () => {
    await state.double?.stop();
    await state.podman?.stop();
    if (state.dir) await rm(state.dir, { recursive: true, force: true });
  }, 60_000);
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
    return value;
  };
  return {
    get podman() {
      return ready(state.podman, "the Podman service");
    },
    get docker() {
      return ready(state.docker, "the engine client");
    },
    get double() {
      return ready(state.double, "the API server double");
    },
    get kubeconfigPath() {
      return ready(state.path, "the kubeconfig file");
    },
  };
}
