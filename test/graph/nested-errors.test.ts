/**
 * An AWS failure under a nested field (one that loads the full resource
 * through a loader: a run's parameters, statistics, result, error; a
 * membership's log status; a collaboration's description) answers in the
 * contract's words: the field null, one error with a contract code
 * (ACCOUNT_UNAVAILABLE, UPSTREAM_ERROR or THROTTLED) naming the account,
 * the rest of the data present. So does a failed nested list read (a
 * collaboration's members and change requests, a run's payer, a
 * membership's runs, the inbox, a collaboration's runs and spend): the
 * account's part of the list missing, ACCOUNT_UNAVAILABLE naming the
 * account, the rest there. Never INTERNAL_SERVER_ERROR: that code is for
 * the gateway's own bugs. Each failure persists through the retries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type GraphQLResponse, type TestGateway } from "../support/gateway";
import { demo } from "../support/emulator";
import { collaborationById, federatedIds, isFederated, membershipById, world, type ScenarioCollaboration } from "./demo-world";
import { FINISHED } from "./spend-runs";

const ACCOUNT_CODES = new Set(["ACCOUNT_UNAVAILABLE", "UPSTREAM_ERROR", "THROTTLED"]);

const queriesOf = (membershipId: string) => world.protectedQueries.filter((q) => q.membershipId === membershipId).map((q) => q.id).sort();
const jobsOf = (membershipId: string) => world.protectedJobs.filter((j) => j.membershipId === membershipId).map((j) => j.id).sort();

interface Case {
  name: string;
  /** The AWS call behind the field, and the accounts it fails for (any of them may be the one read). */
  operation: string;
  accounts: string[];
  /** The codes the error may have (by default any of ACCOUNT_CODES). */
  codes?: ReadonlySet<string>;
  query: string;
  variables: Record<string, unknown>;
  /** The data the answer must still carry, and the failed field(s) null. */
  check(data: any): void;
}

const m11 = membershipById(demo.m11);
const m23 = membershipById(demo.m23);
const retailMedia = collaborationById(demo.retailMedia);
/** The federated accounts that see `c` (any of them may be the one its collaboration-wide lists are read through). */
const seers = (c: ScenarioCollaboration) => c.members.filter((m) => isFederated(m.accountId) && (m.status === "ACTIVE" || m.status === "INVITED")).map((m) => m.accountId);

const runCase = (kind: "query" | "job", fields: string, nulls: string[]): Case => {
  const m = kind === "query" ? m11 : m23;
  const ids = kind === "query" ? queriesOf(m.id) : jobsOf(m.id);
  const list = kind === "query" ? "protectedQueries" : "protectedJobs";
  return {
    name: `${kind} ${nulls.join(", ")} (in a list)`,
    operation: kind === "query" ? "GetProtectedQuery" : "GetProtectedJob",
    accounts: [m.accountId],
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
    accounts: [m.accountId],
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
    accounts: [m11.accountId],
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
    accounts: [m11.accountId],
    query: `query($m: ID!) { membership(id: $m) { id status queryLogStatus jobLogStatus } }`,
    variables: { m: m11.id },
    check(data) {
      expect(data.membership).toMatchObject({ id: m11.id, queryLogStatus: null, jobLogStatus: null });
      expect(typeof data.membership.status).toBe("string");
    },
  },
  {
    name: "collaboration description (every account that sees it failing: another would answer for one)",
    operation: "GetCollaboration",
    accounts: seers(retailMedia),
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
    accounts: [m11.accountId],
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

const UNAVAILABLE: ReadonlySet<string> = new Set(["ACCOUNT_UNAVAILABLE"]);
const m21 = membershipById(demo.m21);
const audienceInsights = collaborationById(demo.audienceInsights);
const finished = (runs: { membershipId: string; status: string }[], membershipId: string) => runs.filter((r) => r.membershipId === membershipId && FINISHED.has(r.status)).length;

/** Membership.runs with one of its two lists failing: the other kind's runs still listed. */
function membershipRunsCase(operation: string, kept: string, idsOf: (membershipId: string) => string[]): Case {
  return {
    name: `membership runs (${operation}): its ${kept} still listed`,
    operation,
    accounts: [m23.accountId],
    codes: UNAVAILABLE,
    query: `query($m: ID!) { membership(id: $m) { id status runs(first: 20) { nodes { id } } } }`,
    variables: { m: m23.id },
    check(data) {
      expect(data.membership).toMatchObject({ id: m23.id, status: m23.member.status });
      expect(data.membership.runs.nodes.map((n: { id: string }) => n.id).sort()).toEqual(idsOf(m23.id));
    },
  };
}

/** Nested list reads (List* calls, and the fields built from them): the list loses the failed account's part. */
const LIST_CASES: Case[] = [
  {
    name: "collaboration members (ListMembers)",
    operation: "ListMembers",
    accounts: seers(retailMedia),
    codes: UNAVAILABLE,
    query: `query($c: ID!) { collaboration(id: $c) { id name members { accountId } } }`,
    variables: { c: retailMedia.id },
    check(data) {
      expect(data.collaboration).toEqual({ id: retailMedia.id, name: retailMedia.name, members: [] });
    },
  },
  {
    name: "runs' payer (ListMembers, in a list)",
    operation: "ListMembers",
    accounts: seers(retailMedia),
    codes: UNAVAILABLE,
    query: `query($m: ID!) { membership(id: $m) { id protectedQueries(first: 20) { nodes { id status payer { accountId } } } } }`,
    variables: { m: m11.id },
    check(data) {
      const nodes = data.membership.protectedQueries.nodes as any[];
      expect(nodes.map((n) => n.id).sort()).toEqual(queriesOf(m11.id));
      for (const n of nodes) expect(n).toMatchObject({ status: expect.any(String), payer: null });
    },
  },
  {
    name: "collaboration changeRequests (ListCollaborationChangeRequests)",
    operation: "ListCollaborationChangeRequests",
    accounts: seers(retailMedia),
    codes: UNAVAILABLE,
    query: `query($c: ID!) { collaboration(id: $c) { id name changeRequests(first: 20) { nodes { id } } } }`,
    variables: { c: retailMedia.id },
    check(data) {
      expect(data.collaboration).toEqual({ id: retailMedia.id, name: retailMedia.name, changeRequests: { nodes: [] } });
    },
  },
  {
    name: "membership protectedQueries (ListProtectedQueries)",
    operation: "ListProtectedQueries",
    accounts: [m11.accountId],
    codes: UNAVAILABLE,
    query: `query($m: ID!) { membership(id: $m) { id status protectedQueries(first: 20) { nodes { id } } } }`,
    variables: { m: m11.id },
    check(data) {
      expect(data.membership).toEqual({ id: m11.id, status: m11.member.status, protectedQueries: { nodes: [] } });
    },
  },
  {
    name: "membership protectedJobs (ListProtectedJobs)",
    operation: "ListProtectedJobs",
    accounts: [m23.accountId],
    codes: UNAVAILABLE,
    query: `query($m: ID!) { membership(id: $m) { id status protectedJobs(first: 20) { nodes { id } } } }`,
    variables: { m: m23.id },
    check(data) {
      expect(data.membership).toEqual({ id: m23.id, status: m23.member.status, protectedJobs: { nodes: [] } });
    },
  },
  {
    name: "pendingApprovals (ListCollaborationChangeRequests), next to the accounts",
    operation: "ListCollaborationChangeRequests",
    accounts: federatedIds,
    codes: UNAVAILABLE,
    query: `{ pendingApprovals(first: 20) { nodes { id } } accounts { accountId } }`,
    variables: {},
    check(data) {
      expect(data.pendingApprovals).toEqual({ nodes: [] });
      expect(data.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([...federatedIds].sort());
    },
  },
  membershipRunsCase("ListProtectedJobs", "queries", queriesOf),
  membershipRunsCase("ListProtectedQueries", "jobs", jobsOf),
  {
    name: "collaboration runs (ListProtectedJobs of one membership): the other runs still listed",
    operation: "ListProtectedJobs",
    accounts: [m23.accountId],
    codes: UNAVAILABLE,
    query: `query($c: ID!) { collaboration(id: $c) { id name runs(first: 50) { nodes { id } } } }`,
    variables: { c: audienceInsights.id },
    check(data) {
      expect(data.collaboration).toMatchObject({ id: audienceInsights.id, name: audienceInsights.name });
      const expected = [m23.id, m21.id].flatMap(queriesOf).sort();
      expect(data.collaboration.runs.nodes.map((n: { id: string }) => n.id).sort()).toEqual(expected);
    },
  },
  {
    name: "collaboration spend (ListProtectedQueries of one membership): the jobs still counted",
    operation: "ListProtectedQueries",
    accounts: [m23.accountId],
    codes: UNAVAILABLE,
    query: `query($c: ID!) { collaboration(id: $c) { id name spend(groupBy: []) { runCount } } }`,
    variables: { c: audienceInsights.id },
    check(data) {
      expect(data.collaboration).toMatchObject({ id: audienceInsights.id, name: audienceInsights.name });
      expect(data.collaboration.spend.runCount).toBe(finished(world.protectedJobs, m23.id) + finished(world.protectedJobs, m21.id));
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

function expectContractError(res: GraphQLResponse<any>, accounts: readonly string[], codes: ReadonlySet<string> = ACCOUNT_CODES) {
  expect(res.status).toBe(200);
  // One failing account: exactly its one error; several (any of them may be read through): one or more.
  if (accounts.length === 1) expect(res.errors ?? [], JSON.stringify(res.errors)).toHaveLength(1);
  else expect(res.errors?.length ?? 0, JSON.stringify(res.errors)).toBeGreaterThan(0);
  for (const e of res.errors!) {
    const cause = logged.get(String(e.extensions?.correlationId));
    expect(codes.has(String(e.extensions?.code)), `${JSON.stringify(e)} ${cause instanceof Error ? cause.stack : ""}`).toBe(true);
    expect(accounts).toContain(e.extensions?.accountId);
  }
  // One error per failing account, not one per field.
  const named = res.errors!.map((e) => e.extensions?.accountId);
  expect(new Set(named).size).toBe(named.length);
}

describe.each(FAULTS)("%s under a nested field", (_, fault) => {
  for (const c of [...CASES, ...LIST_CASES]) {
    it(`${c.name}: the failed part missing, a contract code naming the account, the rest answered`, async () => {
      // The fault meets that call only, for those accounts.
      await g.t.control("POST", "/_emulator/faults", { rules: c.accounts.map((accountId) => ({ operation: c.operation, accountId, ...fault })) });
      const res = await g.gql(c.query, c.variables);
      expectContractError(res, c.accounts, c.codes);
      c.check(res.data);
    });
  }
});

/**
 * A collaboration-wide read (members, change requests, the collaboration
 * itself) through an account that fails is made again through another
 * federated account that sees the collaboration: the answer equals the
 * fault-free one, with one error naming the account that failed, if it
 * was the one read through.
 */
describe("one of the accounts that see a collaboration failing", () => {
  const query = `query($c: ID!) { collaboration(id: $c) { id name description members { accountId status } changeRequests(first: 20) { nodes { id status } } } }`;
  const READS = ["ListMembers", "ListCollaborationChangeRequests", "GetCollaboration"];

  it("answers through another of them, the failed account named once", async () => {
    const seeing = seers(retailMedia);
    expect(seeing.length, "the scenario gives the collaboration two federated members").toBeGreaterThan(1);
    const clean = await g.gql<any>(query, { c: retailMedia.id });
    expect(clean.errors).toBeUndefined();
    expect(clean.data.collaboration.members.length).toBeGreaterThan(0);
    let failedOver = 0;
    for (const accountId of seeing) {
      await g.t.control("POST", "/_emulator/faults", { rules: READS.map((operation) => ({ operation, accountId, internalErrorRate: 1 })) });
      const res = await g.gql(query, { c: retailMedia.id });
      expect(res.data, accountId).toEqual(clean.data);
      for (const e of res.errors ?? []) expect(e.extensions).toMatchObject({ code: "ACCOUNT_UNAVAILABLE", accountId });
      expect(res.errors?.length ?? 0).toBeLessThanOrEqual(1);
      failedOver += res.errors?.length ?? 0;
      await g.t.control("POST", "/_emulator/faults", { rules: [] });
    }
    // At least one of them was the account read through, so the failover was taken.
    expect(failedOver).toBeGreaterThan(0);
  });
});
