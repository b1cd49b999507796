/**
 * The static AWS-call estimate (server/limits/aws-call-estimate.ts, from the
 * table in graph/aws-reads.ts) is an upper bound of what operations really
 * cost: documents generated from the schema itself — every field of every
 * type reachable from each root, a few levels deep — run against the
 * emulator, and for every account the calls the emulator logged are at most
 * the estimate. A resolver that starts reading something the table does not
 * say fails here. The shipped dashboard is also held to the number the
 * defaults rely on.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isNonNullType,
  isScalarType,
  parse,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGraphSchema } from "../../src/graph/schema";
import { estimateAwsCalls } from "../../src/server/limits/aws-call-estimate";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { twoRegionScenario } from "../support/two-regions";

let schema: GraphQLSchema;
let g: TestGateway;
beforeAll(async () => {
  schema = await buildGraphSchema();
  g = await startTestGateway();
});
afterAll(() => g?.close());

const ACCOUNTS = 3; // the operator reads the demo's three federated accounts

/** Argument values for generated documents: required ones, and small pages so documents stay within the cost limit. */
const GENERATED_VALUES: Record<string, string> = { first: "3", costType: "QUERY_COMPUTE" };

/** The field's arguments as generated, or undefined when one it requires has no generated value (the field is left out). */
function argsOf(f: GraphQLField<unknown, unknown>): string | undefined {
  const out: string[] = [];
  for (const a of f.args) {
    const value = GENERATED_VALUES[a.name];
    if (value !== undefined) out.push(`${a.name}: ${value}`);
    else if (isNonNullType(a.type)) return undefined;
  }
  return out.length > 0 ? `(${out.join(", ")})` : "";
}

/** Every field of `type`, object fields down to `depth` more levels, each type at most once on a path. */
function selection(type: GraphQLNamedType, depth: number, path: ReadonlySet<string>, alias?: { prefix: string; names: ReadonlySet<string> }): string {
  if (isAbstractType(type)) {
    // A field name whose type differs between the concrete types needs an alias per type (GraphQL would not merge them).
    const typesOf = new Map<string, Set<string>>();
    for (const t of schema.getPossibleTypes(type)) for (const f of Object.values(t.getFields())) typesOf.set(f.name, (typesOf.get(f.name) ?? new Set()).add(String(f.type)));
    const conflicting = new Set([...typesOf].filter(([, ts]) => ts.size > 1).map(([name]) => name));
    return `{ __typename ${schema
      .getPossibleTypes(type)
      .map((t) => `... on ${t.name} ${selection(t, depth, path, { prefix: `${t.name}_`, names: conflicting })}`)
      .join(" ")} }`;
  }
  const fields: string[] = [];
  for (const f of Object.values((type as GraphQLObjectType).getFields())) {
    const named = getNamedType(f.type);
    const args = argsOf(f);
    if (args === undefined) continue;
    // Under an abstract type, each concrete type's fields get aliases of their own (their types may differ).
    const name = alias?.names.has(f.name) ? `${alias.prefix}${f.name}: ${f.name}` : f.name;
    if (isScalarType(named) || isEnumType(named)) fields.push(`${name}${args}`);
    else if (depth > 0 && !path.has(named.name)) fields.push(`${name}${args} ${selection(named, depth - 1, new Set([...path, named.name]))}`);
  }
  return `{ ${fields.length > 0 ? fields.join(" ") : "__typename"} }`;
}

/**
 * Documents small enough for the gateway's document limits: for every path of object fields from the root field
 * (up to `length` fields long, each type once), one document that selects everything at its end, one level deeper.
 */
function documents(root: string, args?: string, length = 3): string[] {
  const rootField = schema.getQueryType()!.getFields()[root];
  const rootType = getNamedType(rootField.type);
  const out: string[] = [];
  const walk = (type: GraphQLNamedType, prefix: string[], seen: ReadonlySet<string>, fields: number) => {
    out.push(`query { ${prefix.join(" { ")} ${selection(type, 1, seen)} ${" }".repeat(prefix.length - 1)} }`);
    if (fields >= length) return;
    for (const t of isAbstractType(type) ? schema.getPossibleTypes(type) : [type as GraphQLObjectType]) {
      for (const f of Object.values(t.getFields())) {
        let named = getNamedType(f.type);
        const fieldArgs = argsOf(f);
        if (fieldArgs === undefined || isScalarType(named) || isEnumType(named)) continue;
        const field = [`${f.name}${fieldArgs}`];
        // A connection is a wrapper: its path goes on through its nodes.
        if (named.name.endsWith("Connection")) {
          named = getNamedType((named as GraphQLObjectType).getFields().nodes.type);
          field.push("nodes");
        }
        if (seen.has(named.name)) continue;
        const head = isAbstractType(type) ? [`... on ${t.name}`, ...field] : field;
        walk(named, [...prefix, ...head], new Set([...seen, named.name]), fields + 1);
      }
    }
  };
  walk(rootType, [`${root}${args ?? argsOf(rootField) ?? ""}`], new Set([rootType.name]), 1);
  return out;
}

/** The operation against the emulator: calls per account (AssumeRole is the pool's, not the operation's). */
async function run(query: string): Promise<{ perAccount: Record<string, number>; errors?: unknown[] }> {
  await g.t.resetCalls();
  const res = await g.gql(query);
  expect(res.errors ?? [], `${JSON.stringify(res.errors)}: ${query}`).toEqual([]);
  const { byAccount } = await g.t.calls();
  const perAccount = Object.fromEntries(
    Object.entries(byAccount).map(([account, ops]) => [account, Object.entries(ops).reduce((n, [op, c]) => (op === "AssumeRole" ? n : n + c), 0)]),
  );
  return { perAccount, errors: res.errors };
}

async function expectBounded(query: string): Promise<void> {
  const estimate = estimateAwsCalls(schema, parse(query), undefined, {}, ACCOUNTS);
  const { perAccount, errors } = await run(query);
  expect(errors, query).toBeUndefined();
  const made = Object.values(perAccount);
  expect(made.reduce((a, b) => a + b, 0), "some calls were made (else the test proves nothing)").toBeGreaterThan(0);
  for (const [account, n] of Object.entries(perAccount)) expect(n, `${account}: ${query}`).toBeLessThanOrEqual(estimate.perAccount);
  expect(made.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(estimate.total);
}

describe("every field, from each root: calls made ≤ the estimate, per account", () => {
  it.each(["accounts", "collaborations", "pendingApprovals"])("%s, every path of four fields", async (root) => {
    const docs = documents(root, undefined, 4);
    expect(docs.length).toBeGreaterThan(10);
    for (const doc of docs) await expectBounded(doc);
  });

  it("lookups by id: collaboration, membership, change request, protected query and job", async () => {
    const ids = await g.gql<{
      accounts: { memberships: { nodes: { id: string; protectedQueries: { nodes: { id: string }[] }; protectedJobs: { nodes: { id: string }[] } }[] } }[];
      collaborations: { nodes: { id: string; changeRequests: { nodes: { id: string }[] } }[] };
    }>(`{ accounts { memberships { nodes { id protectedQueries { nodes { id } } protectedJobs { nodes { id } } } } }
          collaborations { nodes { id changeRequests { nodes { id } } } } }`);
    const memberships = ids.data!.accounts.flatMap((a) => a.memberships.nodes);
    const withQuery = memberships.find((m) => m.protectedQueries.nodes.length > 0)!;
    const withJob = memberships.find((m) => m.protectedJobs.nodes.length > 0)!;
    const withRequest = ids.data!.collaborations.nodes.find((c) => c.changeRequests.nodes.length > 0)!;
    expect([withQuery, withJob, withRequest].every(Boolean)).toBe(true);
    const docs = [
      ...documents("collaboration", `(id: "${withRequest.id}")`, 2),
      ...documents("membership", `(id: "${withQuery.id}")`, 2),
      ...documents("changeRequest", `(collaborationId: "${withRequest.id}", id: "${withRequest.changeRequests.nodes[0].id}")`, 2),
      ...documents("protectedQuery", `(membershipId: "${withQuery.id}", id: "${withQuery.protectedQueries.nodes[0].id}")`, 2),
      ...documents("protectedJob", `(membershipId: "${withJob.id}", id: "${withJob.protectedJobs.nodes[0].id}")`, 2),
    ];
    for (const doc of docs) await expectBounded(doc);
  });

  it("nodes(ids:) over one id of every kind", async () => {
    const res = await g.gql<{ collaborations: { nodes: { nodeId: string; members: { nodeId: string }[]; memberships: { nodeId: string }[]; changeRequests: { nodes: { nodeId: string; approvals: { nodeId: string }[] }[] } }[] } }>(
      `{ collaborations { nodes { nodeId members { nodeId } memberships { nodeId } changeRequests { nodes { nodeId approvals { nodeId } } } } } }`,
    );
    const c = res.data!.collaborations.nodes.find((x) => x.changeRequests.nodes.length > 0 && x.memberships.length > 0)!;
    const ids = [c.nodeId, c.members[0].nodeId, c.memberships[0].nodeId, c.changeRequests.nodes[0].nodeId, c.changeRequests.nodes[0].approvals[0].nodeId];
    for (const doc of documents("nodes", `(ids: ${JSON.stringify(ids)})`, 2)) await expectBounded(doc);
  });
});

describe("the numbers the defaults rely on", () => {
  it("the dashboard: within the default per-operation budget for any number of accounts, and above what it makes", async () => {
    const dashboard = readFileSync(join(__dirname, "../../schema/operations/dashboard.graphql"), "utf8");
    const one = estimateAwsCalls(schema, parse(dashboard), undefined, {}, 1);
    const fifty = estimateAwsCalls(schema, parse(dashboard), undefined, {}, 50);
    // Per account, the estimate does not grow with the number of accounts (each account's lists are its own).
    expect(fifty.perAccount).toBe(one.perAccount);
    expect(fifty.total).toBeGreaterThan(one.total);
    expect(one.perAccount).toBeLessThanOrEqual(1_000);
    await expectBounded(dashboard);
  });

  it("aliases with the same arguments cost one read; distinct arguments one each", () => {
    const doc = (args: string[]) => parse(`{ accounts { memberships(first: 100) { nodes { ${args.map((a, i) => `q${i}: protectedQueries${a} { nodes { id } }`).join(" ")} } } } }`);
    const same = estimateAwsCalls(schema, doc(["(first: 5)", "(first: 5)", "(first: 5)"]), undefined, {}, 2);
    const distinct = estimateAwsCalls(schema, doc(["(first: 5)", "(first: 6)", "(first: 5, status: FAILED)"]), undefined, {}, 2);
    const single = estimateAwsCalls(schema, doc(["(first: 5)"]), undefined, {}, 2);
    expect(same).toEqual(single);
    // Two more lists per membership: 100 memberships per account.
    expect(distinct.perAccount - single.perAccount).toBe(2 * 100);
  });

  it("variables count as their values", () => {
    const text = `query($s: ProtectedQueryStatus, $n: Int) { accounts { memberships(first: 10) { nodes { a: protectedQueries(first: $n, status: $s) { nodes { id } } b: protectedQueries(first: 4) { nodes { id } } } } } }`;
    const sameAsB = estimateAwsCalls(schema, parse(text), undefined, { n: 4 }, 1);
    const differs = estimateAwsCalls(schema, parse(text), undefined, { n: 4, s: "FAILED" }, 1);
    expect(differs.perAccount - sameAsB.perAccount).toBe(10);
  });

  it("a selection @skip or @include leaves out reads nothing; one they keep counts as written", () => {
    const text = `query($with: Boolean!) { accounts { memberships(first: 10) { nodes { a: protectedQueries(first: 4) { nodes { id } } b: protectedJobs(first: 4) @include(if: $with) { nodes { id } } ... on Membership @skip(if: $with) { c: protectedJobs(first: 5) { nodes { id } } } } } } }`;
    const without = estimateAwsCalls(schema, parse(text), undefined, { with: false }, 1);
    const with_ = estimateAwsCalls(schema, parse(text), undefined, { with: true }, 1);
    const plain = estimateAwsCalls(schema, parse(`{ accounts { memberships(first: 10) { nodes { a: protectedQueries(first: 4) { nodes { id } } x: protectedJobs(first: 4) { nodes { id } } } } } }`), undefined, {}, 1);
    // Either way one protectedJobs list per membership (b or c), never both.
    expect(with_.perAccount).toBe(plain.perAccount);
    expect(without.perAccount).toBe(plain.perAccount);
    const neither = estimateAwsCalls(schema, parse(text.replace("@skip(if: $with)", "@include(if: $with)")), undefined, { with: false }, 1);
    expect(plain.perAccount - neither.perAccount).toBe(10);
  });

  it("a fragment counts where it is spread, as often as it is spread under distinct parents", () => {
    const inline = estimateAwsCalls(schema, parse(`{ accounts { memberships(first: 7) { nodes { protectedJobs(first: 2) { nodes { id } } } } } }`), undefined, {}, 1);
    const spread = estimateAwsCalls(
      schema,
      parse(`{ accounts { memberships(first: 7) { nodes { ...jobs } } } } fragment jobs on Membership { protectedJobs(first: 2) { nodes { id } } }`),
      undefined,
      {},
      1,
    );
    expect(spread).toEqual(inline);
    expect(inline.perAccount).toBe(1 + 7); // the membership list, then one job list per membership
  });
});

describe("accounts in two regions: an account's own lists count once per region", () => {
  let g2: TestGateway;
  beforeAll(async () => {
    g2 = await startTestGateway({ emulator: { scenario: twoRegionScenario() } });
  });
  afterAll(() => g2?.close());

  /** Calls per account, AssumeRole left out (the pool's, not the operation's). */
  async function madePerAccount(query: string): Promise<number[]> {
    await g2.t.resetCalls();
    const res = await g2.gql(query);
    expect(res.errors, query).toBeUndefined();
    const { byAccount } = await g2.t.calls();
    return Object.values(byAccount).map((ops) => Object.entries(ops).reduce((n, [op, c]) => (op === "AssumeRole" ? n : n + c), 0));
  }

  it("the account lists of two regions exceed the one-region estimate and stay within the two-region one", async () => {
    const regions = g2.accounts[0].regions!.length;
    expect(regions).toBe(2);
    const query = `{ accounts { status memberships { nodes { id } } } collaborations { nodes { id } } }`;
    const oneRegion = estimateAwsCalls(schema, parse(query), undefined, {}, g2.accounts.length);
    const twoRegions = estimateAwsCalls(schema, parse(query), undefined, {}, g2.accounts.length, regions);
    const made = await madePerAccount(query);
    // Every account listed its memberships and collaborations in both regions: more than one region's lists allow.
    expect(Math.max(...made)).toBeGreaterThan(oneRegion.perAccount);
    for (const n of made) expect(n).toBeLessThanOrEqual(twoRegions.perAccount);
    expect(made.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(twoRegions.total);
  });

  it("the dashboard, and every path from accounts and collaborations, stay within the two-region estimate", async () => {
    const regions = g2.accounts[0].regions!.length;
    const dashboard = readFileSync(join(__dirname, "../../schema/operations/dashboard.graphql"), "utf8");
    for (const query of [dashboard, ...documents("accounts", undefined, 2), ...documents("collaborations", undefined, 2)]) {
      const estimate = estimateAwsCalls(schema, parse(query), undefined, {}, g2.accounts.length, regions);
      for (const n of await madePerAccount(query)) expect(n, query).toBeLessThanOrEqual(estimate.perAccount);
    }
  });
});
