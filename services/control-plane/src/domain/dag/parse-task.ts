import type { Ident, TaskRef, Transition } from "./ast.js";
import type { Cursor } from "./cursor.js";
import type { Token } from "./lexer.js";
import { DslSyntaxError } from "./syntax-error.js";
import { END, MAX_NAME_LENGTH, WILDCARD } from "./types.js";

export const TASK_START = ["a task name", "'<'"];
const TARGET_START = ["a task name", "'$END'", "'$FAIL'"];

const at = (t: Token) => ({ line: t.line, column: t.column });

function ident(t: Token, what: "task name" | "label"): Ident {
  if (t.text.length > MAX_NAME_LENGTH) {
    throw new DslSyntaxError(at(t), `the ${what} '${t.text}' is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return { text: t.text, pos: at(t) };
}

/** `label:` in front of a task or split; SCDF allows one label only. */
export function maybeLabel(c: Cursor): Ident | null {
  if (c.peek().kind !== "name" || c.peek(1).kind !== ":") return null;
  const label = ident(c.next(), "label");
  c.next();
  if (c.peek().kind === "name" && c.peek(1).kind === ":") {
    throw new DslSyntaxError(at(c.peek()), `'${label.text}' already labels this task: write only one label`);
  }
  return label;
}

function parseArgs(c: Cursor): string[] {
  const args: string[] = [];
  while (c.peek().kind === "arg") args.push(c.next().value);
  return args;
}

/**
 * The caller has checked that the next token is a name. A transition target
 * takes no transitions: what follows it belongs to the task before the arrow.
 */
export function parseTask(c: Cursor, label: Ident | null, withTransitions = true): TaskRef {
  const name = ident(c.next(), "task name");
  const args = parseArgs(c);
  return { kind: "task", label, name, args, transitions: withTransitions ? parseTransitions(c) : [] };
}

function parseTransitions(c: Cursor): Transition[] {
  const transitions: Transition[] = [];
  const seen = new Set<string>();
  for (;;) {
    const t = c.peek();
    if (t.kind === "->") {
      throw new DslSyntaxError(at(t), "expected an exit status in quotes before '->', e.g. 'FAILED' -> cleanup", [
        "an exit status such as 'FAILED'",
      ]);
    }
    if (t.kind === "name" && c.peek(1).kind === "->") {
      throw new DslSyntaxError(at(t), `exit statuses are quoted: write '${t.text}' -> …`);
    }
    if (t.kind !== "string" && t.kind !== "int" && t.kind !== "*") return transitions;
    c.next();
    const arrow = c.peek();
    if (arrow.kind !== "->") c.unexpected(arrow, ["'->'"], `a transition is written ${t.text} -> task`);
    c.next();
    // Unquoted numbers are SCDF's exit-code checks; like SCDF they are compared with the exit status text.
    const pattern = t.kind === "*" ? WILDCARD : t.value;
    if (pattern === "") {
      throw new DslSyntaxError(at(t), "an empty exit status never matches: write e.g. 'FAILED', 'COMPLETED' or '*'");
    }
    if (seen.has(pattern)) {
      throw new DslSyntaxError(
        at(t),
        `this task already has a transition for ${t.text}: each exit status leads one way`,
      );
    }
    seen.add(pattern);
    transitions.push({ pattern, pos: at(t), target: parseTarget(c) });
  }
}

/** A target is one task (no `&&` chain, no transitions of its own) or $END / $FAIL, as in SCDF. */
function parseTarget(c: Cursor): Transition["target"] {
  const t = c.peek();
  if (t.kind === "special") {
    c.next();
    return { kind: t.value === END ? "end" : "fail", pos: at(t) };
  }
  if (t.kind === ":") {
    throw new DslSyntaxError(
      at(t),
      "transitions to a label (':name') are not supported: name the task to run, e.g. 'FAILED' -> cleanup",
    );
  }
  if (t.kind !== "name") c.unexpected(t, TARGET_START);
  const label = maybeLabel(c);
  const name = c.peek();
  if (name.kind !== "name") c.unexpected(name, ["a task name"]);
  return parseTask(c, label, false);
}
