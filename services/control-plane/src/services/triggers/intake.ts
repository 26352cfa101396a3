import { randomUUID } from "node:crypto";
import type pg from "pg";
import { maskSecrets } from "../../domain/definitions/mask.js";
import type { Origin } from "../../domain/origin.js";
import { parseTemplate, renderJsonTemplates, renderTemplate } from "../../domain/trigger/index.js";
import { NO_METRICS, type RunMetrics } from "../../observability/metrics.js";
import { inTransaction } from "../../store/pool.js";
import { type TriggerEventRow, type TriggerRow, type TriggerSource, triggerStore } from "../../store/trigger-store.js";
import { type Launched, type Launcher, targetKey } from "../launcher.js";

/** What became of one message: the event recorded for it (the first one, if this was a redelivery). */
export interface IntakeResult {
  event: TriggerEventRow;
  /** True when this message id had been received before: nothing new was done. */
  replayed: boolean;
}

/** Largest message body a trigger takes (NATS payload or webhook body). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** How much of a message the trigger history keeps. */
const KEPT_PAYLOAD_BYTES = 16 * 1024;

type Rendered = { ok: true; args: string[]; properties: unknown; key: string | null } | { ok: false; reason: string };

/**
 * Turns a message into a run, a duplicate or a rejection, and records which
 * in the same transaction as the run. The trigger's row lock orders messages
 * of one trigger, so two messages with one dedup key never both start a run;
 * the event row is unique on the message id, so a redelivered message changes
 * nothing.
 */
export class TriggerIntake {
  constructor(
    private readonly pool: pg.Pool,
    private readonly launcher: Launcher,
    private readonly log: (m: string) => void,
    private readonly metrics: Pick<RunMetrics, "triggerMessage"> = NO_METRICS,
  ) {}

  /** A message from the trigger stream: every trigger on its subject receives it. */
  async fromNats(subject: string, messageId: string, body: Buffer): Promise<IntakeResult[]> {
    const triggers = await triggerStore.bySubject(this.pool, subject);
    if (triggers.length === 0)
      this.log(`trigger message ${messageId} on ${subject}: no trigger listens there; dropped`);
    const results: IntakeResult[] = [];
    for (const t of triggers) results.push(await this.receive(t, "NATS", messageId, body));
    return results;
  }

  async receive(trigger: TriggerRow, source: TriggerSource, messageId: string, body: Buffer): Promise<IntakeResult> {
    const seen = await triggerStore.event(this.pool, trigger.id, source, messageId);
    if (seen) {
      this.metrics.triggerMessage(trigger.name, "replayed");
      return { event: seen, replayed: true };
    }
    const base: TriggerEventRow = {
      id: randomUUID(),
      triggerId: trigger.id,
      source,
      messageId,
      receivedAt: new Date(),
      outcome: "REJECTED",
      reason: null,
      dedupKey: null,
      executionId: null,
      dagRunId: null,
      matchedEventId: null,
      payload: null,
    };
    const parsed = parseMessage(body);
    base.payload = parsed.ok ? keptPayload(parsed.value) : { raw: body.subarray(0, 512).toString("utf8") };
    let rendered = parsed.ok ? render(trigger, parsed.value) : parsed;
    let target = rendered.ok ? await this.launcher.prepare(trigger) : undefined;

    let launched: Launched = { executions: [], dagRuns: [] };
    const event = await inTransaction(this.pool, async (tx) => {
      const locked = await triggerStore.lock(tx, trigger.id);
      if (!locked) return { ...base, reason: "the trigger was deleted" };
      const again = await triggerStore.event(tx, trigger.id, source, messageId);
      if (again) return again;
      const event = { ...base };
      // The trigger may have changed since it was read: render from the locked row, and look its target up again if it moved.
      if (parsed.ok && locked.updatedAt.getTime() !== trigger.updatedAt.getTime()) {
        rendered = render(locked, parsed.value);
        if (rendered.ok && targetKey(locked) !== targetKey(trigger)) target = await this.launcher.prepare(locked);
      }
      if (!locked.enabled) event.reason = "the trigger is disabled";
      else if (!rendered.ok) event.reason = rendered.reason;
      else if (target) {
        event.dedupKey = rendered.key;
        const window = locked.dedupWindowSeconds;
        const first =
          rendered.key !== null
            ? await triggerStore.duplicateOf(
                tx,
                trigger.id,
                rendered.key,
                window ? new Date(event.receivedAt.getTime() - window * 1000) : null,
              )
            : undefined;
        if (first) {
          event.outcome = "DEDUPLICATED";
          event.matchedEventId = first.id;
          event.executionId = first.executionId;
          event.dagRunId = first.dagRunId;
          event.reason = `same dedup key "${rendered.key}" as the message ${first.messageId}, whose run ${
            first.executionId ?? first.dagRunId
          } ${window ? `was started within ${window} s or ` : ""}is still active`;
        } else {
          const origin: Origin = { kind: "TRIGGER", name: trigger.name, triggerId: trigger.id, messageId };
          const run = this.launcher.plan(
            target,
            rendered.args,
            rendered.properties,
            origin,
            `trigger ${trigger.name} received ${messageId}`,
          );
          if (typeof run === "string") event.reason = run;
          else {
            event.outcome = "STARTED";
            if (run.kind === "task") event.executionId = run.run.id;
            else event.dagRunId = run.id;
            launched = await this.launcher.insert(tx, [run], event.receivedAt);
          }
        }
      }
      await triggerStore.insertEvent(tx, event);
      return event;
    });
    this.launcher.announce(launched);
    const replayed = event.id !== base.id;
    this.metrics.triggerMessage(trigger.name, replayed ? "replayed" : event.outcome.toLowerCase());
    return { event, replayed };
  }
}

function parseMessage(body: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body.length > MAX_MESSAGE_BYTES)
    return { ok: false, reason: `the message is ${body.length} bytes; a trigger takes at most ${MAX_MESSAGE_BYTES}` };
  const text = body.toString("utf8");
  if (text.includes("\uFFFD")) return { ok: false, reason: "the message is not UTF-8 text" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, reason: `the message is not JSON: ${(err as Error).message}` };
  }
}

function render(trigger: TriggerRow, message: unknown): Rendered {
  const args: string[] = [];
  for (const [i, source] of trigger.arguments.entries()) {
    const out = renderTemplate(parseTemplate(source, `arguments[${i}]`), message);
    if (!out.ok) return { ok: false, reason: `arguments[${i}]: ${out.reason}` };
    args.push(out.value);
  }
  const props = renderJsonTemplates(trigger.properties, message);
  if (!props.ok) return { ok: false, reason: `properties: ${props.reason}` };
  let key: string | null = null;
  if (trigger.dedupKey) {
    const out = renderTemplate(parseTemplate(trigger.dedupKey, "dedupKey"), message);
    if (!out.ok) return { ok: false, reason: `dedupKey: ${out.reason}` };
    key = out.value;
  }
  return { ok: true, args, properties: props.value, key };
}

/** The message as the history keeps it: secrets masked, large ones cut. */
function keptPayload(value: unknown): unknown {
  const masked = maskSecrets(value);
  const text = JSON.stringify(masked) ?? "null";
  return text.length <= KEPT_PAYLOAD_BYTES ? masked : { truncated: true, preview: text.slice(0, KEPT_PAYLOAD_BYTES) };
}
