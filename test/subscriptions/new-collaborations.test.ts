/**
 * Subscriptions over a principal's whole set follow the set as it changes:
 * changeRequestStatusChanged with no collaboration picks up a collaboration
 * created after it subscribed (its open requests, then their changes), and
 * runStatusChanged(collaborationId) a membership created after it
 * subscribed, without resubscribing. The new collaborations, memberships,
 * requests, votes and runs are made directly in the emulator through the
 * SDK, as another console user would; the accounts' collaboration lists are
 * watched by one poller each, shared by every subscriber.
 */
import "../../src/aws/sdk-overlay";
import {
  CreateCollaborationChangeRequestCommand,
  CreateCollaborationCommand,
  CreateMembershipCommand,
  StartProtectedQueryCommand,
  UpdateCollaborationChangeRequestCommand,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountCollaborationsKey, membershipRunsKey, watchKeys } from "../../src/watch";
import { federatedIds, visibleCollaborations } from "../graph/demo-world";
import { demo } from "../support/emulator";
import { eventually, startSubscriptionGateway, subscribe, type SubscriptionGateway } from "./harness";

let g: SubscriptionGateway;
beforeAll(async () => (g = await startSubscriptionGateway()));
afterAll(() => g.close());

/** A new collaboration of the advertiser (its creator) and the analytics account (invited), both querying and receiving results. */
async function newCollaboration(name: string): Promise<string> {
  const advertiser = await g.t.cleanrooms(demo.advertiser);
  const abilities = ["CAN_QUERY" as const, "CAN_RECEIVE_RESULTS" as const];
  const created = await advertiser.send(
    new CreateCollaborationCommand({
      name,
      description: name,
      creatorDisplayName: "Advertiser",
      creatorMemberAbilities: abilities,
      members: [{ accountId: demo.analytics, displayName: "Analytics", memberAbilities: abilities }],
      queryLogStatus: "DISABLED",
    }),
  );
  return created.collaboration!.id!;
}

const join = async (accountId: string, collaborationId: string): Promise<string> =>
  (await (await g.t.cleanrooms(accountId)).send(new CreateMembershipCommand({ collaborationIdentifier: collaborationId, queryLogStatus: "DISABLED" }))).membership!.id!;

/**
 * Events that wait for a poll of a new collaboration or membership: the accounts' list pollers share each account's
 * polling budget (2 polls/s) with the change-request pollers, so discovery can take seconds on a loaded machine.
 */
const DISCOVERY_MS = 20_000;

/** The watch of an account's collaboration list (the scenario's accounts live in its one region). */
const listWatch = (accountId: string) => g.gateway.watch.registry.describe(accountCollaborationsKey({ accountId, region: g.t.scenario.region }));

/** Every federated account's collaboration list is watched once, with `n` subscribers. */
const listsWatchedBy = (n: number) => eventually(() => (federatedIds.every((accountId) => listWatch(accountId)?.subscribers === n) ? true : undefined));

describe("changeRequestStatusChanged without a collaboration", () => {
  const EVENTS = `subscription { changeRequestStatusChanged { id collaborationId status approvals { accountId status } } }`;
  interface CrEvent {
    changeRequestStatusChanged: { id: string; collaborationId: string; status: string; approvals: { accountId: string; status: string }[] };
  }

  it("follows a collaboration created after it subscribed: its open request, then the request's changes", async () => {
    const open = visibleCollaborations.flatMap((c) => c.changeRequests.filter((r) => r.status === "PENDING" || r.status === "APPROVED").map((r) => r.id));
    const sub = subscribe<CrEvent>(g.client(), EVENTS);
    const first: string[] = [];
    for (let k = 0; k < open.length; k++) first.push((await sub.next()).data!.changeRequestStatusChanged.id);
    expect(first.sort()).toEqual([...open].sort());
    // A second subscriber shares the lists' pollers.
    const other = subscribe<CrEvent>(g.client(), EVENTS);
    for (let k = 0; k < open.length; k++) await other.next();
    await listsWatchedBy(2);

    const collaborationId = await newCollaboration("Created after subscribing");
    await join(demo.analytics, collaborationId);
    const advertiser = await g.t.cleanrooms(demo.advertiser);
    const change = {
      specificationType: "MEMBER" as const,
      specification: { member: { accountId: demo.partner, memberAbilities: ["CAN_RECEIVE_RESULTS" as const], displayName: "Measurement partner" } },
    };
    const request = (await advertiser.send(new CreateCollaborationChangeRequestCommand({ collaborationIdentifier: collaborationId, changes: [change] }))).collaborationChangeRequest!;
    expect(request.status).toBe("PENDING");

    for (const s of [sub, other]) {
      expect((await s.next(DISCOVERY_MS)).data!.changeRequestStatusChanged).toMatchObject({ id: request.id, collaborationId, status: "PENDING" });
    }
    expect(g.gateway.watch.registry.describe(watchKeys.changeRequests(collaborationId))?.subscribers).toBe(2);

    // The new collaboration is followed like the first ones: the analytics account's vote, cast outside the gateway, arrives.
    await (await g.t.cleanrooms(demo.analytics)).send(
      new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: collaborationId, changeRequestIdentifier: request.id!, action: "APPROVE" }),
    );
    const voted = (await sub.next(DISCOVERY_MS)).data!.changeRequestStatusChanged;
    expect(voted).toMatchObject({ id: request.id, status: "APPROVED" });
    expect(voted.approvals.find((a) => a.accountId === demo.analytics)?.status).toBe("APPROVED");
    sub.unsubscribe();
    other.unsubscribe();
    await eventually(() => (federatedIds.every((accountId) => listWatch(accountId) === undefined) ? true : undefined), 5_000, "the lists' watches stopped");
  }, 5 * DISCOVERY_MS); // above the sum of its waits, so a missing event fails with its own message
});

describe("runStatusChanged for a collaboration", () => {
  const RUN_EVENTS = `subscription($c: ID) { runStatusChanged(collaborationId: $c) { id membershipId runStatus } }`;
  interface RunEvent {
    runStatusChanged: { id: string; membershipId: string; runStatus: string };
  }

  it("follows a membership one of the caller's accounts creates after it subscribed", async () => {
    const collaborationId = await newCollaboration("Joined after subscribing");
    const creatorMembership = await join(demo.advertiser, collaborationId);
    const sub = subscribe<RunEvent>(g.client(), RUN_EVENTS, { c: collaborationId });
    await eventually(() => (g.gateway.watch.registry.describe(membershipRunsKey(creatorMembership))?.subscribers === 1 ? true : undefined));

    // The invited analytics account joins and runs a query, all outside the gateway.
    const joined = await join(demo.analytics, collaborationId);
    const started = await (await g.t.cleanrooms(demo.analytics)).send(
      new StartProtectedQueryCommand({
        membershipIdentifier: joined,
        type: "SQL",
        sqlParameters: { queryString: "SELECT 1" },
        resultConfiguration: { outputConfiguration: { member: { accountId: demo.analytics } } },
      }),
    );
    expect((await sub.next(DISCOVERY_MS)).data!.runStatusChanged).toEqual({ id: started.protectedQuery!.id, membershipId: joined, runStatus: "SUBMITTED" });
    expect(g.gateway.watch.registry.describe(membershipRunsKey(joined))?.subscribers).toBe(1);
    expect(sub.over).toBe(false);
    sub.unsubscribe();
  }, 2 * DISCOVERY_MS);
});
