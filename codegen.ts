/**
 * `npm run codegen`: typed documents for the example client operations,
 * generated from the served schema. Deterministic: same schema and
 * operations, same files.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["schema/operations/*.graphql"],
  ignoreNoDocuments: true,
  generates: {
    "schema/generated/": {
      preset: "client",
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTimeISO: "string" } },
    },
  },
};

export default config;
