import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { TriggerSubjects } from "../../bus/triggers.js";
import { badInput, conflict, notFound } from "../../domain/errors.js";
import type { NameWindow } from "../../domain/name-window.js";
import {
  checkSubject,
  newSecret,
  parseJsonTemplates,
  parseTemplate,
  sampleJsonTemplates,
} from "../../domain/trigger/index.js";
import { checkArguments, checkName, isUuid } from "../../domain/validation.js";
import { audit } from "../../store/audit.js";
import { inTransaction } from "../../store/pool.js";
import { type TriggerEventRow, type TriggerFields, type TriggerRow, triggerStore } from "../../store/trigger-store.js";
import type { RequestContext } from "../context.js";
import { checkTargetProperties, chooseTarget, type Launcher } from "../launcher.js";
import { isUniqueViolation } from "../prisma-errors.js";

export interface TriggerInput {
  name: string;
  task?: string | null;
  dag?: string | null;
  subject?: string | null;
  arguments?: string[] | null;
  properties?: unknown;
  dedupKey?: string | null;
  dedupWindowSeconds?: number | null;
  enabled?: boolean | null;
}

/** A trigger with its secret, as createTrigger and rotateTriggerSecret answer (the only time it is shown). */
export type TriggerWithSecret = TriggerRow & { revealSecret: true };

const MAX_WINDOW_SECONDS = 30 * 86_400;

/** Event triggers: definitions, secrets, history. Messages go through TriggerIntake. */
export class TriggersService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly launcher: Launcher,
    private readonly streams: TriggerSubjects,
    private readonly natsPrefix: string,
  ) {}

  async create(input: TriggerInput, ctx: RequestContext): Promise<TriggerWithSecret> {
    const name = checkName(input.name, "name");
    const fields = await this.fields(input, undefined);
    try {
      const row = await inTransaction(this.pool, async (tx) => {
        const created = await triggerStore.insert(tx, randomUUID(), name, fields, newSecret(), ctx.actor);
        await audit(tx, ctx, { action: "createTrigger", target: name, input });
        // The stream captures the subject before the trigger is committed; if NATS refuses, nothing is written.
        await this.streams.sync(await triggerStore.subjects(tx));
        return created;
      });
      return { ...row, revealSecret: true };
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(`A trigger named ${name} already exists; change it with updateTrigger or pick another name.`);
      throw err;
    }
  }

  async update(input: TriggerInput, ctx: RequestContext): Promise<TriggerRow> {
    const name = checkName(input.name, "name");
    const current = await triggerStore.byName(this.pool, name);
    if (!current) throw notFound(`No trigger named ${name}; create it with createTrigger.`);
    const fields = await this.fields(input, current);
    return inTransaction(this.pool, async (tx) => {
      const locked = await triggerStore.byName(tx, name, true);
      if (!locked) throw notFound(`No trigger named ${name}; it was deleted meanwhile.`);
      const updated = await triggerStore.update(tx, locked.id, fields);
      await audit(tx, ctx, { action: "updateTrigger", target: name, input });
      await this.streams.sync(await triggerStore.subjects(tx));
      return updated;
    });
  }

  async delete(name: string, ctx: RequestContext): Promise<boolean> {
    const checked = checkName(name, "name");
    await inTransaction(this.pool, async (tx) => {
      const row = await triggerStore.byName(tx, checked, true);
      if (!row) throw notFound(`No trigger named ${checked}.`);
      await triggerStore.remove(tx, row.id);
      await audit(tx, ctx, { action: "deleteTrigger", target: checked, input: { name: checked } });
    });
    // Dropping the subject after the commit: if this fails, the leader's reconcile does it.
    await this.reconcile().catch(() => undefined);
    return true;
  }

  async rotateSecret(name: string, ctx: RequestContext): Promise<TriggerWithSecret> {
    const checked = checkName(name, "name");
    return inTransaction(this.pool, async (tx) => {
      const row = await triggerStore.byName(tx, checked, true);
      if (!row) throw notFound(`No trigger named ${checked}.`);
      const updated = await triggerStore.setSecret(tx, row.id, newSecret());
      await audit(tx, ctx, { action: "rotateTriggerSecret", target: checked, input: { name: checked } });
      return { ...updated, revealSecret: true as const };
    });
  }

  /** Makes the stream's subjects match the triggers in Postgres (startup, and the leader's loop). */
  async reconcile(): Promise<void> {
    await this.streams.sync(await triggerStore.subjects(this.pool));
  }

  list(window?: NameWindow): Promise<TriggerRow[]> {
    return triggerStore.list(this.pool, window);
  }

  get(name: string): Promise<TriggerRow | undefined> {
    return triggerStore.byName(this.pool, name);
  }

  events(
    trigger: TriggerRow,
    first: number,
    before?: Date | null,
    beforeId?: string | null,
  ): Promise<TriggerEventRow[]> {
    if (beforeId && (!before || !isUuid(beforeId))) {
      throw badInput(
        "beforeId must be the id of the last event of the previous page, given with its receivedAt as before.",
      );
    }
    return triggerStore.events(this.pool, trigger.id, Math.min(Math.max(first, 1), 500), before, beforeId);
  }

  private async fields(input: TriggerInput, current: TriggerRow | undefined): Promise<TriggerFields> {
    const target = chooseTarget(input, current, "trigger");
    let subject = current?.subject ?? null;
    if (input.subject !== undefined)
      subject = input.subject === null || input.subject === "" ? null : checkSubject(input.subject, this.natsPrefix);
    const args = input.arguments != null ? checkArguments(input.arguments) : (current?.arguments ?? []);
    for (const [i, a] of args.entries()) parseTemplate(a, `arguments[${i}]`);
    const properties = (input.properties !== undefined ? input.properties : current?.properties) ?? {};
    if (typeof properties !== "object" || Array.isArray(properties))
      throw badInput('properties must be a JSON object, for example {"env": {"REQUEST": "{{ .requestId }}"}}.', {
        field: "properties",
      });
    parseJsonTemplates(properties, "properties");
    checkTargetProperties(target, properties);
    let dedupKey = current?.dedupKey ?? null;
    if (input.dedupKey !== undefined)
      dedupKey = input.dedupKey === null || input.dedupKey === "" ? null : input.dedupKey;
    if (dedupKey !== null) parseTemplate(dedupKey, "dedupKey");
    let window = current?.dedupWindowSeconds ?? null;
    if (input.dedupWindowSeconds !== undefined) window = input.dedupWindowSeconds;
    if (window !== null && (!Number.isInteger(window) || window < 1 || window > MAX_WINDOW_SECONDS))
      throw badInput(`dedupWindowSeconds must be a whole number from 1 to ${MAX_WINDOW_SECONDS} (30 days).`, {
        field: "dedupWindowSeconds",
      });
    if (window !== null && dedupKey === null)
      throw badInput("dedupWindowSeconds needs a dedupKey: the window says how long a key counts as seen.", {
        field: "dedupKey",
      });
    // A dry run with the templates' values stood in for: properties that could never start a run are refused now.
    const sample = args.map((a) => (a.includes("{{") ? "sample" : a));
    await this.launcher.check(target, sample, sampleJsonTemplates(properties), "TRIGGER");
    return {
      taskName: target.taskName,
      dagName: target.dagName,
      subject,
      arguments: args,
      properties: properties as Record<string, unknown>,
      dedupKey,
      dedupWindowSeconds: window,
      enabled: input.enabled ?? current?.enabled ?? true,
    };
  }
}
