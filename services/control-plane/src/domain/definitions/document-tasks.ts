import { checkProperties, type DeploymentProperties, deploymentProperties } from "../properties.js";
import { checkRetentionInput, type RetentionOverride } from "../retention.js";
import { checkArguments, checkName, checkVersion } from "../validation.js";
import { attempt } from "./attempt.js";
import type { AppsRead } from "./document-apps.js";
import type { TaskDefinitionDoc, TaskRetentionDoc } from "./types.js";
import type { Fields } from "./yaml-fields.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const TASK_KEYS = ["name", "app", "version", "properties", "arguments", "retention"] as const;
const RETENTION_KEYS = ["days", "runs", "logDays"] as const;
/** Property names come from the shared schema, so a new property needs no change here. */
const PROPERTY_KEYS = Object.keys(deploymentProperties.shape);

/** Points a check's error at the field it names (details.field, like "properties.env.PORT") inside node. */
function failAtField(r: NodeReader, node: YamlNode, context: string) {
  return (message: string, details?: Record<string, unknown>): void => {
    const field = details?.field;
    const path = typeof field === "string" ? field.split(".").slice(1) : [];
    r.fail(r.locate(node, path), `${context}: ${message}`);
  };
}

/** Deployment properties through checkProperties; its error is pointed at the field it names (details.field). */
export function readProperties(
  r: NodeReader,
  node: YamlNode | undefined,
  context: string,
): DeploymentProperties | undefined {
  if (!node) return {};
  const f = r.map(node, `${context}: properties`, PROPERTY_KEYS);
  if (!f) return undefined;
  const before = r.errors.length;
  const value: Record<string, unknown> = {};
  for (const key of PROPERTY_KEYS) {
    const field = f.node(key);
    // Environment values are text: `PORT: 8080` means "8080".
    if (field) value[key] = r.plain(field, `${context}: properties.${key}`, key === "env");
  }
  if (r.errors.length > before) return undefined;
  return attempt(() => checkProperties(value, "properties"), failAtField(r, node, context));
}

/** Arguments: text items within checkArguments' limits. */
export function readArguments(r: NodeReader, f: Fields, context: string): string[] | undefined {
  const args = f.texts("arguments", context);
  const node = f.node("arguments");
  return args && node ? r.check(node, context, () => checkArguments(args)) : args;
}

/**
 * A task's retention: days, runs and logDays, each a whole number checked as
 * setTaskRetention checks it. Undefined when absent, null when refused.
 */
function readRetention(
  r: NodeReader,
  node: YamlNode | undefined,
  context: string,
): TaskRetentionDoc | undefined | null {
  if (!node) return undefined;
  const f = r.map(node, `${context}: retention`, RETENTION_KEYS);
  if (!f) return null;
  const before = r.errors.length;
  const value: Record<string, unknown> = {};
  for (const key of RETENTION_KEYS) {
    const field = f.node(key);
    if (field) value[key] = r.plain(field, `${context}: retention.${key}`, false);
  }
  if (r.errors.length > before) return null;
  const checked = attempt(
    () => checkRetentionInput(value as { days?: number; runs?: number; logDays?: number }),
    failAtField(r, node, context),
  );
  return checked ? retentionDoc(checked) : null;
}

/** The limits a task sets itself, as a document writes them (null columns are left out). */
export function retentionDoc(o: RetentionOverride): TaskRetentionDoc | undefined {
  const doc: TaskRetentionDoc = {
    ...(o.retentionDays === null ? {} : { days: o.retentionDays }),
    ...(o.retentionRuns === null ? {} : { runs: o.retentionRuns }),
    ...(o.logRetentionDays === null ? {} : { logDays: o.logRetentionDays }),
  };
  return Object.keys(doc).length > 0 ? doc : undefined;
}

/**
 * Tasks of the document. A task may name an app the document does not define
 * (one already registered): that reference is kept for the service to check.
 * When the app IS in the document, the version must be one of its versions.
 */
export function readTasks(r: NodeReader, node: YamlNode | undefined, known: AppsRead): TaskDefinitionDoc[] {
  const tasks: TaskDefinitionDoc[] = [];
  const lines = new Map<string, number>();
  for (const item of r.list(node, "tasks")) {
    const f = r.map(item, "a task", TASK_KEYS);
    const name = f?.text("name", "a task", (n) => checkName(n, "task name"));
    if (!f) continue;
    const context = name === undefined ? "a task" : `task ${name}`;
    const app = f.text("app", context, (a) => checkName(a, "app"));
    const version = f.optionalText("version", context, checkVersion);
    const versions = app === undefined ? undefined : known.versions.get(app);
    if (versions && version !== undefined && !versions.has(version)) {
      const list = versions.size > 0 ? [...versions].join(", ") : "none";
      r.fail(
        f.node("version") ?? item,
        `${context}: app ${app} in this document has no version ${version} (it has ${list}).`,
      );
    }
    const properties = readProperties(r, f.node("properties"), context);
    const args = readArguments(r, f, context);
    const retention = readRetention(r, f.node("retention"), context);
    if (name === undefined) continue;
    const first = lines.get(name);
    if (first !== undefined) {
      r.fail(f.node("name") ?? item, `${context} is defined twice (first on line ${first}); task names are unique.`);
      continue;
    }
    lines.set(name, r.lineOf(item));
    if (app === undefined || !properties || !args || retention === null) continue;
    tasks.push({
      name,
      app,
      ...(version === undefined ? {} : { version }),
      properties,
      arguments: args,
      ...(retention ? { retention } : {}),
    });
  }
  return tasks;
}
