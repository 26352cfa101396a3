/**
 * How much one GraphQL request may ask for. Each is configurable by an
 * environment variable (config.ts); the defaults leave room above the
 * console's own documents (limits.test.ts checks every one of them).
 */
export interface GraphQLLimits {
  /** Nested selection depth (BATON_GRAPHQL_MAX_DEPTH). */
  depth: number;
  /** graphql-armor's cost estimate; `first: n` multiplies a list's cost (BATON_GRAPHQL_MAX_COST). */
  cost: number;
  /** Aliased fields per operation (BATON_GRAPHQL_MAX_ALIASES). */
  aliases: number;
  /** Directives per operation (BATON_GRAPHQL_MAX_DIRECTIVES). */
  directives: number;
  /** Lexical tokens of the query text (BATON_GRAPHQL_MAX_TOKENS). */
  tokens: number;
  /** Operations in one batched HTTP request, a JSON array (BATON_GRAPHQL_MAX_BATCH; 1 = no batching). */
  batch: number;
  /** Bytes of one HTTP request body (BATON_GRAPHQL_MAX_BODY_BYTES). */
  bodyBytes: number;
}

export const DEFAULT_LIMITS: GraphQLLimits = {
  depth: 10,
  cost: 100_000,
  aliases: 15,
  directives: 20,
  tokens: 3000,
  batch: 5,
  bodyBytes: 8 * 1024 * 1024,
};

/** The variable that raises each limit, for error messages. */
export const LIMIT_VARIABLES: Record<keyof GraphQLLimits, string> = {
  depth: "BATON_GRAPHQL_MAX_DEPTH",
  cost: "BATON_GRAPHQL_MAX_COST",
  aliases: "BATON_GRAPHQL_MAX_ALIASES",
  directives: "BATON_GRAPHQL_MAX_DIRECTIVES",
  tokens: "BATON_GRAPHQL_MAX_TOKENS",
  batch: "BATON_GRAPHQL_MAX_BATCH",
  bodyBytes: "BATON_GRAPHQL_MAX_BODY_BYTES",
};
