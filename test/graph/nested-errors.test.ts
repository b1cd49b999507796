/**
 * An AWS failure under a nested field (one that loads the full resource
 * through a loader: a run's parameters, statistics, result, error; a
 * membership's log status; a collaboration's description) answers in the
 * contract's words: the field null, one error with a contract code
 * (ACCOUNT_UNAVAILABLE, UPSTREAM_ERROR or THROTTLED) naming the account,
 * the rest of the data present. Never INTERNAL_SERVER_ERROR: that code is
 * for the gateway's own bugs. Each failure persists through the retries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type GraphQLResponse, type TestGateway } from "../support/gateway";
import { demo } from "../support/emulator";
import { collaborationById, membershipById, world } from "./demo-world";

const ACCOUNT_CODES = new Set(["ACCOUNT_UNAVAILABLE", "UPSTREAM_ERROR", "THROTTLED"]);

const queriesOf = (membershipId: string) => world.protectedQueries.filter((q) => q.membershipId === membershipId).map((q) => q.id).sort();
const jobsOf = (membershipId: string) => world.protectedJobs.filter((j) => j.membershipId === membershipId).map((j) => j.id).sort();

interface Case {
  name: string;
  /** The Get* call behind the field, and the account it is made as. */
  operation: string;
  accountId: string;
  query: string;
  variables: Record<string, unknown>;
  /** The data the answer must still carry, and the failed field(s) null. */
  check(data: any): void;
}

const m11 = membershipById(demo.m11);
const m23 = membershipById(demo.m23);
const retailMedia = collaborationById(demo.retailMedia);

const runCase = (kind: "query" | "job", fields: string, nulls: string[]): Case => {
  const m = kind === "query" ? m11 : m23;
  const ids = kind === "query" ? queriesOf(m.id) : jobsOf(m.id);
  const list = kind === "query" ? "protectedQueries" : "protectedJobs";
  return {
    name: `${kind} ${nulls.join(", ")} (in a list)`,
    operation: kind === "query" ? "GetProtectedQuery" : "GetProtectedJob",
    accountId: m.accountId,
    query: `query($m: ID!) { membership(id: $m) { id status ${list}(first: 20) { nodes { id status ${fields} } } } }`,
    variables: { m: m.id },
    check(data) {
      expect(data.membership.id).toBe(m.id);
      const nodes = data.membership[list].nodes as any[];
      expect(nodes.map((n) => n.id).sort()).toEqual(ids);
      for (const n of nodes) {
        expect(typeof n.status).toBe("string");
        for (const f of nulls) expect(n[f], f).toBeNull();
      }
    },
  };
};

const byIdCase = (kind: "query" | "job", fields: string, nulls: string[]): Case => {
  const m = kind === "query" ? m11 : m23;
  const id = (kind === "query" ? queriesOf(m.id) : jobsOf(m.id))[0];
  const root = kind === "query" ? "protectedQuery" : "protectedJob";
  return {
    name: `${kind} ${fields.replace(/ \{[^}]*\}/g, "")} (by id, next to a working field)`,
    operation: kind === "query" ? "GetProtectedQuery" : "GetProtectedJob",
    accountId: m.accountId,
    // The run itself is read by the same Get*: it is absent (null), and the collaboration next to it answers.
    query: `query($m: ID!, $id: ID!, $c: ID!) { ${root}(membershipId: $m, id: $id) { id ${fields} } collaboration(id: $c) { id name } }`,
    variables: { m: m.id, id, c: m.collaboration.id },
    check(data) {
      expect(data[root]).toBeNull();
      expect(data.collaboration).toEqual({ id: m.collaboration.id, name: m.collaboration.name });
    },
  };
};

const CASES: Case[] = [
  runCase("query", "sqlParameters { queryString }", ["sqlParameters"]),
  runCase("query", "statistics { totalDurationInMillis } result { output { s3 { location } } }", ["statistics", "result"]),
  runCase("query", "error { code message } computeConfiguration { worker { type } }", ["error", "computeConfiguration"]),
  runCase("job", "jobParameters { analysisTemplateArn }", ["jobParameters"]),
  runCase("job", "statistics { totalDurationInMillis } result { output { s3 { location } } } error { code }", ["statistics", "result", "error"]),
  byIdCase("query", "sqlParameters { queryString } statistics { totalDurationInMillis }", []),
  byIdCase("job", "jobParameters { analysisTemplateArn }", []),
  {
    // A non-null field (a run's membership's status, read by GetMembership): GraphQL nulls the nearest nullable parent.
    name: "a run's membership status (non-null)",
    operation: "GetMembership",
    accountId: m11.accountId,
    query: `query($m: ID!, $id: ID!, $c: ID!) { protectedQuery(membershipId: $m, id: $id) { id membership { id status } } collaboration(id: $c) { id name } }`,
    variables: { m: m11.id, id: queriesOf(m11.id)[0], c: m11.collaboration.id },
    check(data) {
      expect(data.protectedQuery).toBeNull();
      expect(data.collaboration).toEqual({ id: m11.collaboration.id, name: m11.collaboration.name });
    },
  },
  {
    name: "membership queryLogStatus",
    operation: "GetMembership",
    accountId: m11.accountId,
    query: `query($m: ID!) { membership(id: $m) { id status queryLogStatus jobLogStatus } }`,
    variables: { m: m11.id },
    check(data) {
      expect(data.membership).toMatchObject({ id: m11.id, queryLogStatus: null, jobLogStatus: null });
      expect(typeof data.membership.status).toBe("string");
    },
  },
  {
    name: "collaboration description",
    operation: "GetCollaboration",
    accountId: m11.accountId,
    query: `query($c: ID!) { collaboration(id: $c) { id name description } }`,
    variables: { c: retailMedia.id },
    check(data) {
      // Read by id, the collaboration itself comes from GetCollaboration: absent, or there with its description null.
      if (data.collaboration !== null) expect(data.collaboration).toMatchObject({ id: retailMedia.id, name: retailMedia.name, description: null });
    },
  },
  {
    name: "collaboration description (in a list)",
    operation: "GetCollaboration",
    accountId: m11.accountId,
    query: `query($a: String!) { account(accountId: $a) { accountId memberships { nodes { id collaboration { id name description } } } } }`,
    variables: { a: m11.accountId },
    check(data) {
      const nodes = data.account.memberships.nodes as any[];
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(n.collaboration.name).toBe(collaborationById(n.collaboration.id).name);
        expect(n.collaboration.description).toBeNull();
      }
    },
  },
];

const FAULTS = [
  ["an AWS 500", { internalErrorRate: 1 }],
  ["throttling", { throttleRate: 1 }],
  ["a dropped connection", { dropRate: 1 }],
] as const;

let g: TestGateway;
const logged = new Map<string, unknown>();
beforeAll(async () => (g = await startTestGateway({ log: (id, e) => logged.set(id, e) })));
afterAll(() => g.close());
afterEach(() => g.t.control("POST", "/_emulator/faults", { rules: [] }));

function expectContractError(res: GraphQLResponse<any>, accountId: string) {
  expect(res.status).toBe(200);
  expect(res.errors?.length ?? 0, JSON.stringify(res.errors)).toBeGreaterThan(0);
  for (const e of res.errors!) {
    const cause = logged.get(String(e.extensions?.correlationId));
    expect(ACCOUNT_CODES.has(String(e.extensions?.code)), `${JSON.stringify(e)} ${cause instanceof Error ? cause.stack : ""}`).toBe(true);
    expect(e.extensions?.accountId).toBe(accountId);
  }
  // One error per failing account, not one per field.
  expect(res.errors!.length).toBe(1);
}

describe.each(FAULTS)("%s under a nested field", (_, fault) => {
  for (const c of CASES) {
    it(`${c.name}: the field null, a contract code naming the account, the rest answered`, async () => {
      // Warm the routes (list calls) so the fault meets the Get* call only.
      await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: c.operation, accountId: c.accountId, ...fault }] });
      const res = await g.gql(c.query, c.variables);
      expectContractError(res, c.accountId);
      c.check(res.data);
    });
  }
});
