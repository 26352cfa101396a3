import { join } from "node:path";
import { usePodman } from "@baton/runner-docker/podman-fixture";
import type { PodmanService } from "@baton/runner-docker/testing";
import type Docker from "dockerode";
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
 * Test support for this package's test files: the Docker package's private
 * Podman service with an image per entry of `programs` (tag -> a Node
 * program run with the container's args), and the Kubernetes API server
 * double on it, started before the tests and stopped after them (before
 * the Podman service: after-hooks run in reverse).
 */
export function useApiServerDouble(
  name: string,
  programs: Readonly<Record<string, string>>,
  options: Omit<ApiServerDoubleOptions, "dockerHost"> = {},
): DoubleFixture {
  const engine = usePodman(`k8s-${name}`, programs);
  const state: { double?: ApiServerDouble; path?: string } = {};
  beforeAll(async () => {
    state.double = await startApiServerDouble({ dockerHost: engine.podman.dockerHost, ...options });
    state.path = join(engine.dir, "kubeconfig");
    await state.double.writeKubeconfig(state.path);
  }, 60_000);
  afterAll(async () => {
    await state.double?.stop();
  }, 60_000);
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
    return value;
  };
  return {
    get podman() {
      return engine.podman;
    },
    get docker() {
      return engine.docker;
    },
    get double() {
      return ready(state.double, "the API server double");
    },
    get kubeconfigPath() {
      return ready(state.path, "the kubeconfig file");
    },
  };
}
