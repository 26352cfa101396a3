import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RunnerConfig } from "../config.js";
import { isPermissionViolation } from "../nats-connection.js";
import type { PublishFn } from "../publisher.js";
import { type RunnerHttp, startRunnerHttp } from "./http.js";
import type { RunnerLog } from "./log.js";
import { type CapacitySnapshot, createRunnerMetrics, type RunnerMetrics } from "./metrics.js";
import { createReadiness, type StreamCheck } from "./readiness.js";

/** How long /readyz waits for JetStream's answer about the stream. */
const STREAM_CHECK_TIMEOUT_MS = 1500;

export interface ObservabilityDeps {
  config: RunnerConfig;
  streamName: string;
  version: string;
  capacity: () => CapacitySnapshot;
  log: RunnerLog;
}

/**
 * The runner's metrics, its NATS connection state and, with RUNNER_HTTP_PORT,
 * its HTTP listener. The host feeds it (attach, markStarted, the publish it
 * wraps) and counts runs through `metrics`.
 */
export class RunnerObservability {
  readonly metrics: RunnerMetrics;
  private nc: NatsConnection | undefined;
  private connected = false;
  private started = false;
  private publishSawStream: boolean | undefined;
  private http: RunnerHttp | undefined;

  constructor(private readonly deps: ObservabilityDeps) {
    this.metrics = createRunnerMetrics({
      version: deps.version,
      capacity: deps.capacity,
      natsConnected: () => this.isConnected(),
    });
  }

  /** Starts the listener when RUNNER_HTTP_PORT is set, before NATS: /healthz answers while the runner connects. */
  async listen(): Promise<void> {
    const http = this.deps.config.http;
    if (!http || this.http) return;
    this.http = await startRunnerHttp({
      config: http,
      registry: this.metrics.registry,
      readiness: createReadiness({
        streamName: this.deps.streamName,
        started: () => this.started,
        natsConnected: () => this.isConnected(),
        streamCheck: () => this.streamCheck(),
        publishSawStream: () => this.publishSawStream,
      }),
    });
    this.deps.log(`http listening on ${this.http.host}:${this.http.port}`);
  }

  /** The address the listener has, once listening. */
  get address(): { host: string; port: number } | undefined {
    return this.http ? { host: this.http.host, port: this.http.port } : undefined;
  }

  /** Follows the connection's state from its status events (disconnect, reconnect, close). */
  attach(nc: NatsConnection): void {
    this.nc = nc;
    this.connected = true;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === "disconnect" || status.type === "close") this.connected = false;
        else if (status.type === "reconnect") this.connected = true;
      }
    })().catch(() => undefined);
  }

  /** The runner has recovered what it held and takes commands. */
  markStarted(): void {
    this.started = true;
  }

  /** `publish`, counting what JetStream acknowledges and noting whether it has a stream for it. */
  countPublishes(publish: PublishFn): PublishFn {
    return async (subject, data, msgID) => {
      try {
        const ack = await publish(subject, data, msgID);
        this.publishSawStream = true;
        this.metrics.eventPublished();
        return ack;
      } catch (err) {
        if (err instanceof Error && err.name === "JetStreamNotEnabled") this.publishSawStream = false;
        throw err;
      }
    };
  }

  async close(): Promise<void> {
    await this.http?.close();
    this.http = undefined;
  }

  private isConnected(): boolean {
    return this.nc !== undefined && this.connected && !this.nc.isClosed();
  }

  private async streamCheck(): Promise<StreamCheck> {
    const nc = this.nc;
    if (!nc) return { kind: "failed", message: "not connected yet" };
    try {
      const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: STREAM_CHECK_TIMEOUT_MS });
      await jsm.streams.info(this.deps.streamName);
      return { kind: "exists" };
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return { kind: "missing" };
      if (isPermissionViolation(err)) return { kind: "not-permitted" };
      return { kind: "failed", message: err instanceof Error ? err.message : String(err) };
    }
  }
}
