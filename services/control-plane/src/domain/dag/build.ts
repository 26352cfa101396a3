import type { Flow, Ident, Split, TaskRef } from "./ast.js";
import { DslSyntaxError } from "./syntax-error.js";
import {
  type DagEdge,
  type DagError,
  type DagGraph,
  type DagNode,
  type DagPosition,
  END,
  FAIL,
  WILDCARD,
} from "./types.js";

/**
 * A split followed directly by a split joins every branch to every branch
 * (m x n edges). Past this many edges we refuse rather than eat memory.
 */
export const MAX_EDGES = 100_000;

/** Where the next element's head(s) must be connected from, and on what. */
interface Link {
  from: string;
  on: string | null;
}

export interface Built {
  graph: DagGraph;
  /** Where each node's task name was written, for errors found later (unknown task). */
  positions: Map<string, DagPosition>;
  errors: DagError[];
}

/**
 * Turns the syntax tree into nodes and edges, SCDF's meaning made explicit:
 * - `a && b`: a -> b on null (b runs when a COMPLETED).
 * - `a 'X' -> t`: a -> t on "X"; `$END` / `$FAIL` become edges to END / FAIL.
 * - `a 'X' -> t && b`: a -> b on "*": SCDF's runner puts everything after the
 *   `&&` of a node with transitions on its wildcard, so b runs for any exit
 *   status no transition named (FAILED included), not just COMPLETED.
 * - `p && <b1 || b2> && j`: p -> head of each branch (fork), each way a branch
 *   can end -> j on null (join). A branch can end at its last element, at a
 *   transition target, or at a node with transitions (unmatched status, $END),
 *   so all of those get a join edge; progress.ts decides when the join runs.
 */
export function buildGraph(flow: Flow): Built {
  const builder = new Builder();
  builder.flow(flow, []);
  const targets = new Set(builder.edges.map((e) => e.to));
  const start = builder.nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
  const graph: DagGraph = { nodes: builder.nodes, edges: builder.edges, start };
  return { graph, positions: builder.positions, errors: builder.errors };
}

class Builder {
  readonly nodes: DagNode[] = [];
  readonly edges: DagEdge[] = [];
  readonly positions = new Map<string, DagPosition>();
  readonly errors: DagError[] = [];
  /** Every id and split label so far; true when it came from a label. SCDF shares one namespace. */
  private readonly names = new Map<string, boolean>();

  /** Returns the links by which whatever follows this flow must be joined to it. */
  flow(flow: Flow, incoming: Link[]): Link[] {
    let pending = incoming;
    let lastHasTransitions = false;
    const exits: Link[] = [];
    for (const element of flow.elements) {
      if (element.kind === "split") {
        pending = this.split(element, pending);
        lastHasTransitions = false;
        continue;
      }
      const id = this.node(element);
      this.connect(pending, id, element.name.pos);
      lastHasTransitions = element.transitions.length > 0;
      if (!lastHasTransitions) {
        pending = [{ from: id, on: null }];
        continue;
      }
      exits.push({ from: id, on: null });
      for (const t of element.transitions) {
        if (t.target.kind === "task") {
          const target = this.node(t.target);
          this.connect([{ from: id, on: t.pattern }], target, t.target.name.pos);
          exits.push({ from: target, on: null });
        } else {
          this.edges.push({ from: id, to: t.target.kind === "end" ? END : FAIL, on: t.pattern });
        }
      }
      pending = [{ from: id, on: WILDCARD }];
    }
    // After a node with transitions, `pending` is its '*' link, used only by a following element.
    if (!lastHasTransitions) for (const link of pending) exits.push(link);
    return exits;
  }

  private split(split: Split, incoming: Link[]): Link[] {
    if (split.label) this.claim(split.label, true, `the label '${split.label.text}' is used twice`);
    const joined: Link[] = [];
    for (const branch of split.branches) for (const link of this.flow(branch, incoming)) joined.push(link);
    return joined;
  }

  private node(ref: TaskRef): string {
    const id = ref.label?.text ?? ref.name.text;
    if (ref.label) this.claim(ref.label, true, `the label '${id}' is used twice: labels must be unique`);
    else
      this.claim(ref.name, false, `the task '${id}' is used twice: give each use its own label, e.g. '${id}-2: ${id}'`);
    this.nodes.push({ id, label: id, task: ref.name.text, arguments: ref.args });
    if (!this.positions.has(id)) this.positions.set(id, ref.name.pos);
    return id;
  }

  private claim(name: Ident, isLabel: boolean, sameKind: string): void {
    const before = this.names.get(name.text);
    if (before === undefined) {
      this.names.set(name.text, isLabel);
      return;
    }
    let message = sameKind;
    if (before && !isLabel)
      message = `the task '${name.text}' has the same name as a label used before: give it a label`;
    if (!before && isLabel) message = `the label '${name.text}' is already the name of a task used without a label`;
    this.errors.push({ ...name.pos, message });
  }

  private connect(links: Link[], to: string, pos: DagPosition): void {
    if (this.edges.length + links.length > MAX_EDGES) {
      throw new DslSyntaxError(
        pos,
        `this definition needs more than ${MAX_EDGES} edges: a split directly after a split joins every branch ` +
          "to every branch; put a task between the two splits",
      );
    }
    for (const link of links) this.edges.push({ from: link.from, to, on: link.on });
  }
}
