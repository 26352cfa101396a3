import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { defaultRunnerId, parseRunnerConfig } from "./config.js";

describe("parseRunnerConfig", () => {
  it("has defaults for everything", () => {
    expect(parseRunnerConfig({})).toMatchObject({
      natsUrl: "nats://127.0.0.1:4222",
      prefix: "baton",
      platform: "local",
      pool: "default",
      capacity: 4,
      heartbeatMs: 2000,
    });
  });

  it("reads the environment", () => {
    const env = {
      NATS_URL: "nats://a:4222,tls://b:4222",
      BATON_NATS_PREFIX: "acme",
      RUNNER_ID: "r-1",
      RUNNER_POOL: "gpu",
      RUNNER_CAPACITY: "16",
      RUNNER_HEARTBEAT_MS: "500",
      RUNNER_STALL_KILL_MS: "3000",
      RUNNER_CPU: "1500m",
      RUNNER_MEMORY: "8Gi",
      RUNNER_LABELS: "zone=eu, gpu=true",
      RUNNER_DATA_DIR: "/var/lib/baton-runner",
    };
    expect(parseRunnerConfig(env)).toEqual({
      cpuMillis: 1500,
      memoryBytes: 8 * 1024 ** 3,
      labels: { zone: "eu", gpu: "true" },
      dataDir: "/var/lib/baton-runner",
      lockDataDir: false,
      natsUrl: "nats://a:4222,tls://b:4222",
      prefix: "acme",
      runnerId: "r-1",
      platform: "local",
      pool: "gpu",
      capacity: 16,
      heartbeatMs: 500,
      stallKillMs: 3000,
    });
  });

  it("lists every bad value in one readable error", () => {
    const env = {
      NATS_URL: "localhost",
      RUNNER_CAPACITY: "0",
      RUNNER_PLATFORM: "mainframe",
      RUNNER_ID: "a.b",
      RUNNER_STALL_KILL_MS: "10",
      RUNNER_MEMORY: "lots",
      RUNNER_LABELS: "gpu",
    };
    expect(() => parseRunnerConfig(env)).toThrow(
      /NATS_URL: "localhost" is not a NATS URL[\s\S]*RUNNER_PLATFORM: "mainframe" is not a platform this runner has; one of: local[\s\S]*RUNNER_CAPACITY: must be an integer from 1 to 1024, got "0"[\s\S]*RUNNER_MEMORY: must be a memory size like 8Gi or 512Mi, got "lots"[\s\S]*RUNNER_LABELS: "gpu" is not a label like zone=eu[\s\S]*RUNNER_ID[\s\S]*RUNNER_STALL_KILL_MS: must be an integer from 500 to 3600000/,
    );
  });

  it("derives a stable runner id from the host and the data folder, a valid subject token", () => {
    const id = defaultRunnerId("build.host.example", "/var/lib/a");
    expect(id).toMatch(/^build_host_example-[0-9a-f]{8}$/);
    expect(defaultRunnerId("build.host.example", "/var/lib/a")).toBe(id);
    expect(defaultRunnerId("build.host.example", "/var/lib/b")).not.toBe(id);
    const config = parseRunnerConfig({ RUNNER_DATA_DIR: "/var/lib/a" });
    expect(config.runnerId).toBe(defaultRunnerId(hostname(), "/var/lib/a"));
    expect(config.lockDataDir).toBe(true);
  });

  it("reads this runner's NATS credentials: user and password, a password file, or an NKEY seed file", () => {
    expect(parseRunnerConfig({}).natsAuth).toBeUndefined();
    expect(parseRunnerConfig({ NATS_USER: "r-1", NATS_PASSWORD: " p w " }).natsAuth).toEqual({
      user: "r-1",
      password: " p w ",
    });
    expect(parseRunnerConfig({ NATS_USER: "r-1", NATS_PASSWORD_FILE: "/run/nats/r-1" }).natsAuth).toEqual({
      user: "r-1",
      passwordFile: "/run/nats/r-1",
    });
    expect(parseRunnerConfig({ NATS_NKEY_SEED_FILE: "/run/nats/r-1.nk" }).natsAuth).toEqual({
      nkeySeedFile: "/run/nats/r-1.nk",
    });
  });

  it("refuses half or double NATS credentials, naming the variable", () => {
    expect(() => parseRunnerConfig({ NATS_USER: "r-1" })).toThrow(/NATS_PASSWORD: NATS_USER is set but neither/);
    expect(() => parseRunnerConfig({ NATS_PASSWORD: "x" })).toThrow(/NATS_USER: a NATS password needs NATS_USER/);
    expect(() => parseRunnerConfig({ NATS_USER: "r", NATS_PASSWORD: "x", NATS_PASSWORD_FILE: "/f" })).toThrow(
      /set NATS_PASSWORD or NATS_PASSWORD_FILE, not both/,
    );
    expect(() => parseRunnerConfig({ NATS_USER: "r", NATS_PASSWORD: "x", NATS_NKEY_SEED_FILE: "/f" })).toThrow(
      /NATS_NKEY_SEED_FILE: use either an NKEY or NATS_USER/,
    );
  });

  it("reads the HTTP listener, the metrics token and the log settings", () => {
    expect(parseRunnerConfig({}).http).toBeUndefined();
    expect(parseRunnerConfig({ RUNNER_HTTP_PORT: "0" }).http).toEqual({ port: 0, host: "127.0.0.1" });
    expect(
      parseRunnerConfig({ RUNNER_HTTP_PORT: "9465", RUNNER_HTTP_HOST: "0.0.0.0", RUNNER_METRICS_TOKEN: "t0k" }).http,
    ).toEqual({ port: 9465, host: "0.0.0.0", metricsToken: "t0k" });
    expect(parseRunnerConfig({ RUNNER_HTTP_PORT: "9465", RUNNER_METRICS_TOKEN_FILE: "/run/token" }).http).toEqual({
      port: 9465,
      host: "127.0.0.1",
      metricsTokenFile: "/run/token",
    });
    expect(parseRunnerConfig({ RUNNER_LOG_LEVEL: "DEBUG", RUNNER_LOG_FORMAT: "pretty" })).toMatchObject({
      logLevel: "debug",
      logFormat: "pretty",
    });
  });

  it("refuses a bad port, host, log level or format, and settings that need RUNNER_HTTP_PORT", () => {
    expect(() =>
      parseRunnerConfig({
        RUNNER_HTTP_PORT: "70000",
        RUNNER_HTTP_HOST: "not a host",
        RUNNER_LOG_LEVEL: "loud",
        RUNNER_LOG_FORMAT: "xml",
        RUNNER_METRICS_TOKEN: "a",
        RUNNER_METRICS_TOKEN_FILE: "/f",
      }),
    ).toThrow(
      /RUNNER_METRICS_TOKEN_FILE: set RUNNER_METRICS_TOKEN or RUNNER_METRICS_TOKEN_FILE, not both[\s\S]*RUNNER_HTTP_HOST: "not a host" is not an IP address[\s\S]*RUNNER_HTTP_PORT: must be an integer from 0 to 65535, got "70000"[\s\S]*RUNNER_LOG_LEVEL: "loud" is not a level; one of: fatal, error, warn, info, debug, trace, silent[\s\S]*RUNNER_LOG_FORMAT: "xml" is not a format; one of: json, pretty/,
    );
    expect(() => parseRunnerConfig({ RUNNER_METRICS_TOKEN: "a" })).toThrow(
      /RUNNER_METRICS_TOKEN: has no effect without RUNNER_HTTP_PORT/,
    );
  });
});
