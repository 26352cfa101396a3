import { GraphQLError, getNamedType, type ValidationRule } from "graphql";

/**
 * BATON_GRAPHQL_INTROSPECTION=false: refuses __schema and __type (not
 * __typename) in every operation, over HTTP and graphql-ws alike, with one
 * sentence saying where the schema is published instead.
 */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    if (
      node.name.value === "__schema" ||
      node.name.value === "__type" ||
      (type && /^__(Schema|Type)$/.test(type.name))
    ) {
      context.reportError(
        new GraphQLError(
          "Schema introspection is turned off on this control plane (BATON_GRAPHQL_INTROSPECTION=false); the schema is published as services/control-plane/schema.graphql.",
          { nodes: node, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } },
        ),
      );
      return false;
    }
    return undefined;
  },
});
