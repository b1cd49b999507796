/**
 * `npm run codegen`: typed documents for the example client operations,
 * generated from the served schema. Deterministic: same schema and
 * operations, same files.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["test/operations/**/*.graphql"],
  ignoreNoDocuments: true,
  generates: {
    "test/generated/": {
      preset: "client",
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
