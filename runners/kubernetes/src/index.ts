import type { Driver, DriverContext, DriverModule } from "@baton/proto";
import { createKubernetesDriver } from "./driver.js";
import { type KubernetesSettings, parseKubernetesSettings } from "./settings.js";

/**
 * The Kubernetes runner driver (RUNNER_PLATFORM=kubernetes): settings from
 * the runner's environment (a kubeconfig or the in-cluster service account),
 * and a driver that runs each execution as a Job in the runner's namespace.
 */
export const kubernetesDriver: DriverModule<KubernetesSettings> = {
  kind: "kubernetes",
  settings: parseKubernetesSettings,
  create(settings: KubernetesSettings, context: DriverContext): Driver {
    return createKubernetesDriver(settings, context);
  },
};

export { apiErrorText } from "./api-errors.js";
export { createKubernetesDriver } from "./driver.js";
export {
  activeDeadlineSeconds,
  CONTAINER_NAME,
  cpuQuantity,
  DEADLINE_MARGIN_SECONDS,
  executionSelector,
  type JobDefaults,
  jobManifest,
  jobName,
  LABELS,
  memoryQuantity,
  runnerSelector,
} from "./job-spec.js";
export { LogCursor, TimestampedLines, timestampNanos } from "./log-cursor.js";
export { labelValue } from "./names.js";
export { exitInfo, type PodProgress, podProgress, START_FAILURES, startFailureMessage } from "./pod-state.js";
export { type KubernetesSettings, parseKubernetesSettings } from "./settings.js";
