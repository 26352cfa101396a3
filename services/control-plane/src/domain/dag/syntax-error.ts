import type { DagPosition } from "./types.js";

/**
 * Thrown inside the lexer and parser only, so that deep code can stop at the
 * first syntax error without threading results through every call;
 * parseDag turns it into a DagError and nothing else ever sees it.
 */
export class DslSyntaxError extends Error {
  constructor(
    readonly position: DagPosition,
    message: string,
    readonly expected?: string[],
  ) {
    super(message);
    this.name = "DslSyntaxError";
  }
}
