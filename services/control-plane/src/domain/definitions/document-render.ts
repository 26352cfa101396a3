/**
 * Writes a definitions document. Deterministic: the same definitions always
 * give the same bytes (every section by name, keys in a fixed order,
 * properties' keys sorted), so a re-export diffs clean in Git.
 */
import { Document, isCollection } from "yaml";
import type {
  AppDefinition,
  DagDefinitionDoc,
  DefinitionsDocument,
  ScheduleDefinitionDoc,
  TaskDefinitionDoc,
  TriggerDefinitionDoc,
} from "./types.js";

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
  const props = (p: object) => (Object.keys(p).length > 0 ? { properties: sortKeys(p) } : {});
  const target = (t: { task?: string; dag?: string }) => (t.task === undefined ? { dag: t.dag } : { task: t.task });
  const task = (t: TaskDefinitionDoc) => ({
    name: t.name,
    app: t.app,
    ...(t.version === undefined ? {} : { version: t.version }),
    ...props(t.properties),
    ...args(t.arguments),
    ...(t.retention ? { retention: flow(sortKeys(t.retention)) } : {}),
  });
  // One line per node: a node's changed properties are a one-line diff.
  const nodes = (byNode: DagDefinitionDoc["nodeProperties"]) => {
    const ids = Object.keys(byNode ?? {}).sort(compare);
    if (!byNode || ids.length === 0) return {};
    return { nodeProperties: Object.fromEntries(ids.map((id) => [id, flow(sortKeys(byNode[id]))])) };
  };
  const dag = (d: DagDefinitionDoc) => ({
    name: d.name,
    definition: d.definition,
    ...(d.maxParallel === undefined ? {} : { maxParallel: d.maxParallel }),
    ...(d.maxConcurrent === undefined ? {} : { maxConcurrent: d.maxConcurrent }),
    ...nodes(d.nodeProperties),
  });
  const schedule = (s: ScheduleDefinitionDoc) => ({
    name: s.name,
    ...target(s),
    cron: s.cron,
    timezone: s.timezone,
    ...args(s.arguments),
    ...props(s.properties),
    overlap: s.overlap,
    misfire: s.misfire,
    enabled: s.enabled,
    ...(s.startAt === undefined ? {} : { startAt: s.startAt }),
    ...(s.endAt === undefined ? {} : { endAt: s.endAt }),
  });
  const trigger = (t: TriggerDefinitionDoc) => ({
    name: t.name,
    ...target(t),
    ...(t.subject === undefined ? {} : { subject: t.subject }),
    ...args(t.arguments),
    ...props(t.properties),
    ...(t.dedupKey === undefined ? {} : { dedupKey: t.dedupKey }),
    ...(t.dedupWindowSeconds === undefined ? {} : { dedupWindowSeconds: t.dedupWindowSeconds }),
    enabled: t.enabled,
  });
  yaml.contents = yaml.createNode({
    apiVersion: doc.apiVersion,
    apps: byName(doc.apps).map(app),
    tasks: byName(doc.tasks).map(task),
    dags: byName(doc.dags).map(dag),
    schedules: byName(doc.schedules).map(schedule),
    triggers: byName(doc.triggers).map(trigger),
  });
  // lineWidth 0: never fold long values (URIs, DAG definitions) across lines.
  return yaml.toString({ lineWidth: 0 });
}
