import type { RunSpec } from "@baton/proto";
import { describe, expect, it } from "vitest";
import { containerName, containerOptions, PRIVILEGED_REFUSED, parseVolume } from "./container-spec.js";

const run = { executionId: "0b6f3d7e-1c2a-4f7e-9a51-2f0c1d9e8a77", task: "nightly", revision: 4 };
const spec = (extra: Partial<RunSpec> = {}): RunSpec => ({
  uri: "docker:app:1",
  arguments: ["two words", "", "$(id)"],
  env: { GREETING: "a=b; c" },
  graceMs: 5000,
  ...extra,
});
const settings = { allowPrivileged: false, volumeRoots: ["/srv/data"] };

describe("the container a run gets", () => {
  it("keeps the image's entrypoint, passes the arguments as Cmd exactly, labels it, no network", () => {
    const options = containerOptions(run, spec(), "app:1", settings, "runner-7");
    expect(options).toEqual({
      name: `baton-${run.executionId}`,
      Image: "app:1",
      Cmd: ["two words", "", "$(id)"],
      Env: ["GREETING=a=b; c", `BATON_EXECUTION_ID=${run.executionId}`],
      Labels: {
        "baton.execution": run.executionId,
        "baton.task": "nightly",
        "baton.revision": "4",
        "baton.runner": "runner-7",
      },
      AttachStdin: false,
      OpenStdin: false,
      Tty: false,
      HostConfig: { AutoRemove: false, NetworkMode: "none", Binds: [] },
    });
    expect(options).not.toHaveProperty("Entrypoint");
  });

  it("sets memory (swap equal, so the limit is real) and CPU as nano-CPUs", () => {
    const { HostConfig } = containerOptions(run, spec({ memory: 64 * 1024 * 1024, cpu: 0.5 }), "app:1", settings, "r");
    expect(HostConfig).toMatchObject({ Memory: 67108864, MemorySwap: 67108864, NanoCpus: 500_000_000 });
  });

  it("BATON_EXECUTION_ID cannot be overridden by the run's env", () => {
    const { Env } = containerOptions(run, spec({ env: { BATON_EXECUTION_ID: "forged" } }), "app:1", settings, "r");
    expect(Env).toEqual([`BATON_EXECUTION_ID=${run.executionId}`]);
  });

  it("refuses an env name with '='", () => {
    expect(() => containerOptions(run, spec({ env: { "A=B": "x" } }), "app:1", settings, "r")).toThrow(
      'invalid environment variable name "A=B"',
    );
  });

  it("a network the run asks for; host only where allowed; never another container's namespace", () => {
    const net = (network: string, allowPrivileged = false) =>
      containerOptions(run, spec({ docker: { network } }), "app:1", { ...settings, allowPrivileged }, "r").HostConfig
        ?.NetworkMode;
    expect(net("bridge")).toBe("bridge");
    expect(net("team-net")).toBe("team-net");
    expect(() => net("host")).toThrow(`network "host": ${PRIVILEGED_REFUSED}`);
    expect(net("host", true)).toBe("host");
    expect(() => net("container:abc", true)).toThrow('invalid network "container:abc"');
  });

  it("privileged, hostPid and hostIpc only where allowed, with the message that says how", () => {
    const docker = { privileged: true, hostPid: true, hostIpc: true };
    expect(() => containerOptions(run, spec({ docker }), "app:1", settings, "r")).toThrow(
      `privileged, hostPid, hostIpc: ${PRIVILEGED_REFUSED}`,
    );
    const { HostConfig } = containerOptions(
      run,
      spec({ docker }),
      "app:1",
      { ...settings, allowPrivileged: true },
      "r",
    );
    expect(HostConfig).toMatchObject({ Privileged: true, PidMode: "host", IpcMode: "host" });
  });

  it("binds named volumes and host folders under a root, read-only when asked", () => {
    const volumes = ["cache:/cache", "/srv/data/in:/in:ro", "/srv/data:/all:rw"];
    const { HostConfig } = containerOptions(run, spec({ docker: { volumes } }), "app:1", settings, "r");
    expect(HostConfig?.Binds).toEqual(["cache:/cache", "/srv/data/in:/in:ro", "/srv/data:/all"]);
  });

  it("a container name is safe for the engine whatever the execution id", () => {
    expect(containerName("a/b c")).toBe("baton-a-b-c");
  });
});

describe("volumes", () => {
  const roots = ["/srv/data", "/mnt/x"];
  it.each([
    ["/srv/database:/d", /not under the runner's volume roots: \/srv\/data, \/mnt\/x/],
    ["/srv/data/../etc:/d", /must be absolute and normal/],
    ["/srv//data/x:/d", /must be absolute and normal/],
    ["/etc:/etc", /not under the runner's volume roots/],
    ["/srv/data:relative", /the target must be an absolute path/],
    ["/srv/data:/d:rx", /expected source:\/target/],
    ["onlysource", /expected source:\/target/],
    ["bad name!:/d", /"bad name!" is not a volume name/],
  ])("refuses %s", (volume, message) => {
    expect(() => parseVolume(volume, roots)).toThrow(message);
  });

  it("with no roots, host paths are refused and say how to allow them", () => {
    expect(() => parseVolume("/srv/data:/d", [])).toThrow(
      /none \(RUNNER_DOCKER_VOLUME_ROOTS is empty\); use a named volume or set RUNNER_DOCKER_VOLUME_ROOTS/,
    );
  });

  it("a root itself and anything below it is allowed", () => {
    expect(parseVolume("/mnt/x:/x", roots)).toEqual({
      source: "/mnt/x",
      target: "/x",
      readOnly: false,
      hostPath: true,
    });
    expect(parseVolume("/mnt/x/a/b/:/x:ro", roots)).toMatchObject({ readOnly: true, hostPath: true });
    expect(parseVolume("data_1.v:/x", roots)).toMatchObject({ source: "data_1.v", hostPath: false });
  });
});
