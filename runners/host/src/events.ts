import { randomBytes } from "node:crypto";
import { encode, type RunEvent } from "@baton/proto";
import type { OrderedPublisher } from "./publisher.js";

type Envelope = "v" | "executionId" | "runnerId" | "rseq" | "at";
/** A RunEvent without the envelope this class fills in. */
export type RunEventBody = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, Envelope> : never) : never;

/**
 * Numbers one execution's events 1, 2, 3... and hands them to the publisher.
 * Output that arrives before `started` is held back so `started` is always
 * rseq 1 (a driver may deliver output before start() has returned).
 */
export class ExecutionEvents {
  private rseq: number;
  private started: boolean;
  private early: RunEventBody[] = [];
  /** When `started` was sent here: an earlier time given for `exited` is raised to it (a run never ends before it starts). */
  private startedAt: string | undefined;
  /**
   * Part of every JetStream dedup id (Nats-Msg-Id) of this run's events. The
   * stream drops a message whose id it has seen, whoever sent it: with ids
   * another runner could guess, it could publish them first and have this
   * run's real events dropped. A resend from this object keeps the same id.
   */
  private readonly nonce = randomBytes(9).toString("base64url");

  /**
   * `resume`: a run recovered after a runner restart goes on from the last
   * event number the control plane has, already started if it said so.
   */
  constructor(
    private readonly executionId: string,
    private readonly runnerId: string,
    private readonly publisher: OrderedPublisher,
    resume: { rseq: number; started: boolean } = { rseq: 0, started: false },
  ) {
    this.rseq = resume.rseq;
    this.started = resume.started;
  }

  /** `at`: the time of an `exited` event when it is not now (when the program exited, from the driver). */
  emit(body: RunEventBody, at?: string): void {
    if (body.type === "started") {
      this.started = true;
      this.startedAt = this.send(body);
      this.release();
    } else if (body.type === "exited") {
      // Last, after anything held (start failed after some output).
      this.release();
      const notBeforeStart =
        at !== undefined && this.startedAt !== undefined && Date.parse(at) < Date.parse(this.startedAt)
          ? this.startedAt
          : at;
      this.send(body, notBeforeStart);
    } else if (this.started) {
      this.send(body);
    } else {
      this.early.push(body);
    }
  }

  private release(): void {
    for (const held of this.early.splice(0)) this.send(held);
  }

  /** Numbers and enqueues one event; returns its time. */
  private send(body: RunEventBody, at: string = new Date().toISOString()): string {
    const rseq = ++this.rseq;
    const event = {
      v: 1,
      executionId: this.executionId,
      runnerId: this.runnerId,
      rseq,
      at,
      ...body,
    } as RunEvent;
    this.publisher.enqueue(`${this.executionId}:${rseq}:${this.nonce}`, encode(event));
    return at;
  }
}
