import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DRIVERS, fixedDriver, loadDriver } from "./drivers.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const context = { runnerId: "drivers-test", log: () => {} };

/**
 * Loads the platform's driver module in a fresh Node process (the built package) and lists the files of
 * `library` it loaded: CommonJS ones from require's cache, ES modules through a resolve hook that writes
 * each URL it resolves to a file (dockerode is CommonJS, @kubernetes/client-node an ES module).
 */
function loadedBy(platform: string, library = "/dockerode/"): string[] {
  const dir = mkdtempSync(join(tmpdir(), "baton-drivers-"));
  const list = join(dir, "resolved.txt");
  const hook = `
    import { appendFileSync } from "node:fs";
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(list)}, resolved.url + "\\n");
      return resolved;
    }`;
  const script = `
    import { createRequire, register } from "node:module";
    import { readFileSync, writeFileSync } from "node:fs";
    writeFileSync(${JSON.stringify(list)}, "");
    register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
    const { DRIVERS } = await import("@baton/runner-host");
    await DRIVERS[${JSON.stringify(platform)}]();
    const files = [...Object.keys(createRequire(import.meta.url).cache), ...readFileSync(${JSON.stringify(list)}, "utf8").split("\\n")];
    console.log(JSON.stringify(files.filter((f) => f.includes(${JSON.stringify(library)}))));`;
  try {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    return JSON.parse(out.trim()) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("driver loading", () => {
  it("loads a driver's code only when it is configured: a local runner never loads dockerode or the Kubernetes client", () => {
    const kubernetesClient = "/@kubernetes/client-node/";
    expect(loadedBy("local")).toEqual([]);
    expect(loadedBy("local", kubernetesClient)).toEqual([]);
    expect(loadedBy("docker", kubernetesClient)).toEqual([]);
    expect(loadedBy("kubernetes")).toEqual([]);
    // The probe sees each when it is loaded.
    expect(loadedBy("docker").length).toBeGreaterThan(0);
    expect(loadedBy("kubernetes", kubernetesClient).length).toBeGreaterThan(0);
  });

  it("validates a driver's settings before creating it, naming every bad variable", async () => {
    const error = await loadDriver(
      DRIVERS,
      "docker",
      { DOCKER_HOST: "ftp://somewhere", RUNNER_DOCKER_PULL_POLICY: "Sometimes" },
      context,
    ).catch((err: unknown) => err as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^invalid docker runner configuration:/);
    expect((error as Error).message).toMatch(/DOCKER_HOST/);
    expect((error as Error).message).toMatch(/RUNNER_DOCKER_PULL_POLICY/);
  });

  it("refuses a platform it has no driver for", async () => {
    await expect(
      loadDriver(
        fixedDriver("local", () => ({}) as never),
        "mainframe",
        {},
        context,
      ),
    ).rejects.toThrow('no driver for platform "mainframe"; one of: local');
  });
});
