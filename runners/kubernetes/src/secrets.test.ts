import { randomBytes } from "node:crypto";
import { type Driver, decode, type RunCommand, type RunEvent, type RunSpec, runEvent } from "@baton/proto";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it, onTestFinished } from "vitest";
// Test support shared by every driver, and the host's Execution; imported by path (host depends on the drivers).
import { CONFORMANCE_PROGRAM } from "../../host/src/conformance.js";
import { Execution } from "../../host/src/run.js";
import { useApiServerDouble } from "./double-fixture.js";
import { kubernetesDriver } from "./index.js";

// kubernetes: secret references against the API server double: the pod gets the value through
// secretKeyRef, the host masks it in the log (the driver reads the Secret for that), and a
// missing Secret or key fails the run with the reason.

const IMAGE = "localhost/baton-runner-kubernetes-test:secrets";
const NAMESPACE = "baton-secrets";
const RUNNER = `test-k8s-secrets-${process.pid}-${randomBytes(3).toString("hex")}`;
const VALUE = `greeting-${randomBytes(6).toString("hex")}`;

const fixture = useApiServerDouble("secrets", { [IMAGE]: CONFORMANCE_PROGRAM }, { namespace: NAMESPACE });

function core(): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(fixture.kubeconfigPath);
  return kc.makeApiClient(CoreV1Api);
}

async function useDriver(): Promise<Driver> {
  const driver = await kubernetesDriver.create(
    kubernetesDriver.settings({ KUBECONFIG: fixture.kubeconfigPath, RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: "1000" }),
    { runnerId: RUNNER, log: () => {} },
  );
  onTestFinished(() => driver.close?.());
  return driver;
}

/** The conformance program's "echo" mode prints GREETING: here it comes from a Secret. */
const spec = (greeting: string): RunSpec => ({
  uri: `docker:${IMAGE}`,
  arguments: [],
  env: { CONFORMANCE_MODE: "echo" },
  graceMs: 1000,
  secrets: { GREETING: greeting },
});

let n = 0;
/** One run through the host's Execution (secret resolution and masking) with an in-memory event stream. */
async function throughHost(driver: Driver, runSpec: RunSpec): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const command: RunCommand = {
    v: 1,
    executionId: `k8s-secret-${process.pid}-${++n}`,
    task: "secrets",
    revision: 1,
    platform: "kubernetes",
    pool: "default",
    spec: runSpec,
  };
  const execution = new Execution(command, {
    driver,
    runnerId: RUNNER,
    subject: `secrets.${command.executionId}`,
    publish: async (_subject, data) => {
      events.push(decode(runEvent, data));
    },
    log: () => {},
    secretEnv: {},
  });
  await execution.done;
  return events;
}

describe("kubernetes: secrets (against the API server double)", () => {
  it("gives the pod the Secret's value through secretKeyRef, and the host masks it in the log", async () => {
    await core().createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name: "api-creds" }, stringData: { greeting: VALUE } },
    });
    const driver = await useDriver();

    // The driver alone (no host, no masking): the value reached the container.
    const chunks: Buffer[] = [];
    const started = await driver.start(
      { executionId: `k8s-secret-raw-${process.pid}`, task: "secrets", revision: 1 },
      spec("kubernetes:api-creds/greeting"),
      { stdout: (chunk) => chunks.push(Buffer.from(chunk)), stderr: () => {} },
    );
    expect(await started.exited).toMatchObject({ exitCode: 0 });
    expect(JSON.parse(Buffer.concat(chunks).toString("utf8").trim())).toMatchObject({ greeting: VALUE });
    expect(await driver.readSecret?.("api-creds", "greeting")).toEqual({ value: VALUE });

    // Through the host: the same line, masked before it is published.
    const events = await throughHost(driver, spec("kubernetes:api-creds/greeting"));
    expect(events.at(-1)).toMatchObject({ type: "exited", reason: "exit", exitCode: 0 });
    expect(JSON.stringify(events)).not.toContain(VALUE);
    const lines = events.flatMap((e) => (e.type === "log" ? e.lines.map((l) => l.text) : []));
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ greeting: "***" })]);
  }, 90_000);

  it("fails a run whose Secret or key is missing before its pod is made, naming the reference", async () => {
    const driver = await useDriver();
    for (const [ref, why] of [
      ["kubernetes:nope/greeting", `there is no Secret nope in namespace ${NAMESPACE}`],
      ["kubernetes:api-creds/nokey", `Secret api-creds in namespace ${NAMESPACE} has no key nokey`],
    ] as const) {
      const events = await throughHost(driver, spec(ref));
      expect(events.map((e) => e.type)).toEqual(["exited"]);
      expect(events[0]).toMatchObject({ reason: "error", message: `secret GREETING (${ref}): ${why}` });
    }
  }, 60_000);

  it("the double leaves a pod whose Secret is missing waiting with CreateContainerConfigError, as the kubelet does", async () => {
    const driver = await useDriver();
    const failed = await driver
      .start(
        { executionId: `k8s-secret-missing-${process.pid}`, task: "secrets", revision: 1 },
        spec("kubernetes:gone/key"),
        {
          stdout: () => {},
          stderr: () => {},
        },
      )
      .then(
        () => new Error("started"),
        (err: Error) => err,
      );
    expect(failed.message).toMatch(
      /^the run's container could not be configured \(CreateContainerConfigError: secret "gone" not found\); gave up after \d+ ms and deleted the Job$/,
    );
  }, 60_000);
});
