import type { ApolloServerPlugin } from "@apollo/server";
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
} from "graphql";
import { checkOperation, subscriptionOverHttp } from "./guard.js";

/** Errors graphql-js raises about the request itself get the code Apollo gives them over HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (typeof error.extensions.code === "string") return error;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    extensions: { ...error.extensions, code },
  });
}

export interface OperationPayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * graphql-ws's onSubscribe: the same parse (token limit), validation (armor's
 * limits) and guard as the HTTP path, so a WebSocket is no way around them.
 * Returns execution arguments without a context, so graphql-ws builds it.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  payload: OperationPayload,
  options: { maxTokens: number; rules: readonly ValidationRule[] },
): Omit<ExecutionArgs, "contextValue"> | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxLexicalTokens: options.maxTokens });
  } catch (err) {
    const error = err instanceof GraphQLError ? err : new GraphQLError(String(err));
    return [withCode(error, "GRAPHQL_PARSE_FAILED")];
  }
  const invalid = validate(schema, document, [...specifiedRules, ...options.rules]);
  if (invalid.length > 0) return invalid.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED"));
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) {
    return [
      new GraphQLError(
        "Name the operation to run with operationName (the document has several, or none by that name).",
        {
          extensions: { code: "BAD_USER_INPUT" },
        },
      ),
    ];
  }
  const refused = checkOperation(schema, document, operation, payload.variables);
  if (refused.length > 0) return refused;
  return {
    schema,
    document,
    ...(payload.operationName ? { operationName: payload.operationName } : {}),
    ...(payload.variables ? { variableValues: payload.variables } : {}),
  };
}

/** Apollo: the guard after validation, before anything runs; subscriptions are refused over HTTP. */
export const guardPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return;
        if (operation.operation === "subscription") throw subscriptionOverHttp();
        const refused = checkOperation(schema, document, operation, request.variables);
        if (refused[0]) throw refused[0];
      },
    };
  },
};
