import { describe, expect, it } from "vitest";
import { createRunnerMetrics } from "./metrics.js";

describe("the runner's metrics", () => {
  it("reports what the heartbeat advertises, used and free, read at scrape time", async () => {
    let used = { slots: 0, cpuMillis: 0, memoryBytes: 0 };
    let connected = true;
    const m = createRunnerMetrics({
      version: "1.2.3",
      capacity: () => ({ slots: 4, cpuMillis: 2000, memoryBytes: 1000, used }),
      natsConnected: () => connected,
    });
    used = { slots: 3, cpuMillis: 2500, memoryBytes: 400 };
    connected = false;
    m.runStarted("docker");
    m.runEnded("docker", "completed");
    m.runEnded("docker", "completed");
    m.runEnded("docker", "timed_out");
    m.eventPublished();
    const text = await m.registry.metrics();
    for (const line of [
      'baton_build_info{version="1.2.3",component="runner"} 1',
      'baton_runner_slots{state="used"} 3',
      'baton_runner_slots{state="free"} 1',
      'baton_runner_cpu_millis{state="used"} 2500',
      'baton_runner_cpu_millis{state="free"} 0',
      'baton_runner_memory_bytes{state="free"} 600',
      'baton_runner_runs_started_total{driver="docker"} 1',
      'baton_runner_runs_ended_total{driver="docker",outcome="completed"} 2',
      'baton_runner_runs_ended_total{driver="docker",outcome="timed_out"} 1',
      "baton_runner_events_published_total 1",
      "baton_runner_nats_connected 0",
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("each runner has its own registry", async () => {
    const capacity = () => ({
      slots: 1,
      cpuMillis: 1,
      memoryBytes: 1,
      used: { slots: 0, cpuMillis: 0, memoryBytes: 0 },
    });
    const a = createRunnerMetrics({ version: "1", capacity, natsConnected: () => true });
    const b = createRunnerMetrics({ version: "1", capacity, natsConnected: () => true });
    a.runStarted("local");
    expect(await b.registry.metrics()).not.toContain('baton_runner_runs_started_total{driver="local"}');
  });
});
