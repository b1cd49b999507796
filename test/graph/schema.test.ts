/** The served schema: committed as emitted, and never breaking the contract frontend teams build against. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, findBreakingChanges } from "graphql";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root";
import { buildGraphSchema, printServedSchema } from "../../src/graph/schema";

const read = (file: string) => readFileSync(join(packageRoot(), "schema", file), "utf8");

describe("served schema", () => {
  it("is what schema/schema.graphql holds (run `npm run schema` after changing it)", async () => {
    expect(printServedSchema(await buildGraphSchema())).toBe(read("schema.graphql"));
  });

  it("breaks nothing in schema/contract.graphql", async () => {
    const broken = findBreakingChanges(buildSchema(read("contract.graphql")), await buildGraphSchema());
    expect(broken.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
  });
});
