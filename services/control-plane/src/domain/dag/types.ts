import type { DeploymentProperties } from "../properties.js";
/**
 * The graph a composed-task definition becomes. It is what a DagVersion
 * stores (beside the source text) and what a run is pinned to.
 *
 * No synthetic fork/join nodes: a fork is several edges out of one node, a
 * join is several `on: null` edges into one node (see progress.ts for how a
 * join decides it may run). The two ends of SCDF's transitions that are not
 * tasks, `$END` and `$FAIL`, appear only as the `to` of outcome edges; they
 * can never clash with a node id (a label, `1` included, or a task name),
 * which never starts with `$`.
 */

/** One task run inside a DAG. `id` is the label if one was written, else the task name. */
export interface DagNode {
  id: string;
  /** What a person sees: the label, or the task name when there is none (so it equals `id`). */
  label: string;
  task: string;
  /**
   * `--name=value` strings and positional arguments (`slow-load 4`), quotes
   * removed, in the order written: they go to argv as they are, never through a shell.
   */
  arguments: string[];
  /** The DAG's nodeProperties for this node, laid over its task's properties when it runs. */
  properties?: DeploymentProperties;
}

/**
 * `on: null` = the SCDF `&&` step after a node that COMPLETED (also fork and join edges).
 * Otherwise the exit status the edge matches exactly, or "*" for any status
 * (written `*` or `'*'`; SCDF's runner gives both to Spring Batch as `*`).
 * Label jumps (`'X'->:label`) are outcome edges like any transition.
 */
export interface DagEdge {
  from: string;
  to: string;
  on: string | null;
}

/** `start`: the ids with no incoming edge, in definition order. */
export interface DagGraph {
  nodes: DagNode[];
  edges: DagEdge[];
  start: string[];
}

/** 1-based. Line 0 / column 0 means "no source position" (a graph loaded from storage). */
export interface DagPosition {
  line: number;
  column: number;
}

export interface DagError {
  line: number;
  column: number;
  message: string;
  expected?: string[];
}

/** Transition target that ends the path it is on without failing the run (SCDF `$END`). */
export const END = "$END";
/** Transition target that fails the run (SCDF `$FAIL`). */
export const FAIL = "$FAIL";
/** The outcome pattern that matches any exit status. */
export const WILDCARD = "*";
/** Same limit as task names elsewhere in Baton (and SCDF's Kubernetes / Cloud Foundry limit). */
export const MAX_NAME_LENGTH = 63;

export const NO_POSITION: DagPosition = { line: 0, column: 0 };

export const EMPTY_DEFINITION_MESSAGE =
  "the definition is empty: write at least one task name, e.g. `settle && report`";
