/**
 * NATS subjects and JetStream streams of protocol v1. Every name hangs off one
 * prefix (default "baton") so that several Baton installations, or tests, can
 * share a NATS server without seeing each other's traffic.
 */
export const PROTOCOL_VERSION = 1 as const;

export interface Subjects {
  readonly prefix: string;
  /** Work-queue stream holding runner events until the control plane ingests them. */
  readonly eventStream: string;
  events(executionId: string): string;
  readonly eventsAll: string;
  /** Request / reply: a runner asks the control plane for a run before starting it. */
  readonly claim: string;
  /**
   * Core NATS request, control plane to one runner: "run this" (a RunCommand),
   * sent once admission has given the run to that runner; answered with a
   * RunOffer reply. The committed assignment in Postgres is the durable
   * promise; the control plane sends again when no answer came.
   */
  runOn(runnerId: string): string;
  /** Request / reply: a runner starting asks which runs it held before its restart (a RecoverRequest). */
  readonly recover: string;
  /** Core NATS: control plane to one runner. */
  cancel(runnerId: string): string;
  heartbeat(runnerId: string): string;
  readonly heartbeatAll: string;
  /** Core NATS fan-out of persisted execution events to every control plane. */
  live(executionId: string): string;
  readonly liveAll: string;
  /** Core NATS: "this DAG run changed", to every control plane. */
  dagRun(runId: string): string;
  readonly dagRunAll: string;
  /** Work-queue stream capturing the subjects of event triggers (user subjects, outside the prefix). */
  readonly triggerStream: string;
  /** The trigger stream's only subject while no trigger listens on NATS (a stream needs one). */
  readonly triggerIdle: string;
}

const PREFIX = /^[a-z][a-z0-9_-]{0,31}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function token(value: string, what: string): string {
  if (!TOKEN.test(value)) throw new Error(`${what} "${value}" must be 1-64 letters, digits, "_" or "-"`);
  return value;
}

export function subjects(prefix = "baton"): Subjects {
  if (!PREFIX.test(prefix)) throw new Error(`NATS prefix "${prefix}" must match ${PREFIX}`);
  const streamBase = prefix.toUpperCase().replace(/-/g, "_");
  return {
    prefix,
    eventStream: `${streamBase}_EVENTS`,
    events: (executionId) => `${prefix}.evt.${token(executionId, "execution id")}`,
    eventsAll: `${prefix}.evt.>`,
    claim: `${prefix}.ctl.claim`,
    runOn: (runnerId) => `${prefix}.ctl.run.${token(runnerId, "runner id")}`,
    recover: `${prefix}.ctl.recover`,
    cancel: (runnerId) => `${prefix}.ctl.cancel.${token(runnerId, "runner id")}`,
    heartbeat: (runnerId) => `${prefix}.hb.${token(runnerId, "runner id")}`,
    heartbeatAll: `${prefix}.hb.*`,
    live: (executionId) => `${prefix}.live.${token(executionId, "execution id")}`,
    liveAll: `${prefix}.live.*`,
    dagRun: (runId) => `${prefix}.dagrun.${token(runId, "DAG run id")}`,
    dagRunAll: `${prefix}.dagrun.*`,
    triggerStream: `${streamBase}_TRIGGERS`,
    triggerIdle: `${prefix}.trigger.idle`,
  };
}
