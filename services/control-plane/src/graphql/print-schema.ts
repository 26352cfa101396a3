import "reflect-metadata";
import { lexicographicSortSchema, printSchema } from "graphql";
import type { LiveSource } from "../services/event-stream.js";
import type { ExecutionsService } from "../services/executions.service.js";
import { createSchema, type ResolverInstances } from "./schema.js";

export const SCHEMA_HEADER =
  "# DO NOT EDIT: generated from the type-graphql classes by `npm run gen` (services/control-plane).\n\n";

/** The SDL of the API; resolvers are never called, so no services are needed. */
export async function printApiSchema(): Promise<string> {
  const none = {} as unknown;
  const schema = await createSchema({
    executions: none as ExecutionsService,
    live: none as LiveSource,
  } as ResolverInstances);
  return `${SCHEMA_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
