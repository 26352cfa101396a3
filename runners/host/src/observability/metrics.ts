import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/** How a run ended on this runner (bounded: the runs_ended_total outcome label). */
export type RunOutcome =
  /** exit code 0 */
  | "completed"
  /** another exit code, or a signal the runner did not send */
  | "failed"
  | "cancelled"
  | "timed_out"
  /** the driver could not start it (bad URI, refused secret, platform error) */
  | "error"
  /** the runner lost track of it, or recovery after a restart found it gone */
  | "lost"
  /** the control plane had already ended it: killed, nothing reported */
  | "fenced";

/** What the heartbeat advertises, read at scrape time. */
export interface CapacitySnapshot {
  slots: number;
  cpuMillis: number;
  memoryBytes: number;
  /** What the runs held now take: one slot each, and what their specs ask. */
  used: { slots: number; cpuMillis: number; memoryBytes: number };
}

export interface RunnerMetricsSources {
  version: string;
  capacity: () => CapacitySnapshot;
  natsConnected: () => boolean;
}

export interface RunnerMetrics {
  readonly registry: Registry;
  runStarted(driver: string): void;
  runEnded(driver: string, outcome: RunOutcome): void;
  eventPublished(): void;
}

/** The runner's own registry (not prom-client's global one): default process metrics and METRICS.md's runner series. */
export function createRunnerMetrics(sources: RunnerMetricsSources): RunnerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: "baton_build_info",
    help: "Always 1; the version and component of this process",
    labelNames: ["version", "component"] as const,
    registers: [registry],
  });
  buildInfo.set({ version: sources.version, component: "runner" }, 1);
  const usedFree = (name: string, help: string, pick: (c: CapacitySnapshot, state: "used" | "free") => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["state"] as const,
      registers: [registry],
      collect() {
        const c = sources.capacity();
        this.set({ state: "used" }, pick(c, "used"));
        this.set({ state: "free" }, pick(c, "free"));
      },
    });
  usedFree("baton_runner_slots", "Run slots this runner advertises, used and free", (c, state) =>
    state === "used" ? c.used.slots : Math.max(0, c.slots - c.used.slots),
  );
  usedFree(
    "baton_runner_cpu_millis",
    "CPU (millicores) this runner advertises, asked by its runs and free",
    (c, state) => (state === "used" ? c.used.cpuMillis : Math.max(0, c.cpuMillis - c.used.cpuMillis)),
  );
  usedFree("baton_runner_memory_bytes", "Memory this runner advertises, asked by its runs and free", (c, state) =>
    state === "used" ? c.used.memoryBytes : Math.max(0, c.memoryBytes - c.used.memoryBytes),
  );
  const started = new Counter({
    name: "baton_runner_runs_started_total",
    help: "Runs this runner started (not counting runs adopted after a restart)",
    labelNames: ["driver"] as const,
    registers: [registry],
  });
  const ended = new Counter({
    name: "baton_runner_runs_ended_total",
    help: "Runs that ended on this runner, by driver and outcome",
    labelNames: ["driver", "outcome"] as const,
    registers: [registry],
  });
  const published = new Counter({
    name: "baton_runner_events_published_total",
    help: "Execution events JetStream acknowledged",
    registers: [registry],
  });
  new Gauge({
    name: "baton_runner_nats_connected",
    help: "1 while the runner is connected to NATS",
    registers: [registry],
    collect() {
      this.set(sources.natsConnected() ? 1 : 0);
    },
  });
  return {
    registry,
    runStarted: (driver) => started.inc({ driver }),
    runEnded: (driver, outcome) => ended.inc({ driver, outcome }),
    eventPublished: () => published.inc(),
  };
}
