import type { Definition, Element, Flow, Ident, Split, TaskRef, Transition } from "./ast.js";
import { findCycle, indexGraph } from "./graph-index.js";
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

/** Where the next element's head(s) must be connected from, and on what; `jump` marks a label jump. */
interface Link {
  from: string;
  on: string | null;
  jump?: DagPosition;
}

/** A jump (`'X'->:label`) not yet connected. */
interface Jump {
  from: string;
  on: string;
  label: Ident;
  pos: DagPosition;
}

/**
 * Where a flow's exits lead once it has ended: the end of the run (the main
 * flow), or the element after the split a branch belongs to. A secondary
 * sequence continues where the flow that jumped to it continues.
 */
type Continuation = object;

interface BuiltSequence {
  cont: Continuation;
  entries: string[];
  exits: Link[];
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
 *   `*` and `'*'` both become "*" (SCDF gives both to Spring Batch as `*`);
 *   written on one node, both targets run.
 * - `a 'X' -> t && b`: a -> b on "*": SCDF's runner puts everything after the
 *   `&&` of a node with transitions on its wildcard, so b runs for any exit
 *   status no transition named (FAILED included), not just COMPLETED.
 * - `p && <b1 || b2> && j`: p -> head of each branch (fork), each way a branch
 *   can end -> j on null (join). A branch can end at its last element, at a
 *   transition target, or at a node with transitions (unmatched status, $END),
 *   so all of those get a join edge; progress.ts decides when the join runs.
 *   A split may have one branch: `<a 'X'->t> && b` joins t back to b.
 * - `a 'X' -> :l`: a jump. To a later labelled element of the same flow it is
 *   an edge a -> l on "X" (to an earlier one it closes a cycle: refused). To a
 *   secondary sequence (`; l: c && d`, or the same on a new line) it is an
 *   edge to the sequence's head, and the sequence's ends continue where the
 *   jumping flow continues (SCDF inlines the sequence there). A sequence that
 *   nothing jumps to never runs, as in SCDF, so it is left out of the graph.
 */
export function buildGraph(definition: Definition): Built {
  const builder = new Builder(definition);
  return builder.build();
}

const MAIN: Continuation = { main: true };

class Builder {
  private readonly nodes: DagNode[] = [];
  private readonly nodePos: DagPosition[] = [];
  private readonly edges: DagEdge[] = [];
  private readonly jumpEdges = new Map<number, DagPosition>();
  private readonly positions = new Map<string, DagPosition>();
  private readonly errors: DagError[] = [];
  /** Every id and split label; true when it came from a label. SCDF shares one namespace. */
  private readonly names = new Map<string, boolean>();
  /** Secondary sequences by the label of their first element. */
  private readonly sequenceFlows = new Map<string, Flow>();
  private readonly builtSequences = new Map<string, BuiltSequence>();

  constructor(private readonly definition: Definition) {}

  build(): Built {
    const [main, ...secondary] = this.definition.sequences;
    this.claimAll();
    for (const flow of secondary) {
      const label = labelOf(flow.elements[0]);
      if (!label) {
        this.errors.push({
          ...flow.pos,
          message:
            "a secondary sequence (after ';' or a new line) needs a label, e.g. 'retry: task', or it can never run",
        });
      } else if (!this.sequenceFlows.has(label.text)) {
        this.sequenceFlows.set(label.text, flow);
      }
    }
    if (main) this.flow(main, [], MAIN);
    if (this.errors.length === 0 && this.jumpEdges.size > 0) this.refuseCycle();
    const nodes = this.inDefinitionOrder();
    const targets = new Set(this.edges.map((e) => e.to));
    const start = nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
    return { graph: { nodes, edges: this.edges, start }, positions: this.positions, errors: this.errors };
  }

  /** Sequences are built when first jumped to, so their nodes may come early: put them back in source order. */
  private inDefinitionOrder(): DagNode[] {
    const pos = this.nodePos;
    const sorted = pos.every((p, i) => i === 0 || comparePos(pos[i - 1] as DagPosition, p) <= 0);
    if (sorted) return this.nodes;
    const order = this.nodes.map((_, i) => i);
    order.sort((x, y) => comparePos(pos[x] as DagPosition, pos[y] as DagPosition) || x - y);
    return order.map((i) => this.nodes[i] as DagNode);
  }

  /** Returns the links by which whatever follows this flow must be joined to it. */
  private flow(flow: Flow, incoming: Link[], cont: Continuation): Link[] {
    let pending = incoming;
    let lastHasTransitions = false;
    const exits: Link[] = [];
    /** Entry ids of this flow's labelled elements so far, for jumps back (cycles) and forward. */
    const local = new Map<string, string[]>();
    const forward: Jump[] = [];
    const arrive = (label: Ident | null, entries: string[]): void => {
      if (!label) return;
      local.set(label.text, entries);
      for (let i = forward.length - 1; i >= 0; i--) {
        const jump = forward[i] as Jump;
        if (jump.label.text !== label.text) continue;
        this.connectJump(jump, entries);
        forward.splice(i, 1);
      }
    };
    for (const element of flow.elements) {
      if (element.kind === "split") {
        arrive(element.label, entryIds(element));
        pending = this.split(element, pending);
        lastHasTransitions = false;
        continue;
      }
      const id = this.node(element);
      this.connect(pending, id, element.name.pos);
      arrive(element.label, [id]);
      lastHasTransitions = element.transitions.length > 0;
      if (!lastHasTransitions) {
        pending = [{ from: id, on: null }];
        continue;
      }
      exits.push({ from: id, on: null });
      for (const t of element.transitions) this.transition(id, t, exits, local, forward);
      pending = [{ from: id, on: WILDCARD }];
    }
    // After a node with transitions, `pending` is its '*' link, used only by a following element.
    if (!lastHasTransitions) for (const link of pending) exits.push(link);
    for (const link of this.sequencesJumpedTo(forward, cont)) exits.push(link);
    return exits;
  }

  private transition(from: string, t: Transition, exits: Link[], local: Map<string, string[]>, forward: Jump[]): void {
    const target = t.target;
    if (target.kind === "task") {
      const to = this.node(target);
      this.connect([{ from, on: t.pattern }], to, target.name.pos);
      exits.push({ from: to, on: null });
    } else if (target.kind === "label") {
      const jump = { from, on: t.pattern, label: target.label, pos: t.pos };
      const back = local.get(target.label.text);
      if (back) this.connectJump(jump, back);
      else forward.push(jump);
    } else {
      this.edges.push({ from, to: target.kind === "end" ? END : FAIL, on: t.pattern });
    }
  }

  /** Jumps no later element of their flow took: to secondary sequences, whose exits join this flow's. */
  private sequencesJumpedTo(jumps: Jump[], cont: Continuation): Link[] {
    const byLabel = new Map<string, Jump[]>();
    const head = this.definition.sequences[0]?.elements[0];
    for (const jump of jumps) {
      if (head && labelOf(head)?.text === jump.label.text) {
        // The main flow's first element comes before everything: jumping there can only close a cycle.
        this.connectJump(jump, entryIds(head));
        continue;
      }
      if (!this.sequenceFlows.has(jump.label.text)) {
        this.errors.push({ ...jump.pos, message: this.unreachableLabel(jump.label.text) });
        continue;
      }
      const list = byLabel.get(jump.label.text);
      if (list) list.push(jump);
      else byLabel.set(jump.label.text, [jump]);
    }
    const exits: Link[] = [];
    for (const [label, list] of byLabel) for (const link of this.sequence(label, list, cont)) exits.push(link);
    return exits;
  }

  private sequence(label: string, jumps: Jump[], cont: Continuation): Link[] {
    const flow = this.sequenceFlows.get(label) as Flow;
    const built = this.builtSequences.get(label);
    if (!built) {
      const fresh: BuiltSequence = { cont, entries: entryIds(flow.elements[0]), exits: [] };
      this.builtSequences.set(label, fresh);
      const links = jumps.map((j): Link => ({ from: j.from, on: j.on, jump: j.pos }));
      fresh.exits = this.flow(flow, links, cont);
      return fresh.exits;
    }
    if (built.cont !== cont) {
      this.errors.push({
        ...(jumps[0] as Jump).pos,
        message:
          `the sequence '${label}' is also jumped to from a flow that goes on differently; SCDF runs a copy ` +
          "of it for each: write a second copy with its own labels",
      });
      return [];
    }
    for (const jump of jumps) this.connectJump(jump, built.entries);
    return built.exits;
  }

  private unreachableLabel(label: string): string {
    if (!this.names.get(label)) return `there is no label '${label}' to jump to`;
    return (
      `a transition cannot jump to ':${label}' from here: jump to a later labelled task of the same flow, ` +
      "or to the label of a sequence written after ';' or on a new line"
    );
  }

  private connectJump(jump: Jump, entries: string[]): void {
    for (const to of entries) this.connect([{ from: jump.from, on: jump.on, jump: jump.pos }], to, jump.pos);
  }

  private split(split: Split, incoming: Link[]): Link[] {
    const joined: Link[] = [];
    for (const branch of split.branches) for (const link of this.flow(branch, incoming, {})) joined.push(link);
    return joined;
  }

  private node(ref: TaskRef): string {
    const id = ref.label?.text ?? ref.name.text;
    this.nodes.push({ id, label: id, task: ref.name.text, arguments: ref.args });
    this.nodePos.push(ref.label?.pos ?? ref.name.pos);
    if (!this.positions.has(id)) this.positions.set(id, ref.name.pos);
    return id;
  }

  /** SCDF's validator: every label and unlabelled task name once, across every sequence, in source order. */
  private claimAll(): void {
    const stack: Element[] = [];
    const pushFlow = (flow: Flow): void => {
      for (let i = flow.elements.length - 1; i >= 0; i--) stack.push(flow.elements[i] as Element);
    };
    for (let s = this.definition.sequences.length - 1; s >= 0; s--) pushFlow(this.definition.sequences[s] as Flow);
    while (stack.length > 0) {
      const element = stack.pop() as Element;
      if (element.kind === "split") {
        if (element.label) this.claim(element.label, true, `the label '${element.label.text}' is used twice`);
        for (let b = element.branches.length - 1; b >= 0; b--) pushFlow(element.branches[b] as Flow);
        continue;
      }
      this.claimTask(element);
      for (const t of element.transitions) if (t.target.kind === "task") this.claimTask(t.target);
    }
  }

  private claimTask(ref: TaskRef): void {
    const id = ref.label?.text ?? ref.name.text;
    if (ref.label) this.claim(ref.label, true, `the label '${id}' is used twice: labels must be unique`);
    else
      this.claim(ref.name, false, `the task '${id}' is used twice: give each use its own label, e.g. '${id}-2: ${id}'`);
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
    for (const link of links) {
      if (link.jump) this.jumpEdges.set(this.edges.length, link.jump);
      this.edges.push({ from: link.from, to, on: link.on });
    }
  }

  /**
   * Only a jump can close a cycle (everything else points forward). Of the
   * jumps on the cycle found, the one written last is the one that closes it.
   */
  private refuseCycle(): void {
    const graph: DagGraph = { nodes: this.nodes, edges: this.edges, start: [] };
    const cycle = findCycle(graph, indexGraph(graph));
    if (!cycle) return;
    const steps = new Set<string>();
    for (let i = 0; i + 1 < cycle.length; i++) steps.add(`${cycle[i]}\u0000${cycle[i + 1]}`);
    let closing: { pos: DagPosition; edge: DagEdge } | undefined;
    for (const [e, pos] of this.jumpEdges) {
      const edge = this.edges[e] as DagEdge;
      if (steps.has(`${edge.from}\u0000${edge.to}`) && (!closing || comparePos(pos, closing.pos) > 0)) {
        closing = { pos, edge };
      }
    }
    // Read the cycle from the jump's target round to the jump.
    const ids = cycle.slice(0, -1);
    const at = closing ? ids.findIndex((id, i) => id === closing?.edge.from && cycle[i + 1] === closing.edge.to) : -1;
    const loop = at < 0 ? cycle : [...ids.slice(at + 1), ...ids.slice(0, at + 1), ids[at + 1] ?? ids[0]];
    this.errors.push({
      ...(closing?.pos ?? this.positions.get(cycle[0] as string) ?? { line: 1, column: 1 }),
      message: `this jump closes a cycle (${loop.join(" -> ")}): a DAG never comes back to a node`,
    });
  }
}

function labelOf(element: Element | undefined): Ident | null {
  return element?.label ?? null;
}

/** The ids a link into this element reaches: the task, or the head of every branch of the split. */
function entryIds(element: Element | undefined): string[] {
  if (!element) return [];
  if (element.kind === "task") return [element.label?.text ?? element.name.text];
  return element.branches.flatMap((branch) => entryIds(branch.elements[0]));
}

function comparePos(a: DagPosition, b: DagPosition): number {
  return a.line - b.line || a.column - b.column;
}
