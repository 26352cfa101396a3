/**
 * The triggers section, checked with the same pure rules as createTrigger
 * (the subject, templates in arguments, properties and the dedup key, the
 * dedup window), each error at its line. A document never carries a secret.
 */
import { isMap } from "yaml";
import { checkSubject, parseJsonTemplates, parseTemplate } from "../trigger/index.js";
import { checkName } from "../validation.js";
import { attempt } from "./attempt.js";
import { firstOfName, readTarget } from "./document-entries.js";
import { entryKey } from "./document-lines.js";
import { DAG_PROPERTIES } from "./document-schedules.js";
import { readArguments } from "./document-tasks.js";
import { type DocumentLines, MAX_DEDUP_WINDOW_SECONDS, type TriggerDefinitionDoc } from "./types.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const TRIGGER_KEYS = [
  "name",
  "task",
  "dag",
  "subject",
  "arguments",
  "properties",
  "dedupKey",
  "dedupWindowSeconds",
  "enabled",
] as const;

/** Properties as JSON whose strings may be templates; env values are text, as for a task (`PORT: 8080` is "8080"). */
function readTemplateProperties(
  r: NodeReader,
  node: YamlNode | undefined,
  context: string,
): Record<string, unknown> | undefined {
  if (!node) return {};
  const what = `${context}: properties`;
  if (!isMap(node)) {
    r.fail(node, `${what} must be a mapping of key: value lines.`);
    return undefined;
  }
  // Any key: TriggersService checks the properties' shape once the templates are filled in, at each message.
  const before = r.errors.length;
  const value: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = r.text(pair.key, `a key in ${what}`);
    if (key !== undefined) value[key] = r.plain(pair.value, `${what}.${key}`, key === "env");
  }
  if (r.errors.length > before) return undefined;
  // A bad template is pointed at its own value (details.field is like properties.env.ORDER).
  return attempt(
    () => parseJsonTemplates(value, "properties") as Record<string, unknown>,
    (message, details) => {
      const field = typeof details?.field === "string" ? details.field.split(".").slice(1) : [];
      r.fail(r.locate(node, field), `${context}: ${message}`);
    },
  );
}

export function readTriggers(
  r: NodeReader,
  node: YamlNode | undefined,
  lines: DocumentLines,
  natsPrefix: string,
): TriggerDefinitionDoc[] {
  const triggers: TriggerDefinitionDoc[] = [];
  const seen = new Map<string, number>();
  for (const item of r.list(node, "triggers")) {
    const before = r.errors.length;
    const f = r.map(item, "a trigger", TRIGGER_KEYS);
    const name = f?.text("name", "a trigger", (n) => checkName(n, "trigger name"));
    if (!f) continue;
    const context = name === undefined ? "a trigger" : `trigger ${name}`;
    const target = readTarget(r, f, item, context);
    // Empty means none, as in updateTrigger: a webhook-only trigger, no dedup key.
    const subjectText = f.optionalText("subject", context);
    const subjectNode = f.node("subject");
    const subject =
      subjectText && subjectNode
        ? r.check(subjectNode, context, () => checkSubject(subjectText, natsPrefix))
        : undefined;
    const args = readArguments(r, f, context);
    const argsNode = f.node("arguments");
    args?.forEach((a, i) => {
      const at = argsNode ? r.locate(argsNode, [String(i)]) : item;
      r.check(at, context, () => parseTemplate(a, `arguments[${i}]`));
    });
    const propertiesNode = f.node("properties");
    const properties = readTemplateProperties(r, propertiesNode, context);
    if (target?.dag !== undefined && propertiesNode && properties && Object.keys(properties).length > 0) {
      r.fail(propertiesNode, `${context}: ${DAG_PROPERTIES}`);
    }
    const dedupText = f.optionalText("dedupKey", context);
    const dedupNode = f.node("dedupKey");
    const dedupKey =
      dedupText && dedupNode
        ? r.check(dedupNode, context, () => parseTemplate(dedupText, "dedupKey").source)
        : undefined;
    const window = f.integer("dedupWindowSeconds", context, 1, MAX_DEDUP_WINDOW_SECONDS);
    if (window !== undefined && !dedupText) {
      r.fail(
        f.node("dedupWindowSeconds") ?? item,
        `${context}: dedupWindowSeconds needs a dedupKey: the window says how long a key counts as seen.`,
      );
    }
    const enabled = f.flag("enabled", context, true);
    if (name === undefined || !firstOfName(r, seen, name, f.node("name") ?? item, "trigger")) continue;
    lines.entries.set(entryKey("trigger", name), r.lineOf(item));
    if (r.errors.length > before || !target || !args || !properties) continue;
    triggers.push({
      name,
      ...target,
      ...(subject === undefined ? {} : { subject }),
      arguments: args,
      properties,
      ...(dedupKey === undefined ? {} : { dedupKey }),
      ...(window === undefined ? {} : { dedupWindowSeconds: window }),
      enabled,
    });
  }
  return triggers;
}
