/**
 * Several regions per account (issue 16), end to end over the real wire:
 * the demo world with Publisher audience insights (its memberships, runs and
 * change requests) in eu-west-1 and the rest in us-east-1, every federated
 * account configured with both regions. One graph reads both regions; a
 * mutation and a subscription reach the second region's endpoint; a grant
 * limited to one region neither reads nor acts in the other. Expected values
 * come from the scenario; where a call went, from the emulator's per-region
 * counts.
 */
import { GetCollaborationChangeRequestCommand, GetProtectedQueryCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collaborationRegion } from "../../src/emulator/scenario";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { HOME, movedCollaboration, SECOND, twoRegionScenario } from "../support/two-regions";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "../subscriptions/harness";

const scenario = twoRegionScenario();
const regionOf = (collaborationId: string) => collaborationRegion(scenario, scenario.collaborations.find((c) => c.id === collaborationId)!);
const federated = scenario.accounts.filter((a) => a.federated).map((a) => a.accountId);
const memberships = scenario.collaborations.flatMap((c) =>
  c.members.filter((m) => m.membershipId && federated.includes(m.accountId)).map((m) => ({ id: m.membershipId!, accountId: m.accountId, collaborationId: c.id, region: collaborationRegion(scenario, c) })),
);
const visible = scenario.collaborations.filter((c) => c.members.some((m) => federated.includes(m.accountId) && (m.status === "ACTIVE" || m.status === "INVITED")));
/** A seeded query of the second region's membership, and the second region's pending change request. */
const secondMembership = memberships.find((m) => m.region === SECOND && m.accountId === demo.publisher)!;
const seededQuery = scenario.protectedQueries.find((q) => q.membershipId === secondMembership.id)!;
const pendingRequest = scenario.collaborations.find((c) => c.id === movedCollaboration)!.changeRequests.find((r) => r.status === "PENDING")!;

const HOME_ONLY = "test-home-region-only-token-5d1e";
const RUN_HOME_ONLY = "test-run-in-home-region-token-8a2f";
const VOTE_HOME_ONLY = "test-vote-in-home-region-token-3c7b";

let t: TestEmulator;
let g: SubscriptionGateway;
beforeAll(async () => {
  t = await startTestEmulator({ scenario });
  g = await startSubscriptionGateway({
    emulator: t,
    principals: [
      { token: HOME_ONLY, name: "home-only", grants: [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"], regions: [HOME] }] },
      // Reads everywhere, runs only at home.
      { token: RUN_HOME_ONLY, name: "run-home-only", grants: [{ accounts: ["*"], actions: ["read"] }, { accounts: ["*"], actions: ["run"], regions: [HOME] }] },
      { token: VOTE_HOME_ONLY, name: "vote-home-only", grants: [{ accounts: ["*"], actions: ["read"] }, { accounts: ["*"], actions: ["vote"], regions: [HOME] }] },
    ],
  });
});
afterAll(async () => {
  await g.close();
  await t.close();
});

/** The emulator's call counts of every account in `region` since the last reset. */
async function callsIn(region: string) {
  const { byRegion } = await t.calls();
  return Object.entries(byRegion).filter(([key]) => key.endsWith(`/${region}`));
}

const READ_ALL = `{
  accounts { accountId region regions memberships { nodes { id region nodeId collaboration { id region } } } }
  collaborations { nodes { id region } }
}`;

interface ReadAll {
  accounts: { accountId: string; region: string; regions: string[]; memberships: { nodes: { id: string; region: string; nodeId: string; collaboration: { id: string; region: string } }[] } }[];
  collaborations: { nodes: { id: string; region: string }[] };
}

describe("one graph over two regions", () => {
  it("the scenario spreads the federated accounts' memberships over both regions", () => {
    expect(new Set(memberships.map((m) => m.region))).toEqual(new Set([HOME, SECOND]));
    expect(seededQuery).toBeDefined();
    expect(pendingRequest.approvals[demo.advertiser]).toBe("PENDING");
  });

  it("reads both regions: every account's memberships and every collaboration, each with its region", async () => {
    const res = await g.gql<ReadAll>(READ_ALL);
    expect(res.errors).toBeUndefined();
    for (const a of res.data!.accounts) {
      expect(a.region).toBe(HOME);
      expect(a.regions).toEqual([HOME, SECOND]);
      const expected = memberships.filter((m) => m.accountId === a.accountId).map((m) => ({ id: m.id, region: m.region, collaboration: { id: m.collaborationId, region: m.region } }));
      const got = a.memberships.nodes.map(({ id, region, collaboration }) => ({ id, region, collaboration }));
      expect(got.sort((x, y) => x.id.localeCompare(y.id))).toEqual(expected.sort((x, y) => x.id.localeCompare(y.id)));
    }
    expect(res.data!.collaborations.nodes.map((c) => ({ id: c.id, region: c.region })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      visible.map((c) => ({ id: c.id, region: regionOf(c.id) })).sort((x, y) => x.id.localeCompare(y.id)),
    );
    // Global ids stay unique, and a node id of the second region reads back there.
    const nodes = res.data!.accounts.flatMap((a) => a.memberships.nodes);
    expect(new Set(nodes.map((n) => n.nodeId)).size).toBe(nodes.length);
    const second = nodes.find((n) => n.id === secondMembership.id)!;
    const node = await g.gql<{ node: { id: string; region: string } | null }>(`query($id: ID!) { node(id: $id) { ... on Membership { id region } } }`, { id: second.nodeId });
    expect(node.data!.node).toEqual({ id: secondMembership.id, region: SECOND });
  });

  it("pages an account's memberships across both regions, each once", async () => {
    const publisher = memberships.filter((m) => m.accountId === demo.publisher);
    expect(new Set(publisher.map((m) => m.region)).size).toBe(2);
    for (const first of [1, 2]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page <= publisher.length; page++) {
        const res: { data?: { account: { memberships: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } | null; errors?: unknown } = await g.gql(
          `query($a: String!, $first: Int, $after: String) { account(accountId: $a) { memberships(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
          { a: demo.publisher, first, after },
        );
        expect(res.errors).toBeUndefined();
        const { nodes, pageInfo } = res.data!.account.memberships;
        seen.push(...nodes.map((n) => n.id));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen.sort(), `first: ${first}`).toEqual(publisher.map((m) => m.id).sort());
    }
  });

  it("reads a second-region membership's children at the second region's endpoint", async () => {
    await t.resetCalls();
    const res = await g.gql<{ protectedQuery: { id: string; region: string; status: string } | null; collaboration: { region: string; changeRequests: { nodes: { id: string }[] } } | null }>(
      `query($m: ID!, $q: ID!, $c: ID!) { protectedQuery(membershipId: $m, id: $q) { id region status } collaboration(id: $c) { region changeRequests { nodes { id } } } }`,
      { m: secondMembership.id, q: seededQuery.id, c: movedCollaboration },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.protectedQuery).toEqual({ id: seededQuery.id, region: SECOND, status: seededQuery.status });
    expect(res.data!.collaboration!.region).toBe(SECOND);
    expect(res.data!.collaboration!.changeRequests.nodes.map((r) => r.id).sort()).toEqual(
      scenario.collaborations.find((c) => c.id === movedCollaboration)!.changeRequests.map((r) => r.id).sort(),
    );
    const { byRegion } = await t.calls();
    expect(byRegion[`${demo.publisher}/${SECOND}`]?.GetProtectedQuery).toBe(1);
    expect(Object.values(byRegion).every((ops) => ops.GetProtectedQuery === undefined || ops === byRegion[`${demo.publisher}/${SECOND}`])).toBe(true);
  });
});

// Before "acting in the second region", which settles the second region's pending request.
describe("a vote grant limited to one region", () => {
  const INBOX = `{ pendingApprovals { nodes { changeRequest { id } voterAccountIds } } }`;
  type Inbox = { pendingApprovals: { nodes: { changeRequest: { id: string }; voterAccountIds: string[] }[] } };

  it("leaves the other region's requests out of the inbox, and cannot vote there", async () => {
    const all = await g.gql<Inbox>(INBOX);
    expect(all.errors).toBeUndefined();
    expect(all.data!.pendingApprovals.nodes.find((n) => n.changeRequest.id === pendingRequest.id)?.voterAccountIds).toEqual([demo.advertiser]);
    const home = await g.gql<Inbox>(INBOX, undefined, { token: VOTE_HOME_ONLY });
    expect(home.errors).toBeUndefined();
    expect(home.data!.pendingApprovals.nodes.map((n) => n.changeRequest.id)).not.toContain(pendingRequest.id);

    await t.resetCalls();
    const vote = await g.gql(
      `mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: "${demo.advertiser}") { id } }`,
      { c: movedCollaboration, r: pendingRequest.id },
      { token: VOTE_HOME_ONLY },
    );
    expect(vote.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.calls()).byOperation.UpdateCollaborationChangeRequest).toBeUndefined();
  });
});

describe("acting in the second region", () => {
  it("starts a query there, follows it by subscription to SUCCESS, and only that region has it", async () => {
    await t.resetCalls();
    const started = await g.gql<{ startProtectedQuery: { id: string; status: string; region: string } }>(
      `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id status region } }`,
      { input: { membershipId: secondMembership.id, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } } } },
    );
    expect(started.errors).toBeUndefined();
    const { id, region } = started.data!.startProtectedQuery;
    expect(region).toBe(SECOND);
    expect((await t.calls()).byRegion[`${demo.publisher}/${SECOND}`]?.StartProtectedQuery).toBe(1);
    // The emulator has it in the second region only.
    const there = await t.cleanrooms(demo.publisher, SECOND);
    expect((await there.send(new GetProtectedQueryCommand({ membershipIdentifier: secondMembership.id, protectedQueryIdentifier: id }))).protectedQuery!.id).toBe(id);
    const home = await t.cleanrooms(demo.publisher, HOME);
    expect((await refusal(home.send(new GetProtectedQueryCommand({ membershipIdentifier: secondMembership.id, protectedQueryIdentifier: id })))).name).toBe("ResourceNotFoundException");

    await t.resetCalls(); // the checks above called both regions themselves
    const sub = subscribe<{ protectedQueryStatusChanged: { id: string; status: string; region: string } }>(
      g.client(),
      `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { id status region } }`,
      { m: secondMembership.id, id },
    );
    expect((await sub.next()).data!.protectedQueryStatusChanged).toEqual({ id, status: "SUBMITTED", region: SECOND });
    await t.advance(DEFAULT_RUN_SCHEDULE.startAfterMs);
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("STARTED");
    await t.advance(DEFAULT_RUN_SCHEDULE.finishAfterMs - DEFAULT_RUN_SCHEDULE.startAfterMs);
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("SUCCESS");
    expect(await sub.ended()).toEqual({ completed: true });
    // Every poll went to the second region: the home region never heard of the run.
    const { byRegion } = await t.calls();
    expect(byRegion[`${demo.publisher}/${SECOND}`]?.GetProtectedQuery).toBeGreaterThan(0);
    expect(byRegion[`${demo.publisher}/${HOME}`]?.GetProtectedQuery).toBeUndefined();
  });

  it("votes there as the advertiser, whose home region is elsewhere", async () => {
    const res = await g.gql<{ approveChangeRequest: { id: string; status: string } }>(
      `mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: "${demo.advertiser}") { id status } }`,
      { c: movedCollaboration, r: pendingRequest.id },
    );
    expect(res.errors).toBeUndefined();
    const there = await t.cleanrooms(demo.advertiser, SECOND);
    const request = await there.send(new GetCollaborationChangeRequestCommand({ collaborationIdentifier: movedCollaboration, changeRequestIdentifier: pendingRequest.id }));
    expect(request.collaborationChangeRequest!.approvals![demo.advertiser].status).toBe("APPROVED");
    expect(res.data!.approveChangeRequest.status).toBe(request.collaborationChangeRequest!.status);
  });
});

describe("a grant limited to one region", () => {
  it("reads only that region", async () => {
    await t.resetCalls();
    const res = await g.gql<ReadAll>(READ_ALL, undefined, { token: HOME_ONLY });
    expect(res.errors).toBeUndefined();
    for (const a of res.data!.accounts) {
      expect(a.regions).toEqual([HOME]);
      expect(a.memberships.nodes.map((m) => m.id).sort()).toEqual(memberships.filter((m) => m.accountId === a.accountId && m.region === HOME).map((m) => m.id).sort());
    }
    expect(res.data!.collaborations.nodes.map((c) => c.id).sort()).toEqual(visible.filter((c) => regionOf(c.id) === HOME).map((c) => c.id).sort());
    expect(await callsIn(SECOND)).toEqual([]);
  });

  it("cannot reach the other region's resources by id, read or act", async () => {
    await t.resetCalls();
    const read = await g.gql<{ membership: unknown; collaboration: unknown; protectedQuery: unknown }>(
      `query($m: ID!, $q: ID!, $c: ID!) { membership(id: $m) { id } collaboration(id: $c) { id } protectedQuery(membershipId: $m, id: $q) { id } }`,
      { m: secondMembership.id, q: seededQuery.id, c: movedCollaboration },
      { token: HOME_ONLY },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ membership: null, collaboration: null, protectedQuery: null });

    const start = await g.gql(
      `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`,
      { input: { membershipId: secondMembership.id, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } } } },
      { token: HOME_ONLY },
    );
    expect(start.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const vote = await g.gql(
      `mutation($c: ID!, $r: ID!) { denyChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: "${demo.advertiser}") { id } }`,
      { c: movedCollaboration, r: pendingRequest.id },
      { token: HOME_ONLY },
    );
    expect(vote.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const sub = subscribe(g.client(HOME_ONLY), `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { id } }`, {
      m: secondMembership.id,
      id: seededQuery.id,
    });
    const ended = await sub.ended();
    expect("errors" in ended && ended.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    // Not one call reached the other region's endpoint.
    expect(await callsIn(SECOND)).toEqual([]);
  });

  it("a run grant limited to one region refuses a start in the other, before any write", async () => {
    await t.resetCalls();
    const start = await g.gql(
      `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`,
      { input: { membershipId: secondMembership.id, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } } } },
      { token: RUN_HOME_ONLY },
    );
    expect(start.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(start.errors?.[0].message).toContain(SECOND);
    const { byOperation } = await t.calls();
    expect(byOperation.StartProtectedQuery).toBeUndefined();
    // The same principal starts in the home region.
    const home = memberships.find((m) => m.region === HOME && m.accountId === demo.advertiser && scenario.collaborations.find((c) => c.id === m.collaborationId)!.members.find((x) => x.accountId === demo.advertiser)!.abilities.includes("CAN_QUERY"))!;
    const ok = await g.gql<{ startProtectedQuery: { region: string } }>(
      `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { region } }`,
      // Named, as a collaboration with several payer candidates demands; the runner itself is one of them there.
      { input: { membershipId: home.id, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.advertiser } }, payerAccountId: demo.advertiser } },
      { token: RUN_HOME_ONLY },
    );
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    expect(ok.data!.startProtectedQuery.region).toBe(HOME);
  });
});
