import { describe, expect, it } from "vitest";
import { BatonError } from "./errors.js";
import { checkProperties, cpuMillis, type DeploymentProperties, memoryBytes, mergeProperties } from "./properties.js";

/** The BatonError checkProperties / mergeProperties throw for `run`. */
function refusal(run: () => unknown): BatonError {
  try {
    run();
  } catch (error) {
    if (error instanceof BatonError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Message and field of the refusal of properties `value`. */
function refused(value: unknown): { message: string; field: unknown } {
  const error = refusal(() => checkProperties(value));
  expect(error.code).toBe("BAD_USER_INPUT");
  return { message: error.message, field: error.details?.field };
}

describe("cpu", () => {
  it("accepts cores as numbers or text and millicores, read back by cpuMillis", () => {
    expect(checkProperties({ cpu: 2 })).toEqual({ cpu: 2 });
    expect(checkProperties({ cpu: "500m" })).toEqual({ cpu: "500m" });
    expect(cpuMillis(checkProperties({ cpu: "500m" }))).toBe(500);
    expect(cpuMillis({ cpu: 0.5 })).toBe(500);
    expect(cpuMillis({ cpu: "2" })).toBe(2000);
    expect(cpuMillis({})).toBeUndefined();
  });

  it("refuses zero, negative, absurd and malformed values naming the field and range", () => {
    for (const bad of [0, -1, 2000, "0m", "-1", "lots", "500M", true, null, [1]]) {
      const { message, field } = refused({ cpu: bad });
      expect(field, String(bad)).toBe("properties.cpu");
      expect(message, String(bad)).toBe(
        "properties.cpu: cpu is cores (2, 0.5) or millicores like 500m, more than 0 and at most 1024 cores.",
      );
    }
  });
});

describe("memory", () => {
  it("accepts the new units and keeps memoryBytes working", () => {
    expect(memoryBytes(checkProperties({ memory: "2Ti" }))).toBe(2 * 1024 ** 4);
    expect(memoryBytes({ memory: "1.5Gi" })).toBe(1.5 * 1024 ** 3);
    expect(memoryBytes({ memory: "512m" })).toBe(512e6);
    expect(memoryBytes({})).toBeUndefined();
  });

  it("refuses zero, above 1 PiB and junk naming the field", () => {
    for (const bad of [0, -5, "0Gi", "2Pi", "1Ei", "lots", false]) {
      const { message, field } = refused({ memory: bad });
      expect(field).toBe("properties.memory");
      expect(message).toMatch(/^properties\.memory: memory is bytes or a size like 512Mi or 2g, .*1Pi/);
    }
  });
});

describe("whole-number limits", () => {
  const cases: [string, number, number][] = [
    ["maxConcurrent", 1, 100000],
    ["priority", -1000, 1000],
    ["concurrencyLimit", 1, 10000],
    ["queueTtlSeconds", 1, 2592000],
  ];

  for (const [name, min, max] of cases) {
    it(`${name} is a whole number from ${min} to ${max}`, () => {
      expect(checkProperties({ [name]: min })).toEqual({ [name]: min });
      expect(checkProperties({ [name]: max })).toEqual({ [name]: max });
      for (const bad of [min - 1, max + 1, 1.5, "5", 1e12, null]) {
        const { message, field } = refused({ [name]: bad });
        expect(field, String(bad)).toBe(`properties.${name}`);
        expect(message, String(bad)).toBe(`properties.${name}: ${name} is a whole number from ${min} to ${max}.`);
      }
    });
  }

  it("refuses zero for counts and accepts zero and negatives for priority", () => {
    expect(refused({ maxConcurrent: 0 }).field).toBe("properties.maxConcurrent");
    expect(refused({ concurrencyLimit: 0 }).field).toBe("properties.concurrencyLimit");
    expect(refused({ queueTtlSeconds: 0 }).field).toBe("properties.queueTtlSeconds");
    expect(checkProperties({ priority: 0 })).toEqual({ priority: 0 });
    expect(checkProperties({ priority: -5 })).toEqual({ priority: -5 });
  });
});

describe("concurrencyKey", () => {
  it("is 1 to 200 characters without control characters", () => {
    expect(checkProperties({ concurrencyKey: "warehouse:eu" })).toEqual({ concurrencyKey: "warehouse:eu" });
    expect(checkProperties({ concurrencyKey: "é ü 漢字" }).concurrencyKey).toBe("é ü 漢字");
    expect(checkProperties({ concurrencyKey: "x".repeat(200) }).concurrencyKey).toHaveLength(200);
    for (const bad of ["", "x".repeat(201), "a\nb", "tab\there", "nul\u0000", "del\u007f", 5]) {
      const { message, field } = refused({ concurrencyKey: bad });
      expect(field).toBe("properties.concurrencyKey");
      expect(message).toBe(
        "properties.concurrencyKey: concurrencyKey is 1 to 200 characters, without control characters.",
      );
    }
  });
});

describe("runnerLabels", () => {
  it("accepts up to 20 labels with Kubernetes-like names and values", () => {
    const labels = { gpu: "a100", "zone.example.com/region": "eu-west-1", disk_type: "", A9: "x.y-z_1" };
    expect(checkProperties({ runnerLabels: labels })).toEqual({ runnerLabels: labels });
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`l${i}`, "v"]));
    expect(checkProperties({ runnerLabels: twenty }).runnerLabels).toEqual(twenty);
    expect(checkProperties({ runnerLabels: { ["a".repeat(63)]: "b".repeat(63) } }).runnerLabels).toBeDefined();
  });

  it("refuses bad names, bad values and too many labels, naming the label", () => {
    for (const name of ["-gpu", "_x", "gpu!", "a b", "a".repeat(64)]) {
      const { message, field } = refused({ runnerLabels: { [name]: "v" } });
      expect(field, name).toBe(`properties.runnerLabels.${name}`);
      expect(message, name).toMatch(/runner label names are 1-63 letters/);
    }
    for (const value of ["a b", "x/y", "b".repeat(64), 5]) {
      const { message, field } = refused({ runnerLabels: { gpu: value } });
      expect(field, String(value)).toBe("properties.runnerLabels.gpu");
      expect(message, String(value)).toMatch(/^properties\.runnerLabels\.gpu: runner label values/);
    }
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`l${i}`, "v"]));
    expect(refused({ runnerLabels: many })).toEqual({
      message: "properties.runnerLabels: runnerLabels has at most 20 labels.",
      field: "properties.runnerLabels",
    });
    expect(refused({ runnerLabels: ["gpu"] }).field).toBe("properties.runnerLabels");
  });
});

describe("retry", () => {
  it("accepts a retry policy", () => {
    const retry = { maxAttempts: 3, backoff: { initialSeconds: 5, jitter: 0.1 }, on: ["FAILED", "LOST"] };
    expect(checkProperties({ retry })).toEqual({ retry });
  });

  it("names the bad retry field, without listing deployment properties for a nested typo", () => {
    expect(refused({ retry: { maxAttempts: 0 } })).toMatchObject({
      field: "properties.retry.maxAttempts",
      message: expect.stringMatching(/^properties\.retry\.maxAttempts: .*at least 1/),
    });
    expect(refused({ retry: { maxAttempts: 2, on: ["CANCELLED"] } })).toMatchObject({
      field: "properties.retry.on.0",
      message: expect.stringMatching(/never retried/),
    });
    expect(refused({ retry: { maxAttempts: 2, backoff: { multiplier: 0 } } })).toMatchObject({
      field: "properties.retry.backoff.multiplier",
      message: expect.stringMatching(/1 to 10/),
    });
    const typo = refused({ retry: { maxAttempts: 2, attempts: 3 } });
    expect(typo.field).toBe("properties.retry");
    expect(typo.message).toMatch(/attempts/);
    expect(typo.message).not.toMatch(/Known properties/);
  });
});

describe("unknown properties and record keys", () => {
  it("lists the known properties, new ones included, for a top-level typo", () => {
    const { message } = refused({ prio: 5 });
    for (const name of ["maxConcurrent", "priority", "concurrencyKey", "concurrencyLimit", "queueTtlSeconds"]) {
      expect(message).toContain(name);
    }
    expect(message).toContain("runnerLabels");
    expect(message).toContain("retry");
  });

  it("says what a bad env name should look like", () => {
    expect(refused({ env: { "1A": "x" } })).toEqual({
      message: "properties.env.1A: environment variable names are letters, digits and _.",
      field: "properties.env.1A",
    });
  });
});

describe("mergeProperties", () => {
  it("refuses maxConcurrent at launch, like allowLaunchEnv", () => {
    const error = refusal(() => mergeProperties({ maxConcurrent: 2 }, { maxConcurrent: 50 }));
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.message).toBe(
      "properties.maxConcurrent can be set only on the task itself (createTask or upgradeTask), not at launch.",
    );
    expect(error.details).toEqual({ field: "properties.maxConcurrent" });
    expect(mergeProperties({ maxConcurrent: 2 }, { priority: 5 })).toEqual({ maxConcurrent: 2, priority: 5 });
  });

  it("replaces runnerLabels and retry whole, and lets a launch override the other new fields", () => {
    const task: DeploymentProperties = {
      runnerLabels: { gpu: "a100", zone: "eu" },
      retry: { maxAttempts: 3, backoff: { initialSeconds: 5 } },
      priority: 1,
      concurrencyKey: "db",
      concurrencyLimit: 2,
      queueTtlSeconds: 60,
      cpu: "500m",
    };
    const launch: DeploymentProperties = {
      runnerLabels: { gpu: "h100" },
      retry: { maxAttempts: 1 },
      priority: 10,
      concurrencyLimit: 1,
      cpu: 2,
    };
    expect(mergeProperties(task, launch)).toEqual({
      runnerLabels: { gpu: "h100" },
      retry: { maxAttempts: 1 },
      priority: 10,
      concurrencyKey: "db",
      concurrencyLimit: 1,
      queueTtlSeconds: 60,
      cpu: 2,
    });
    expect(mergeProperties(task, {}).runnerLabels).toEqual({ gpu: "a100", zone: "eu" });
  });
});

describe("container properties", () => {
  it("accepts a pull policy and Docker options, carried into the run spec for the docker platform only", async () => {
    const { resolveRun } = await import("./manifest.js");
    const properties = checkProperties({
      pullPolicy: "Never",
      docker: { network: "bridge", volumes: ["exports:/data", "/srv/in:/in:ro"], privileged: false },
    });
    const manifest = { app: "x", version: "1", uri: "docker:localhost/x:1", properties, arguments: [] };
    const run = resolveRun(manifest, [], {});
    expect(run.platform).toBe("docker");
    expect(run.spec).toMatchObject({
      pullPolicy: "Never",
      docker: { network: "bridge", volumes: ["exports:/data", "/srv/in:/in:ro"] },
    });
    const local = { ...manifest, uri: "file:///opt/x.mjs" };
    expect(refusal(() => resolveRun(local, [], {})).message).toMatch(
      /properties\.docker applies to the docker platform only/,
    );
  });

  it("refuses a bad pull policy, volume or network with a sentence naming the field", () => {
    expect(refused({ pullPolicy: "sometimes" })).toEqual({
      message: "properties.pullPolicy: pullPolicy is Always, IfNotPresent or Never.",
      field: "properties.pullPolicy",
    });
    expect(refused({ docker: { volumes: ["relative/path:/data"] } }).message).toMatch(
      /^properties\.docker\.volumes\.0: docker\.volumes entries are "source:\/target"/,
    );
    expect(refused({ docker: { volumes: ["data:not-absolute"] } }).field).toBe("properties.docker.volumes.0");
    expect(refused({ docker: { network: "host; rm -rf /" } }).message).toMatch(
      /docker\.network is "none", "bridge", "host"/,
    );
    expect(refused({ docker: { privileged: "yes" } }).message).toMatch(/docker\.privileged is true or false/);
    expect(refused({ docker: { capAdd: ["SYS_ADMIN"] } }).message).toMatch(/capAdd/);
  });
});

describe("kubernetes properties", () => {
  const kube = {
    serviceAccountName: "exporter",
    imagePullSecrets: ["regcred"],
    nodeSelector: { "kubernetes.io/arch": "amd64", pool: "batch" },
    tolerations: [
      { key: "dedicated", operator: "Equal" as const, value: "batch", effect: "NoSchedule" as const },
      { operator: "Exists" as const },
    ],
    labels: { team: "settlement" },
    annotations: { "example.com/owner": "team a <a@example.com>" },
    requests: { cpu: "250m", memory: "128Mi" },
  };

  it("carries every option into the run spec for the kubernetes platform, requests in cores and bytes", async () => {
    const { resolveRun } = await import("./manifest.js");
    const properties = checkProperties({ platform: "kubernetes", cpu: 1, memory: "256Mi", kubernetes: kube });
    const manifest = { app: "x", version: "1", uri: "docker:registry.example/x:1", properties, arguments: [] };
    const run = resolveRun(manifest, [], {});
    expect(run.platform).toBe("kubernetes");
    expect(run.spec).toMatchObject({ cpu: 1, memory: 256 * 1024 * 1024 });
    expect(run.spec.kubernetes).toEqual({ ...kube, requests: { cpu: 0.25, memory: 128 * 1024 * 1024 } });
  });

  it("refuses kubernetes options on another platform, and requests above the limits", async () => {
    const { resolveRun } = await import("./manifest.js");
    const manifest = (properties: unknown) => ({
      app: "x",
      version: "1",
      uri: "docker:x:1",
      properties: checkProperties(properties),
      arguments: [],
    });
    expect(refusal(() => resolveRun(manifest({ kubernetes: { labels: { a: "b" } } }), [], {})).message).toBe(
      "properties.kubernetes applies to the kubernetes platform only; this run's platform is docker.",
    );
    const over = refusal(() =>
      resolveRun(manifest({ platform: "kubernetes", cpu: "500m", kubernetes: { requests: { cpu: 1 } } }), [], {}),
    );
    expect(over.message).toMatch(/requests\.cpu \(1\) is more than the cpu limit \(0\.5 cores\)/);
    expect(over.details?.field).toBe("properties.kubernetes.requests.cpu");
    const overMemory = refusal(() =>
      resolveRun(
        manifest({ platform: "kubernetes", memory: "64Mi", kubernetes: { requests: { memory: "1Gi" } } }),
        [],
        {},
      ),
    );
    expect(overMemory.details?.field).toBe("properties.kubernetes.requests.memory");
  });

  it("refuses names, labels and tolerations Kubernetes would refuse, naming the field", () => {
    expect(refused({ kubernetes: { serviceAccountName: "Not_Valid" } })).toMatchObject({
      field: "properties.kubernetes.serviceAccountName",
    });
    expect(refused({ kubernetes: { labels: { "baton.dev/execution": "x" } } }).message).toMatch(
      /not under baton\.dev\//,
    );
    expect(refused({ kubernetes: { labels: { team: "has spaces" } } }).message).toMatch(/label values are at most 63/);
    expect(refused({ kubernetes: { nodeSelector: { "bad key!": "x" } } }).message).toMatch(
      /kubernetes\.nodeSelector keys are Kubernetes label keys/,
    );
    expect(refused({ kubernetes: { tolerations: [{ key: "a", operator: "Exists", value: "b" }] } }).message).toMatch(
      /operator "Exists" has no value/,
    );
    expect(refused({ kubernetes: { tolerations: [{ value: "b" }] } }).message).toMatch(/without a key must have/);
    expect(
      refused({ kubernetes: { tolerations: [{ key: "a", effect: "NoSchedule", tolerationSeconds: 5 }] } }).message,
    ).toMatch(/tolerationSeconds applies to effect "NoExecute" only/);
    expect(refused({ kubernetes: { requests: { cpu: "lots" } } }).message).toMatch(
      /kubernetes\.requests\.cpu is cores/,
    );
    expect(refused({ kubernetes: { hostNetwork: true } }).message).toMatch(/hostNetwork/);
  });
});
