import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { RateLimiterMemory } from "rate-limiter-flexible";
import type { Identity } from "../domain/auth/identity.js";
import { allowsNames, type Grant, grantText, hasGlobalRole, hasRole } from "../domain/auth/roles.js";
import { PERMISSIONS, type Permission, type TargetLookup } from "./permissions.js";

export interface Authorization {
  lookup: TargetLookup;
  /** Mutations per identity and minute (absent: no limit). */
  limiter?: RateLimiterMemory;
}

const refusal = (message: string, code: "FORBIDDEN" | "RATE_LIMITED", extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, {
    extensions: { code, ...extra, http: { status: code === "FORBIDDEN" ? 403 : 429 } },
  });

/** The root fields an operation selects, through inline fragments and fragment spreads. */
function rootFields(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...rootFields(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      if (fragment) out.push(...rootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return out;
}

const yours = (grants: readonly Grant[]): string => grants.map(grantText).join(", ") || "none";

/** The refusal for one root field, or undefined when the identity may run it. */
async function check(
  field: string,
  permission: Permission | undefined,
  args: () => Record<string, unknown>,
  identity: Identity,
  lookup: TargetLookup,
): Promise<GraphQLError | undefined> {
  if (!permission)
    return refusal(`${field} has no role in Baton's permission table, so no one may run it.`, "FORBIDDEN");
  const missing = permission.roles.find((r) => !hasRole(identity.grants, r));
  if (missing) {
    return refusal(`${field} needs the ${missing} role; ${identity.name} has ${yours(identity.grants)}.`, "FORBIDDEN", {
      role: missing,
    });
  }
  const scoped = permission.roles.filter((r) => !hasGlobalRole(identity.grants, r));
  if (scoped.length === 0) return undefined;
  const limited = identity.grants
    .filter((g) => scoped.includes(g.role))
    .map(grantText)
    .join(", ");
  if (!permission.targets) {
    return refusal(
      `${field} needs ${scoped.join(" and ")} on every task and DAG; ${identity.name}'s is limited (${limited}).`,
      "FORBIDDEN",
      { role: scoped[0] },
    );
  }
  const names = await permission.targets(args(), lookup);
  // An id that names nothing is refused like one of another team's: the answer does not tell which.
  if (!names || names.length === 0 || !scoped.every((r) => allowsNames(identity.grants, r, names))) {
    return refusal(
      `${field} acts on ${permission.on ?? "a task or DAG"}, which must fall within ${identity.name}'s grants (${limited}); this one does not, or does not exist.`,
      "FORBIDDEN",
      { role: scoped[0] },
    );
  }
  return undefined;
}

/**
 * Checks a whole validated operation against the permission table before
 * any resolver runs (HTTP and graphql-ws alike), so an operation with one
 * refused field does nothing. Introspection needs only an identity. Then
 * mutations count against the caller's rate.
 */
export async function authorizeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: unknown,
  identity: Identity,
  auth: Authorization,
): Promise<GraphQLError | undefined> {
  const kind =
    operation.operation === "query" ? "Query" : operation.operation === "mutation" ? "Mutation" : "Subscription";
  const root = schema.getRootType(operation.operation) as GraphQLObjectType | undefined | null;
  if (!root) return undefined;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const variables =
    getVariableValues(schema, operation.variableDefinitions ?? [], (rawVariables ?? {}) as Record<string, unknown>)
      .coerced ?? {};
  let mutations = 0;
  for (const node of rootFields(operation.selectionSet, fragments)) {
    const name = node.name.value;
    if (name.startsWith("__")) continue;
    const def = root.getFields()[name];
    if (!def) continue; // validation already refused it
    const args = () => {
      try {
        return getArgumentValues(def, node, variables);
      } catch {
        return {};
      }
    };
    const refused = await check(name, PERMISSIONS[kind][name], args, identity, auth.lookup);
    if (refused) return refused;
    if (kind === "Mutation") mutations++;
  }
  if (mutations > 0 && auth.limiter) {
    try {
      await auth.limiter.consume(identity.subject, mutations);
    } catch (rejected) {
      const ms = (rejected as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
      const seconds = Math.max(1, Math.ceil(ms / 1000));
      return refusal(
        `Too many changes from ${identity.name}: at most ${auth.limiter.points} mutations a minute (BATON_MUTATION_RATE_LIMIT). Try again in ${seconds} s.`,
        "RATE_LIMITED",
        { retryAfterSeconds: seconds },
      );
    }
  }
  return undefined;
}
