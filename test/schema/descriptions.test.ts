/**
 * Every type, field, argument, input field and enum value of the served schema
 * has a description, so that GraphiQL's docs pane and generated types explain
 * it. Introspection types and GraphQL's built-in scalars are not ours to describe.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { buildGraphSchema } from "../../src/graph/schema";
import { packageRoot } from "../../src/package-root";

type Kind = "types" | "fields" | "arguments" | "enum values";

interface Coverage {
  total: number;
  missing: string[];
  byKind: Record<Kind, { total: number; described: number }>;
}

/** Every describable element of the schema, by coordinate (Type, Type.field, Type.field(arg:), Enum.VALUE). */
function coverage(schema: GraphQLSchema): Coverage {
  const missing: string[] = [];
  let total = 0;
  const byKind = Object.fromEntries(
    (["types", "fields", "arguments", "enum values"] as const).map((k) => [k, { total: 0, described: 0 }]),
  ) as Coverage["byKind"];
  const check = (kind: Kind, coordinate: string, description: string | null | undefined) => {
    total++;
    byKind[kind].total++;
    if (description?.trim()) byKind[kind].described++;
    else missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check("types", type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check("fields", `${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check("arguments", `${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check("fields", `${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check("enum values", `${type.name}.${value.name}`, value.description);
    }
  }
  return { total, missing: missing.sort(), byKind };
}

describe("schema descriptions", () => {
  it("describe every type, field, argument, input field and enum value of the served schema", async () => {
    const { total, missing, byKind } = coverage(await buildGraphSchema());
    const pct = (described: number, of: number) => `${described}/${of} (${((described / of) * 100).toFixed(1)}%)`;
    const kinds = Object.entries(byKind).map(([k, c]) => `${k} ${pct(c.described, c.total)}`);
    console.info(`schema descriptions: ${pct(total - missing.length, total)}; ${kinds.join(", ")}`);
    expect(missing, `${missing.length} of ${total} schema elements have no description:\n  ${missing.join("\n  ")}\n`).toEqual([]);
  });

  it("schema/contract.graphql opens with a comment, not a block string that would describe its first definition", () => {
    const [first] = parse(readFileSync(join(packageRoot(), "schema", "contract.graphql"), "utf8")).definitions;
    expect(first && "description" in first ? first.description?.value : undefined).toBeUndefined();
  });
});
