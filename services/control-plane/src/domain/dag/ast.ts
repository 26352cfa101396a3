import type { DagPosition } from "./types.js";

/** A word as written, with where it was written (errors point at it). */
export interface Ident {
  text: string;
  pos: DagPosition;
}

/** `label: task --a=1 'FAILED'->x '*'->y`. Transition targets never have transitions themselves (as in SCDF). */
export interface TaskRef {
  kind: "task";
  label: Ident | null;
  name: Ident;
  args: string[];
  transitions: Transition[];
}

export interface Transition {
  /** The exit status to match, unquoted; "*" matches any. */
  pattern: string;
  pos: DagPosition;
  target: TaskRef | { kind: "end" | "fail"; pos: DagPosition };
}

/** `<a || b && c>`: each branch is a flow; the label, if any, is only checked for uniqueness. */
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
}
