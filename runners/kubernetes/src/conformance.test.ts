import { randomBytes } from "node:crypto";
import { BatchV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
// Test support shared by every driver; imported by path to avoid a package cycle (host depends on the drivers).
import { CONFORMANCE_PROGRAM, defineRunnerConformance } from "../../host/src/conformance.js";
import { statusOf } from "./api-errors.js";
import { useApiServerDouble } from "./double-fixture.js";
import { kubernetesDriver } from "./index.js";
import { runnerSelector } from "./job-spec.js";

// The suite every driver passes, against the Kubernetes API server double (its pods run on a private Podman service).

const RUNNER = `test-k8s-conformance-${process.pid}-${randomBytes(3).toString("hex")}`;
const IMAGE = "localhost/baton-runner-kubernetes-test:conformance";
const NAMESPACE = "baton-conformance";

const fixture = useApiServerDouble("conformance", { [IMAGE]: CONFORMANCE_PROGRAM }, { namespace: NAMESPACE });

function clients() {
  const kc = new KubeConfig();
  kc.loadFromFile(fixture.kubeconfigPath);
  return { batch: kc.makeApiClient(BatchV1Api), core: kc.makeApiClient(CoreV1Api) };
}

const gone = (err: unknown): boolean => {
  if (statusOf(err) === 404) return true;
  throw err;
};

defineRunnerConformance("kubernetes", {
  createDriver: async () =>
    kubernetesDriver.create(
      kubernetesDriver.settings({
        KUBECONFIG: fixture.kubeconfigPath,
        // Short, so the missing image fails the start quickly (ErrImagePull, then ImagePullBackOff).
        RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: "1000",
      }),
      { runnerId: RUNNER, log: () => {} },
    ),
  program: async () => `docker:${IMAGE}`,
  missingProgram: async () => ({
    uri: "docker:localhost/baton-runner-kubernetes-test:absent",
    message:
      /image localhost\/baton-runner-kubernetes-test:absent could not be pulled \((ErrImagePull|ImagePullBackOff): /,
  }),
  // Gone: the Job and its pod.
  isGone: async (handle) => {
    const { batch, core } = clients();
    const ns = String(handle.namespace);
    const job = await batch.readNamespacedJob({ name: String(handle.job), namespace: ns }).then(() => false, gone);
    const pod =
      handle.pod === ""
        ? true
        : await core.readNamespacedPod({ name: String(handle.pod), namespace: ns }).then(() => false, gone);
    return job && pod;
  },
  // kill -9 of a Kubernetes runner: its Jobs run on; the driver only stops watching them.
  killRunner: async (driver) => driver.close?.(),
  leftovers: async () => {
    const { batch } = clients();
    const left = await batch.listNamespacedJob({ namespace: NAMESPACE, labelSelector: runnerSelector(RUNNER) });
    const names = left.items.map((job) => job.metadata?.name ?? "?");
    // Removed here so a failure leaves nothing behind; reported so it still fails.
    for (const name of names) {
      await batch
        .deleteNamespacedJob({ name, namespace: NAMESPACE, propagationPolicy: "Background", gracePeriodSeconds: 0 })
        .catch(() => {});
    }
    return names;
  },
  separateStreams: false,
  enforcesMemory: true,
  survivesRunnerRestart: true,
});
