/**
 * The dags section: each DAG's definition is SCDF's composed-task DSL, kept
 * exactly as written. Its syntax is checked here, each error pointed at the
 * document's line; which tasks exist is the service's to check (checkDag), and
 * so is whether each of nodeProperties' node ids is a node of the DAG.
 */
import { isMap } from "yaml";
import { type DagGraph, parseDag, withNodeProperties } from "../dag/index.js";
import { type DeploymentProperties, deploymentProperties } from "../properties.js";
import { checkName } from "../validation.js";
import { attempt } from "./attempt.js";
import { firstOfName } from "./document-entries.js";
import { dagLineError, entryKey } from "./document-lines.js";
import {
  type DagDefinitionDoc,
  type DocumentLines,
  MAX_CONCURRENT,
  MAX_DAG_DEFINITION_BYTES,
  MAX_PARALLEL,
} from "./types.js";
import type { Fields } from "./yaml-fields.js";
import { isNull, type YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const DAG_KEYS = ["name", "definition", "maxParallel", "maxConcurrent", "nodeProperties"] as const;
/** Property names come from the shared schema, so a new property needs no change here. */
const PROPERTY_KEYS = Object.keys(deploymentProperties.shape);

type NodeProperties = Record<string, DeploymentProperties>;

function checkDefinition(r: NodeReader, node: YamlNode, name: string, definition: string, lines: DocumentLines) {
  const origin = r.textOrigin(node);
  lines.definitions.set(name, origin);
  const bytes = Buffer.byteLength(definition, "utf8");
  if (bytes > MAX_DAG_DEFINITION_BYTES) {
    r.fail(node, `DAG ${name}: the definition is larger than 4 MB; split it into several DAGs.`);
    return false;
  }
  const parsed = parseDag(definition);
  if (parsed.ok) return true;
  for (const error of parsed.errors) r.errors.push(dagLineError(name, origin, error));
  return false;
}

/**
 * withNodeProperties' own rules (checkProperties, the fields only a task may
 * set) for one node, before the DAG's nodes are known: a one-node graph.
 */
function checkNodeProperties(id: string, value: unknown): DeploymentProperties {
  const graph: DagGraph = { nodes: [{ id, label: id, task: id, arguments: [] }], edges: [], start: [id] };
  return withNodeProperties(graph, { [id]: value }).nodes[0]?.properties ?? {};
}

/** One node's properties; a refusal is pointed at the field it names (details.field). */
function readNodeEntry(r: NodeReader, id: string, node: YamlNode, context: string): DeploymentProperties | undefined {
  const what = `nodeProperties.${id}`;
  const f = r.map(node, `${context}: ${what}`, PROPERTY_KEYS);
  if (!f) return undefined;
  const before = r.errors.length;
  const value: Record<string, unknown> = {};
  for (const key of PROPERTY_KEYS) {
    const field = f.node(key);
    // Environment values are text: `PORT: 8080` means "8080".
    if (field) value[key] = r.plain(field, `${context}: ${what}.${key}`, key === "env");
  }
  if (r.errors.length > before) return undefined;
  return attempt(
    () => checkNodeProperties(id, value),
    (message, details) => {
      const field = details?.field;
      const inside = typeof field === "string" && field.startsWith(`${what}.`);
      r.fail(r.locate(node, inside ? field.slice(what.length + 1).split(".") : []), `${context}: ${message}`);
    },
  );
}

/** nodeProperties: node id -> properties; absent or empty is {}. Undefined when refused. */
function readNodeProperties(r: NodeReader, node: YamlNode | undefined, context: string): NodeProperties | undefined {
  if (!node) return {};
  if (!isMap(node)) {
    r.fail(node, `${context}: nodeProperties must be a mapping of node id -> properties, like a: { priority: 3 }.`);
    return undefined;
  }
  const before = r.errors.length;
  const byNode = new Map<string, DeploymentProperties>();
  for (const pair of node.items) {
    const id = r.text(pair.key, `a node id in ${context}: nodeProperties`);
    if (id === undefined) continue;
    if (isNull(pair.value)) {
      r.fail(pair.key, `${context}: nodeProperties.${id} must be a mapping of properties, like { priority: 3 }.`);
      continue;
    }
    const properties = readNodeEntry(r, id, pair.value, context);
    if (properties) byNode.set(id, properties);
  }
  return r.errors.length > before ? undefined : Object.fromEntries(byNode);
}

/** maxParallel and maxConcurrent; undefined when either is refused. */
function readLimits(f: Fields, context: string): { maxParallel?: number; maxConcurrent?: number } | undefined {
  const maxParallel = f.integer("maxParallel", context, 1, MAX_PARALLEL);
  const maxConcurrent = f.integer("maxConcurrent", context, 1, MAX_CONCURRENT);
  const refused = (key: string, value: number | undefined) => f.node(key) !== undefined && value === undefined;
  if (refused("maxParallel", maxParallel) || refused("maxConcurrent", maxConcurrent)) return undefined;
  return {
    ...(maxParallel === undefined ? {} : { maxParallel }),
    ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
  };
}

function readDag(
  r: NodeReader,
  item: YamlNode,
  seen: Map<string, number>,
  lines: DocumentLines,
): DagDefinitionDoc | undefined {
  const f = r.map(item, "a DAG", DAG_KEYS);
  const name = f?.text("name", "a DAG", (n) => checkName(n, "DAG name"));
  if (!f) return undefined;
  const context = name === undefined ? "a DAG" : `DAG ${name}`;
  const definition = f.text("definition", context);
  const limits = readLimits(f, context);
  const nodeProperties = readNodeProperties(r, f.node("nodeProperties"), context);
  if (name === undefined || !firstOfName(r, seen, name, f.node("name") ?? item, "DAG")) return undefined;
  lines.entries.set(entryKey("dag", name), r.lineOf(item));
  const definitionNode = f.node("definition");
  if (definition === undefined || !definitionNode) return undefined;
  if (!checkDefinition(r, definitionNode, name, definition, lines) || !limits || !nodeProperties) return undefined;
  const some = Object.keys(nodeProperties).length > 0;
  return { name, definition, ...limits, ...(some ? { nodeProperties } : {}) };
}

export function readDags(r: NodeReader, node: YamlNode | undefined, lines: DocumentLines): DagDefinitionDoc[] {
  const dags: DagDefinitionDoc[] = [];
  const seen = new Map<string, number>();
  for (const item of r.list(node, "dags")) {
    const dag = readDag(r, item, seen, lines);
    if (dag) dags.push(dag);
  }
  return dags;
}
