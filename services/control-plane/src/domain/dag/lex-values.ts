import { DslSyntaxError } from "./syntax-error.js";
import type { DagPosition } from "./types.js";

interface Read {
  end: number;
  value: string;
}

type At = (offset: number) => DagPosition;

/**
 * 'text' or "text"; the quote itself is written twice inside (SCDF's
 * convention: 'it''s'). May span lines. The value comes back unquoted.
 */
export function readQuoted(source: string, start: number, at: At): Read {
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

const ARG_NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;

// An unquoted value ends at whitespace or where the DSL's own syntax starts, so
// `<a --x=1 || b>` works; a value that needs any of these is written in quotes.
const isValueEnd = (source: string, i: number): boolean => {
  const c = source[i] ?? "";
  if (c === "" || c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v") return true;
  if (c === ";" || c === "<" || c === ">" || c === "(" || c === ")") return true;
  const two = source.slice(i, i + 2);
  return two === "&&" || two === "||";
};

/**
 * `--name=value` or `--name='quoted value'`, one token as in SCDF: no
 * whitespace inside. Comes back as `--name=value` with the quotes removed.
 */
export function readArgument(source: string, start: number, at: At): Read {
  ARG_NAME.lastIndex = start + 2;
  const name = ARG_NAME.exec(source)?.[0];
  if (!name) {
    throw new DslSyntaxError(at(start + 2), "expected an argument name right after '--', e.g. --date=2024-01-31", [
      "an argument name",
    ]);
  }
  const eq = start + 2 + name.length;
  if (source[eq] !== "=") {
    throw new DslSyntaxError(at(eq), `expected '=' after --${name} (arguments are written --name=value)`, ["'='"]);
  }
  const valueStart = eq + 1;
  const q = source[valueStart];
  if (q === "'" || q === '"') {
    const quoted = readQuoted(source, valueStart, at);
    return { end: quoted.end, value: `--${name}=${quoted.value}` };
  }
  let end = valueStart;
  while (!isValueEnd(source, end)) end++;
  if (end === valueStart) {
    throw new DslSyntaxError(at(valueStart), `expected a value after --${name}= (write '' for an empty value)`, [
      "a value",
    ]);
  }
  return { end, value: `--${name}=${source.slice(valueStart, end)}` };
}
