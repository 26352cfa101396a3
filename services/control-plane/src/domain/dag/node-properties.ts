import { badInput } from "../errors.js";
import { checkProperties, type DeploymentProperties } from "../properties.js";
import type { DagGraph } from "./types.js";

/** Set on the task only: a node may not change them. */
const TASK_ONLY = ["maxConcurrent", "allowLaunchEnv"] as const;

/**
 * Per-node deployment properties (a DAG's `nodeProperties`: node id -> properties),
 * laid over the node's task properties when the node runs, as a launch's are:
 * a node's own retry policy, priority, requests, labels, env, timeout. Checked
 * whole before anything is saved; returns the graph with each node's properties.
 */
export function withNodeProperties(graph: DagGraph, value: unknown): DagGraph {
  if (value === null || value === undefined) return graph;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw badInput(
      'nodeProperties must be a JSON object of node id -> properties, like {"load": {"retry": {"maxAttempts": 3}}}.',
      {
        field: "nodeProperties",
      },
    );
  }
  const ids = new Set(graph.nodes.map((n) => n.id));
  const byNode = new Map<string, DeploymentProperties>();
  for (const [id, props] of Object.entries(value as Record<string, unknown>)) {
    if (!ids.has(id)) {
      throw badInput(`nodeProperties.${id}: the DAG has no node ${id}; its nodes are ${[...ids].join(", ")}.`, {
        field: `nodeProperties.${id}`,
      });
    }
    const checked = checkProperties(props, `nodeProperties.${id}`);
    for (const key of TASK_ONLY) {
      if (checked[key] !== undefined) {
        throw badInput(`nodeProperties.${id}.${key} can be set only on the task itself (createTask or upgradeTask).`, {
          field: `nodeProperties.${id}.${key}`,
        });
      }
    }
    byNode.set(id, checked);
  }
  return { ...graph, nodes: graph.nodes.map((n) => (byNode.has(n.id) ? { ...n, properties: byNode.get(n.id) } : n)) };
}

/** The node properties of a graph, node id -> properties (for export and the API). */
export function nodePropertiesOf(graph: DagGraph): Record<string, DeploymentProperties> | null {
  const entries = graph.nodes.flatMap((n) => (n.properties ? [[n.id, n.properties] as const] : []));
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}
