import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Types for every GraphQL document in src/ from the control plane's committed
 * schema. `npm run gen -w web` rewrites src/generated/; the build runs with --check
 * and fails when the generated files no longer match schema.graphql.
 */
const config: CodegenConfig = {
  schema: "../services/control-plane/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/generated/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", JSON: "unknown", ID: "string" },
      },
      plugins: [
        {
          add: {
            content: "/* DO NOT EDIT: generated from services/control-plane/schema.graphql by `npm run gen -w web`. */",
          },
        },
      ],
    },
  },
};

export default config;
