import type { Element, Flow, Ident, Split } from "./ast.js";
import { Cursor } from "./cursor.js";
import type { Token } from "./lexer.js";
import { maybeLabel, parseTask, TASK_START } from "./parse-task.js";
import { DslSyntaxError } from "./syntax-error.js";
import { WILDCARD } from "./types.js";

/**
 * Grammar (SCDF's composed-task DSL, minus label jumps and secondary sequences):
 *   definition := flow EOF
 *   flow       := element ('&&' element)*
 *   element    := [label ':'] split | [label ':'] task | '(' flow ')'
 *   split      := '<' flow ('||' flow)+ '>'
 *   task       := NAME ARG* (PATTERN '->' target)*
 *   target     := '$END' | '$FAIL' | [label ':'] NAME ARG*
 * Sequences are loops, not recursion, so 10,000 tasks in a row cost no stack;
 * only nesting recurses, and nesting is capped.
 */
export const MAX_NESTING = 100;

const at = (t: Token) => ({ line: t.line, column: t.column });

export function parseDefinition(tokens: readonly Token[]): Flow {
  const c = new Cursor(tokens);
  const flow = parseFlow(c, 0);
  const end = c.peek();
  if (end.kind !== "eof") c.unexpected(end, afterFlow(flow, ["the end of the definition"]), hintAfter(flow, end));
  return flow;
}

function parseFlow(c: Cursor, depth: number): Flow {
  const elements: Element[] = [];
  for (;;) {
    parseElement(c, depth, elements);
    const and = c.peek();
    if (and.kind !== "&&") return { elements };
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
    if (close.kind !== ")") c.unexpected(close, afterFlow(inner, ["')'"]), hintAfter(inner, close));
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
    const t = c.next();
    if (t.kind === "||") continue;
    if (t.kind === ">") break;
    c.unexpected(t, afterFlow(branch, ["'||'", "'>'"]), hintAfter(branch, t));
  }
  if (branches.length < 2) {
    throw new DslSyntaxError(at(open), "a split needs at least two branches separated by '||', e.g. <a || b>");
  }
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

function hintAfter(flow: Flow, t: Token): string | undefined {
  if (t.kind === "name") return "join tasks with '&&' to run one after the other";
  if (t.kind === ";") return "a definition is one flow; secondary sequences (';' or a new line) are not supported";
  const last = flow.elements[flow.elements.length - 1];
  if (last?.kind === "split" && (t.kind === "string" || t.kind === "int" || t.kind === "*")) {
    return "transitions can follow a task, not a split";
  }
  return undefined;
}

function hintAtStart(t: Token): string | undefined {
  if (t.kind === "special") return `${t.text} can only be the target of a transition, e.g. 'FAILED' -> ${t.text}`;
  return undefined;
}
