import { findCycle, indexGraph } from "./graph-index.js";
import {
  type DagError,
  type DagGraph,
  type DagPosition,
  EMPTY_DEFINITION_MESSAGE,
  END,
  FAIL,
  NO_POSITION,
} from "./types.js";

/**
 * Rules a graph must keep to be stored or run. Parsed graphs already keep the
 * structural ones; they are checked again because a graph may come from
 * storage. `positions` (from parseDag) points errors at the source text;
 * without it errors carry line 0, column 0.
 */
export function validateGraph(
  graph: DagGraph,
  knownTasks: ReadonlySet<string>,
  positions?: ReadonlyMap<string, DagPosition>,
): DagError[] {
  if (graph.nodes.length === 0) return [{ line: 1, column: 1, message: EMPTY_DEFINITION_MESSAGE }];
  const where = (id: string): DagPosition => positions?.get(id) ?? NO_POSITION;
  const errors: DagError[] = [];
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) errors.push({ ...where(node.id), message: `two nodes have the id '${node.id}'` });
    ids.add(node.id);
    if (!knownTasks.has(node.task)) {
      errors.push({
        ...where(node.id),
        message: `unknown task '${node.task}': create the task first, or check the spelling`,
      });
    }
  }
  for (const edge of graph.edges) errors.push(...checkEdge(edge, ids, where));
  errors.push(...checkStart(graph));
  const cycle = findCycle(graph, indexGraph(graph));
  if (cycle) {
    errors.push({
      ...where(cycle[0] as string),
      message: `the graph has a cycle (${cycle.join(" -> ")}): a DAG never comes back to a node`,
    });
  }
  return errors;
}

function checkEdge(edge: DagGraph["edges"][number], ids: Set<string>, where: (id: string) => DagPosition): DagError[] {
  const errors: DagError[] = [];
  const pos = where(edge.from);
  if (!ids.has(edge.from)) errors.push({ ...pos, message: `an edge starts at '${edge.from}', which is not a node` });
  if (edge.on === "") errors.push({ ...pos, message: `an edge from '${edge.from}' matches an empty exit status` });
  const special = edge.to === END || edge.to === FAIL;
  if (special && edge.on === null) {
    errors.push({
      ...pos,
      message: `'${edge.from}' always leads to ${edge.to}: only a transition can end or fail a run`,
    });
  } else if (!special && !ids.has(edge.to)) {
    const how = edge.on === null ? "an edge" : `a transition on '${edge.on}'`;
    errors.push({ ...pos, message: `'${edge.from}' has ${how} to '${edge.to}', which is not a node` });
  }
  return errors;
}

/** `start` is derived data; a stored graph whose start disagrees would start the wrong nodes. */
function checkStart(graph: DagGraph): DagError[] {
  const targets = new Set(graph.edges.map((e) => e.to));
  const expected = graph.nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
  const same = expected.length === graph.start.length && expected.every((id, i) => graph.start[i] === id);
  if (same) return [];
  return [
    {
      ...NO_POSITION,
      message: `start must list the nodes without incoming edges (${expected.join(", ") || "none"})`,
      expected,
    },
  ];
}
