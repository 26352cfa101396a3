import type { Definition, Element, Flow, Ident, Split } from "./ast.js";
import { Cursor } from "./cursor.js";
import type { Token } from "./lexer.js";
import { maybeLabel, parseTask, TASK_START } from "./parse-task.js";
import { DslSyntaxError } from "./syntax-error.js";
import { WILDCARD } from "./types.js";

/**
 * Grammar (SCDF's composed-task DSL, TaskParser):
 *   definition := flow ((NEWLINE | ';') flow)* EOF
 *   flow       := element ('&&' element)*
 *   element    := [label ':'] split | [label ':'] task | '(' flow ')'
 *   split      := '<' flow ('||' flow)* '>'
 *   task       := NAME ARG* (CHECK '->' target)*
 *   target     := '$END' | '$FAIL' | ':' label | [label ':'] NAME ARG*
 * A new line only matters where a flow is complete: there, like ';', it
 * starts a secondary sequence (`&&`, transitions and arguments may continue
 * on the next line). Sequences are loops, not recursion, so 10,000 tasks in
 * a row cost no stack; only nesting recurses, and nesting is capped.
 */
export const MAX_NESTING = 100;

const at = (t: Token) => ({ line: t.line, column: t.column });

export function parseDefinition(tokens: readonly Token[]): Definition {
  const c = new Cursor(tokens);
  const sequences = [parseFlow(c, 0)];
  for (;;) {
    const next = c.peek();
    if (next.kind === "eof") return { sequences };
    if (next.kind === ";") c.next();
    else if (next.line <= c.previous().line) {
      const flow = sequences[sequences.length - 1] as Flow;
      c.unexpected(next, afterFlow(flow, ["the end of the definition"]), hintAfter(flow, next, c.previous()));
    }
    sequences.push(parseFlow(c, 0));
  }
}

function parseFlow(c: Cursor, depth: number): Flow {
  const elements: Element[] = [];
  const pos = at(c.peek());
  for (;;) {
    parseElement(c, depth, elements);
    const and = c.peek();
    if (and.kind !== "&&") return { elements, pos };
    const last = elements[elements.length - 1];
    if (last?.kind === "task" && last.transitions.some((t) => t.pattern === WILDCARD)) {
      // SCDF runs the '&&' successor of a node with transitions on '*'; with an explicit '*' it could never run.
      throw new DslSyntaxError(
        at(and),
        `nothing can follow '${last.name.text}' with '&&': its '*' transition already catches every exit status`,
      );
    }
    c.next();
  }
}

function parseElement(c: Cursor, depth: number, into: Element[]): void {
  const first = c.peek();
  if (first.kind === "(") {
    nest(first, depth);
    c.next();
    const inner = parseFlow(c, depth + 1);
    const close = c.peek();
    if (close.kind !== ")") c.unexpected(close, afterFlow(inner, ["')'"]), hintAfter(inner, close, c.previous()));
    c.next();
    // Parentheses only group: SCDF merges a group into the flow around it.
    for (const element of inner.elements) into.push(element);
    return;
  }
  const label = maybeLabel(c);
  const t = c.peek();
  if (t.kind === "<") {
    into.push(parseSplit(c, depth, label));
    return;
  }
  if (label && t.kind === "(") {
    throw new DslSyntaxError(at(t), "a label names one task or one split, not a group in parentheses");
  }
  if (t.kind !== "name") c.unexpected(t, TASK_START, hintAtStart(t));
  into.push(parseTask(c, label));
}

function parseSplit(c: Cursor, depth: number, label: Ident | null): Split {
  const open = c.next();
  nest(open, depth);
  const branches: Flow[] = [];
  for (;;) {
    const branch = parseFlow(c, depth + 1);
    branches.push(branch);
    const before = c.previous();
    const t = c.next();
    if (t.kind === "||") continue;
    if (t.kind === ">") break;
    c.unexpected(t, afterFlow(branch, ["'||'", "'>'"]), hintAfter(branch, t, before));
  }
  // One branch is allowed, as in SCDF: `<a 'X'->b> && c` lets the transition's target rejoin the flow.
  return { kind: "split", label, branches, pos: at(open) };
}

function nest(t: Token, depth: number): void {
  if (depth >= MAX_NESTING) {
    throw new DslSyntaxError(at(t), `splits and parentheses nest at most ${MAX_NESTING} levels deep`);
  }
}

/** What may come after a complete flow: more of it, or what closes it. */
function afterFlow(flow: Flow, closers: string[]): string[] {
  const last = flow.elements[flow.elements.length - 1];
  const more = last?.kind === "task" ? ["'&&'", "a transition such as 'FAILED' -> task"] : ["'&&'"];
  return [...more, ...closers];
}

function hintAfter(flow: Flow, t: Token, previous: Token): string | undefined {
  // `a 'FAILED' x`: the quoted word was read as a positional argument; the arrow is what is missing.
  if (t.kind === "name" && previous.kind === "string") return `a transition is written ${previous.text} -> ${t.text}`;
  if (t.kind === "name") return "join tasks with '&&' to run one after the other";
  if (t.kind === "=" || t.kind === ".") return "arguments are written --name=value";
  const last = flow.elements[flow.elements.length - 1];
  if (last?.kind === "split" && (t.kind === "string" || t.kind === "*")) {
    return "transitions can follow a task, not a split";
  }
  return undefined;
}

function hintAtStart(t: Token): string | undefined {
  if (t.kind === "special") return `${t.text} can only be the target of a transition, e.g. 'FAILED' -> ${t.text}`;
  return undefined;
}
