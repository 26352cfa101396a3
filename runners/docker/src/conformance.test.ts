import { randomBytes } from "node:crypto";
// Test support shared by every driver; imported by path to avoid a package cycle (host depends on this package).
import { CONFORMANCE_PROGRAM, defineRunnerConformance } from "../../host/src/conformance.js";
import { dockerDriver } from "./index.js";
import { usePodman } from "./podman-fixture.js";

// The suite every driver passes, against Podman's Docker API service started for this file.

const RUNNER = `test-docker-conformance-${process.pid}-${randomBytes(3).toString("hex")}`;
const IMAGE = "localhost/baton-runner-docker-test:conformance";

// The program's path in the image is fixed, so the spec's arguments arrive as its argv unchanged.
const fixture = usePodman("conformance", { [IMAGE]: CONFORMANCE_PROGRAM });

defineRunnerConformance("docker", {
  createDriver: async () =>
    dockerDriver.create(
      // Never: the suite's images are local, and a missing one must fail at once.
      dockerDriver.settings({ DOCKER_HOST: fixture.podman.dockerHost, RUNNER_DOCKER_PULL_POLICY: "Never" }),
      { runnerId: RUNNER, log: () => {} },
    ),
  program: async () => `docker:${IMAGE}`,
  missingProgram: async () => ({
    uri: "docker:localhost/baton-runner-docker-test:absent",
    message: /image localhost\/baton-runner-docker-test:absent is not on the engine/,
  }),
  isGone: async (handle) =>
    fixture.docker
      .getContainer(String(handle.containerId))
      .inspect()
      .then(
        () => false,
        (err: { statusCode?: number }) => err.statusCode === 404,
      ),
  // kill -9 of a Docker runner: its containers run on; the driver only stops watching them.
  killRunner: async (driver) => driver.close?.(),
  leftovers: async () => {
    const left = await fixture.docker.listContainers({ all: true, filters: { label: [`baton.runner=${RUNNER}`] } });
    // Removed here so a failure leaves nothing behind; reported so it still fails.
    for (const c of left) await fixture.docker.getContainer(c.Id).remove({ force: true });
    return left.map((c) => c.Names[0] ?? c.Id);
  },
  separateStreams: true,
  enforcesMemory: true,
  survivesRunnerRestart: true,
});
