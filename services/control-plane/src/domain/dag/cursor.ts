import type { Token } from "./lexer.js";
import { DslSyntaxError } from "./syntax-error.js";

/** How a token is named in "but found …". */
export function describe(token: Token): string {
  if (token.kind === "eof") return "the end of the definition";
  return token.kind === "string" ? token.text : `'${token.text}'`;
}

/** Joins alternatives the way people say them: "x", "x or y", "x, y or z". */
export function oneOf(expected: readonly string[]): string {
  if (expected.length <= 1) return expected[0] ?? "";
  return `${expected.slice(0, -1).join(", ")} or ${expected[expected.length - 1]}`;
}

/** A read position over the token list; the list always ends with an "eof" token. */
export class Cursor {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)] as Token;
  }

  /** The token consumed last (the first token before anything was consumed). */
  previous(): Token {
    return this.tokens[Math.max(this.index - 1, 0)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.index++;
    return token;
  }

  /** Stops the parse at `token` with "expected A or B but found X" (plus an optional hint). */
  unexpected(token: Token, expected: readonly string[], hint?: string): never {
    const message = `expected ${oneOf(expected)} but found ${describe(token)}${hint ? `: ${hint}` : ""}`;
    throw new DslSyntaxError({ line: token.line, column: token.column }, message, [...expected]);
  }
}
