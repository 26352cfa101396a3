import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DRIVERS, fixedDriver, loadDriver } from "./drivers.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const context = { runnerId: "drivers-test", log: () => {} };

/** Loads the platform's driver module in a fresh Node process (the built package) and lists the dockerode files it loaded. */
function dockerodeLoadedBy(platform: string): string[] {
  const script = `
    import { createRequire } from "node:module";
    import { DRIVERS } from "@baton/runner-host";
    await DRIVERS[${JSON.stringify(platform)}]();
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("/dockerode/"));
    console.log(JSON.stringify(loaded));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  return JSON.parse(out.trim()) as string[];
}

describe("driver loading", () => {
  it("loads a driver's code only when it is configured: a local runner never loads dockerode", () => {
    expect(dockerodeLoadedBy("local")).toEqual([]);
    // The probe sees it when it is loaded.
    expect(dockerodeLoadedBy("docker").length).toBeGreaterThan(0);
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
