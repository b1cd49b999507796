/**
 * Issue 17's activity lists over HTTP and graphql-ws: Membership.runs and
 * Collaboration.runs merge protected queries and jobs newest first, filter
 * by kind, status and creation time, and page with cursors — every answer
 * derived here from the demo scenario.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "../subscriptions/harness";
import { QUERY_INPUT, START_QUERY } from "../subscriptions/operations";
import { collaborationById, federatedMembershipIds, world } from "./demo-world";

const RUNS_FIELD = `runs(kind: $kind, status: $status, from: $from, to: $to, first: $first, after: $after) {
  edges { cursor node { __typename id membershipId kind runStatus createTime ... on ProtectedQuery { queryStatus: status } ... on ProtectedJob { jobStatus: status } } }
  nodes { __typename }
  pageInfo { hasNextPage hasPreviousPage endCursor }
}`;
const ARGS = `$kind: ProtectedRunKind, $status: ProtectedRunStatus, $from: DateTimeISO, $to: DateTimeISO, $first: Int, $after: String`;
const MEMBERSHIP_RUNS = `query($id: ID!, ${ARGS}) { membership(id: $id) { ${RUNS_FIELD} } }`;
const COLLABORATION_RUNS = `query($id: ID!, ${ARGS}) { collaboration(id: $id) { ${RUNS_FIELD} } }`;

interface Edge {
  cursor: string;
  node: { __typename: string; id: string; membershipId: string; kind: "QUERY" | "JOB"; runStatus: string; queryStatus?: string; jobStatus?: string; createTime: string };
}
interface Runs {
  edges: Edge[];
  nodes: { __typename: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

interface Expected {
  kind: "QUERY" | "JOB";
  id: string;
  membershipId: string;
  status: string;
  createTime: string;
}

/** The scenario's runs of these memberships, newest first (ties: jobs before queries, then by membership, then by id). */
function expectedRuns(membershipIds: string[], f: { kind?: "QUERY" | "JOB"; status?: string; from?: string; to?: string } = {}): Expected[] {
  const all: Expected[] = [
    ...world.protectedQueries.map((q) => ({ kind: "QUERY" as const, id: q.id, membershipId: q.membershipId, status: q.status, createTime: q.createTime })),
    ...world.protectedJobs.map((j) => ({ kind: "JOB" as const, id: j.id, membershipId: j.membershipId, status: j.status, createTime: j.createTime })),
  ];
  return all
    .filter((r) => membershipIds.includes(r.membershipId))
    .filter((r) => !f.kind || r.kind === f.kind)
    .filter((r) => !f.status || r.status === f.status)
    .filter((r) => !f.from || Date.parse(r.createTime) >= Date.parse(f.from))
    .filter((r) => !f.to || Date.parse(r.createTime) < Date.parse(f.to))
    .sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime) || (a.kind === b.kind ? a.membershipId.localeCompare(b.membershipId) || a.id.localeCompare(b.id) : a.kind === "JOB" ? -1 : 1));
}

const view = (e: Edge): Expected => {
  // runStatus is the kind's own status, and the kind its type.
  expect(e.node.runStatus).toBe(e.node.queryStatus ?? e.node.jobStatus);
  expect(e.node.__typename).toBe(e.node.kind === "JOB" ? "ProtectedJob" : "ProtectedQuery");
  return { kind: e.node.kind, id: e.node.id, membershipId: e.node.membershipId, status: e.node.runStatus, createTime: new Date(e.node.createTime).toISOString() };
};
const iso = (r: Expected): Expected => ({ ...r, createTime: new Date(r.createTime).toISOString() });

let g: SubscriptionGateway;
beforeAll(async () => (g = await startSubscriptionGateway()));
afterAll(() => g.close());
// Every test starts from the scenario, even after one that voted or started a run failed halfway.
afterEach(() => g.t.reset());

async function membershipRuns(id: string, vars: Record<string, unknown> = {}) {
  const res = await g.gql<{ membership: { runs: Runs } }>(MEMBERSHIP_RUNS, { id, ...vars });
  expect(res.errors).toBeUndefined();
  return res.data!.membership.runs;
}

describe("Membership.runs", () => {
  it("merges queries and jobs newest first, each with its kind and status", async () => {
    const expected = expectedRuns([demo.m23]);
    expect(new Set(expected.map((r) => r.kind)).size).toBe(2);
    const runs = await membershipRuns(demo.m23);
    expect(runs.edges.map(view)).toEqual(expected.map(iso));
    expect(runs.nodes.map((n) => n.__typename)).toEqual(runs.edges.map((e) => e.node.__typename));
    expect(runs.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it("filters by kind, status and creation window", async () => {
    expect((await membershipRuns(demo.m23, { kind: "JOB" })).edges.map(view)).toEqual(expectedRuns([demo.m23], { kind: "JOB" }).map(iso));
    const started = expectedRuns([demo.m23], { status: "STARTED" });
    expect(new Set(started.map((r) => r.kind)).size).toBe(2);
    expect((await membershipRuns(demo.m23, { status: "STARTED" })).edges.map(view)).toEqual(started.map(iso));
    // TIMED_OUT is a query's status only: jobs are not even listed.
    expect((await membershipRuns(demo.m11, { status: "TIMED_OUT" })).edges.map(view)).toEqual(expectedRuns([demo.m11], { status: "TIMED_OUT" }).map(iso));
    const window = { from: "2026-11-25T12:00:00.000Z", to: "2026-11-26T12:00:00.000Z" };
    const inWindow = expectedRuns([demo.m23], window);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(expectedRuns([demo.m23]).length);
    expect((await membershipRuns(demo.m23, window)).edges.map(view)).toEqual(inWindow.map(iso));
  });

  it("pages with cursors: small pages give the whole list in order", async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: Runs = await membershipRuns(demo.m23, { first: 3, after });
      expect(page.edges.length).toBeLessThanOrEqual(3);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(expectedRuns([demo.m23]).map((r) => r.id));
  });

  it("refuses bad arguments with BAD_USER_INPUT naming the field", async () => {
    const late = await g.gql(MEMBERSHIP_RUNS, { id: demo.m23, from: "2026-11-26T00:00:00.000Z", to: "2026-11-25T00:00:00.000Z" });
    expect(late.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
    const big = await g.gql(MEMBERSHIP_RUNS, { id: demo.m23, first: 101 });
    expect(big.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(big.errors?.[0].message).toMatch(/between 1 and 100/);
    // A cursor of another list (protectedQueries pages in AWS) is refused, and so is one no list made.
    const other = await g.gql<{ membership: { protectedQueries: { pageInfo: { endCursor: string } } } }>(
      `query($id: ID!) { membership(id: $id) { protectedQueries(first: 1) { pageInfo { endCursor } } } }`,
      { id: demo.m23 },
    );
    for (const after of [other.data!.membership.protectedQueries.pageInfo.endCursor, "not-a-cursor"]) {
      const res = await g.gql(MEMBERSHIP_RUNS, { id: demo.m23, after });
      expect(res.errors?.[0].extensions, after).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
    const bad = await g.gql(MEMBERSHIP_RUNS, { id: demo.m23, status: "DONE" });
    expect(bad.errors?.[0].message).toMatch(/ProtectedRunStatus/);
  });

  it("refuses a cursor of another run list (another parent, other filters) with BAD_USER_INPUT, before listing any run", async () => {
    const collaborationCursor = (await g.gql<{ collaboration: { runs: Runs } }>(COLLABORATION_RUNS, { id: demo.audienceInsights, first: 1 })).data!.collaboration.runs.pageInfo.endCursor;
    const otherMembership = (await membershipRuns(demo.m11, { first: 1 })).pageInfo.endCursor;
    const otherFilter = (await membershipRuns(demo.m23, { first: 1, kind: "JOB" })).pageInfo.endCursor;
    for (const after of [collaborationCursor, otherMembership, otherFilter]) {
      expect(after).toEqual(expect.any(String));
      await g.t.resetCalls();
      const res = await g.gql(MEMBERSHIP_RUNS, { id: demo.m23, after });
      expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
      expect(res.errors?.[0].message).toMatch(/another list/);
      const calls = (await g.t.calls()).byOperation;
      expect(calls.ListProtectedQueries ?? 0).toBe(0);
      expect(calls.ListProtectedJobs ?? 0).toBe(0);
    }
  });

});

async function collaborationRuns(id: string, vars: Record<string, unknown> = {}) {
  const res = await g.gql<{ collaboration: { runs: Runs } }>(COLLABORATION_RUNS, { id, ...vars });
  expect(res.errors).toBeUndefined();
  return res.data!.collaboration.runs;
}

describe("a run started between two pages", () => {
  const lists = [
    { name: "Membership.runs", page: (vars: Record<string, unknown>) => membershipRuns(demo.m23, vars), memberships: [demo.m23] },
    { name: "Collaboration.runs", page: (vars: Record<string, unknown>) => collaborationRuns(demo.audienceInsights, vars), memberships: federatedMembershipIds(collaborationById(demo.audienceInsights)) },
  ];
  it.each(lists)("$name: neither repeats nor shifts the next page", async (list) => {
    const expected = expectedRuns(list.memberships).map((r) => r.id);
    const first = await list.page({ first: 3 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const started = await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT });
    expect(started.errors).toBeUndefined();
    expect(list.memberships).toContain(QUERY_INPUT.membershipId);
    const ids = first.edges.map((e) => e.node.id);
    let after = first.pageInfo.endCursor;
    for (let pages = 0; pages < 20 && after; pages++) {
      const page: Runs = await list.page({ first: 3, after });
      ids.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    expect(ids).toEqual(expected);
    // The new run is there, at the top of a fresh first page.
    expect((await list.page({ first: 1 })).edges[0].node.id).toBe(started.data!.startProtectedQuery.id);
  });
});

describe("Collaboration.runs", () => {
  it("merges every federated membership's runs newest first", async () => {
    for (const id of [demo.retailMedia, demo.audienceInsights]) {
      const memberships = federatedMembershipIds(collaborationById(id));
      const res = await g.gql<{ collaboration: { runs: Runs } }>(COLLABORATION_RUNS, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.collaboration.runs.edges.map(view)).toEqual(expectedRuns(memberships).map(iso));
    }
  });

  it("answers the same over graphql-ws", async () => {
    const variables = { id: demo.audienceInsights, first: 4 };
    const http = await g.gql(COLLABORATION_RUNS, variables);
    const sub = subscribe(g.client(), COLLABORATION_RUNS, variables);
    const ws = await sub.next();
    expect(ws.errors).toBeUndefined();
    expect(ws.data).toEqual(http.data);
    expect(await sub.ended()).toEqual({ completed: true });
  });
});
