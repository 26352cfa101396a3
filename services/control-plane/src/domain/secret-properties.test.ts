import { describe, expect, it } from "vitest";
import { BatonError } from "./errors.js";
import { type ReleaseManifest, resolveRun } from "./manifest.js";
import { checkProperties, type DeploymentProperties, mergeProperties } from "./properties.js";

/** The BAD_USER_INPUT refusal `run` throws: message and field. */
function refused(run: () => unknown): { message: string; field: unknown } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof BatonError)) throw error;
    expect(error.code).toBe("BAD_USER_INPUT");
    return { message: error.message, field: error.details?.field };
  }
  throw new Error("expected a refusal");
}

const manifest = (properties: DeploymentProperties, uri = "file:///opt/settle.mjs"): ReleaseManifest => ({
  app: "settle",
  version: "1",
  uri,
  properties,
  arguments: [],
});

describe("properties.secrets", () => {
  it("accepts env:, file: and kubernetes: references", () => {
    const secrets = {
      DB_PASSWORD: "env:SETTLE_DB_PASSWORD",
      API_KEY: "file:/run/secrets/api-key",
      TOKEN: "kubernetes:settle-api/token",
      DOTTED: "kubernetes:a.b-c/key_1.x",
    };
    expect(checkProperties({ secrets })).toEqual({ secrets });
  });

  it("refuses a value or a malformed reference with an example", () => {
    for (const bad of [
      "hunter2",
      "env:",
      "env:A-B",
      "file:relative/path",
      "file:/a\nb",
      "kubernetes:Upper/key",
      "kubernetes:name",
      "kubernetes:name/",
      "vault:x",
      42,
      null,
    ]) {
      const { message, field } = refused(() => checkProperties({ secrets: { DB: bad } }));
      expect(field, String(bad)).toBe("properties.secrets.DB");
      expect(message, String(bad)).toMatch(/never the secret itself: "env:BATON_SECRET_DB_PASSWORD"/);
    }
    expect(refused(() => checkProperties({ secrets: { "bad-name": "env:X" } })).message).toMatch(
      /environment variable names are letters, digits and _/,
    );
  });

  it("refuses a name in both env and secrets", () => {
    const { message, field } = refused(() =>
      checkProperties({ env: { DB: "plain" }, secrets: { DB: "env:BATON_SECRET_DB" } }),
    );
    expect(field).toBe("properties.secrets.DB");
    expect(message).toMatch(
      /^properties\.secrets\.DB: DB is also set in env; a variable comes from env or from secrets/,
    );
  });

  it("merges launch secrets key by key, and guards the names a launch may set", () => {
    const merged = mergeProperties(
      { secrets: { A: "env:BATON_SECRET_A", B: "env:BATON_SECRET_B" } },
      { secrets: { B: "file:/run/b" } },
    );
    expect(merged.secrets).toEqual({ A: "env:BATON_SECRET_A", B: "file:/run/b" });
    const { message, field } = refused(() => mergeProperties({}, { secrets: { LD_PRELOAD: "file:/run/x.so" } }));
    expect(field).toBe("properties.secrets.LD_PRELOAD");
    expect(message).toMatch(/a launch may not set LD_PRELOAD/);
  });

  it("puts the references, never values, in the spec", () => {
    const run = resolveRun(manifest({ secrets: { DB: "env:BATON_SECRET_DB" } }), [], {
      secrets: { KEY: "file:/run/k" },
    });
    expect(run.spec.secrets).toEqual({ DB: "env:BATON_SECRET_DB", KEY: "file:/run/k" });
    expect(run.spec.env).toEqual({});
    expect(resolveRun(manifest({}), [], {}).spec.secrets).toBeUndefined();
  });

  it("refuses a launch secret named like the task's env, or Baton's own variables", () => {
    const task = manifest({ env: { DB: "dev" } });
    expect(refused(() => resolveRun(task, [], { secrets: { DB: "env:BATON_SECRET_DB" } })).field).toBe(
      "properties.secrets.DB",
    );
    const own = manifest({ secrets: { BATON_TASK: "env:BATON_SECRET_X" } });
    expect(refused(() => resolveRun(own, [], {}, { BATON_TASK: "settle" })).message).toMatch(
      /BATON_TASK is also set in env/,
    );
  });

  it("gives kubernetes: references to the kubernetes platform only", () => {
    const props = { secrets: { TOKEN: "kubernetes:settle-api/token" } };
    const { message, field } = refused(() => resolveRun(manifest(props), [], {}));
    expect(field).toBe("properties.secrets.TOKEN");
    expect(message).toMatch(/only the kubernetes platform can give a run; this run's platform is local/);
    const k8s = resolveRun(manifest({ ...props, platform: "kubernetes" }, "docker:settle:1"), [], {});
    expect(k8s.spec.secrets).toEqual(props.secrets);
  });
});
