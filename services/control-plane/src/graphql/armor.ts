import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";
import { type GraphQLLimits, LIMIT_VARIABLES } from "./limits.js";

type Limited = "depth" | "cost" | "aliases" | "directives";

/** A refusal a person can act on: what was exceeded and which variable raises it. */
const reporter = (which: Limited) => (ctx: ValidationContext | null, error: GraphQLError) => {
  const what = error.message.replace(/^Syntax Error: /, "");
  ctx?.reportError(
    new GraphQLError(
      `${what} Ask for less in one request (split it, or select fewer and shallower fields); the limit is set by ${LIMIT_VARIABLES[which]}.`,
      { extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: which } },
    ),
  );
};

const rejecting = (which: Limited) => ({ propagateOnRejection: false, onReject: [reporter(which)] });

/**
 * graphql-armor's depth, cost, alias and directive rules, as validation rules
 * for Apollo (validationRules) and graphql-ws (validate) alike, so both ways
 * in are bounded the same. Tokens are bounded by graphql's own parser
 * (parse's maxTokens), which refuses before building the document; field
 * suggestions stay on, since the schema is public (schema.graphql).
 */
export function armorRules(limits: GraphQLLimits): ValidationRule[] {
  return new ApolloArmor({
    blockFieldSuggestion: { enabled: false },
    maxTokens: { enabled: false },
    maxDepth: { n: limits.depth, ...rejecting("depth") },
    costLimit: { maxCost: limits.cost, ...rejecting("cost") },
    maxAliases: { n: limits.aliases, ...rejecting("aliases") },
    maxDirectives: { n: limits.directives, ...rejecting("directives") },
  }).protect().validationRules;
}
