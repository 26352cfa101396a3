import {
  type DeferredError,
  isDigit,
  isSpace,
  isWordStart,
  readArgument,
  readArgValue,
  readQuoted,
  wordEnd,
} from "./lex-values.js";
import { DslSyntaxError } from "./syntax-error.js";
import type { DagPosition } from "./types.js";

export type TokenKind =
  | "name"
  | "special"
  | "string"
  | "*"
  | "arg"
  | "badarg"
  | "="
  | "."
  | "value"
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
  /** For "badarg": what is wrong with the argument, reported when the parser reaches it (as SCDF does). */
  error?: DeferredError;
}

const SINGLE: Readonly<Record<string, TokenKind>> = {
  "<": "<",
  ">": ">",
  "(": "(",
  ")": ")",
  ":": ":",
  ";": ";",
  "*": "*",
  ".": ".",
};

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

/**
 * Tokens as SCDF's TaskTokenizer makes them. Whitespace only separates
 * tokens; where a new line matters (it starts a secondary sequence, like ';')
 * the parser compares token lines. A word is any run of letters, digits, `_`,
 * `$` and `-` (so `1`, `0->` and `a-b` lex as SCDF lexes them); what a word
 * may be (task, label, exit code) is the parser's business.
 */
export function tokenize(source: string): Token[] {
  const at = positionIndex(source);
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value: string): void => {
    tokens.push({ kind, text: source.slice(start, end), value, ...at(start) });
  };
  while (i < source.length) {
    const c = source[i] ?? "";
    if (isSpace(c)) {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === "&&" || two === "||" || two === "->") {
      push(two, i, i + 2, two);
      i += 2;
    } else if (two === "--") {
      const arg = readArgument(source, i, at);
      if ("error" in arg) {
        tokens.push({ kind: "badarg", text: source.slice(i, arg.end), value: "", error: arg.error, ...at(i) });
      } else {
        push("arg", i, arg.end, arg.value);
      }
      i = arg.end;
    } else if (c === "=") {
      // Outside an argument '=' is never right, but SCDF lexes a value after it and lets the parser complain.
      push("=", i, i + 1, c);
      i++;
      if (i < source.length && !isSpace(source[i] ?? "")) {
        const read = readArgValue(source, i, at);
        push("value", i, read.end, read.value);
        i = read.end;
      }
    } else if (SINGLE[c]) {
      push(SINGLE[c], i, i + 1, c);
      i++;
    } else if (c === "'" || c === '"') {
      const str = readQuoted(source, i, at);
      push("string", i, str.end, str.value);
      i = str.end;
    } else if (isWordStart(c)) {
      const end = wordEnd(source, i);
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

/** A word of digits only: an exit-code check before '->', a label before ':', or a positional argument. */
export const isNumber = (word: string): boolean => word.length > 0 && [...word].every(isDigit);

function unexpectedCharMessage(c: string): string {
  if (c === "&") return "unexpected '&': run tasks one after another with '&&'";
  if (c === "|") return "unexpected '|': separate parallel branches with '||' inside '<' and '>'";
  if (c === "-") return "unexpected '-': write a transition as 'FAILED' -> task, an argument as --name=value";
  return `unexpected character '${c}'`;
}
