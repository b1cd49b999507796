import { getIntrospectionQuery, parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGraphSchema } from "../../src/graph/schema";
import { MAX_PAGE } from "../../src/graph/common/connection";
import { MAX_NODES } from "../../src/graph/node/node.resolver";
import { ASSUMED_LIST_LENGTH, ShapeMeter } from "../../src/server/limits/operation-shape";
import { TokenBuckets } from "../../src/server/limits/token-bucket";
import { inputDepthRule, variablesCheck } from "../../src/server/limits/input-limits";
import { DEFAULT_LIMITS } from "../../src/server/limits/limits";
import { validate } from "graphql";
import type { GraphQLSchema } from "graphql";

let schema: GraphQLSchema;
beforeAll(async () => (schema = await buildGraphSchema()));
const measure = (q: string) => ShapeMeter.measure(schema, parse(q));
const L = ASSUMED_LIST_LENGTH;

describe("operation shape", () => {
  it("counts introspection as one shallow field: GraphiQL's standard query must pass the depth bound", () => {
    const introspection = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    expect(measure(introspection)).toEqual({ depth: 1, cost: 1 });
    expect(measure("{ __type(name: \"Query\") { fields { type { ofType { ofType { name } } } } } accounts { accountId } }")).toEqual({ depth: 2, cost: 1 + L * (1 + 1) });
  });

  it("counts a value per field, a list's items as the assumed length, and a page as `first`", () => {
    expect(measure("{ accounts { accountId alias } }")).toEqual({ depth: 2, cost: L * (1 + 2) });
    // collaborations(first: 7) { nodes { id members { accountId } } }: nodes are the page, members a list
    expect(measure("{ collaborations(first: 7) { nodes { id members { accountId } } } }")).toEqual({
      depth: 4,
      cost: 7 * (1 + 1 * (1 + 1 + L * (1 + 1))),
    });
  });

  it("takes the largest page when `first` is left out or is a variable", () => {
    const expected = MAX_PAGE * (1 + (1 + 1));
    expect(measure("{ collaborations { nodes { id } } }").cost).toBe(expected);
    expect(measure("query($n: Int) { collaborations(first: $n) { nodes { id } } }").cost).toBe(expected);
    expect(measure("{ collaborations(first: 100000) { nodes { id } } }").cost).toBe(expected);
  });

  it("counts nodes(ids:) as one item per id written, or the most a variable may hold", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `"id${i}"`).join(", ");
    expect(measure(`{ nodes(ids: [${ids}]) { nodeId } }`).cost).toBe(12 * (1 + 1));
    expect(measure(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`).cost).toBe(MAX_NODES * (1 + 1));
  });

  it("expands fragments once each, however often they are spread", () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^n leaves, measured in linear time.
    const n = 40;
    let doc = "query { ...F0 }";
    for (let i = 0; i < n; i++) doc += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
    doc += ` fragment F${n} on Query { __typename }`;
    expect(measure(doc).cost).toBe(2 ** n);
    expect(measure(doc).depth).toBe(1);
  });

  it("measures depth through fragments and inline fragments", () => {
    const q = "query { collaborations { nodes { ...C } } } fragment C on Collaboration { ... on Collaboration { creator { membership { id } } } }";
    expect(measure(q).depth).toBe(5);
  });

  it("copes with what GraphQL's validation will refuse: unknown fields, types, fragments and cycles", () => {
    expect(measure("{ nope { deeper { deepest } } }")).toEqual({ depth: 3, cost: 3 });
    expect(measure("{ ...Missing }")).toEqual({ depth: 0, cost: 0 });
    expect(measure("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A accounts { accountId } }").depth).toBe(2);
    expect(measure("{ ... on Nope { x } }")).toEqual({ depth: 1, cost: 1 });
  });
});

describe("token buckets", () => {
  it("lets a burst through, then one per refill interval, per key", () => {
    let now = 0;
    const b = new TokenBuckets({ burst: 3, perSecond: 2 }, () => now);
    expect([b.take("a"), b.take("a"), b.take("a")]).toEqual([0, 0, 0]);
    expect(b.take("a")).toBeCloseTo(0.5);
    expect(b.take("b")).toBe(0); // another principal has its own bucket
    now += 500;
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBeCloseTo(0.5);
    now += 60_000; // refills up to the burst only
    expect([b.take("a"), b.take("a"), b.take("a"), b.take("a") > 0]).toEqual([0, 0, 0, true]);
  });

  it("forgets idle full buckets once there are many", () => {
    let now = 0;
    const b = new TokenBuckets({ burst: 1, perSecond: 1 }, () => now);
    for (let i = 0; i <= 10_000; i++) b.take(`p${i}`);
    now += 2_000;
    b.take("late");
    expect(b.size).toBe(1);
  });
});

describe("input limits", () => {
  const check = variablesCheck({ maxInputDepth: 3, maxVariableValues: 10 });
  const nested = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };

  it("defaults to 16 levels and 10,000 values", () => {
    expect(DEFAULT_LIMITS.maxInputDepth).toBe(16);
    expect(DEFAULT_LIMITS.maxVariableValues).toBe(10_000);
  });

  it("counts nesting of objects and lists, and names the variable, never the value", () => {
    expect(check({ x: nested(3), y: "deep" })).toBeUndefined();
    expect(check({ y: 1, x: nested(4) })).toBe("The input of $x is nested too deeply.");
    expect(check({ "not a name": nested(4) })).toBe("The input of a variable is nested too deeply.");
  });

  it("walks without recursion: a million levels are refused, not a stack overflow", () => {
    let v: unknown = null;
    for (let i = 0; i < 1_000_000; i++) v = [v];
    expect(check({ x: v })).toBe("The input of $x is nested too deeply.");
  });

  it("counts every value of every variable", () => {
    expect(check({ a: [1, 2, 3, 4], b: [5, 6, 7, 8] })).toBeUndefined(); // 10 values: two lists and eight numbers
    expect(check({ a: [1, 2, 3, 4], b: [5, 6, 7, 8, 9] })).toMatch(/too many values.*\$b/);
    expect(check(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`v${i}`, i])))).toMatch(/too many values/);
  });

  it("leaves variables that are not an object to GraphQL", () => {
    for (const v of [undefined, null, "x", 1, [nested(10)]]) expect(check(v)).toBeUndefined();
  });

  it("bounds input literals written in the document, default values included", () => {
    const errors = (q: string) => validate(schema, parse(q), [inputDepthRule(3)]).map((e) => e.message);
    expect(errors(`{ nodes(ids: [["a"]]) { __typename } }`)).toEqual([]);
    expect(errors(`{ nodes(ids: [[[["a"]]]]) { __typename } }`)).toEqual(["The input of the argument ids is nested too deeply."]);
    expect(errors(`query($ids: [ID!] = [[[[]]]]) { nodes(ids: $ids) { __typename } }`)).toEqual(["The input of the default of $ids is nested too deeply."]);
  });
});
