import type { Ident, TaskRef, Transition } from "./ast.js";
import type { Cursor } from "./cursor.js";
import { isDigit } from "./lex-values.js";
import { isNumber, type Token } from "./lexer.js";
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

/** `label:` in front of a task or split; any word, `1:` included, as in SCDF. One label only. */
export function maybeLabel(c: Cursor): Ident | null {
  if (c.peek().kind !== "name" || c.peek(1).kind !== ":") return null;
  const label = ident(c.next(), "label");
  c.next();
  if (c.peek().kind === "name" && c.peek(1).kind === ":") {
    throw new DslSyntaxError(at(c.peek()), `'${label.text}' already labels this task: write only one label`);
  }
  return label;
}

/**
 * A positional argument (Baton's addition; SCDF has only --name=value): a
 * number-like word (`4`, `2024-01-31`) or a quoted string, on the same line
 * as what precedes it, and not an exit-code check (`4 -> x`) or a label.
 * Bare words stay refused as in SCDF: `a b` is more likely a missing '&&'.
 */
function isPositional(c: Cursor): boolean {
  const t = c.peek();
  const after = c.peek(1).kind;
  if (after === "->" || after === ":" || t.line !== c.previous().line) return false;
  return t.kind === "string" || (t.kind === "name" && isDigit(t.text[0] ?? ""));
}

function parseArgs(c: Cursor): string[] {
  const args: string[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === "badarg" && t.error) throw new DslSyntaxError(t.error.pos, t.error.message, t.error.expected);
    if (t.kind === "arg" || isPositional(c)) args.push(c.next().value);
    else return args;
  }
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
    if (t.kind === "name" && c.peek(1).kind === "->" && !isNumber(t.text)) {
      throw new DslSyntaxError(at(t), `exit statuses are quoted: write '${t.text}' -> …`);
    }
    const check = t.kind === "string" || t.kind === "*" || (t.kind === "name" && isNumber(t.text));
    if (!check || (t.kind !== "*" && c.peek(1).kind !== "->")) return transitions;
    c.next();
    const arrow = c.peek();
    if (arrow.kind !== "->") c.unexpected(arrow, ["'->'"], `a transition is written ${t.text} -> task`);
    c.next();
    // SCDF hands quoted and unquoted checks alike to Spring Batch as the pattern to match against the
    // exit status, so `*` and '*' both match any status and `3` matches the exit status "3".
    const pattern = t.kind === "*" ? WILDCARD : t.value;
    const quoted = t.kind === "string";
    if (pattern === "") {
      throw new DslSyntaxError(at(t), "an empty exit status never matches: write e.g. 'FAILED', 'COMPLETED' or '*'");
    }
    const key = `${quoted ? "'" : ""}${pattern}`;
    if (seen.has(key)) {
      throw new DslSyntaxError(
        at(t),
        `this task already has a transition for ${t.text}: each exit status leads one way`,
      );
    }
    seen.add(key);
    transitions.push({ pattern, quoted, pos: at(t), target: parseTarget(c) });
  }
}

/**
 * A target is one task (no `&&` chain, no transitions of its own), $END /
 * $FAIL, or `:label`, a jump to a labelled task or sequence, as in SCDF.
 */
function parseTarget(c: Cursor): Transition["target"] {
  const t = c.peek();
  if (t.kind === "special") {
    c.next();
    return { kind: t.value === END ? "end" : "fail", pos: at(t) };
  }
  if (t.kind === ":") {
    c.next();
    const name = c.peek();
    if (name.kind !== "name") c.unexpected(name, ["a label"], "a jump is written 'FAILED' -> :label");
    return { kind: "label", label: ident(c.next(), "label") };
  }
  if (t.kind !== "name") c.unexpected(t, TARGET_START);
  const label = maybeLabel(c);
  const name = c.peek();
  if (name.kind !== "name") c.unexpected(name, ["a task name"]);
  return parseTask(c, label, false);
}
