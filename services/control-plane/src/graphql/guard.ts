import {
  BREAK,
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { EXAMPLE_UUID, findBadCharacter, isUuid } from "../domain/validation.js";

/**
 * The one check every argument of every operation goes through, over HTTP
 * and graphql-ws alike, variables and literals alike, before any resolver
 * runs (so a multi-field mutation is refused whole, not half done):
 *   - no string anywhere in an argument (input fields, list items, JSON
 *     values and their keys) holds a NUL or another C0 control character
 *     other than tab, newline and CR, or a lone UTF-16 surrogate;
 *   - every argument or input field of type ID is a UUID (Baton's ids all are);
 *   - JSON values nest at most MAX_JSON_DEPTH levels.
 * Each refusal is BAD_USER_INPUT naming the argument path, e.g.
 * launchTask.input.arguments[2].
 */
export const MAX_JSON_DEPTH = 32;
const MAX_ERRORS = 5;

type Found = (message: string, path: string) => void;

const refusal = (message: string, path: string) =>
  new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field: path, http: { status: 400 } } });

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);

function checkString(value: string, path: string, found: Found): void {
  const bad = findBadCharacter(value);
  if (!bad) return;
  const fix = bad.description.includes("surrogate")
    ? "send well-formed Unicode text (a surrogate must be half of a pair)"
    : "remove it (tab, newline and carriage return are the only control characters allowed)";
  found(`${path} contains ${bad.description} at index ${bad.index}; ${fix}.`, path);
}

/** JSON objects, and graphql-js's coerced input objects (which have no prototype). */
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Strings, arrays and plain objects of a JSON (or other custom scalar) value. */
function checkJson(value: unknown, path: string, depth: number, found: Found): void {
  if (typeof value === "string") {
    checkString(value, path, found);
    return;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return;
  if (depth >= MAX_JSON_DEPTH) {
    found(`${path} nests deeper than ${MAX_JSON_DEPTH} levels; send a flatter value.`, path);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkJson(item, `${path}[${i}]`, depth + 1, found);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyPath = /^[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${shown(key)}]`;
    checkString(key, `${path} (a key)`, found);
    checkJson(item, keyPath, depth + 1, found);
  }
}

function checkInput(value: unknown, type: GraphQLInputType, path: string, found: Found): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) checkInput(item, t.ofType, `${path}[${i}]`, found);
    } else checkInput(value, t.ofType, path, found);
    return;
  }
  if (isInputObjectType(t)) {
    if (!isPlainObject(value)) return;
    const fields = t.getFields();
    for (const [name, item] of Object.entries(value)) {
      const field = fields[name];
      if (field) checkInput(item, field.type, `${path}.${name}`, found);
    }
    return;
  }
  if (getNamedType(t).name === "ID" && typeof value === "string") {
    if (!isUuid(value)) found(`${path} must be a UUID, for example ${EXAMPLE_UUID}; got ${shown(value)}.`, path);
    return;
  }
  checkJson(value, path, 0, found);
}

/** The guard's refusals for one operation of a validated document (empty when it may run). */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: unknown,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const found: Found = (message, path) => {
    if (errors.length < MAX_ERRORS) errors.push(refusal(message, path));
  };
  const inputs = isPlainObject(rawVariables) ? rawVariables : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 1 });
  // Variables of the wrong type: execution refuses them with graphql-js's own message.
  if (coerced.errors) return [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        if (errors.length >= MAX_ERRORS) return BREAK;
        const def = typeInfo.getFieldDef();
        if (!def || !node.arguments?.length) return undefined;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(def, node, coerced.coerced);
        } catch {
          return undefined; // a bad argument value: execution answers it with a typed error
        }
        for (const arg of def.args) {
          if (arg.name in values) checkInput(values[arg.name], arg.type, `${node.name.value}.${arg.name}`, found);
        }
        return undefined;
      },
    }),
  );
  return errors;
}

/** Subscriptions stream over graphql-ws; over HTTP POST they would have nowhere to go. */
export const subscriptionOverHttp = (): GraphQLError =>
  new GraphQLError(
    "Subscriptions are served over WebSocket: connect a graphql-ws client (protocol graphql-transport-ws) to this same URL with ws:// or wss://. HTTP runs queries and mutations only.",
    { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
  );
