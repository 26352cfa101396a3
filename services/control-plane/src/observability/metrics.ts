import { createRequire } from "node:module";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

/** Seconds, from a few milliseconds (a trivial run's start) to a nightly batch's hours. */
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 21600,
];
const SHORT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** QUEUED runs of one pool waiting for one reason (read from Postgres at scrape time). */
export interface QueueSample {
  pool: string;
  reason: string;
  depth: number;
  oldestWaitSeconds: number;
}

/** One live runner as its heartbeats describe it, with what its active runs hold. */
export interface FleetSample {
  runner: string;
  pool: string;
  slots: { used: number; free: number };
  cpuMillis: { used: number; free: number };
  memoryBytes: { used: number; free: number };
}

/** What /metrics reads from the database on each scrape (current state, not events). */
export interface ScrapeSource {
  queue(): Promise<QueueSample[]>;
  fleet(): Promise<FleetSample[]>;
  isLeader(): boolean;
}

export type StepItemKind = "read" | "write" | "skip";
export type RetentionKind = "executions" | "events" | "log_lines" | "steps" | "audit_records" | "dag_runs";

/**
 * What Baton records about its work: the one place a metric is named. The
 * names are the catalogue in README.md ("Monitoring"); labels are bounded
 * (task, DAG, node, step, schedule and trigger names, statuses), never an
 * execution or run id.
 */
export interface RunMetrics {
  executionStarted(task: string, waitSeconds: number | undefined): void;
  executionEnded(task: string, status: string, durationSeconds: number | undefined): void;
  stepItems(task: string, step: string, kind: StepItemKind, count: number): void;
  eventsIngested(kind: string, count: number): void;
  logLines(stream: string, count: number): void;
  ingestLag(seconds: number): void;
  dagRunEnded(dag: string, status: string): void;
  dagNodeEnded(dag: string, node: string, durationSeconds: number): void;
  scheduleFire(schedule: string, outcome: string, jitterSeconds: number | undefined): void;
  triggerMessage(trigger: string, outcome: string): void;
  subscriptionOpened(): void;
  subscriptionClosed(): void;
  retentionDeleted(kind: RetentionKind, count: number): void;
}

/** BATON_METRICS=false: nothing is recorded and there is no /metrics. */
export const NO_METRICS: RunMetrics = {
  executionStarted: () => undefined,
  executionEnded: () => undefined,
  stepItems: () => undefined,
  eventsIngested: () => undefined,
  logLines: () => undefined,
  ingestLag: () => undefined,
  dagRunEnded: () => undefined,
  dagNodeEnded: () => undefined,
  scheduleFire: () => undefined,
  triggerMessage: () => undefined,
  subscriptionOpened: () => undefined,
  subscriptionClosed: () => undefined,
  retentionDeleted: () => undefined,
};

/** The control plane's Prometheus registry: prom-client's process and Node metrics plus Baton's own. */
export class BatonMetrics implements RunMetrics {
  readonly registry = new Registry();
  private readonly started: Counter<"task">;
  private readonly ended: Counter<"task" | "status">;
  private readonly launchToStart: Histogram<"task">;
  private readonly duration: Histogram<"task">;
  private readonly items: Counter<"task" | "step" | "kind">;
  private readonly events: Counter<"kind">;
  private readonly lines: Counter<"stream">;
  private readonly lag: Histogram;
  private readonly dagRuns: Counter<"dag" | "status">;
  private readonly dagNodes: Histogram<"dag" | "node">;
  private readonly fires: Counter<"schedule" | "outcome">;
  private readonly jitter: Histogram<"schedule">;
  private readonly triggers: Counter<"trigger" | "outcome">;
  private readonly subscriptions: Gauge;
  private readonly deleted: Counter<"kind">;

  constructor(source: ScrapeSource, onScrapeError: (err: Error) => void) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "baton_build_info",
      help: "Always 1; the labels say which Baton this is",
      labelNames: ["version", "component"],
      registers,
    }).set({ version: VERSION, component: "control-plane" }, 1);
    new Gauge({
      name: "baton_leader",
      help: "1 when this control plane runs the background loops (the leader)",
      registers,
      collect() {
        this.set(source.isLeader() ? 1 : 0);
      },
    });
    this.started = new Counter({
      name: "baton_executions_started_total",
      help: "Executions that reached RUNNING",
      labelNames: ["task"],
      registers,
    });
    this.ended = new Counter({
      name: "baton_executions_ended_total",
      help: "Executions that reached a terminal status",
      labelNames: ["task", "status"],
      registers,
    });
    this.launchToStart = new Histogram({
      name: "baton_execution_launch_to_start_seconds",
      help: "From queued to RUNNING",
      labelNames: ["task"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.duration = new Histogram({
      name: "baton_execution_duration_seconds",
      help: "From RUNNING to the end, for executions that started",
      labelNames: ["task"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.items = new Counter({
      name: "baton_step_items_total",
      help: "Items read, written and skipped, from the step lines",
      labelNames: ["task", "step", "kind"],
      registers,
    });
    this.events = new Counter({
      name: "baton_events_ingested_total",
      help: "Execution events persisted by this control plane",
      labelNames: ["kind"],
      registers,
    });
    this.lines = new Counter({
      name: "baton_log_lines_total",
      help: "Log lines persisted by this control plane",
      labelNames: ["stream"],
      registers,
    });
    this.lag = new Histogram({
      name: "baton_ingest_lag_seconds",
      help: "From a runner publishing an event to its commit in Postgres",
      buckets: SHORT_BUCKETS,
      registers,
    });
    this.dagRuns = new Counter({
      name: "baton_dag_runs_ended_total",
      help: "DAG runs that ended",
      labelNames: ["dag", "status"],
      registers,
    });
    this.dagNodes = new Histogram({
      name: "baton_dag_node_duration_seconds",
      help: "A DAG node's execution, from RUNNING to its end",
      labelNames: ["dag", "node"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.fires = new Counter({
      name: "baton_schedule_fires_total",
      help: "Schedule fire times handled, by outcome (started, missed, skipped, waiting, failed, paused)",
      labelNames: ["schedule", "outcome"],
      registers,
    });
    this.jitter = new Histogram({
      name: "baton_schedule_jitter_seconds",
      help: "How late a schedule's on-time fire started its run after its fire time",
      labelNames: ["schedule"],
      buckets: SHORT_BUCKETS,
      registers,
    });
    this.triggers = new Counter({
      name: "baton_trigger_messages_total",
      help: "Trigger messages by outcome (started, deduplicated, rejected, replayed)",
      labelNames: ["trigger", "outcome"],
      registers,
    });
    this.subscriptions = new Gauge({
      name: "baton_subscriptions_open",
      help: "GraphQL subscriptions open on this control plane",
      registers,
    });
    this.deleted = new Counter({
      name: "baton_retention_deleted_total",
      help: "Rows deleted by the retention policy",
      labelNames: ["kind"],
      registers,
    });
    const queueDepth = new Gauge({
      name: "baton_queue_depth",
      help: "QUEUED executions by pool and wait reason (every control plane reports the same: use max)",
      labelNames: ["pool", "reason"],
      registers,
    });
    const oldest = new Gauge({
      name: "baton_queue_oldest_wait_seconds",
      help: "Age of the oldest QUEUED execution by pool and wait reason",
      labelNames: ["pool", "reason"],
      registers,
    });
    const slots = new Gauge({
      name: "baton_fleet_slots",
      help: "Run slots of each live runner, used and free",
      labelNames: ["runner", "pool", "state"],
      registers,
    });
    const cpu = new Gauge({
      name: "baton_fleet_cpu_millis",
      help: "CPU (millicores) of each live runner, held by runs and free",
      labelNames: ["runner", "pool", "state"],
      registers,
    });
    const memory = new Gauge({
      name: "baton_fleet_memory_bytes",
      help: "Memory of each live runner, held by runs and free",
      labelNames: ["runner", "pool", "state"],
      registers,
    });
    // Current state is read once per scrape, before the text is rendered (a registry-level hook:
    // prom-client's per-metric collect() would read the database once per metric).
    this.refresh = async () => {
      try {
        const [queue, fleet] = await Promise.all([source.queue(), source.fleet()]);
        for (const g of [queueDepth, oldest, slots, cpu, memory]) g.reset();
        for (const q of queue) {
          queueDepth.set({ pool: q.pool, reason: q.reason }, q.depth);
          oldest.set({ pool: q.pool, reason: q.reason }, q.oldestWaitSeconds);
        }
        for (const r of fleet) {
          for (const state of ["used", "free"] as const) {
            const labels = { runner: r.runner, pool: r.pool, state };
            slots.set(labels, r.slots[state]);
            cpu.set(labels, r.cpuMillis[state]);
            memory.set(labels, r.memoryBytes[state]);
          }
        }
      } catch (err) {
        // The database is away: the gauges keep their last values; the rest still answers.
        onScrapeError(err as Error);
      }
    };
  }

  private readonly refresh: () => Promise<void>;

  /** The exposition text; reads the queue and the fleet first. */
  async render(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  executionStarted(task: string, waitSeconds: number | undefined): void {
    this.started.inc({ task });
    if (waitSeconds !== undefined) this.launchToStart.observe({ task }, Math.max(0, waitSeconds));
  }
  executionEnded(task: string, status: string, durationSeconds: number | undefined): void {
    this.ended.inc({ task, status });
    if (durationSeconds !== undefined) this.duration.observe({ task }, Math.max(0, durationSeconds));
  }
  stepItems(task: string, step: string, kind: StepItemKind, count: number): void {
    if (count > 0) this.items.inc({ task, step, kind }, count);
  }
  eventsIngested(kind: string, count: number): void {
    if (count > 0) this.events.inc({ kind }, count);
  }
  logLines(stream: string, count: number): void {
    if (count > 0) this.lines.inc({ stream }, count);
  }
  ingestLag(seconds: number): void {
    this.lag.observe(Math.max(0, seconds));
  }
  dagRunEnded(dag: string, status: string): void {
    this.dagRuns.inc({ dag, status });
  }
  dagNodeEnded(dag: string, node: string, durationSeconds: number): void {
    this.dagNodes.observe({ dag, node }, Math.max(0, durationSeconds));
  }
  scheduleFire(schedule: string, outcome: string, jitterSeconds: number | undefined): void {
    this.fires.inc({ schedule, outcome });
    if (jitterSeconds !== undefined) this.jitter.observe({ schedule }, Math.max(0, jitterSeconds));
  }
  triggerMessage(trigger: string, outcome: string): void {
    this.triggers.inc({ trigger, outcome });
  }
  subscriptionOpened(): void {
    this.subscriptions.inc();
  }
  subscriptionClosed(): void {
    this.subscriptions.dec();
  }
  retentionDeleted(kind: RetentionKind, count: number): void {
    if (count > 0) this.deleted.inc({ kind }, count);
  }
}
