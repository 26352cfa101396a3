/** What asking JetStream about the events stream said. */
export type StreamCheck =
  | { kind: "exists" }
  | { kind: "missing" }
  /** NATS does not let this runner call JetStream's API (its own credentials): publishes tell instead. */
  | { kind: "not-permitted" }
  | { kind: "failed"; message: string };

export interface ReadinessSources {
  streamName: string;
  /** True once the runner has connected, recovered what it held and subscribed to its commands. */
  started: () => boolean;
  natsConnected: () => boolean;
  streamCheck: () => Promise<StreamCheck>;
  /**
   * What the latest publish of an event said about the stream: false when
   * JetStream answered that no stream takes the subject, true after an
   * acknowledgement, undefined before any publish.
   */
  publishSawStream: () => boolean | undefined;
  /** How long a stream check is reused; default 2000 ms. */
  cacheMs?: number;
  now?: () => number;
}

export interface Readiness {
  ok: boolean;
  started: boolean;
  nats: boolean;
  /** null: not asked (NATS is down) or not known (the runner may not ask JetStream and has published nothing yet). */
  stream: boolean | null;
  reason?: string;
}

/** /readyz: started, connected to NATS, and the JetStream stream the runner publishes to exists. */
export function createReadiness(sources: ReadinessSources): () => Promise<Readiness> {
  const cacheMs = sources.cacheMs ?? 2000;
  const now = sources.now ?? Date.now;
  let cached: { at: number; check: Promise<StreamCheck> } | undefined;
  const streamCheck = (): Promise<StreamCheck> => {
    if (!cached || now() - cached.at >= cacheMs) {
      cached = {
        at: now(),
        check: sources.streamCheck().catch((err: unknown) => ({ kind: "failed", message: String(err) }) as const),
      };
    }
    return cached.check;
  };
  return async () => {
    const started = sources.started();
    const nats = sources.natsConnected();
    if (!nats) {
      return { ok: false, started, nats, stream: null, reason: "not connected to NATS; reconnecting" };
    }
    const check = await streamCheck();
    let stream: boolean | null;
    let reason: string | undefined;
    switch (check.kind) {
      case "exists":
        stream = true;
        break;
      case "missing":
        stream = false;
        reason = `the JetStream stream ${sources.streamName} does not exist (a control plane creates it when it starts)`;
        break;
      case "failed":
        stream = false;
        reason = `asking JetStream about the stream ${sources.streamName} failed: ${check.message}`;
        break;
      case "not-permitted": {
        const seen = sources.publishSawStream();
        stream = seen ?? null;
        if (seen === false)
          reason = `JetStream has no stream ${sources.streamName} for this runner's events (its last publish was refused)`;
        break;
      }
    }
    if (reason === undefined && !started)
      reason = "the runner is starting: waiting for a control plane to say which runs it held before";
    const ok = started && stream !== false;
    return { ok, started, nats, stream, ...(ok || reason === undefined ? {} : { reason }) };
  };
}
