import { describe, expect, it } from "vitest";
import { parseDockerSettings } from "./settings.js";

describe("Docker runner settings", () => {
  it("defaults: the local Docker socket, IfNotPresent, nothing privileged, named volumes only, 5 min pulls", () => {
    expect(parseDockerSettings({})).toEqual({
      dockerHost: "unix:///var/run/docker.sock",
      engine: { socketPath: "/var/run/docker.sock" },
      pullPolicy: "IfNotPresent",
      allowPrivileged: false,
      volumeRoots: [],
      pullTimeoutMs: 300_000,
    });
  });

  it("an empty variable means its default", () => {
    expect(parseDockerSettings({ DOCKER_HOST: "", RUNNER_DOCKER_PULL_POLICY: "" })).toMatchObject({
      dockerHost: "unix:///var/run/docker.sock",
      pullPolicy: "IfNotPresent",
    });
  });

  it("reads every variable", () => {
    const settings = parseDockerSettings({
      DOCKER_HOST: "tcp://engine.internal:2375",
      RUNNER_DOCKER_PULL_POLICY: "Always",
      RUNNER_DOCKER_ALLOW_PRIVILEGED: "true",
      RUNNER_DOCKER_VOLUME_ROOTS: " /srv/data/ , /mnt/shared,,",
      RUNNER_DOCKER_PULL_TIMEOUT_MS: "1500",
    });
    expect(settings).toEqual({
      dockerHost: "tcp://engine.internal:2375",
      engine: { protocol: "http", host: "engine.internal", port: 2375 },
      pullPolicy: "Always",
      allowPrivileged: true,
      volumeRoots: ["/srv/data", "/mnt/shared"],
      pullTimeoutMs: 1500,
    });
  });

  it("takes a unix socket anywhere and an IPv6 engine address", () => {
    expect(parseDockerSettings({ DOCKER_HOST: "unix:///run/podman/podman.sock" }).engine).toEqual({
      socketPath: "/run/podman/podman.sock",
    });
    expect(parseDockerSettings({ DOCKER_HOST: "tcp://[::1]:2376" }).engine).toEqual({
      protocol: "http",
      host: "::1",
      port: 2376,
    });
  });

  it("lists every bad variable in one Error, one per line", () => {
    let message = "";
    try {
      parseDockerSettings({
        DOCKER_HOST: "ssh://me@engine",
        RUNNER_DOCKER_PULL_POLICY: "always",
        RUNNER_DOCKER_ALLOW_PRIVILEGED: "yes",
        RUNNER_DOCKER_VOLUME_ROOTS: "/ok,relative/path,/a/../b",
        RUNNER_DOCKER_PULL_TIMEOUT_MS: "5s",
      });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('DOCKER_HOST: must be unix:///path/to.sock or tcp://host:port (got "ssh://me@engine")');
    expect(lines[1]).toBe("RUNNER_DOCKER_PULL_POLICY: must be one of Always, IfNotPresent, Never");
    expect(lines[2]).toBe('RUNNER_DOCKER_ALLOW_PRIVILEGED: must be "true" or "false"');
    expect(lines[3]).toBe('RUNNER_DOCKER_VOLUME_ROOTS: "relative/path" must be an absolute folder, without ".."');
    expect(lines[4]).toBe('RUNNER_DOCKER_VOLUME_ROOTS: "/a/../b" must be an absolute folder, without ".."');
    expect(lines[5]).toBe("RUNNER_DOCKER_PULL_TIMEOUT_MS: must be a whole number of milliseconds");
  });

  it("refuses a port out of range and a zero timeout", () => {
    expect(() => parseDockerSettings({ DOCKER_HOST: "tcp://localhost:70000" })).toThrow(/^DOCKER_HOST: /);
    expect(() => parseDockerSettings({ DOCKER_HOST: "unix://relative.sock" })).toThrow(/^DOCKER_HOST: /);
    expect(() => parseDockerSettings({ RUNNER_DOCKER_PULL_TIMEOUT_MS: "0" })).toThrow(
      "RUNNER_DOCKER_PULL_TIMEOUT_MS: must be greater than 0",
    );
  });
});
