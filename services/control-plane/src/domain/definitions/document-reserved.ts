/**
 * The reserved sections: DAGs and schedules. Their shape is read strictly so
 * that documents written today stay valid when Baton applies them; what they
 * mean (the DAG DSL, cron, timezone, overlap policy) is the service's to check.
 */
import { checkName } from "../validation.js";
import { readArguments } from "./document-tasks.js";
import type { DagDefinitionDoc, ScheduleDefinitionDoc } from "./types.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const DAG_KEYS = ["name", "definition"] as const;
const SCHEDULE_KEYS = ["name", "task", "dag", "cron", "timezone", "arguments", "overlap", "enabled"] as const;

/** Names are unique within a section; the first one wins, later ones are reported. */
function unique(r: NodeReader, lines: Map<string, number>, name: string, node: YamlNode, what: string): boolean {
  const first = lines.get(name);
  if (first !== undefined) r.fail(node, `${what} ${name} is defined twice (first on line ${first}).`);
  else lines.set(name, r.lineOf(node));
  return first === undefined;
}

export function readDags(r: NodeReader, node: YamlNode | undefined): DagDefinitionDoc[] {
  const dags: DagDefinitionDoc[] = [];
  const lines = new Map<string, number>();
  for (const item of r.list(node, "dags")) {
    const f = r.map(item, "a DAG", DAG_KEYS);
    const name = f?.text("name", "a DAG", (n) => checkName(n, "DAG name"));
    const definition = f?.text("definition", name === undefined ? "a DAG" : `DAG ${name}`);
    if (!f || name === undefined || !unique(r, lines, name, f.node("name") ?? item, "DAG")) continue;
    if (definition !== undefined) dags.push({ name, definition });
  }
  return dags;
}

export function readSchedules(r: NodeReader, node: YamlNode | undefined): ScheduleDefinitionDoc[] {
  const schedules: ScheduleDefinitionDoc[] = [];
  const lines = new Map<string, number>();
  for (const item of r.list(node, "schedules")) {
    const f = r.map(item, "a schedule", SCHEDULE_KEYS);
    const name = f?.text("name", "a schedule", (n) => checkName(n, "schedule name"));
    if (!f) continue;
    const context = name === undefined ? "a schedule" : `schedule ${name}`;
    const task = f.optionalText("task", context, (t) => checkName(t, "task"));
    const dag = f.optionalText("dag", context, (d) => checkName(d, "dag"));
    if ((f.node("task") === undefined) === (f.node("dag") === undefined)) {
      r.fail(item, `${context}: give exactly one of "task" and "dag".`);
    }
    const cron = f.text("cron", context);
    const timezone = f.optionalText("timezone", context);
    const overlap = f.optionalText("overlap", context);
    const args = readArguments(r, f, context);
    const enabled = f.flag("enabled", context, true);
    if (name === undefined || !unique(r, lines, name, f.node("name") ?? item, "schedule")) continue;
    if (cron === undefined || !args || (task === undefined && dag === undefined)) continue;
    schedules.push({
      name,
      ...(task === undefined ? {} : { task }),
      ...(dag === undefined ? {} : { dag }),
      cron,
      ...(timezone === undefined ? {} : { timezone }),
      arguments: args,
      ...(overlap === undefined ? {} : { overlap }),
      enabled,
    });
  }
  return schedules;
}
