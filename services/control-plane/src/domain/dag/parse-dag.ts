import { buildGraph } from "./build.js";
import { tokenize } from "./lexer.js";
import { parseDefinition } from "./parser.js";
import { DslSyntaxError } from "./syntax-error.js";
import { type DagError, type DagGraph, type DagPosition, EMPTY_DEFINITION_MESSAGE } from "./types.js";
import { validateGraph } from "./validate.js";

export type DagParseResult =
  | { ok: true; graph: DagGraph; positions: ReadonlyMap<string, DagPosition> }
  | { ok: false; errors: DagError[] };

/**
 * Parses an SCDF composed-task definition into a graph. Syntax errors stop at
 * the first one; label and duplicate-task errors are all collected. `positions`
 * maps node ids to where their task name was written, for validateGraph.
 */
export function parseDag(source: string): DagParseResult {
  if (source.trim() === "") {
    return {
      ok: false,
      errors: [{ line: 1, column: 1, message: EMPTY_DEFINITION_MESSAGE, expected: ["a task name"] }],
    };
  }
  try {
    const built = buildGraph(parseDefinition(tokenize(source)));
    if (built.errors.length > 0) return { ok: false, errors: built.errors };
    return { ok: true, graph: built.graph, positions: built.positions };
  } catch (err) {
    if (!(err instanceof DslSyntaxError)) throw err;
    const error: DagError = { ...err.position, message: err.message };
    if (err.expected) error.expected = err.expected;
    return { ok: false, errors: [error] };
  }
}

/** parseDag then validateGraph, positions included: what createDag / updateDag need. */
export function checkDag(source: string, knownTasks: ReadonlySet<string>): DagParseResult {
  const parsed = parseDag(source);
  if (!parsed.ok) return parsed;
  const errors = validateGraph(parsed.graph, knownTasks, parsed.positions);
  return errors.length > 0 ? { ok: false, errors } : parsed;
}
