import {
  type ClaimReply,
  type ClaimRequest,
  claimRequest,
  decode,
  encode,
  ensureStreams,
  type Heartbeat,
  type HeartbeatReply,
  type HeldRun,
  heartbeat,
  ingestConsumerConfig,
  type RecoverRequest,
  type RunCommand,
  type RunEvent,
  type RunOfferReply,
  type RunSpec,
  recoverRequest,
  runEvent,
  runOfferReply,
  type Subjects,
  subjects,
} from "@baton/proto";
import { type ConsumerMessages, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RunnerConfig } from "./config.js";
import type { DriverRegistry } from "./drivers.js";
import { createRunnerHost, type RunnerHost } from "./host.js";

/**
 * Test support for host.test.ts: one isolated Baton installation (its own
 * subject prefix) on a shared nats-server, with a fake control plane that
 * answers claims and reads the event stream like the real ingester does.
 */
export interface Harness {
  s: Subjects;
  claims: ClaimRequest[];
  events: RunEvent[];
  heartbeats: Heartbeat[];
  host(capacity?: number, drivers?: DriverRegistry, overrides?: Partial<RunnerConfig>): RunnerHost;
  /** Sends the command to one runner (the last host made, unless named), as admission does; resolves with its answer. */
  publish(executionId: string, spec: Partial<RunSpec> & { uri: string }, runnerId?: string): Promise<RunOfferReply>;
  /** Resolves with the execution's events once its `exited` event has arrived. */
  finished(executionId: string, timeoutMs?: number): Promise<RunEvent[]>;
  waitFor<T>(probe: () => T | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

let counter = 0;

export interface HarnessOptions {
  /** The control plane's answer to a heartbeat; undefined: no answer (the default, like an old control plane). */
  heartbeatReply?: (beat: Heartbeat) => HeartbeatReply | undefined;
  /** The runs a starting runner is told it held; default none. */
  held?: (request: RecoverRequest) => HeldRun[] | Promise<HeldRun[]>;
}

export async function createHarness(
  nc: NatsConnection,
  natsUrl: string,
  answer: (request: ClaimRequest) => ClaimReply = () => ({ ok: true, retry: false }),
  options: HarnessOptions = {},
): Promise<Harness> {
  const s = subjects(`t${process.pid}x${++counter}`);
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, s);
  const claims: ClaimRequest[] = [];
  const events: RunEvent[] = [];
  const heartbeats: Heartbeat[] = [];
  const heartbeatSub = nc.subscribe(s.heartbeatAll, {
    callback: (_err, msg) => {
      const beat = decode(heartbeat, msg.data);
      heartbeats.push(beat);
      const reply = options.heartbeatReply?.(beat);
      if (reply) msg.respond(encode(reply));
    },
  });
  const claimSub = nc.subscribe(s.claimAll, {
    callback: (_err, msg) => {
      const request = decode(claimRequest, msg.data);
      claims.push(request);
      msg.respond(encode(answer(request)));
    },
  });
  const recoverSub = nc.subscribe(s.recoverAll, {
    callback: (_err, msg) => {
      const request = decode(recoverRequest, msg.data);
      void Promise.resolve(options.held?.(request) ?? []).then((runs) => msg.respond(encode({ v: 1, ok: true, runs })));
    },
  });
  const ingest = ingestConsumerConfig(s);
  await jsm.consumers.add(s.eventStream, ingest);
  const stream: ConsumerMessages = await jetstream(nc)
    .consumers.get(s.eventStream, ingest.durable_name)
    .then((c) => c.consume());
  void (async () => {
    for await (const m of stream) {
      events.push(decode(runEvent, m.data));
      m.ack();
    }
  })();
  const hosts: RunnerHost[] = [];

  const waitFor = <T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> => until(probe, timeoutMs);

  return {
    s,
    claims,
    events,
    heartbeats,
    waitFor,
    host(capacity = 2, drivers?: DriverRegistry, overrides: Partial<RunnerConfig> = {}) {
      const host = createRunnerHost(
        {
          natsUrl,
          prefix: s.prefix,
          runnerId: `runner-${counter}-${hosts.length}`,
          platform: "local",
          pool: "default",
          capacity,
          heartbeatMs: 200,
          cpuMillis: 2000,
          memoryBytes: 2 ** 33,
          labels: {},
          dataDir: "",
          lockDataDir: false,
          ...overrides,
        },
        { log: () => {}, ...(drivers ? { drivers } : {}) },
      );
      hosts.push(host);
      return host;
    },
    async publish(executionId, spec, runnerId) {
      const command: RunCommand = {
        v: 1,
        executionId,
        task: "test-task",
        revision: 1,
        platform: "local",
        pool: "default",
        spec: { arguments: [], env: {}, graceMs: 1000, ...spec },
      };
      const target = runnerId ?? hosts.at(-1)?.runnerId ?? "nobody";
      return decode(runOfferReply, (await nc.request(s.runOn(target), encode(command), { timeout: 5000 })).data);
    },
    finished(executionId, timeoutMs) {
      const mine = (): RunEvent[] => events.filter((e) => e.executionId === executionId);
      return waitFor(() => (mine().some((e) => e.type === "exited") ? mine() : undefined), timeoutMs);
    },
    async close() {
      await Promise.all(hosts.map((h) => h.stop()));
      await stream.close();
      claimSub.unsubscribe();
      recoverSub.unsubscribe();
      heartbeatSub.unsubscribe();
    },
  };
}

/**
 * For tests: resolves with probe()'s first value other than undefined,
 * checked every few milliseconds; rejects after timeoutMs.
 */
export async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
