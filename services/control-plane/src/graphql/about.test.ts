import { readFileSync } from "node:fs";
import { buildSchema, Kind, type OperationDefinitionNode, parse } from "graphql";
import { describe, expect, it } from "vitest";
import type { Identity } from "../domain/auth/identity.js";
import type { Grant } from "../domain/auth/roles.js";
import { type Authorization, authorizeOperation } from "./authorize.js";
import { PERMISSIONS } from "./permissions.js";

const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));
const nothing = async () => undefined;
const auth: Authorization = {
  lookup: { executionTask: nothing, dagRunDag: nothing, scheduleTarget: nothing, triggerTarget: nothing },
};
const who = (grants: Grant[]): Identity => ({ kind: "oidc", subject: "s-1", name: "sam", grants });

const check = (identity: Identity) => {
  const document = parse("{ about { version controlPlanes { instance } } }");
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return authorizeOperation(schema, document, operation, {}, identity, auth);
};

describe("who may read about", () => {
  it("needs what the overview needs: VIEW", () => {
    expect(PERMISSIONS.Query.about).toEqual(PERMISSIONS.Query.overview);
    expect(PERMISSIONS.Query.about?.roles).toEqual(["VIEW"]);
  });

  it("a viewer may; a signed-in identity without VIEW may not", async () => {
    await expect(check(who([{ role: "VIEW" }]))).resolves.toBeUndefined();
    const refused = await check(who([{ role: "DEPLOY" }]));
    expect(refused?.extensions.code).toBe("FORBIDDEN");
    expect(refused?.message).toMatch(/about needs the VIEW role/);
  });
});
