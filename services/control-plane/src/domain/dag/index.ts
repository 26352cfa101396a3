/**
 * Composed tasks (DAGs) in SCDF's DSL: parse a definition into nodes and
 * edges, check it, and decide what runs next. Pure: no I/O, no clock.
 */
export { MAX_EDGES } from "./build.js";
export { downstreamOf } from "./downstream.js";
export { nodePropertiesOf, withNodeProperties } from "./node-properties.js";
export { type NodeOutcome, outcomeStatus } from "./outcome.js";
export { checkDag, type DagParseResult, parseDag } from "./parse-dag.js";
export { MAX_NESTING } from "./parser.js";
export { type DagProgress, followedPattern, nextNodes } from "./progress.js";
export {
  type DagEdge,
  type DagError,
  type DagGraph,
  type DagNode,
  type DagPosition,
  EMPTY_DEFINITION_MESSAGE,
  END,
  FAIL,
  MAX_NAME_LENGTH,
  NO_POSITION,
  WILDCARD,
} from "./types.js";
export { validateGraph } from "./validate.js";
