/**
 * Issue 17's approvals inbox over HTTP and graphql-ws: exactly the PENDING
 * requests on which an account the principal may vote as has not voted,
 * newest first, with those voters, the requester and what each change would
 * do — every expectation derived here from the demo scenario — at the fewest
 * Clean Rooms calls the scenario allows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Grant } from "../../src/auth/grants";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "../subscriptions/harness";
import { federatedIds, world, type ScenarioCollaboration, type ScenarioMember } from "./demo-world";

const INBOX = `query Inbox($first: Int, $after: String) {
  pendingApprovals(first: $first, after: $after) {
    totalCount
    edges { cursor node {
      changeRequest { id collaborationId status }
      collaboration { id }
      voterAccountIds
      voters { accountId }
      requester { accountId }
      createTime
      ageSeconds
      memberChanges { accountId member { accountId } addsMember payerCandidaciesAdded payerCandidaciesRemoved abilitiesAdded abilitiesRemoved }
    } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

interface Item {
  changeRequest: { id: string; collaborationId: string; status: string };
  collaboration: { id: string };
  voterAccountIds: string[];
  voters: { accountId: string }[];
  requester: { accountId: string } | null;
  createTime: string;
  ageSeconds: number;
  memberChanges: unknown[];
}
interface Inbox {
  pendingApprovals: { totalCount: number; edges: { cursor: string; node: Item }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } };
}

const ADVERTISER_VOTER = { token: "inbox-advertiser-voter-token-1", name: "advertiser-voter", grants: [{ accounts: [demo.advertiser], actions: ["vote"] }, { accounts: [demo.analytics, demo.publisher], actions: ["read"] }] as Grant[] };
const ANALYTICS_VOTER = { token: "inbox-analytics-voter-token-1", name: "analytics-voter", grants: [{ accounts: [demo.analytics], actions: ["vote", "read"] }] as Grant[] };
const READER = { token: "inbox-reader-token-000000001", name: "reader", grants: [{ accounts: ["*"], actions: ["read"] }] as Grant[] };

// ---- what the scenario says ---------------------------------------------------

const COSTS = [
  ["QUERY_COMPUTE", (p?: Payment) => p?.queryCompute?.isResponsible],
  ["JOB_COMPUTE", (p?: Payment) => p?.jobCompute?.isResponsible],
] as const;
type Payment = { queryCompute?: { isResponsible: boolean }; jobCompute?: { isResponsible: boolean } };

/** What a member change does to the member as the scenario has it. */
function expectedChange(c: ScenarioCollaboration, spec: { accountId: string; memberAbilities: string[]; paymentConfiguration?: Payment }) {
  const current: ScenarioMember | undefined = c.members.find((m) => m.accountId === spec.accountId);
  const had = new Set<string>(current?.abilities ?? []);
  const wants = new Set(spec.memberAbilities);
  return {
    accountId: spec.accountId,
    member: current ? { accountId: spec.accountId } : null,
    addsMember: !current,
    payerCandidaciesAdded: COSTS.filter(([, of]) => of(spec.paymentConfiguration) === true && of(current?.paymentConfiguration as Payment) !== true).map(([k]) => k),
    payerCandidaciesRemoved: COSTS.filter(([, of]) => of(spec.paymentConfiguration) === false && of(current?.paymentConfiguration as Payment) === true).map(([k]) => k),
    abilitiesAdded: [...wants].filter((a) => !had.has(a)).sort(),
    abilitiesRemoved: current ? [...had].filter((a) => !wants.has(a)).sort() : [],
  };
}

/** The collaborations an account reads (AWS shows them to invited and active members). */
const readsOf = (accountId: string) => world.collaborations.filter((c) => c.members.some((m) => m.accountId === accountId && (m.status === "ACTIVE" || m.status === "INVITED")));

/** The inbox of a principal who may vote as `voters`. */
function expectedInbox(voters: string[]) {
  const collaborations = world.collaborations.filter((c) => voters.some((v) => readsOf(v).includes(c)));
  return collaborations
    .flatMap((c) =>
      c.changeRequests
        .filter((r) => r.status === "PENDING")
        .map((r) => ({ c, r, voterAccountIds: voters.filter((v) => r.approvals[v] === "PENDING") }))
        .filter((x) => x.voterAccountIds.length > 0),
    )
    .sort((a, b) => Date.parse(b.r.createTime) - Date.parse(a.r.createTime));
}

/** The collaborations in which one of the voters is ACTIVE: only ACTIVE members vote, so only there can a vote of theirs be pending. */
const votesIn = (voters: string[]) => world.collaborations.filter((c) => c.members.some((m) => voters.includes(m.accountId) && m.status === "ACTIVE"));

/** The fewest calls: each voting account's collaboration list, one PENDING list per collaboration where a voter is ACTIVE, one member list per collaboration in the inbox. */
function lowerBound(voters: string[]): Record<string, number> {
  const collaborations = new Set(votesIn(voters).map((c) => c.id));
  const inInbox = new Set(expectedInbox(voters).map((x) => x.c.id));
  return { ListCollaborations: voters.length, ListCollaborationChangeRequests: collaborations.size, ListMembers: inInbox.size };
}

function assertInbox(items: Item[], voters: string[], before: number, after: number) {
  const expected = expectedInbox(voters);
  expect(expected.length).toBeGreaterThan(0);
  expect(items.map((i) => i.changeRequest.id)).toEqual(expected.map((x) => x.r.id));
  items.forEach((item, k) => {
    const { c, r, voterAccountIds } = expected[k];
    expect(item.changeRequest).toEqual({ id: r.id, collaborationId: c.id, status: "PENDING" });
    expect(item.collaboration).toEqual({ id: c.id });
    expect(item.voterAccountIds).toEqual(voterAccountIds);
    expect(item.voters).toEqual(voterAccountIds.map((accountId) => ({ accountId })));
    expect(item.requester).toEqual({ accountId: c.creatorAccountId });
    expect(new Date(item.createTime).toISOString()).toBe(new Date(r.createTime).toISOString());
    // Age at the time of the answer: between the request's send and its answer.
    expect(item.ageSeconds).toBeGreaterThanOrEqual(Math.floor((before - Date.parse(r.createTime)) / 1000));
    expect(item.ageSeconds).toBeLessThanOrEqual(Math.ceil((after - Date.parse(r.createTime)) / 1000));
    const memberSpecs = r.changes.flatMap((ch) => (ch.specification.member ? [ch.specification.member] : []));
    expect(item.memberChanges).toEqual(memberSpecs.map((m) => expectedChange(c, m as Parameters<typeof expectedChange>[1])));
  });
}

let g: SubscriptionGateway;
beforeAll(async () => {
  g = await startSubscriptionGateway({ principals: [ADVERTISER_VOTER, ANALYTICS_VOTER, READER] });
  await g.gql("{ accounts { status } }"); // credentials first: the counts below are Clean Rooms calls only
});
afterAll(() => g.close());
// Every test starts from the scenario, even after one that voted or started a run failed halfway.
afterEach(() => g.t.reset());

async function measured(token?: string, variables: Record<string, unknown> = {}) {
  await g.t.resetCalls();
  const before = Date.now();
  const res = await g.gql<Inbox>(INBOX, variables, token ? { token } : {});
  const after = Date.now();
  return { res, calls: await g.t.calls(), before, after };
}

describe("pendingApprovals", () => {
  it("lists exactly the requests awaiting the operator's votes, newest first, at the lower bound of calls", async () => {
    const { res, calls, before, after } = await measured();
    expect(res.errors).toBeUndefined();
    assertInbox(res.data!.pendingApprovals.edges.map((e) => e.node), federatedIds, before, after);
    expect(res.data!.pendingApprovals.totalCount).toBe(expectedInbox(federatedIds).length);
    const bound = lowerBound(federatedIds);
    expect(calls.byOperation).toEqual(bound);
    expect(calls.total).toBe(Object.values(bound).reduce((a, b) => a + b, 0));
  });

  it("shows a principal only the votes its grants allow: no request only another principal could vote on, no voter it may not vote as", async () => {
    const { res, calls, before, after } = await measured(ADVERTISER_VOTER.token);
    expect(res.errors).toBeUndefined();
    const items = res.data!.pendingApprovals.edges.map((e) => e.node);
    assertInbox(items, [demo.advertiser], before, after);
    // The operator's inbox has more: requests only the analytics or publisher account still votes on.
    expect(expectedInbox(federatedIds).length).toBeGreaterThan(items.length);
    expect(items.flatMap((i) => i.voterAccountIds).every((a) => a === demo.advertiser)).toBe(true);
    expect(calls.byOperation).toEqual(lowerBound([demo.advertiser]));
  });

  it("reads no change requests of a collaboration where the voting accounts are only INVITED", async () => {
    const invitedOnly = readsOf(demo.analytics).filter((c) => !votesIn([demo.analytics]).includes(c));
    expect(invitedOnly.length, "the scenario has such a collaboration (else this proves nothing)").toBeGreaterThan(0);
    const { res, calls, before, after } = await measured(ANALYTICS_VOTER.token);
    expect(res.errors).toBeUndefined();
    assertInbox(res.data!.pendingApprovals.edges.map((e) => e.node), [demo.analytics], before, after);
    expect(calls.byOperation).toEqual(lowerBound([demo.analytics]));
    expect(calls.byOperation.ListCollaborationChangeRequests).toBe(readsOf(demo.analytics).length - invitedOnly.length);
  });

  it("is empty, without a Clean Rooms call, for a principal who may vote nowhere", async () => {
    const { res, calls } = await measured(READER.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.pendingApprovals).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null } });
    expect(calls.total).toBe(0);
  });

  it("pages with cursors: one item at a time gives the whole inbox in order", async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: { data?: Inbox | null; errors?: unknown } = await g.gql<Inbox>(INBOX, { first: 1, after });
      expect(res.errors).toBeUndefined();
      const page: Inbox["pendingApprovals"] = res.data!.pendingApprovals;
      ids.push(...page.edges.map((e) => e.node.changeRequest.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(expectedInbox(federatedIds).map((x) => x.r.id));
  });

  it("a vote between two pages skips nothing: the cursor names its request, not a position", async () => {
    const expected = expectedInbox([demo.advertiser]);
    expect(expected.length).toBeGreaterThan(1);
    const first = await g.gql<Inbox>(INBOX, { first: 1 }, { token: ADVERTISER_VOTER.token });
    const [edge] = first.data!.pendingApprovals.edges;
    expect(edge.node.changeRequest.id).toBe(expected[0].r.id);
    const vote = await g.gql(`mutation($c: ID!, $r: ID!, $a: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $a) { id } }`, {
      c: edge.node.changeRequest.collaborationId,
      r: edge.node.changeRequest.id,
      a: demo.advertiser,
    }, { token: ADVERTISER_VOTER.token });
    expect(vote.errors).toBeUndefined();
    const next = await g.gql<Inbox>(INBOX, { first: 1, after: first.data!.pendingApprovals.pageInfo.endCursor }, { token: ADVERTISER_VOTER.token });
    expect(next.errors).toBeUndefined();
    expect(next.data!.pendingApprovals.edges.map((e) => e.node.changeRequest.id)).toEqual([expected[1].r.id]);
    expect(next.data!.pendingApprovals.pageInfo.hasNextPage).toBe(expected.length > 2);
  });

  it("refuses a cursor of another list with BAD_USER_INPUT, without a Clean Rooms call", async () => {
    const runs = await g.gql<{ collaboration: { runs: { pageInfo: { endCursor: string } } } }>(`query($id: ID!) { collaboration(id: $id) { runs(first: 1) { pageInfo { endCursor } } } }`, { id: world.collaborations[0].id });
    const collaborations = await g.gql<{ collaborations: { pageInfo: { endCursor: string } } }>(`{ collaborations(first: 1) { pageInfo { endCursor } } }`);
    for (const after of [runs.data!.collaboration.runs.pageInfo.endCursor, collaborations.data!.collaborations.pageInfo.endCursor, "not-a-cursor"]) {
      expect(after).toEqual(expect.any(String));
      const { res, calls } = await measured(undefined, { after });
      expect(res.errors?.[0].extensions, after).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
      expect(calls.total).toBe(0);
    }
  });

  it("refuses a bad page size with BAD_USER_INPUT naming first", async () => {
    const res = await g.gql(INBOX, { first: 0 });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(res.errors?.[0].message).toMatch(/first must be between 1 and 100/);
  });

  it("answers the same over graphql-ws", async () => {
    const http = await g.gql<Inbox>(INBOX);
    const sub = subscribe<Inbox>(g.client(), INBOX);
    const ws = await sub.next();
    expect(ws.errors).toBeUndefined();
    const strip = (d: Inbox) => d.pendingApprovals.edges.map((e) => ({ ...e.node, ageSeconds: 0 }));
    expect(strip(ws.data!)).toEqual(strip(http.data!));
    expect(await sub.ended()).toEqual({ completed: true });
  });

  it("drops a request once the principal has voted on it through the gateway", async () => {
    const first = expectedInbox([demo.advertiser])[0];
    const vote = await g.gql(`mutation($c: ID!, $r: ID!, $a: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $a) { id } }`, {
      c: first.c.id,
      r: first.r.id,
      a: demo.advertiser,
    }, { token: ADVERTISER_VOTER.token });
    expect(vote.errors).toBeUndefined();
    const res = await g.gql<Inbox>(INBOX, {}, { token: ADVERTISER_VOTER.token });
    const ids = res.data!.pendingApprovals.edges.map((e) => e.node.changeRequest.id);
    expect(ids).not.toContain(first.r.id);
    expect(ids).toEqual(expectedInbox([demo.advertiser]).slice(1).map((x) => x.r.id));
  });
});
