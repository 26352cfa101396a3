import { type GraphIndex, indexGraph } from "./graph-index.js";
import { type DagEdge, type DagGraph, END, FAIL, WILDCARD } from "./types.js";

export interface DagProgress {
  /** Nodes to launch now, in definition order. Never a node already finished or running. */
  ready: string[];
  /** Nothing is running and nothing can become ready: the run is over. */
  done: boolean;
  /** Some path ended in an unhandled failure or $FAIL; the run ends FAILED once it is done. */
  failed: boolean;
}

/** What a finished node did: where its path goes, and which edges it follows. */
interface Finished {
  /** The `on` value of the edges followed; undefined = none. */
  follows: string | null | undefined;
  path: "continues" | "ended" | "failed";
}

type NodeState = "finished" | "running" | "ready" | "waiting" | "skipped" | "blocked";
type EdgeState = "taken" | "ended" | "diverted" | "not-taken" | "failed" | "moot" | "waiting";

/**
 * Which of a node's out-edges it follows for an exit status: the edges whose
 * pattern equals the status, else the '*' edges, else the always-edges, and
 * those only when the status is COMPLETED. Several edges with the chosen
 * pattern are all followed (a fork).
 */
export function followedPattern(
  edges: readonly DagEdge[],
  out: readonly number[],
  status: string,
): string | null | undefined {
  let wildcard = false;
  let always = false;
  for (const e of out) {
    const on = (edges[e] as DagEdge).on;
    if (on === status) return status;
    if (on === WILDCARD) wildcard = true;
    else if (on === null) always = true;
  }
  if (wildcard) return WILDCARD;
  return always && status === "COMPLETED" ? null : undefined;
}

function finish(graph: DagGraph, out: readonly number[], status: string): Finished {
  const follows = followedPattern(graph.edges, out, status);
  if (follows === undefined) {
    // SCDF: a status no transition names ends that path normally, unless it is FAILED;
    // a node without transitions (or a leaf) that did not COMPLETE fails the run.
    const hasTransitions = out.some((e) => graph.edges[e]?.on !== null);
    const ok = hasTransitions ? status !== "FAILED" : status === "COMPLETED";
    return { follows, path: ok ? "ended" : "failed" };
  }
  const targets = out.filter((e) => graph.edges[e]?.on === follows).map((e) => graph.edges[e]?.to);
  if (targets.includes(FAIL)) return { follows, path: "failed" };
  return { follows, path: targets.some((to) => to !== END) ? "continues" : "ended" };
}

/**
 * Decides what runs next from the exit statuses so far (see outcomeStatus).
 * Pure, O(nodes + edges). The graph must have passed validateGraph: nodes on
 * a cycle never become ready. A node is ready when
 * - it has no incoming edge and has not run (a start node), or
 * - an incoming outcome edge (`on` set) was followed, or
 * - it has always-edges (`on: null`) in, none still waiting or failed, and at
 *   least one followed or ended cleanly. This makes one rule serve both
 *   `a && b` and joins: a join waits for every branch; a branch that ended
 *   cleanly ($END, or a status its transitions leave alone) counts as done;
 *   a branch whose path went elsewhere (a transition) reports through the
 *   join edge of the node it went to; a branch that failed blocks the join,
 *   and everything after it, so the split fails.
 * A failure does not stop other branches already under way (SCDF lets the
 * split's other flows run to their end); `failed` says the run will fail.
 */
export function nextNodes(
  graph: DagGraph,
  finished: ReadonlyMap<string, string>,
  running: ReadonlySet<string>,
): DagProgress {
  const index = indexGraph(graph);
  const states: NodeState[] = graph.nodes.map(() => "waiting");
  const results: (Finished | undefined)[] = [];
  let failed = false;
  for (const v of index.order) {
    const id = (graph.nodes[v] as { id: string }).id;
    const status = finished.get(id);
    if (status !== undefined) {
      const result = finish(graph, index.outgoing[v] ?? [], status);
      results[v] = result;
      failed ||= result.path === "failed";
      states[v] = "finished";
    } else {
      states[v] = running.has(id) ? "running" : evaluate(graph, index, states, results, v);
    }
  }
  const ready = graph.nodes.filter((_, i) => states[i] === "ready").map((n) => n.id);
  return { ready, done: ready.length === 0 && !graph.nodes.some((n) => running.has(n.id)), failed };
}

function evaluate(
  graph: DagGraph,
  index: GraphIndex,
  states: readonly NodeState[],
  results: readonly (Finished | undefined)[],
  v: number,
): NodeState {
  const incoming = index.incoming[v] ?? [];
  if (incoming.length === 0) return "ready";
  let outcomeWaiting = false;
  let anyFailed = false;
  let always = 0;
  let alwaysOk = false;
  let alwaysWaiting = false;
  let alwaysFailed = false;
  for (const e of incoming) {
    const edge = graph.edges[e] as DagEdge;
    const state = edgeState(edge, index, states, results);
    anyFailed ||= state === "failed";
    if (edge.on !== null) {
      if (state === "taken") return "ready";
      outcomeWaiting ||= state === "waiting";
    } else {
      always++;
      alwaysOk ||= state === "taken" || state === "ended";
      alwaysWaiting ||= state === "waiting";
      alwaysFailed ||= state === "failed";
    }
  }
  if (always > 0 && alwaysOk && !alwaysWaiting && !alwaysFailed) return "ready";
  // A failed always-edge can never be satisfied; only a pending outcome edge could still fire.
  if (outcomeWaiting || (alwaysWaiting && !alwaysFailed)) return "waiting";
  return anyFailed ? "blocked" : "skipped";
}

function edgeState(
  edge: DagEdge,
  index: GraphIndex,
  states: readonly NodeState[],
  results: readonly (Finished | undefined)[],
): EdgeState {
  const from = index.indexOf.get(edge.from) as number;
  const state = states[from];
  if (state === "skipped") return "moot";
  if (state === "blocked") return "failed";
  const result = results[from];
  if (state !== "finished" || !result) return "waiting";
  if (edge.on === result.follows) return "taken";
  if (edge.on !== null) return "not-taken";
  // An always-edge not followed: the path failed here, ended here, or went on along a transition.
  if (result.path === "failed") return "failed";
  return result.path === "ended" ? "ended" : "diverted";
}
