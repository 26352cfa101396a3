import type { RunRef, RunSpec } from "@baton/proto";
import { Job } from "kubernetes-models/batch/v1";
import { describe, expect, it } from "vitest";
import {
  activeDeadlineSeconds,
  cpuQuantity,
  DEADLINE_MARGIN_SECONDS,
  type JobDefaults,
  jobManifest,
  jobName,
  LABELS,
  memoryQuantity,
} from "./job-spec.js";

const DEFAULTS: JobDefaults = {
  runnerId: "runner-1",
  namespace: "baton",
  pullPolicy: "IfNotPresent",
  ttlSeconds: 600,
  serviceAccounts: ["batch-reader"],
};

const REF: RunRef = { executionId: "0191d2c4-6e1a-7b3c-9d2e-5f6a7b8c9d0e", task: "ingest", revision: 3 };

const spec = (extra: Partial<RunSpec> = {}): RunSpec => ({
  uri: "docker:registry.example.com/team/ingest:1.2.3",
  arguments: [],
  env: {},
  graceMs: 5000,
  ...extra,
});

/** Validates against the Kubernetes OpenAPI schema (kubernetes-models): throws on any violation. */
function validate(manifest: unknown): void {
  new Job(manifest as ConstructorParameters<typeof Job>[0]).validate();
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe("jobManifest", () => {
  const table: Array<{ name: string; run: RunRef; spec: RunSpec; defaults?: Partial<JobDefaults> }> = [
    { name: "minimal", run: REF, spec: spec() },
    {
      name: "everything set",
      run: REF,
      spec: spec({
        arguments: ["--from", "2024-01-01", "two words", "$(id)", ""],
        env: { GREETING: "hello $USER; x", EMPTY: "" },
        timeoutSeconds: 90.5,
        cpu: 1.5,
        memory: 96 * 1024 * 1024,
        graceMs: 2500,
        pullPolicy: "Always",
        kubernetes: {
          serviceAccountName: "batch-reader",
          imagePullSecrets: ["regcred", "other.cred"],
          nodeSelector: { "kubernetes.io/arch": "amd64", pool: "batch" },
          tolerations: [
            { key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" },
            { operator: "Exists" },
            { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
          ],
          labels: { team: "data", "example.com/cost-centre": "42" },
          annotations: { "example.com/owner": "Data team <data@example.com>" },
          requests: { cpu: 0.25, memory: 64 * 1024 * 1024 + 1 },
        },
      }),
    },
    {
      name: "odd names and ids",
      run: {
        executionId: `Exec_ID with spaces/and:slashes.${"x".repeat(120)}`,
        task: "My Task: ünïcödé & more / a very long task name that goes well past sixty-three characters",
        revision: 12345678,
      },
      spec: spec({ uri: `docker:localhost:5000/a/b@sha256:${"a".repeat(64)}` }),
      defaults: { runnerId: "Runner.Host_Name:9000/with/slashes-and-a-very-long-suffix-beyond-the-limit-of-labels" },
    },
    { name: "digits-only id", run: { executionId: "42", task: "t", revision: 0 }, spec: spec({ cpu: 0.0001 }) },
    { name: "id of symbols only", run: { executionId: "!!!", task: "-", revision: 1 }, spec: spec({ memory: 1000 }) },
  ];

  for (const row of table) {
    it(`makes a valid Job: ${row.name}`, () => {
      const manifest = jobManifest(row.run, row.spec, { ...DEFAULTS, ...row.defaults });
      validate(manifest);
      const name = manifest.metadata?.name ?? "";
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(57); // leaves room for the pod's "-xxxxx" within 63
      const labels = manifest.metadata?.labels ?? {};
      for (const value of Object.values(labels)) {
        expect(value.length).toBeLessThanOrEqual(63);
        expect(value).toMatch(LABEL_VALUE);
      }
      // Exact values in the annotations, whatever the labels had to become.
      expect(manifest.metadata?.annotations).toMatchObject({
        [LABELS.execution]: row.run.executionId,
        [LABELS.task]: row.run.task,
        [LABELS.revision]: String(row.run.revision),
      });
      const pod = manifest.spec?.template.spec;
      expect(manifest.spec?.template.metadata?.labels).toEqual(labels);
      expect(manifest.spec?.backoffLimit).toBe(0);
      expect(pod?.restartPolicy).toBe("Never");
      const container = pod?.containers[0];
      expect(container?.name).toBe("run");
      expect(container?.command).toBeUndefined(); // the image's entrypoint stays
      expect(container?.args).toEqual(row.spec.arguments);
      expect(container?.env).toContainEqual({ name: "BATON_EXECUTION_ID", value: row.run.executionId });
      expect(container?.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        seccompProfile: { type: "RuntimeDefault" },
      });
    });
  }

  it("sets everything a run asks, in Kubernetes units", () => {
    const manifest = jobManifest(REF, table[1]?.spec as RunSpec, DEFAULTS);
    const pod = manifest.spec?.template.spec;
    const container = pod?.containers[0];
    expect(container?.image).toBe("registry.example.com/team/ingest:1.2.3");
    expect(container?.imagePullPolicy).toBe("Always");
    expect(container?.resources).toEqual({
      limits: { cpu: "1500m", memory: "96Mi" },
      requests: { cpu: "250m", memory: String(64 * 1024 * 1024 + 1) },
    });
    expect(container?.env).toEqual([
      { name: "GREETING", value: "hello $USER; x" },
      { name: "EMPTY", value: "" },
      { name: "BATON_EXECUTION_ID", value: REF.executionId },
    ]);
    expect(pod?.serviceAccountName).toBe("batch-reader");
    expect(pod?.automountServiceAccountToken).toBeUndefined();
    expect(pod?.imagePullSecrets).toEqual([{ name: "regcred" }, { name: "other.cred" }]);
    expect(pod?.nodeSelector).toEqual({ "kubernetes.io/arch": "amd64", pool: "batch" });
    expect(pod?.tolerations).toHaveLength(3);
    expect(pod?.terminationGracePeriodSeconds).toBe(3);
    expect(manifest.spec?.activeDeadlineSeconds).toBe(91 + 3 + DEADLINE_MARGIN_SECONDS);
    expect(manifest.spec?.ttlSecondsAfterFinished).toBe(600);
    expect(manifest.metadata?.labels).toMatchObject({ team: "data", [LABELS.task]: "ingest", [LABELS.revision]: "3" });
    expect(manifest.metadata?.annotations).toMatchObject({ "example.com/owner": "Data team <data@example.com>" });
  });

  it("gives kubernetes: secrets to the container through secretKeyRef, never as values", () => {
    const manifest = jobManifest(
      REF,
      spec({
        env: { REGION: "eu" },
        secrets: { TOKEN: "kubernetes:settle-api/token", DB_PASSWORD: "kubernetes:db.creds/pass_word-1" },
      }),
      DEFAULTS,
    );
    validate(manifest);
    expect(manifest.spec?.template.spec?.containers[0]?.env).toEqual([
      { name: "REGION", value: "eu" },
      { name: "BATON_EXECUTION_ID", value: REF.executionId },
      { name: "TOKEN", valueFrom: { secretKeyRef: { name: "settle-api", key: "token", optional: false } } },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db.creds", key: "pass_word-1", optional: false } } },
    ]);
  });

  it("is safe by default: no API token, the runner's pull policy, requests equal to the limits, no deadline", () => {
    const manifest = jobManifest(REF, spec({ cpu: 2, memory: 1024 * 1024 * 1024 }), DEFAULTS);
    const pod = manifest.spec?.template.spec;
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.serviceAccountName).toBeUndefined();
    expect(pod?.enableServiceLinks).toBe(false);
    expect(pod?.containers[0]?.imagePullPolicy).toBe("IfNotPresent");
    expect(pod?.containers[0]?.resources).toEqual({
      limits: { cpu: "2", memory: "1024Mi" },
      requests: { cpu: "2", memory: "1024Mi" },
    });
    expect(manifest.spec?.activeDeadlineSeconds).toBeUndefined();
  });

  it("names one Job per execution: the same id gives the same name, ids that clean alike do not collide", () => {
    expect(jobName("abc")).toBe(jobName("abc"));
    expect(jobName("ABC")).not.toBe(jobName("abc"));
    expect(jobName("a_b")).not.toBe(jobName("a-b"));
  });

  it("puts the deadline after timeout + grace, so the host's graceful timeout always comes first", () => {
    const deadline = activeDeadlineSeconds({ timeoutSeconds: 1, graceMs: 500 }) ?? 0;
    expect(deadline).toBeGreaterThan(1 + 0.5);
    expect(activeDeadlineSeconds({ graceMs: 500 })).toBeUndefined();
  });

  it("writes Kubernetes quantities", () => {
    expect(cpuQuantity(0.5)).toBe("500m");
    expect(cpuQuantity(1)).toBe("1");
    expect(cpuQuantity(0.0001)).toBe("1m");
    expect(memoryQuantity(96 * 1024 * 1024)).toBe("96Mi");
    expect(memoryQuantity(1000)).toBe("1000");
  });

  const refused: Array<[string, Partial<RunSpec>, RegExp]> = [
    ["a bad label key", { kubernetes: { labels: { "bad key!": "x" } } }, /label key "bad key!" is invalid/],
    ["a bad label value", { kubernetes: { labels: { team: "two words" } } }, /label "team" has an invalid value/],
    ["a Baton label", { kubernetes: { labels: { [LABELS.execution]: "x" } } }, /reserved for Baton/],
    ["a Baton annotation", { kubernetes: { annotations: { "baton.dev/x": "y" } } }, /reserved for Baton/],
    [
      "a toleration value with Exists",
      { kubernetes: { tolerations: [{ key: "k", operator: "Exists", value: "v" }] } },
      /toleration 1: with operator "Exists" the value must be empty/,
    ],
    [
      "a keyless Equal toleration",
      { kubernetes: { tolerations: [{ value: "v" }] } },
      /toleration 1: a toleration without a key must use operator "Exists"/,
    ],
    [
      "tolerationSeconds without NoExecute",
      { kubernetes: { tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 5 }] } },
      /tolerationSeconds is only allowed with effect "NoExecute"/,
    ],
    [
      "a service account not allowed",
      { kubernetes: { serviceAccountName: "admin" } },
      /service account "admin" is not allowed on this runner .*RUNNER_KUBERNETES_SERVICE_ACCOUNTS/,
    ],
    ["a bad pull secret", { kubernetes: { imagePullSecrets: ["Bad_Secret"] } }, /image pull secret "Bad_Secret"/],
    ["a bad node selector", { kubernetes: { nodeSelector: { "a/b/c": "x" } } }, /node selector key "a\/b\/c"/],
    [
      "requests above limits",
      { cpu: 0.5, kubernetes: { requests: { cpu: 1 } } },
      /the CPU request \(1 cores\) is above the CPU limit/,
    ],
    ["a bad env name", { env: { "A=B": "x" } }, /environment variable name "A=B" is invalid/],
    [
      "a secret not for Kubernetes",
      { secrets: { DB: "env:BATON_SECRET_DB" } },
      /secret DB \(env:BATON_SECRET_DB\): not a kubernetes:<secret>\/<key> reference/,
    ],
    ["a bad Secret name", { secrets: { T: "kubernetes:Bad_Name/k" } }, /"Bad_Name" is not a valid Secret name/],
    ["a bad Secret key", { secrets: { T: "kubernetes:api/a b" } }, /"a b" is not a valid Secret key/],
    [
      "a secret named like a variable",
      { env: { T: "x" }, secrets: { T: "kubernetes:api/token" } },
      /secret T \(kubernetes:api\/token\): T is also a plain variable/,
    ],
    [
      "a secret named BATON_EXECUTION_ID",
      { secrets: { BATON_EXECUTION_ID: "kubernetes:api/token" } },
      /BATON_EXECUTION_ID is also a plain variable/,
    ],
    ["an image without a tag", { uri: "docker:alpine" }, /invalid image in "docker:alpine"/],
    ["a non-Docker URI", { uri: "file:///bin/true" }, /not a Docker URI/],
  ];
  for (const [what, extra, message] of refused) {
    it(`refuses ${what} with a sentence, before anything is created`, () => {
      expect(() => jobManifest(REF, spec(extra), DEFAULTS)).toThrow(message);
    });
  }

  it("the schema check itself catches a broken manifest (so the valid ones above prove something)", () => {
    const manifest = jobManifest(REF, spec(), DEFAULTS);
    const broken = structuredClone(manifest) as unknown as { spec: { backoffLimit: unknown } };
    broken.spec.backoffLimit = "zero";
    expect(() => validate(broken)).toThrow();
  });
});
