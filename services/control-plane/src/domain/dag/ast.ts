import type { DagPosition } from "./types.js";

/** A word as written, with where it was written (errors point at it). */
export interface Ident {
  text: string;
  pos: DagPosition;
}

/**
 * `label: task --a=1 4 'FAILED'->x '*'->y 2->:retry`. Transition targets
 * never have transitions themselves (as in SCDF).
 */
export interface TaskRef {
  kind: "task";
  label: Ident | null;
  name: Ident;
  /** `--name=value` and positional arguments (`4`, `'a b'`), in the order written. */
  args: string[];
  transitions: Transition[];
}

export interface Transition {
  /** The exit status to match, unquoted; "*" matches any. */
  pattern: string;
  /** How it was written: quoted ('FAILED', '*') or not (an exit-code check: 3, *). SCDF keeps the two apart. */
  quoted: boolean;
  pos: DagPosition;
  /** A task, $END / $FAIL, or a jump to a label (`:retry`). */
  target: TaskRef | { kind: "end" | "fail"; pos: DagPosition } | { kind: "label"; label: Ident };
}

/** `<a || b && c>` (or `<a 'X'->b>`, one branch): each branch is a flow. */
export interface Split {
  kind: "split";
  label: Ident | null;
  branches: Flow[];
  pos: DagPosition;
}

export type Element = TaskRef | Split;

/** `a && <b || c> && d`. Parentheses only group, so they are flattened away while parsing. */
export interface Flow {
  elements: Element[];
  /** Where the flow starts (its first token). */
  pos: DagPosition;
}

/**
 * What a definition is: a main flow, then any secondary sequences, each
 * started by ';' or a new line and named by the label of its first element.
 * A secondary sequence runs only when a transition jumps to it (`'X'->:name`).
 */
export interface Definition {
  sequences: Flow[];
}
