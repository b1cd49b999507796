/**
 * `npm run schema`: writes the served schema to schema/schema.graphql, the
 * file frontend teams and codegen read. A test fails when the committed file
 * is stale.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-root";
import { buildGraphSchema, printServedSchema } from "./schema";

buildGraphSchema()
  .then((schema) => {
    const path = join(packageRoot(), "schema", "schema.graphql");
    writeFileSync(path, printServedSchema(schema));
    console.log(`wrote ${path}`);
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
