/**
 * The schedules section, checked with the same pure rules as createSchedule
 * (cron in its time zone, overlap and misfire policies, the time bounds), each
 * error at its line. Whether the task or DAG exists is the service's to check.
 */
import { checkCron, checkMisfire, checkOverlap, checkTimezone } from "../schedule/index.js";
import { checkName } from "../validation.js";
import { checkInstant, firstOfName, readTarget } from "./document-entries.js";
import { entryKey } from "./document-lines.js";
import { readArguments, readProperties } from "./document-tasks.js";
import type { DocumentLines, ScheduleDefinitionDoc } from "./types.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const SCHEDULE_KEYS = [
  "name",
  "task",
  "dag",
  "cron",
  "timezone",
  "arguments",
  "properties",
  "overlap",
  "misfire",
  "enabled",
  "startAt",
  "endAt",
] as const;

/** The message createSchedule gives, so an import and the API say the same thing. */
export const DAG_PROPERTIES =
  "properties apply to a task's runs; a DAG's nodes run with their own tasks' properties. Leave properties out.";

export function readSchedules(
  r: NodeReader,
  node: YamlNode | undefined,
  lines: DocumentLines,
): ScheduleDefinitionDoc[] {
  const schedules: ScheduleDefinitionDoc[] = [];
  const seen = new Map<string, number>();
  for (const item of r.list(node, "schedules")) {
    const before = r.errors.length;
    const f = r.map(item, "a schedule", SCHEDULE_KEYS);
    const name = f?.text("name", "a schedule", (n) => checkName(n, "schedule name"));
    if (!f) continue;
    const context = name === undefined ? "a schedule" : `schedule ${name}`;
    const target = readTarget(r, f, item, context);
    const zone = f.optionalText("timezone", context, checkTimezone);
    const timezone = zone ?? "UTC";
    // With a bad time zone the cron is still checked (in UTC), so both errors show at once.
    const cron = f.text("cron", context, (c) => checkCron(c, timezone));
    const args = readArguments(r, f, context);
    const propertiesNode = f.node("properties");
    const properties = readProperties(r, propertiesNode, context);
    if (target?.dag !== undefined && propertiesNode && properties && Object.keys(properties).length > 0) {
      r.fail(propertiesNode, `${context}: ${DAG_PROPERTIES}`);
    }
    const overlap = f.optionalText("overlap", context, checkOverlap) ?? "ALLOW";
    const misfire = f.optionalText("misfire", context, checkMisfire) ?? "RUN_ONCE";
    const enabled = f.flag("enabled", context, true);
    const startAt = f.optionalText("startAt", context, (v) => checkInstant(v, "startAt"));
    const endAt = f.optionalText("endAt", context, (v) => checkInstant(v, "endAt"));
    if (startAt !== undefined && endAt !== undefined && Date.parse(startAt) >= Date.parse(endAt)) {
      r.fail(f.node("endAt") ?? item, `${context}: endAt (${endAt}) must be after startAt (${startAt}).`);
    }
    if (name === undefined || !firstOfName(r, seen, name, f.node("name") ?? item, "schedule")) continue;
    lines.entries.set(entryKey("schedule", name), r.lineOf(item));
    if (r.errors.length > before || !target || cron === undefined || !args || !properties) continue;
    schedules.push({
      name,
      ...target,
      cron,
      timezone,
      arguments: args,
      properties,
      overlap,
      misfire,
      enabled,
      ...(startAt === undefined ? {} : { startAt }),
      ...(endAt === undefined ? {} : { endAt }),
    });
  }
  return schedules;
}
