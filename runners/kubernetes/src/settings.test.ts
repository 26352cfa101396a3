import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKubernetesSettings } from "./settings.js";

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: one
    cluster: { server: "https://one.example.com:6443" }
  - name: two
    cluster: { server: "https://two.example.com:6443" }
users:
  - name: u
    user: { token: t }
contexts:
  - name: first
    context: { cluster: one, user: u, namespace: team-a }
  - name: second
    context: { cluster: two, user: u }
current-context: first
`;

describe("parseKubernetesSettings", () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-k8s-settings-"));
    file = join(dir, "config");
    await writeFile(file, KUBECONFIG);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads KUBECONFIG and takes the defaults: the context's namespace, IfNotPresent, 60 s, 600 s, no service accounts", () => {
    const settings = parseKubernetesSettings({ KUBECONFIG: file });
    expect(settings.kubeConfig.getCurrentCluster()?.server).toBe("https://one.example.com:6443");
    expect(settings).toMatchObject({
      source: file,
      namespace: "team-a",
      pullPolicy: "IfNotPresent",
      startFailureWaitMs: 60_000,
      ttlSeconds: 600,
      serviceAccounts: [],
    });
  });

  it("takes every variable", () => {
    const settings = parseKubernetesSettings({
      KUBECONFIG: file,
      RUNNER_KUBERNETES_CONTEXT: "second",
      RUNNER_KUBERNETES_NAMESPACE: "pool-gpu",
      RUNNER_KUBERNETES_PULL_POLICY: "Never",
      RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: "1500",
      RUNNER_KUBERNETES_TTL_SECONDS: "0",
      RUNNER_KUBERNETES_SERVICE_ACCOUNTS: "reader, writer ,",
    });
    expect(settings.kubeConfig.getCurrentCluster()?.server).toBe("https://two.example.com:6443");
    expect(settings).toMatchObject({
      namespace: "pool-gpu",
      pullPolicy: "Never",
      startFailureWaitMs: 1500,
      ttlSeconds: 0,
      serviceAccounts: ["reader", "writer"],
    });
  });

  it('falls back to "default" when the context names no namespace', () => {
    expect(parseKubernetesSettings({ KUBECONFIG: file, RUNNER_KUBERNETES_CONTEXT: "second" }).namespace).toBe(
      "default",
    );
  });

  it("reads ~/.kube/config when KUBECONFIG is unset and the runner is not in a cluster", async () => {
    const home = join(dir, "home");
    await mkdir(join(home, ".kube"), { recursive: true });
    await writeFile(join(home, ".kube", "config"), KUBECONFIG);
    expect(parseKubernetesSettings({ HOME: home }).source).toBe(join(home, ".kube", "config"));
    expect(() => parseKubernetesSettings({ HOME: join(dir, "nobody") })).toThrow(
      /KUBECONFIG: not set, not in a cluster .* set KUBECONFIG to a kubeconfig file/,
    );
  });

  it("names every bad variable in one Error, one per line", () => {
    let message = "";
    try {
      parseKubernetesSettings({
        KUBECONFIG: file,
        RUNNER_KUBERNETES_CONTEXT: "third",
        RUNNER_KUBERNETES_NAMESPACE: "Not_A_Namespace",
        RUNNER_KUBERNETES_PULL_POLICY: "Sometimes",
        RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: "soon",
        RUNNER_KUBERNETES_TTL_SECONDS: "-1",
        RUNNER_KUBERNETES_SERVICE_ACCOUNTS: "ok,Bad Name",
      });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split("\n");
    expect(lines.map((line) => line.split(":")[0]).sort()).toEqual([
      "RUNNER_KUBERNETES_CONTEXT",
      "RUNNER_KUBERNETES_NAMESPACE",
      "RUNNER_KUBERNETES_PULL_POLICY",
      "RUNNER_KUBERNETES_SERVICE_ACCOUNTS",
      "RUNNER_KUBERNETES_START_FAILURE_WAIT_MS",
      "RUNNER_KUBERNETES_TTL_SECONDS",
    ]);
    expect(message).toContain('context "third" is not in');
    expect(message).toContain('"Bad Name" is not a valid service account name');
  });

  it("says which kubeconfig file cannot be loaded", () => {
    expect(() => parseKubernetesSettings({ KUBECONFIG: join(dir, "missing") })).toThrow(
      /^KUBECONFIG: cannot load ".*missing"/,
    );
  });
});
