import { describe, expect, it } from "vitest";
import { BatonError } from "./errors.js";
import { checkProperties, memoryBytes, mergeProperties } from "./properties.js";
import { parseAppUri } from "./uri.js";
import { checkArguments, checkName, checkVersion } from "./validation.js";

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof BatonError ? err.code : "OTHER";
  }
  return undefined;
};

describe("names, versions and arguments", () => {
  it("accepts ordinary names and refuses empty, long and odd ones", () => {
    expect(checkName(" settle-daily_2 ", "name")).toBe("settle-daily_2");
    for (const bad of ["", "a".repeat(64), "9lives", "has space", "semi;colon", "dot.ted"]) {
      expect(code(() => checkName(bad, "name"))).toBe("BAD_USER_INPUT");
    }
    expect(checkVersion("2.1.0+build.5")).toBe("2.1.0+build.5");
    expect(code(() => checkVersion("1 0"))).toBe("BAD_USER_INPUT");
  });

  it("limits argument size and refuses NUL", () => {
    expect(checkArguments(["; rm -rf /", "$(id)"])).toEqual(["; rm -rf /", "$(id)"]);
    expect(code(() => checkArguments(["a\0b"]))).toBe("BAD_USER_INPUT");
    expect(code(() => checkArguments(Array(20).fill("x".repeat(16 * 1024))))).toBe("BAD_USER_INPUT");
    expect(code(() => checkArguments(["x".repeat(40 * 1024)]))).toBe("BAD_USER_INPUT");
    expect(code(() => checkArguments(Array(1001).fill("a")))).toBe("BAD_USER_INPUT");
  });
});

describe("app URIs", () => {
  it("parses absolute file URIs and docker images", () => {
    expect(parseAppUri("file:///opt/jobs/settle%20v2.jar")).toEqual({ kind: "file", path: "/opt/jobs/settle v2.jar" });
    expect(parseAppUri("docker:registry.local/settle:2.1.0")).toEqual({
      kind: "docker",
      image: "registry.local/settle:2.1.0",
    });
  });

  it("refuses relative paths, other schemes and bad images", () => {
    for (const bad of ["jobs/x.mjs", "/opt/x.mjs", "file:x.mjs", "https://x/y.jar", "docker:", "docker:UPPER/Case"]) {
      expect(
        code(() => parseAppUri(bad)),
        bad,
      ).toBe("BAD_USER_INPUT");
    }
  });
});

describe("deployment properties", () => {
  it("validates, names the bad field, and lists known keys for typos", () => {
    expect(checkProperties({ env: { A: "1" }, memory: "512Mi", platform: "local" })).toEqual({
      env: { A: "1" },
      memory: "512Mi",
      platform: "local",
    });
    expect(() => checkProperties({ timeout: 5 })).toThrow(/Known properties/);
    expect(() => checkProperties({ env: { "1A": "x" } })).toThrow(/properties\.env\.1A/);
    expect(() => checkProperties([1])).toThrow(/JSON object/);
    expect(() => checkProperties({ platform: "mainframe" })).toThrow(/properties\.platform/);
    expect(() => checkProperties({ memory: "lots" })).toThrow(/512Mi/);
  });

  it("merges launch properties over the task's, env key by key", () => {
    expect(mergeProperties({ env: { A: "1", B: "1" }, cpu: 1 }, { env: { B: "2" }, timeoutSeconds: 5 })).toEqual({
      env: { A: "1", B: "2" },
      cpu: 1,
      timeoutSeconds: 5,
    });
    expect(memoryBytes({ memory: "512Mi" })).toBe(512 * 1024 * 1024);
    expect(memoryBytes({ memory: "2g" })).toBe(2e9);
    expect(memoryBytes({ memory: 1024 })).toBe(1024);
  });
});
