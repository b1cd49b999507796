/**
 * Issue 6's story over graphql-ws: a run started through a mutation is
 * followed from its current state to its terminal one, driven by the
 * emulator's manual clock (a run is SUBMITTED, STARTED after
 * `startAfterMs`, SUCCESS after `finishAfterMs`), then the subscription
 * completes; a change request is followed through its votes (gateway
 * mutations publish at once; the partner's vote, cast outside the gateway,
 * is found by polling) to COMMITTED.
 */
import { UpdateCollaborationChangeRequestCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { watchKeys } from "../../src/watch";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "./harness";
import { JOB_EVENTS, JOB_INPUT, QUERY_EVENTS, QUERY_INPUT, START_JOB, START_QUERY } from "./operations";

let g: SubscriptionGateway;
beforeAll(async () => (g = await startSubscriptionGateway()));
afterAll(() => g.close());

const { startAfterMs, finishAfterMs, cancelAfterMs } = DEFAULT_RUN_SCHEDULE;

interface QueryEvent {
  protectedQueryStatusChanged: { id: string; membershipId: string; status: string; membership: { id: string; account: { accountId: string } }; result: { output: { memberList: { accountId: string }[] } } | null };
}

describe("a protected query", () => {
  it("SUBMITTED → STARTED → SUCCESS as the clock moves, then completion", async () => {
    const started = await g.gql<{ startProtectedQuery: { id: string; status: string } }>(START_QUERY, { input: QUERY_INPUT });
    expect(started.errors).toBeUndefined();
    const { id } = started.data!.startProtectedQuery;
    expect(started.data!.startProtectedQuery.status).toBe("SUBMITTED");

    const sub = subscribe<QueryEvent>(g.client(), QUERY_EVENTS, { m: demo.m23, id });
    const first = await sub.next();
    expect(first.errors).toBeUndefined();
    expect(first.data!.protectedQueryStatusChanged).toEqual({
      id,
      membershipId: demo.m23,
      status: "SUBMITTED",
      membership: { id: demo.m23, account: { accountId: demo.publisher } },
      result: null,
    });

    await g.t.advance(startAfterMs);
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("STARTED");
    await g.t.advance(finishAfterMs - startAfterMs);
    const last = (await sub.next()).data!.protectedQueryStatusChanged;
    expect(last.status).toBe("SUCCESS");
    // The result is the run's as AWS reports it at SUCCESS: sent to the member named in the output.
    expect(last.result).toEqual({ output: { memberList: [{ accountId: demo.publisher }] } });
    expect(await sub.ended()).toEqual({ completed: true });
    expect(sub.events.map((e) => e.data!.protectedQueryStatusChanged.status)).toEqual(["SUBMITTED", "STARTED", "SUCCESS"]);
    // Nothing is left watching the finished query.
    expect(g.gateway.watch.registry.describe(watchKeys.query(demo.m23, id))).toBeUndefined();
  });

  it("a subscriber arriving after the end gets the terminal state, then completion", async () => {
    const { id } = (await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT })).data!.startProtectedQuery;
    await g.t.advance(finishAfterMs);
    const sub = subscribe<QueryEvent>(g.client(), QUERY_EVENTS, { m: demo.m23, id });
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("SUCCESS");
    expect(await sub.ended()).toEqual({ completed: true });
    expect(sub.events).toHaveLength(1);
  });

  it("a cancel through the gateway is published at once (CANCELLING), then CANCELLED is polled", async () => {
    const { id } = (await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT })).data!.startProtectedQuery;
    const sub = subscribe<QueryEvent>(g.client(), QUERY_EVENTS, { m: demo.m23, id });
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
    const cancel = await g.gql(`mutation($m: ID!, $id: ID!) { cancelProtectedQuery(membershipId: $m, id: $id) { status } }`, { m: demo.m23, id });
    expect(cancel.errors).toBeUndefined();
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("CANCELLING");
    await g.t.advance(cancelAfterMs);
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("CANCELLED");
    expect(await sub.ended()).toEqual({ completed: true });
  });
});

describe("a protected job", () => {
  it("SUBMITTED → STARTED → SUCCESS as the clock moves, then completion", async () => {
    const started = await g.gql<{ startProtectedJob: { id: string; status: string } }>(START_JOB, { input: JOB_INPUT });
    expect(started.errors).toBeUndefined();
    const { id } = started.data!.startProtectedJob;

    const sub = subscribe<{ protectedJobStatusChanged: { id: string; status: string; payer: { accountId: string }; statistics: { totalDurationInMillis: number } | null } }>(
      g.client(),
      JOB_EVENTS,
      { m: demo.m23, id },
    );
    const first = (await sub.next()).data!.protectedJobStatusChanged;
    expect(first).toEqual({ id, status: "SUBMITTED", payer: { accountId: demo.advertiser }, statistics: null });
    await g.t.advance(startAfterMs);
    expect((await sub.next()).data!.protectedJobStatusChanged.status).toBe("STARTED");
    await g.t.advance(finishAfterMs - startAfterMs);
    const last = (await sub.next()).data!.protectedJobStatusChanged;
    expect(last.status).toBe("SUCCESS");
    expect(last.statistics!.totalDurationInMillis).toBe(finishAfterMs);
    expect(await sub.ended()).toEqual({ completed: true });
    expect(sub.events.map((e) => e.data!.protectedJobStatusChanged.status)).toEqual(["SUBMITTED", "STARTED", "SUCCESS"]);
  });
});

describe("a change request's votes", () => {
  const CR_FIELDS = `id status approvals { accountId status }`;
  type Cr = { id: string; status: string; approvals: { accountId: string; status: string }[] };
  const one = `subscription($c: ID!, $id: ID) { changeRequestStatusChanged(collaborationId: $c, id: $id) { ${CR_FIELDS} } }`;
  const approve = (as: string) =>
    g.gql<{ approveChangeRequest: Cr }>(`mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: "${as}") { ${CR_FIELDS} } }`, {
      c: demo.retailMedia,
      r: requestId,
    });
  let requestId: string;
  let voters: string[];

  it("PENDING (each vote) → APPROVED → COMMITTED, then completion; the whole collaboration's subscriber sees the same", async () => {
    // Retail media: creator 111; 222 and 333 (federated) and 444 (the partner, not federated) vote.
    const created = await g.gql<{ createChangeRequest: Cr }>(
      `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { ${CR_FIELDS} } }`,
      {
        input: {
          collaborationId: demo.retailMedia,
          changes: [{ specificationType: "MEMBER", member: { accountId: demo.analytics, memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } } }],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    requestId = created.data!.createChangeRequest.id;
    voters = created.data!.createChangeRequest.approvals.filter((a) => a.status === "PENDING").map((a) => a.accountId);
    expect(voters.sort()).toEqual([demo.analytics, demo.publisher, demo.partner].sort());

    const sub = subscribe<{ changeRequestStatusChanged: Cr }>(g.client(), one, { c: demo.retailMedia, id: requestId });
    const all = subscribe<{ changeRequestStatusChanged: Cr }>(g.client(), one, { c: demo.retailMedia });
    const voted = (cr: Cr) => cr.approvals.filter((a) => a.status === "APPROVED").map((a) => a.accountId).sort();

    const first = (await sub.next()).data!.changeRequestStatusChanged;
    expect(first).toEqual(created.data!.createChangeRequest);
    // The collaboration's open requests, oldest first: the seeded pending one, then the new one.
    expect((await all.next()).data!.changeRequestStatusChanged.id).toBe(demo.pendingPayerRequest);
    expect((await all.next()).data!.changeRequestStatusChanged.id).toBe(requestId);

    // Votes through the gateway: published by the mutation.
    expect((await approve(demo.analytics)).errors).toBeUndefined();
    const afterAnalytics = (await sub.next()).data!.changeRequestStatusChanged;
    expect([afterAnalytics.status, voted(afterAnalytics)]).toEqual(["PENDING", [demo.advertiser, demo.analytics].sort()]);
    expect((await approve(demo.publisher)).errors).toBeUndefined();
    const afterPublisher = (await sub.next()).data!.changeRequestStatusChanged;
    expect([afterPublisher.status, voted(afterPublisher)]).toEqual(["PENDING", [demo.advertiser, demo.analytics, demo.publisher].sort()]);

    // The partner votes from its own console: only polling can find it.
    const partner = await g.t.cleanrooms(demo.partner);
    await partner.send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: demo.retailMedia, changeRequestIdentifier: requestId, action: "APPROVE" }));
    const approved = (await sub.next()).data!.changeRequestStatusChanged;
    expect(approved.status).toBe("APPROVED");
    expect(voted(approved)).toEqual([demo.advertiser, demo.analytics, demo.publisher, demo.partner].sort());
    // The collaboration's watch polls on its own schedule: APPROVED (found only by polling) reaches its subscriber
    // before the commit is made, or a commit within one poll interval would hide it (README: what polling can miss).
    const ofRequest = async () => {
      for (;;) {
        const e = (await all.next()).data!.changeRequestStatusChanged;
        if (e.id === requestId) return e.status;
      }
    };
    expect([await ofRequest(), await ofRequest(), await ofRequest()]).toEqual(["PENDING", "PENDING", "APPROVED"]);

    const commit = await g.gql(`mutation($c: ID!, $r: ID!) { commitChangeRequest(collaborationId: $c, changeRequestId: $r) { status } }`, { c: demo.retailMedia, r: requestId });
    expect(commit.errors).toBeUndefined();
    expect((await sub.next()).data!.changeRequestStatusChanged.status).toBe("COMMITTED");
    expect(await sub.ended()).toEqual({ completed: true });
    expect(sub.events.map((e) => e.data!.changeRequestStatusChanged.status)).toEqual(["PENDING", "PENDING", "PENDING", "APPROVED", "COMMITTED"]);

    // The collaboration's subscriber heard the same four changes of this request, and does not complete.
    expect(await ofRequest()).toBe("COMMITTED");
    expect(all.over).toBe(false);
    all.unsubscribe();
  });
});
