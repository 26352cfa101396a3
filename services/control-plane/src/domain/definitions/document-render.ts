/**
 * Writes a definitions document. Deterministic: the same definitions always
 * give the same bytes (apps, tasks, DAGs and schedules by name, keys in a
 * fixed order, properties' keys sorted), so a re-export diffs clean in Git.
 */
import { Document, isCollection } from "yaml";
import type { AppDefinition, DefinitionsDocument, ScheduleDefinitionDoc, TaskDefinitionDoc } from "./types.js";

/** Code-unit order: the same everywhere, unlike localeCompare. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compare(a.name, b.name));
}

/** Properties come from JSON columns whose key order is not ours to trust. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).sort(([a], [b]) => compare(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

export function renderDocument(doc: DefinitionsDocument): string {
  const yaml = new Document();
  // One line per version and per argument list: short, and a changed version is a one-line diff.
  const flow = (value: unknown): unknown => {
    const node = yaml.createNode(value);
    if (isCollection(node)) node.flow = true;
    return node;
  };
  const app = (a: AppDefinition) => ({
    name: a.name,
    ...(a.defaultVersion === undefined ? {} : { defaultVersion: a.defaultVersion }),
    versions: a.versions.map((v) => flow({ version: v.version, uri: v.uri })),
  });
  const args = (list: string[]) => (list.length > 0 ? { arguments: flow(list) } : {});
  const task = (t: TaskDefinitionDoc) => ({
    name: t.name,
    app: t.app,
    ...(t.version === undefined ? {} : { version: t.version }),
    ...(Object.keys(t.properties).length > 0 ? { properties: sortKeys(t.properties) } : {}),
    ...args(t.arguments),
  });
  const schedule = (s: ScheduleDefinitionDoc) => ({
    name: s.name,
    ...(s.task === undefined ? {} : { task: s.task }),
    ...(s.dag === undefined ? {} : { dag: s.dag }),
    cron: s.cron,
    ...(s.timezone === undefined ? {} : { timezone: s.timezone }),
    ...args(s.arguments),
    ...(s.overlap === undefined ? {} : { overlap: s.overlap }),
    enabled: s.enabled,
  });
  yaml.contents = yaml.createNode({
    apiVersion: doc.apiVersion,
    apps: byName(doc.apps).map(app),
    tasks: byName(doc.tasks).map(task),
    dags: byName(doc.dags).map((d) => ({ name: d.name, definition: d.definition })),
    schedules: byName(doc.schedules).map(schedule),
  });
  // lineWidth 0: never fold long values (URIs, DAG definitions) across lines.
  return yaml.toString({ lineWidth: 0 });
}
