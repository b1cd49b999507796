/**
 * Issue 17's live activity over graphql-ws: runStatusChanged follows every
 * run of a membership or of a collaboration's federated memberships with no
 * run id given — the runs still open first, then a run started through the
 * gateway (published at once) and one started directly through the emulator
 * (found by the membership's one poller), through their status changes; and
 * changeRequestStatusChanged with no collaboration follows every
 * collaboration. Changes come from the emulator's manual clock and from
 * votes, never from sleeping.
 */
import "../../src/aws/sdk-overlay";
import {
  ListProtectedQueriesCommand,
  StartProtectedQueryCommand,
  UpdateCollaborationChangeRequestCommand,
  UpdateProtectedQueryCommand,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { membershipRunsKey, watchKeys } from "../../src/watch";
import { collaborationById, federatedIds, federatedMembershipIds, world } from "../graph/demo-world";
import { demo } from "../support/emulator";
import { eventually, startSubscriptionGateway, subscribe, type Subscription, type SubscriptionGateway } from "./harness";
import { QUERY_INPUT, START_QUERY } from "./operations";

const { startAfterMs, finishAfterMs, cancelAfterMs } = DEFAULT_RUN_SCHEDULE;
const TERMINAL = new Set(["SUCCESS", "FAILED", "CANCELLED", "TIMED_OUT"]);

const RUN_EVENTS = `subscription($c: ID, $m: ID) { runStatusChanged(collaborationId: $c, membershipId: $m) {
  __typename id membershipId kind runStatus payer { accountId }
} }`;

interface RunEvent {
  runStatusChanged: { __typename: string; id: string; membershipId: string; kind: string; runStatus: string; payer: { accountId: string } | null };
}
const statusOf = (e: RunEvent["runStatusChanged"]) => {
  expect(e.__typename).toBe(e.kind === "JOB" ? "ProtectedJob" : "ProtectedQuery");
  return e.runStatus;
};

/** The scenario's runs of these memberships that have not ended. */
function openRuns(membershipIds: string[]): string[] {
  return [...world.protectedQueries, ...world.protectedJobs].filter((r) => membershipIds.includes(r.membershipId) && !TERMINAL.has(r.status)).map((r) => `${r.id}:${r.status}`);
}

/** The next events until `n` have arrived, as id:status. */
async function take(sub: Subscription<RunEvent>, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const e = await sub.next();
    expect(e.errors).toBeUndefined();
    out.push(`${e.data!.runStatusChanged.id}:${statusOf(e.data!.runStatusChanged)}`);
  }
  return out;
}

let g: SubscriptionGateway;
beforeAll(async () => (g = await startSubscriptionGateway()));
afterAll(() => g.close());

describe("runStatusChanged", () => {
  it("a collaboration: its open runs first, then runs started through the gateway and directly through the emulator, through their changes", async () => {
    const memberships = federatedMembershipIds(collaborationById(demo.audienceInsights));
    const open = openRuns(memberships);
    expect(open.length).toBeGreaterThan(0);
    const sub = subscribe<RunEvent>(g.client(), RUN_EVENTS, { c: demo.audienceInsights });
    expect((await take(sub, open.length)).sort()).toEqual([...open].sort());

    // One poller per membership however the subscribers came.
    const viaMembership = subscribe<RunEvent>(g.client(), RUN_EVENTS, { m: demo.m23 });
    expect((await take(viaMembership, openRuns([demo.m23]).length)).sort()).toEqual(openRuns([demo.m23]).sort());
    expect(g.gateway.watch.registry.describe(membershipRunsKey(demo.m23))?.subscribers).toBe(2);

    // Started through the gateway: published at once.
    const started = await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT });
    expect(started.errors).toBeUndefined();
    const viaGateway = started.data!.startProtectedQuery.id;
    expect(await take(sub, 1)).toEqual([`${viaGateway}:SUBMITTED`]);

    // Started by someone else, directly in AWS: the membership's poller finds it.
    const publisher = await g.t.cleanrooms(demo.publisher);
    const direct = (
      await publisher.send(
        new StartProtectedQueryCommand({
          membershipIdentifier: demo.m23,
          type: "SQL",
          sqlParameters: { queryString: "SELECT 3" },
          resultConfiguration: { outputConfiguration: { member: { accountId: demo.publisher } } },
        }),
      )
    ).protectedQuery!.id!;
    expect(await take(sub, 1)).toEqual([`${direct}:SUBMITTED`]);

    await g.t.advance(startAfterMs);
    expect((await take(sub, 2)).sort()).toEqual([`${viaGateway}:STARTED`, `${direct}:STARTED`].sort());
    await g.t.advance(finishAfterMs - startAfterMs);
    expect((await take(sub, 2)).sort()).toEqual([`${viaGateway}:SUCCESS`, `${direct}:SUCCESS`].sort());
    // The run's other fields resolve as for any query: the payer is the collaboration's default (the publisher).
    expect(sub.events.at(-1)!.data!.runStatusChanged.payer).toEqual({ accountId: demo.publisher });
    expect(sub.over).toBe(false);

    // The membership's subscriber saw the same runs.
    expect((await take(viaMembership, 6)).filter((e) => e.startsWith(direct)).sort()).toEqual([`${direct}:STARTED`, `${direct}:SUBMITTED`, `${direct}:SUCCESS`].sort());
    sub.unsubscribe();
    viaMembership.unsubscribe();
    await eventually(() => (g.gateway.watch.registry.describe(membershipRunsKey(demo.m23)) === undefined ? true : undefined), 5_000, "the watch stopped");
  });

  it("refuses anything but exactly one of collaborationId and membershipId with BAD_USER_INPUT", async () => {
    for (const variables of [{}, { c: demo.audienceInsights, m: demo.m23 }]) {
      const sub = subscribe<RunEvent>(g.client(), RUN_EVENTS, variables);
      const ending = await sub.ended();
      expect(ending).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
      expect(JSON.stringify(ending)).toMatch(/exactly one of collaborationId and membershipId/);
    }
    const notUuid = subscribe<RunEvent>(g.client(), RUN_EVENTS, { m: "m23" });
    expect(await notUuid.ended()).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT", field: "membershipId" } }] });
  });

  it("NOT_FOUND for a membership none of the caller's accounts holds", async () => {
    const sub = subscribe<RunEvent>(g.client(), RUN_EVENTS, { m: demo.m14 });
    expect(await sub.ended()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });
});

describe("runStatusChanged: a run still open behind a hundred newer ones", () => {
  /** More than one page (AWS's largest, 100) of newer runs. */
  const NEWER = 101;

  it("is among the first events, and its end is sent", async () => {
    const publisher = await g.t.cleanrooms(demo.publisher);
    const start = async (sql: string) =>
      (
        await publisher.send(
          new StartProtectedQueryCommand({
            membershipIdentifier: demo.m23,
            type: "SQL",
            sqlParameters: { queryString: sql },
            resultConfiguration: { outputConfiguration: { member: { accountId: demo.publisher } } },
          }),
        )
      ).protectedQuery!.id!;
    const old = await start("SELECT 1");
    await g.t.advance(startAfterMs);
    // A page and more of newer queries, all ended (cancelled) while the old one still runs.
    const newer: string[] = [];
    for (let i = 0; i < NEWER; i++) newer.push(await start(`SELECT ${i}`));
    for (const id of newer) {
      await publisher.send(new UpdateProtectedQueryCommand({ membershipIdentifier: demo.m23, protectedQueryIdentifier: id, targetStatus: "CANCELLED" }));
    }
    await g.t.advance(cancelAfterMs);
    expect(startAfterMs + cancelAfterMs).toBeLessThan(finishAfterMs);
    const newest = (await publisher.send(new ListProtectedQueriesCommand({ membershipIdentifier: demo.m23, maxResults: 100 }))).protectedQueries!;
    expect(newest.map((q) => q.id)).not.toContain(old);
    expect(newest.every((q) => TERMINAL.has(q.status!))).toBe(true);

    const expected = [...openRuns([demo.m23]), `${old}:STARTED`];
    const sub = subscribe<RunEvent>(g.client(), RUN_EVENTS, { m: demo.m23 });
    expect((await take(sub, expected.length)).sort()).toEqual(expected.sort());
    await g.t.advance(finishAfterMs - startAfterMs - cancelAfterMs);
    expect(await take(sub, 1)).toEqual([`${old}:SUCCESS`]);
    sub.unsubscribe();
  });
});

describe("a membership's run-list poller and the account's polling budget", () => {
  it("counts each poll's two calls against the budget: its interval stretches to 2 / budget seconds", async () => {
    const budgeted = await startSubscriptionGateway({ watch: { maxPollsPerSecondPerAccount: 4 } });
    try {
      const sub = subscribe<RunEvent>(budgeted.client(), RUN_EVENTS, { m: demo.m23 });
      await sub.next();
      const d = await eventually(() => {
        const w = budgeted.gateway.watch.registry.describe(membershipRunsKey(demo.m23));
        return w?.polling && w.scheduledMs > 0 ? w : undefined;
      });
      // FAST_WATCH's 20 ms would be 50 polls (100 calls) a second; 4 calls a second allow one poll every 500 ms.
      expect(d.scheduledMs).toBeGreaterThanOrEqual(500);
      sub.unsubscribe();
    } finally {
      await budgeted.close();
    }
  });
});

describe("changeRequestStatusChanged without a collaboration", () => {
  const EVENTS = `subscription { changeRequestStatusChanged { id collaborationId status approvals { accountId status } } }`;
  interface CrEvent {
    changeRequestStatusChanged: { id: string; collaborationId: string; status: string; approvals: { accountId: string; status: string }[] };
  }

  it("sends every collaboration's open requests, then votes made through the gateway and outside it", async () => {
    const visible = world.collaborations.filter((c) => c.members.some((m) => federatedIds.includes(m.accountId) && (m.status === "ACTIVE" || m.status === "INVITED")));
    const open = visible.flatMap((c) => c.changeRequests.filter((r) => r.status === "PENDING" || r.status === "APPROVED").map((r) => r.id));
    expect(new Set(visible.filter((c) => c.changeRequests.some((r) => open.includes(r.id))).map((c) => c.id)).size).toBeGreaterThan(1);
    const sub = subscribe<CrEvent>(g.client(), EVENTS);
    const first: string[] = [];
    for (let k = 0; k < open.length; k++) first.push((await sub.next()).data!.changeRequestStatusChanged.id);
    expect(first.sort()).toEqual([...open].sort());
    for (const c of visible) expect(g.gateway.watch.registry.describe(watchKeys.changeRequests(c.id))?.subscribers).toBe(1);

    // Through the gateway: the advertiser approves the publisher's request in Publisher audience insights.
    const vote = await g.gql(`mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: "${demo.advertiser}") { id } }`, {
      c: demo.audienceInsights,
      r: "cccccccc-0002-4000-8000-000000000005",
    });
    expect(vote.errors).toBeUndefined();
    const viaGateway = (await sub.next()).data!.changeRequestStatusChanged;
    expect(viaGateway).toMatchObject({ id: "cccccccc-0002-4000-8000-000000000005", status: "APPROVED" });

    // Outside the gateway: the measurement partner (not federated) votes in its own account; the poller finds it.
    const partner = await g.t.cleanrooms(demo.partner);
    await partner.send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: demo.retailMedia, changeRequestIdentifier: demo.pendingPayerRequest, action: "APPROVE" }));
    const outside = (await sub.next()).data!.changeRequestStatusChanged;
    expect(outside.id).toBe(demo.pendingPayerRequest);
    expect(outside.approvals.find((a) => a.accountId === demo.partner)?.status).toBe("APPROVED");
    sub.unsubscribe();
  });

  it("still refuses an id without its collaboration, naming collaborationId", async () => {
    const sub = subscribe(g.client(), `subscription { changeRequestStatusChanged(id: "${demo.pendingPayerRequest}") { id } }`);
    expect(await sub.ended()).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT", field: "collaborationId" } }] });
  });
});
