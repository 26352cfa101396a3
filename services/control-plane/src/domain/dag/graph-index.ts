import type { DagGraph } from "./types.js";

/** Adjacency by position, built once per call so every walk is O(nodes + edges). */
export interface GraphIndex {
  indexOf: Map<string, number>;
  /** Edge positions (into graph.edges) leaving / entering each node; edges to END, FAIL or unknown ids are only in `outgoing`. */
  outgoing: number[][];
  incoming: number[][];
  /** Node positions, every edge's source before its target. Nodes on or behind a cycle are missing. */
  order: number[];
}

export function indexGraph(graph: DagGraph): GraphIndex {
  const indexOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (!indexOf.has(node.id)) indexOf.set(node.id, i);
  });
  const outgoing: number[][] = graph.nodes.map(() => []);
  const incoming: number[][] = graph.nodes.map(() => []);
  graph.edges.forEach((edge, e) => {
    const from = indexOf.get(edge.from);
    if (from === undefined) return;
    outgoing[from]?.push(e);
    const to = indexOf.get(edge.to);
    if (to !== undefined) incoming[to]?.push(e);
  });
  return { indexOf, outgoing, incoming, order: topologicalOrder(graph, indexOf, outgoing, incoming) };
}

/** Kahn's algorithm; an array with a moving head is the queue (shift() would make it quadratic). */
function topologicalOrder(
  graph: DagGraph,
  indexOf: Map<string, number>,
  outgoing: number[][],
  incoming: number[][],
): number[] {
  const waiting = incoming.map((edges) => edges.length);
  const order: number[] = [];
  waiting.forEach((count, i) => {
    if (count === 0) order.push(i);
  });
  for (let head = 0; head < order.length; head++) {
    for (const e of outgoing[order[head] as number] ?? []) {
      const to = indexOf.get((graph.edges[e] as { to: string }).to);
      if (to === undefined) continue;
      const left = (waiting[to] as number) - 1;
      waiting[to] = left;
      if (left === 0) order.push(to);
    }
  }
  return order;
}

/**
 * One cycle, as node ids with the first repeated at the end, or null. Walks
 * backwards from a node Kahn could not order: each such node has a
 * predecessor that also could not be ordered, so the walk must repeat.
 */
export function findCycle(graph: DagGraph, index: GraphIndex): string[] | null {
  if (index.order.length === graph.nodes.length) return null;
  const ordered = new Set(index.order);
  let current = graph.nodes.findIndex((_, i) => !ordered.has(i));
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    const back = (index.incoming[current] ?? []).find((e) => {
      const from = index.indexOf.get((graph.edges[e] as { from: string }).from);
      return from !== undefined && !ordered.has(from);
    });
    if (back === undefined) return null; // cannot happen for a Kahn leftover; keeps the loop total
    current = index.indexOf.get((graph.edges[back] as { from: string }).from) as number;
  }
  // The walk went backwards, so reverse the loop part to read it in edge direction.
  const loop = path.slice(seenAt.get(current)).reverse();
  const ids = loop.map((i) => (graph.nodes[i] as { id: string }).id);
  return [...ids, ids[0] as string];
}
