import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunnerHttp, startRunnerHttp } from "./http.js";
import { createRunnerMetrics } from "./metrics.js";
import type { Readiness } from "./readiness.js";

const capacity = () => ({
  slots: 4,
  cpuMillis: 2000,
  memoryBytes: 1024,
  used: { slots: 1, cpuMillis: 500, memoryBytes: 256 },
});

describe("the runner's HTTP listener", () => {
  let http: RunnerHttp | undefined;
  let ready: Readiness = { ok: true, started: true, nats: true, stream: true };
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });
  const start = async (extra: { metricsToken?: string; metricsTokenFile?: string } = {}) => {
    const metrics = createRunnerMetrics({ version: "9.9.9", capacity, natsConnected: () => true });
    metrics.runStarted("local");
    http = await startRunnerHttp({
      config: { port: 0, host: "127.0.0.1", ...extra },
      registry: metrics.registry,
      readiness: async () => ready,
    });
    return (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${http?.port}${path}`, init);
  };

  it("serves /healthz, /readyz (200 or 503 with what is not ready), /metrics, and 404 for anything else", async () => {
    const get = await start();
    expect(http?.port).toBeGreaterThan(0);
    const health = await get("/healthz");
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    expect((await get("/readyz")).status).toBe(200);
    ready = { ok: false, started: true, nats: false, stream: null, reason: "not connected to NATS; reconnecting" };
    const notReady = await get("/readyz");
    expect([notReady.status, await notReady.json()]).toEqual([503, ready]);
    const metrics = await get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain('baton_runner_slots{state="used"} 1');
    expect(text).toContain('baton_runner_runs_started_total{driver="local"} 1');
    expect(text).toContain("process_cpu_user_seconds_total");
    expect((await get("/graphql")).status).toBe(404);
    expect((await get("/metrics", { method: "POST" })).status).toBe(405);
  });

  it("wants the bearer token on /metrics only, when one is set", async () => {
    ready = { ok: true, started: true, nats: true, stream: true };
    const get = await start({ metricsToken: "s3cret" });
    const refused = await get("/metrics");
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/needs the header Authorization: Bearer/);
    expect((await get("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await get("/metrics", { headers: { authorization: "Bearer s3cret" } })).status).toBe(200);
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(200);
  });

  it("reads the token from RUNNER_METRICS_TOKEN_FILE, and names the variable when it cannot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runner-http-"));
    writeFileSync(join(dir, "token"), "from-file\n");
    const get = await start({ metricsTokenFile: join(dir, "token") });
    expect((await get("/metrics", { headers: { authorization: "Bearer from-file" } })).status).toBe(200);
    await expect(start({ metricsTokenFile: join(dir, "missing") })).rejects.toThrow(
      /RUNNER_METRICS_TOKEN_FILE: cannot read .*missing: ENOENT/,
    );
  });

  it("says which port is taken", async () => {
    await start();
    const metrics = createRunnerMetrics({ version: "1", capacity, natsConnected: () => true });
    await expect(
      startRunnerHttp({
        config: { port: http?.port ?? 0, host: "127.0.0.1" },
        registry: metrics.registry,
        readiness: async () => ready,
      }),
    ).rejects.toThrow(/RUNNER_HTTP_PORT: cannot listen on 127\.0\.0\.1:\d+: the port is taken/);
  });
});
