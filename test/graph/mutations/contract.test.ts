/**
 * The mutations and their input types are exactly the contract's: names, fields, types, nullability, and
 * the contract's descriptions word for word. Where the contract writes no description the served schema
 * adds its own (every element of it is described: test/schema/descriptions.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, GraphQLInputObjectType, GraphQLObjectType, printType, type GraphQLField, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../../src/package-root";
import { buildGraphSchema } from "../../../src/graph/schema";

const contract = buildSchema(readFileSync(join(packageRoot(), "schema", "contract.graphql"), "utf8"));
let served: GraphQLSchema;
beforeAll(async () => (served = await buildGraphSchema()));

/** A field with its arguments and descriptions, in a comparable form. */
const fieldShape = (f: GraphQLField<unknown, unknown>) => ({
  name: f.name,
  type: String(f.type),
  description: f.description ?? null,
  // Argument order carries no meaning in GraphQL (and type-graphql registers them last first): compared by name.
  args: f.args
    .map((a) => ({ name: a.name, type: String(a.type), description: a.description ?? null, defaultValue: a.defaultValue }))
    .sort((a, b) => a.name.localeCompare(b.name)),
});

/** The served field's shape, with a description only where the contract's field (or argument) has one. */
function servedShape(served: GraphQLField<unknown, unknown>, contract: GraphQLField<unknown, unknown>) {
  const shape = fieldShape(served);
  const written = fieldShape(contract);
  return {
    ...shape,
    description: written.description === null ? null : shape.description,
    args: shape.args.map((a) => ({ ...a, description: written.args.find((w) => w.name === a.name)?.description === null ? null : a.description })),
  };
}

/** The served input type, printed with a description only where the contract's type (or field) has one. */
function servedInput(served: GraphQLInputObjectType, contract: GraphQLInputObjectType): string {
  const config = served.toConfig();
  const written = contract.getFields();
  const fields = Object.fromEntries(
    Object.entries(config.fields).map(([name, f]) => [name, { ...f, description: written[name]?.description ? f.description : undefined }]),
  );
  return printType(new GraphQLInputObjectType({ ...config, description: contract.description ? config.description : undefined, fields }));
}

describe("mutations", () => {
  const contractMutations = (contract.getMutationType() as GraphQLObjectType).getFields();

  it("serves every Mutation of the contract with its exact arguments and descriptions", () => {
    const servedMutations = served.getMutationType()!.getFields();
    for (const name of Object.keys(contractMutations)) {
      expect(servedMutations[name], name).toBeDefined();
      expect(servedShape(servedMutations[name], contractMutations[name])).toEqual(fieldShape(contractMutations[name]));
    }
  });

  const inputTypes = Object.values(contract.getTypeMap()).filter((t): t is GraphQLInputObjectType => t instanceof GraphQLInputObjectType);

  it("covers the contract's input types", () => {
    expect(inputTypes.map((t) => t.name).sort()).toEqual([
      "ChangeInput", "CollaborationChangeSpecificationInput", "ComputeConfigurationInput", "CreateChangeRequestInput", "KeyValueInput",
      "MLPaymentConfigurationInput", "MemberChangeSpecificationInput", "MemberOutputInput", "MembershipPaymentConfigurationInput",
      "PaymentConfigurationInput", "PaymentResponsibilityInput", "ProtectedQueryOutputInput", "S3OutputInput", "SQLParametersInput",
      "StartProtectedJobInput", "StartProtectedQueryInput", "WorkerComputeConfigurationInput",
    ]);
  });

  it.each(inputTypes.map((t) => [t.name, t] as const))("serves input %s exactly as the contract writes it", (name, type) => {
    const mine = served.getType(name);
    expect(mine, name).toBeInstanceOf(GraphQLInputObjectType);
    expect(servedInput(mine as GraphQLInputObjectType, type)).toBe(printType(type));
  });
});
