import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll } from "vitest";
import { buildProgramImage, type PodmanService, startPodman } from "./testing/index.js";

/** What a test file of this package gets from usePodman, ready inside its tests. */
export interface PodmanFixture {
  readonly podman: PodmanService;
  readonly docker: Docker;
  /** The test file's own folder (the service's socket lives there). */
  readonly dir: string;
}

/**
 * Test support for this package's test files: a private Podman service for
 * the file, and an image per entry of `programs` (tag -> a Node program run
 * with the container's command as its arguments), built before the tests and
 * stopped after them.
 */
export function usePodman(name: string, programs: Readonly<Record<string, string>>): PodmanFixture {
  const state: { podman?: PodmanService; docker?: Docker; dir?: string } = {};
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), `baton-docker-${name}-`));
    state.podman = await startPodman({ dir: state.dir });
    state.docker = new Docker({ socketPath: state.podman.dockerHost.replace("unix://", "") });
    for (const [tag, program] of Object.entries(programs))
      await buildProgramImage(state.podman.dockerHost, tag, program);
  }, 180_000);
  afterAll(async () => {
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
    get dir() {
      return ready(state.dir, "the test folder");
    },
  };
}
