import { DslSyntaxError } from "./syntax-error.js";
import type { DagPosition } from "./types.js";

type At = (offset: number) => DagPosition;

/** A syntax error found while lexing that SCDF reports only when the parser reaches it. */
export interface DeferredError {
  pos: DagPosition;
  message: string;
  expected?: string[];
}

export type ArgumentRead = { end: number; value: string } | { end: number; error: DeferredError };

export const isSpace = (c: string): boolean =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
const isLetter = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
export const isDigit = (c: string): boolean => c >= "0" && c <= "9";

/** SCDF's identifiers (task names, labels, argument names, exit codes): letters, digits, `_`, `$` and `-`. */
export const isWordStart = (c: string): boolean => isLetter(c) || isDigit(c) || c === "_" || c === "$";

/** End of the word starting at `start`; like SCDF, `0->x` is the word `0` and an arrow. */
export function wordEnd(source: string, start: number): number {
  let end = start + 1;
  for (;;) {
    const c = source[end] ?? "";
    if (c === "-" && source[end + 1] === ">") return end;
    if (!(isWordStart(c) || c === "-")) return end;
    end++;
  }
}

/**
 * 'text' or "text"; the quote itself is written twice inside (SCDF's
 * convention: 'it''s'). May span lines. The value comes back unquoted.
 */
export function readQuoted(source: string, start: number, at: At): { end: number; value: string } {
  const quote = source[start] ?? "'";
  let value = "";
  let from = start + 1;
  for (;;) {
    const close = source.indexOf(quote, from);
    if (close < 0) throw new DslSyntaxError(at(start), `unterminated string: add the closing ${quote}`);
    value += source.slice(from, close);
    if (source[close + 1] !== quote) return { end: close + 1, value };
    value += quote;
    from = close + 2;
  }
}

/** What ends an unquoted argument value, exactly as SCDF's tokenizer has it (the end of input too). */
const isValueEnd = (c: string | undefined, quoteOpen: boolean): boolean =>
  c === undefined ||
  (!quoteOpen && (c === "|" || c === ";" || c === ">" || c === " " || c === "\t" || c === "\r" || c === "\n"));

const isQuote = (c: string | undefined): boolean => c === "'" || c === '"';

/** Where an error about what should be at `offset` points: there, or at the next thing written after blanks. */
function nextVisible(source: string, offset: number): number {
  let i = offset;
  while (i < source.length && isSpace(source[i] ?? "")) i++;
  return i;
}

/**
 * An argument value right after `=`, as SCDF lexes it: up to a blank, `|`, `;`
 * or `>` (so `--x=1&&b` is the value `1&&b`, and `<a --x=1||b>` ends at `|`);
 * quotes keep blanks inside. A value that is one quoted string comes back
 * unquoted (`''` inside single quotes is one quote); anything else, quotes
 * included, comes back as written.
 */
export function readArgValue(source: string, start: number, at: At): { end: number; value: string } {
  const first = source[start];
  if (first !== undefined && isValueEnd(first, false) && !isSpace(first)) {
    throw new DslSyntaxError(
      at(start),
      `expected an argument value but found '${first}': quote a value that contains it, e.g. --x='a${first}b'`,
      ["an argument value"],
    );
  }
  let pos = start;
  let quoteOpen = false;
  let closed = 0;
  let quoteInUse: string | null = null;
  if (isQuote(first)) {
    quoteOpen = true;
    quoteInUse = first as string;
    pos++;
  }
  do {
    const c = source[pos];
    if ((quoteInUse !== null && c === quoteInUse) || (quoteInUse === null && isQuote(c))) {
      if (quoteInUse === "'" && c === "'" && source[pos + 1] === "'") pos++;
      else {
        quoteOpen = !quoteOpen;
        if (!quoteOpen) closed++;
      }
    }
    pos++;
  } while (!isValueEnd(source[pos], quoteOpen));
  if (quoteInUse !== null && closed === 0) {
    throw new DslSyntaxError(at(start), `unterminated string: add the closing ${quoteInUse}`);
  }
  const raw = source.slice(start, pos);
  if (quoteInUse !== null && closed === 1 && raw.endsWith(quoteInUse) && raw.length >= 2) {
    return { end: pos, value: raw.slice(1, -1).replaceAll(quoteInUse + quoteInUse, quoteInUse) };
  }
  return { end: pos, value: raw };
}

/**
 * `--name=value` or `--a.b.c='quoted value'`, no blanks inside, as in SCDF:
 * the name is words joined by single dots. Comes back as `--name=value`.
 * Mistakes in the name or a missing value are returned, not thrown, because
 * SCDF reports them only when the parser gets there (an earlier mistake wins);
 * `end` is then where lexing carries on.
 */
export function readArgument(source: string, start: number, at: At): ArgumentRead {
  const fail = (offset: number, message: string, expected: string[]): ArgumentRead => ({
    end: offset,
    error: { pos: at(nextVisible(source, offset)), message, expected },
  });
  let i = start + 2;
  if (!isWordStart(source[i] ?? "")) {
    return fail(i, "expected an argument name right after '--', e.g. --date=2024-01-31", ["an argument name"]);
  }
  i = wordEnd(source, i);
  while (source[i] === ".") {
    if (!isWordStart(source[i + 1] ?? "")) {
      return fail(i + 1, `expected a name part right after '.' in --${source.slice(start + 2, i + 1)}`, [
        "a name part",
      ]);
    }
    i = wordEnd(source, i + 1);
  }
  const name = source.slice(start + 2, i);
  if (source[nextVisible(source, i)] === "." && source[i] !== ".") {
    return fail(i, `no blanks inside an argument name: write --${name}.part=value`, ["'='"]);
  }
  if (source[i] !== "=") {
    return fail(i, `expected '=' after --${name} (arguments are written --name=value)`, ["'='"]);
  }
  const valueStart = i + 1;
  if (valueStart >= source.length || isSpace(source[valueStart] ?? "")) {
    return fail(valueStart, `expected a value after --${name}= (write '' for an empty value)`, ["a value"]);
  }
  const read = readArgValue(source, valueStart, at);
  return { end: read.end, value: `--${name}=${read.value}` };
}
