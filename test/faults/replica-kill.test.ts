/**
 * A gateway replica killed with SIGKILL while it holds polling leases and serves open subscriptions, two replicas
 * being real processes (`node …/src/main.js --config`, test/subscriptions/replicas.ts) sharing a real redis-server
 * this test starts: the other replica takes the leases over once they expire, its subscribers keep receiving every
 * event (each exactly once, none skipped), and nothing is started twice: a client that retries its start on the
 * surviving replica with the same idempotencyKey gets the run the dead one started (the emulator sees one start),
 * and each watched resource has one poller.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { DEFAULT_LEASE_PREFIX } from "../../src/watch/lease";
import { watchKeys } from "../../src/watch/resources";
import { demo, type TestEmulator } from "../support/emulator";
import { eventually, subscribe, type Subscription } from "../subscriptions/harness";
import { QUERY_EVENTS, QUERY_INPUT, START_QUERY } from "../subscriptions/operations";
import { startReplicaPair, type Replica, type ReplicaPair } from "../subscriptions/replicas";

const LEASE_TTL_MS = 2_000;
const WATCH = { minIntervalMs: 20, maxIntervalMs: 100, leaseTtlMs: LEASE_TTL_MS };

let p: ReplicaPair;
let t: TestEmulator;
let admin: ReplicaPair["admin"];
let a: Replica;
let b: Replica;

// Both replicas keep watch leases and idempotency keys in the one Redis.
beforeAll(async () => {
  p = await startReplicaPair(WATCH, { idempotencyInRedis: true });
  ({ t, admin, a, b } = p);
}, 180_000);
afterAll(() => p?.close());

const client = (r: Replica) => p.client(r);
const gql = <T>(r: Replica, query: string, variables: Record<string, unknown>) => p.gql<T>(r, query, variables);
const watchOf = (r: Replica) => p.watchOf(r);
const startsSeen = async () => (await t.calls()).byOperation.StartProtectedQuery ?? 0;

type QueryEvent = { protectedQueryStatusChanged: { id: string; status: string } };
type CrEvent = { changeRequestStatusChanged: { status: string; approvals: { accountId: string; status: string }[] } };
const CR_EVENTS = `subscription($c: ID!, $id: ID) { changeRequestStatusChanged(collaborationId: $c, id: $id) { status approvals { accountId status } } }`;
const CR = { c: demo.retailMedia, id: demo.pendingPayerRequest };
const vote = (events: Subscription<CrEvent>["events"], i: number) => events[i].data!.changeRequestStatusChanged.approvals.find((x) => x.accountId === demo.analytics)!.status;

describe("a replica killed with SIGKILL", () => {
  it("leaves the other replica's subscribers their events, and nothing is started twice", async () => {
    // Two queries started through a, each with its idempotencyKey.
    const inputs = ["fault-kill-1", "fault-kill-2"].map((idempotencyKey, i) => ({ ...QUERY_INPUT, sqlParameters: { queryString: `SELECT ${i + 1}` }, idempotencyKey }));
    const ids: string[] = [];
    for (const input of inputs) {
      const started = await gql<{ startProtectedQuery: { id: string } }>(a, START_QUERY, { input });
      expect(started.errors).toBeUndefined();
      ids.push(started.data!.startProtectedQuery.id);
    }
    expect(await startsSeen()).toBe(2);
    const leaseKeys = [...ids.map((id) => watchKeys.query(demo.m23, id)), watchKeys.changeRequest(CR.c, CR.id)].map((k) => DEFAULT_LEASE_PREFIX + k);

    // a's subscribers first, so that a polls everything and holds every lease; then b's subscribers to the same.
    const onA = ids.map((id) => subscribe<QueryEvent>(client(a), QUERY_EVENTS, { m: demo.m23, id }));
    const crOnA = subscribe<CrEvent>(client(a), CR_EVENTS, CR);
    for (const s of onA) expect((await s.next(15_000)).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
    await crOnA.next(15_000);
    expect(vote(crOnA.events, 0)).toBe("PENDING");
    const aId = (await watchOf(a)).replicaId;
    await eventually(async () => ((await admin.mget(...leaseKeys)).every((holder) => holder === aId) ? true : undefined), 10_000, "a holding every lease");
    const onB = ids.map((id) => subscribe<QueryEvent>(client(b), QUERY_EVENTS, { m: demo.m23, id }));
    const crOnB = subscribe<CrEvent>(client(b), CR_EVENTS, CR);
    for (const s of onB) expect((await s.next(15_000)).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
    await crOnB.next(15_000);
    expect(vote(crOnB.events, 0)).toBe("PENDING");
    expect(await watchOf(b)).toMatchObject({ watches: 3, pollers: 0 });

    await a.kill("SIGKILL");
    // a's own subscribers lose their socket: nothing completes them as if the runs had ended.
    for (const s of [...onA, crOnA]) expect(await s.ended()).toMatchObject({ closed: {} });

    // The client whose start went to a retries it on b: the same key answers the run a started, and nothing is sent.
    const retried = await gql<{ startProtectedQuery: { id: string } }>(b, START_QUERY, { input: inputs[0] });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.startProtectedQuery.id).toBe(ids[0]);
    expect(await startsSeen()).toBe(2);

    // The queries start while nobody polls them (a is dead, its leases not yet expired): b's subscribers get the
    // change once b takes the leases over.
    await t.advance(DEFAULT_RUN_SCHEDULE.startAfterMs);
    for (const s of onB) expect((await s.next(LEASE_TTL_MS * 5)).data!.protectedQueryStatusChanged.status).toBe("STARTED");
    // b holds every lease and polls each resource once: one poller per watched resource.
    const bId = (await watchOf(b)).replicaId;
    await eventually(async () => ((await admin.mget(...leaseKeys)).every((holder) => holder === bId) ? true : undefined), LEASE_TTL_MS * 5, "b holding every lease");
    expect(await watchOf(b)).toMatchObject({ watches: 3, pollers: 3 });

    // b's subscribers follow both queries to their end, every status once, and see a vote made through b.
    await t.advance(DEFAULT_RUN_SCHEDULE.finishAfterMs - DEFAULT_RUN_SCHEDULE.startAfterMs);
    for (const s of onB) expect((await s.next()).data!.protectedQueryStatusChanged.status).toBe("SUCCESS");
    for (const s of onB) expect(await s.ended()).toEqual({ completed: true });
    for (const [i, s] of onB.entries()) {
      const events = s.events.map((e) => e.data!.protectedQueryStatusChanged);
      expect(events.map((e) => [e.id, e.status])).toEqual(["SUBMITTED", "STARTED", "SUCCESS"].map((status) => [ids[i], status]));
    }
    const voted = await gql(b, `mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: "${demo.analytics}") { status } }`, { c: CR.c, r: CR.id });
    expect(voted.errors).toBeUndefined();
    await crOnB.next();
    expect(crOnB.events.map((_, i) => vote(crOnB.events, i))).toEqual(["PENDING", "APPROVED"]);
    expect(await startsSeen()).toBe(2);
  }, 90_000);
});
