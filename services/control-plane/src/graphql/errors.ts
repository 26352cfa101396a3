import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { BatonError } from "../domain/errors.js";

/**
 * Every error leaves with an extensions.code. Baton's own refusals keep their
 * message; errors graphql-js raises about the request itself (syntax,
 * validation, variable types) are the caller's; anything else is logged and
 * answered generically, so internals never reach a client.
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
  const code = formatted.extensions?.code;
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return formatted;
  if (original instanceof GraphQLError && !original.originalError) {
    return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
  }
  log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return {
    message: "Internal error; the control plane logged the details.",
    ...path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
