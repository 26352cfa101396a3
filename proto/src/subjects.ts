/**
 * NATS subjects and JetStream streams of protocol v1. Every name hangs off one
 * prefix (default "baton") so that several Baton installations, or tests, can
 * share a NATS server without seeing each other's traffic.
 *
 * Everything a runner sends carries its runner id as a subject token, so that
 * NATS permissions can pin each runner to its own subjects (see
 * `runnerPermissions`) and the control plane can take the sender's id from the
 * subject rather than from what the payload says.
 */
export const PROTOCOL_VERSION = 1 as const;

/** What one runner may do on NATS when authentication is on. */
export interface RunnerPermissions {
  /** Subjects it may publish to (besides replies to requests it received). */
  publish: string[];
  /** Subjects it may subscribe to. */
  subscribe: string[];
}

/** The kinds of subject a runner sends on. */
export type RunnerSubjectKind = "events" | "claim" | "recover" | "heartbeat";

export interface Subjects {
  readonly prefix: string;
  /** Work-queue stream holding runner events until the control plane ingests them. */
  readonly eventStream: string;
  /** Where a runner publishes the events of an execution it runs (JetStream). */
  events(runnerId: string, executionId: string): string;
  /** Every runner's events of one execution (a filter, for looking into the stream). */
  eventsOf(executionId: string): string;
  readonly eventsAll: string;
  /** Request / reply: a runner asks the control plane for a run before starting it. */
  claim(runnerId: string): string;
  readonly claimAll: string;
  /**
   * Core NATS request, control plane to one runner: "run this" (a RunCommand),
   * sent once admission has given the run to that runner; answered with a
   * RunOffer reply. The committed assignment in Postgres is the durable
   * promise; the control plane sends again when no answer came.
   */
  runOn(runnerId: string): string;
  /** Request / reply: a runner starting asks which runs it held before its restart (a RecoverRequest). */
  recover(runnerId: string): string;
  readonly recoverAll: string;
  /** Core NATS: control plane to one runner. */
  cancel(runnerId: string): string;
  heartbeat(runnerId: string): string;
  readonly heartbeatAll: string;
  /**
   * The inbox prefix of one runner's connection (nats.js `inboxPrefix`): the
   * replies to its requests, and the acknowledgements of its JetStream
   * publishes, arrive under it, so it may subscribe there and nowhere else.
   */
  inbox(runnerId: string): string;
  /** What runner `runnerId` may publish and subscribe to under authentication. */
  runnerPermissions(runnerId: string): RunnerPermissions;
  /**
   * The runner id a subject of that kind carries (what NATS guarantees under
   * authentication); undefined when the subject is not of that kind.
   */
  runnerOf(kind: RunnerSubjectKind, subject: string): string | undefined;
  /** The runner and execution of an events subject; undefined for any other subject. */
  parseEvents(subject: string): { runnerId: string; executionId: string } | undefined;
  /** Core NATS fan-out of persisted execution events to every control plane. */
  live(executionId: string): string;
  readonly liveAll: string;
  /** Core NATS: "this DAG run changed", to every control plane. */
  dagRun(runId: string): string;
  readonly dagRunAll: string;
  /**
   * Core NATS scatter-gather, control plane to every control plane: "who are
   * you?" for the console's About page. Every instance subscribes without a
   * queue group, so each answers the one request (a ControlPlaneAbout); the
   * asker gathers what arrives within a short wait. Control planes only: no
   * runner may publish or subscribe here (`runnerPermissions` leaves it out),
   * so a runner can neither pose as a control plane nor read their facts.
   */
  readonly about: string;
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

const isToken = (value: string | undefined): value is string => value !== undefined && TOKEN.test(value);

export function subjects(prefix = "baton"): Subjects {
  if (!PREFIX.test(prefix)) throw new Error(`NATS prefix "${prefix}" must match ${PREFIX}`);
  const streamBase = prefix.toUpperCase().replace(/-/g, "_");
  const runner = (id: string) => token(id, "runner id");
  const execution = (id: string) => token(id, "execution id");
  /** The tokens after the prefix, or undefined when the subject is not under it. */
  const tail = (subject: string): string[] | undefined =>
    subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1).split(".") : undefined;
  const s: Subjects = {
    prefix,
    eventStream: `${streamBase}_EVENTS`,
    events: (runnerId, executionId) => `${prefix}.evt.${runner(runnerId)}.${execution(executionId)}`,
    eventsOf: (executionId) => `${prefix}.evt.*.${execution(executionId)}`,
    eventsAll: `${prefix}.evt.>`,
    claim: (runnerId) => `${prefix}.ctl.claim.${runner(runnerId)}`,
    claimAll: `${prefix}.ctl.claim.*`,
    runOn: (runnerId) => `${prefix}.ctl.run.${runner(runnerId)}`,
    recover: (runnerId) => `${prefix}.ctl.recover.${runner(runnerId)}`,
    recoverAll: `${prefix}.ctl.recover.*`,
    cancel: (runnerId) => `${prefix}.ctl.cancel.${runner(runnerId)}`,
    heartbeat: (runnerId) => `${prefix}.hb.${runner(runnerId)}`,
    heartbeatAll: `${prefix}.hb.*`,
    // `_INBOX_<prefix>` as its own first token: never a prefix of the control plane's `_INBOX.`
    // inboxes, nor of another installation's or another runner's.
    inbox: (runnerId) => `_INBOX_${prefix}.${runner(runnerId)}`,
    runnerPermissions: (runnerId) => ({
      // JetStream's acknowledgement of a publish comes back on the inbox; the runner calls no $JS.API.
      publish: [`${prefix}.evt.${runner(runnerId)}.>`, s.claim(runnerId), s.recover(runnerId), s.heartbeat(runnerId)],
      subscribe: [s.runOn(runnerId), s.cancel(runnerId), `${s.inbox(runnerId)}.>`],
    }),
    runnerOf: (kind, subject) => {
      const t = tail(subject);
      if (!t) return undefined;
      const [a, b, c] = t;
      if (kind === "events") return t.length === 3 && a === "evt" && isToken(b) && isToken(c) ? b : undefined;
      if (kind === "heartbeat") return t.length === 2 && a === "hb" && isToken(b) ? b : undefined;
      return t.length === 3 && a === "ctl" && b === kind && isToken(c) ? c : undefined;
    },
    parseEvents: (subject) => {
      const runnerId = s.runnerOf("events", subject);
      const executionId = tail(subject)?.[2];
      return runnerId && executionId ? { runnerId, executionId } : undefined;
    },
    live: (executionId) => `${prefix}.live.${execution(executionId)}`,
    liveAll: `${prefix}.live.*`,
    dagRun: (runId) => `${prefix}.dagrun.${token(runId, "DAG run id")}`,
    dagRunAll: `${prefix}.dagrun.*`,
    about: `${prefix}.ctl.about`,
    triggerStream: `${streamBase}_TRIGGERS`,
    triggerIdle: `${prefix}.trigger.idle`,
  };
  return s;
}
