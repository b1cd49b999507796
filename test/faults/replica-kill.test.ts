/**
 * A gateway replica killed with SIGKILL while it holds polling leases and serves open subscriptions, two replicas
 * being real processes (`node …/src/main.js --config`, test/subscriptions/replicas.ts) sharing a real redis-server
 * this test starts: the other replica takes the leases over once they expire, its subscribers keep receiving every
 * event (each exactly once, none skipped), and nothing is started twice: a client that retries its start on the
 * surviving replica with the same idempotencyKey gets the run the dead one started (the emulator sees one start),
 * and each watched resource has one poller.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/auth/api-keys";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { DEFAULT_LEASE_PREFIX } from "../../src/watch/lease";
import { watchKeys } from "../../src/watch/resources";
import { demo, federatedAccounts, startTestEmulator, type TestEmulator } from "../support/emulator";
import { startTestRedis, type TestRedis } from "../support/redis";
import { checkLeaks, eventually, OPERATOR_TOKEN, subscribe, wsClient, type Subscription } from "../subscriptions/harness";
import { QUERY_EVENTS, QUERY_INPUT, START_QUERY } from "../subscriptions/operations";
import { buildGateway, startReplica, type Replica } from "../subscriptions/replicas";

const LEASE_TTL_MS = 2_000;
const WATCH = { minIntervalMs: 20, maxIntervalMs: 100, leaseTtlMs: LEASE_TTL_MS };

let t: TestEmulator;
let redis: TestRedis;
let admin: Redis;
let a: Replica;
let b: Replica;
const clients: ReturnType<typeof wsClient>[] = [];

/** Both replicas' configuration: the emulator's accounts, the operator's key, watch and idempotency in one Redis. */
function writeConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), "replica-kill-")), "gateway.json");
  const config = {
    server: { host: "127.0.0.1", port: 0 },
    aws: { cleanroomsEndpoint: t.url, stsEndpoint: t.url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
    accounts: federatedAccounts(t),
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"] }] }] },
    limits: { rateLimit: false },
    idempotency: { redisUrl: redis.url },
    watch: { ...WATCH, redisUrl: redis.url },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

beforeAll(async () => {
  [, t, redis] = await Promise.all([buildGateway(), startTestEmulator(), startTestRedis()]);
  admin = new Redis(redis.url);
  const config = writeConfig();
  [a, b] = await Promise.all([startReplica("a", config, t), startReplica("b", config, t)]);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([a?.kill("SIGKILL"), b?.kill("SIGTERM")]);
  await admin?.quit();
  await redis?.stop();
  await t?.close();
});

const client = (r: Replica) => {
  const c = wsClient(r.wsUrl, OPERATOR_TOKEN);
  clients.push(c);
  return c;
};

async function gql<T>(r: Replica, query: string, variables: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(r.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  checkLeaks(text);
  return JSON.parse(text) as { data?: T; errors?: unknown[] };
}

const watchOf = async (r: Replica) => (await r.stats()).watchStats;
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
