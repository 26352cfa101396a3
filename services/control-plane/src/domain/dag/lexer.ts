import { readArgument, readQuoted } from "./lex-values.js";
import { DslSyntaxError } from "./syntax-error.js";
import type { DagPosition } from "./types.js";

export type TokenKind =
  | "name"
  | "special"
  | "string"
  | "int"
  | "*"
  | "arg"
  | "&&"
  | "||"
  | "<"
  | ">"
  | "("
  | ")"
  | ":"
  | "->"
  | ";"
  | "eof";

export interface Token extends DagPosition {
  kind: TokenKind;
  /** The source text, for messages ("but found '&&'"). */
  text: string;
  /** Names as written, strings without quotes, arguments as `--name=value`. */
  value: string;
}

const SINGLE: Readonly<Record<string, TokenKind>> = {
  "<": "<",
  ">": ">",
  "(": "(",
  ")": ")",
  ":": ":",
  ";": ";",
  "*": "*",
};

const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
const isLetter = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isNameChar = (c: string): boolean => isLetter(c) || isDigit(c) || c === "_" || c === "-";

/** Maps an offset to a 1-based line/column; built once so tokens cost O(log n), not O(n). */
export function positionIndex(source: string): (offset: number) => DagPosition {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n" || (c === "\r" && source[i + 1] !== "\n")) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
}

/** Whitespace, newlines included, only separates tokens: it never changes meaning. */
export function tokenize(source: string): Token[] {
  const at = positionIndex(source);
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value: string): void => {
    tokens.push({ kind, text: source.slice(start, end), value, ...at(start) });
  };
  while (i < source.length) {
    const c = source[i] ?? "";
    const two = source.slice(i, i + 2);
    if (isSpace(c)) {
      i++;
    } else if (two === "&&" || two === "||" || two === "->") {
      push(two, i, i + 2, two);
      i += 2;
    } else if (two === "--") {
      const arg = readArgument(source, i, at);
      push("arg", i, arg.end, arg.value);
      i = arg.end;
    } else if (SINGLE[c]) {
      push(SINGLE[c], i, i + 1, c);
      i++;
    } else if (c === "'" || c === '"') {
      const str = readQuoted(source, i, at);
      push("string", i, str.end, str.value);
      i = str.end;
    } else if (isDigit(c)) {
      let end = i + 1;
      while (isDigit(source[end] ?? "")) end++;
      push("int", i, end, source.slice(i, end));
      i = end;
    } else if (isLetter(c) || c === "$") {
      let end = i + 1;
      while (isNameChar(source[end] ?? "")) end++;
      const word = source.slice(i, end);
      if (c === "$" && word !== "$END" && word !== "$FAIL") {
        throw new DslSyntaxError(at(i), `unknown target '${word}': the special targets are $END and $FAIL`);
      }
      push(c === "$" ? "special" : "name", i, end, word);
      i = end;
    } else {
      throw new DslSyntaxError(at(i), unexpectedCharMessage(c));
    }
  }
  tokens.push({ kind: "eof", text: "", value: "", ...at(source.length) });
  return tokens;
}

function unexpectedCharMessage(c: string): string {
  if (c === "&") return "unexpected '&': run tasks one after another with '&&'";
  if (c === "|") return "unexpected '|': separate parallel branches with '||' inside '<' and '>'";
  if (c === "-") return "unexpected '-': write a transition as 'FAILED' -> task, an argument as --name=value";
  return `unexpected character '${c}'`;
}
