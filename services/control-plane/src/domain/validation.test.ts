import { describe, expect, it } from "vitest";
import { BatonError } from "./errors.js";
import { checkProperties, isGuardedEnvName, memoryBytes, mergeProperties } from "./properties.js";
import { parseAppUri } from "./uri.js";
import { checkArguments, checkName, checkVersion, findBadCharacter, isUuid } from "./validation.js";

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

describe("characters and ids", () => {
  it("finds C0 control characters other than tab, newline and CR, and lone surrogates", () => {
    expect(findBadCharacter("plain text\twith\r\nbreaks, emoji \u{1F680} and ü")).toBeUndefined();
    expect(findBadCharacter("")).toBeUndefined();
    expect(findBadCharacter("ab\0c")).toEqual({ index: 2, description: "a NUL character (U+0000)" });
    expect(findBadCharacter("\u001b[31m")?.description).toBe("the control character U+001B");
    expect(findBadCharacter("x\u000b")?.index).toBe(1);
    expect(findBadCharacter("a\ud800")).toEqual({ index: 1, description: "a lone UTF-16 surrogate (U+D800)" });
    expect(findBadCharacter("\udc00a")?.description).toBe("a lone UTF-16 surrogate (U+DC00)");
    expect(findBadCharacter("\ud83d\ude80\ud83d")?.index).toBe(2);
    expect(findBadCharacter(`${"x".repeat(100_000)}\u0007`)?.index).toBe(100_000);
  });

  it("knows a UUID", () => {
    expect(isUuid("0B7C1D2E-3F40-4A5B-8C6D-7E8F90A1B2C3")).toBe(true);
    for (const bad of [
      "42",
      "",
      "0b7c1d2e3f404a5b8c6d7e8f90a1b2c3",
      "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3 ",
      "../etc",
    ]) {
      expect(isUuid(bad), bad).toBe(false);
    }
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

  it("keeps launches from setting variables that change how programs start, unless the task allows them", () => {
    for (const name of [
      "PATH",
      "LD_PRELOAD",
      "ld_library_path",
      "DYLD_INSERT_LIBRARIES",
      "NODE_OPTIONS",
      "BATON_TASK",
    ]) {
      expect(isGuardedEnvName(name), name).toBe(true);
    }
    for (const name of ["REGION", "MY_PATH", "PATHS", "NODE_ENV", "HOME", "JAVA_HOME"]) {
      expect(isGuardedEnvName(name), name).toBe(false);
    }
    for (const name of [
      "PATH",
      "LD_PRELOAD",
      "NODE_OPTIONS",
      "PYTHONPATH",
      "BASH_ENV",
      "MALLOC_CHECK_",
      "BATON_RESUME",
    ]) {
      expect(() => mergeProperties({}, { env: { [name]: "x" } })).toThrow(
        new RegExp(`properties\\.env\\.${name}: .*allowLaunchEnv: \\["${name}"\\]`),
      );
    }
    // The task's own env may set them; the task may allow a launch to.
    expect(mergeProperties({ env: { PATH: "/opt/bin" } }, { env: { REGION: "eu" } }).env).toEqual({
      PATH: "/opt/bin",
      REGION: "eu",
    });
    expect(mergeProperties({ allowLaunchEnv: ["PATH"] }, { env: { PATH: "/x" } }).env).toEqual({ PATH: "/x" });
    expect(code(() => mergeProperties({ allowLaunchEnv: ["PATH"] }, { env: { LD_PRELOAD: "/x.so" } }))).toBe(
      "BAD_USER_INPUT",
    );
    // A launch cannot grant itself the right.
    expect(() => mergeProperties({}, { allowLaunchEnv: ["PATH"], env: { PATH: "/x" } })).toThrow(/only on the task/);
    expect(checkProperties({ allowLaunchEnv: ["PATH"] })).toEqual({ allowLaunchEnv: ["PATH"] });
    expect(() => checkProperties({ allowLaunchEnv: ["1BAD"] })).toThrow(/properties\.allowLaunchEnv\.0/);
  });
});
