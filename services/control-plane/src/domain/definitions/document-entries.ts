/** Pieces the dags, schedules and triggers sections share: unique names, the target, points in time. */
import { badInput } from "../errors.js";
import { checkName } from "../validation.js";
import type { Fields } from "./yaml-fields.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

/** Names are unique within a section; the first one wins, later ones are reported. */
export function firstOfName(
  r: NodeReader,
  seen: Map<string, number>,
  name: string,
  node: YamlNode,
  what: string,
): boolean {
  const first = seen.get(name);
  if (first !== undefined) r.fail(node, `${what} ${name} is defined twice (first on line ${first}); names are unique.`);
  else seen.set(name, r.lineOf(node));
  return first === undefined;
}

export interface TargetRead {
  task?: string;
  dag?: string;
}

/** What a schedule or trigger starts: exactly one of task and dag. */
export function readTarget(r: NodeReader, f: Fields, item: YamlNode, context: string): TargetRead | undefined {
  const task = f.optionalText("task", context, (t) => checkName(t, "task"));
  const dag = f.optionalText("dag", context, (d) => checkName(d, "dag"));
  if ((f.node("task") === undefined) === (f.node("dag") === undefined)) {
    r.fail(item, `${context}: give exactly one of "task" and "dag".`);
    return undefined;
  }
  if (task !== undefined) return { task };
  return dag === undefined ? undefined : { dag };
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 time with its zone (Z or an offset), as the same instant in UTC: 2026-01-01T00:00:00.000Z. */
export function checkInstant(value: string, what: string): string {
  const text = value.trim();
  const m = INSTANT.exec(text);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  // Date would roll 2026-02-30 over to March 2nd; the calendar day must exist.
  const real = m !== null && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  const time = real ? new Date(text).getTime() : Number.NaN;
  if (!Number.isFinite(time)) {
    throw badInput(
      `${what} "${text}" is not a time; write ISO 8601 with a time zone, for example 2026-01-01T00:00:00Z.`,
      { field: what },
    );
  }
  return new Date(time).toISOString();
}
