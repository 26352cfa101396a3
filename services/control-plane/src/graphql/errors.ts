import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { BatonError } from "../domain/errors.js";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "../store/unavailable.js";

/**
 * Every error leaves with an extensions.code. Baton's own refusals keep their
 * message; errors graphql-js raises about the request itself (syntax,
 * validation, variable types) are the caller's; anything else is logged and
 * answered generically, so internals never reach a client. No answer carries
 * a stack trace, whatever NODE_ENV says (over HTTP and graphql-ws alike).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (m: string) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const path = formatted.path ? { path: formatted.path } : {};
  if (original instanceof BatonError) {
    return { message: original.message, ...path, extensions: { code: original.code, ...(original.details ?? {}) } };
  }
  if (isDatabaseUnavailable(original))
    return { message: DATABASE_UNAVAILABLE, ...path, extensions: { code: "SERVICE_UNAVAILABLE", retryable: true } };
  const code = formatted.extensions?.code;
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return forClient(formatted, code);
  if (original instanceof GraphQLError && !original.originalError) return forClient(formatted, "BAD_USER_INPUT");
  log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return {
    message: "Internal error; the control plane logged the details.",
    ...path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

const TOKENS = /more th(?:an|at) (\d+) tokens/;

/** The caller's error without what is for the server only (stack traces, HTTP hints). */
function forClient(formatted: GraphQLFormattedError, code: string): GraphQLFormattedError {
  const { stacktrace: _stack, http: _http, exception: _exception, ...extensions } = formatted.extensions ?? {};
  const tokens = code === "GRAPHQL_PARSE_FAILED" ? TOKENS.exec(formatted.message)?.[1] : undefined;
  const message =
    tokens === undefined
      ? formatted.message
      : `The query has more than ${tokens} tokens. Split it into smaller requests, or pass long values as variables; the limit is set by BATON_GRAPHQL_MAX_TOKENS.`;
  return { ...formatted, message, extensions: { ...extensions, code } };
}

/** The body of an HTTP-level refusal (malformed JSON, too large, too many operations) as a GraphQL error. */
export function httpErrorBody(message: string, code: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code } }] };
}
