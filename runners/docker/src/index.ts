import type { Driver, DriverContext, DriverModule } from "@baton/proto";
import { createDockerDriver } from "./driver.js";
import { connectEngine } from "./engine.js";
import { type DockerSettings, parseDockerSettings } from "./settings.js";

/**
 * The Docker runner driver (RUNNER_PLATFORM=docker): settings from the
 * runner's environment, and a driver once the engine at DOCKER_HOST answers.
 */
export const dockerDriver: DriverModule<DockerSettings> = {
  kind: "docker",
  settings: parseDockerSettings,
  async create(settings: DockerSettings, context: DriverContext): Promise<Driver> {
    return createDockerDriver(await connectEngine(settings), settings, context);
  },
};

export { imageFromUri } from "@baton/proto";
export { containerName, containerOptions, LABELS, PRIVILEGED_REFUSED, parseVolume } from "./container-spec.js";
export { createDockerDriver } from "./driver.js";
export { connectEngine } from "./engine.js";
export type { DockerSettings, EngineAddress } from "./settings.js";
export { DEFAULT_DOCKER_HOST, parseDockerSettings } from "./settings.js";
