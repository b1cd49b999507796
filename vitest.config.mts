import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // One copy of graphql-js for the whole test run, or schema building fails
  // with "Cannot use GraphQLObjectType from another module or realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/log-leaks.setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
