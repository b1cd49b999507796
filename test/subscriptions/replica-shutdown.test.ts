/**
 * A replica shut down with SIGTERM hands its polling over at once: before
 * its process exits it has released its Redis leases (the lease key no longer
 * names it — a kill would leave it there until it expires), the other replica
 * takes the resource over, and that replica's subscriber follows the run on.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { DEFAULT_LEASE_PREFIX } from "../../src/watch/lease";
import { watchKeys } from "../../src/watch/resources";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { startTestRedis, type TestRedis } from "../support/redis";
import { eventually, OPERATOR_TOKEN, subscribe, wsClient } from "./harness";
import { QUERY_EVENTS, QUERY_INPUT, START_QUERY } from "./operations";
import { buildGateway, startReplica, writeConfig, type Replica } from "./replicas";

// A long lease: a hand-over before it could have expired can only come from the release.
const WATCH = { minIntervalMs: 20, maxIntervalMs: 100, leaseTtlMs: 60_000 };

let t: TestEmulator;
let redis: TestRedis;
let admin: Redis;
let a: Replica;
let b: Replica;
const clients: ReturnType<typeof wsClient>[] = [];

beforeAll(async () => {
  [, t, redis] = await Promise.all([buildGateway(), startTestEmulator(), startTestRedis()]);
  admin = new Redis(redis.url);
  const config = writeConfig(t, { ...WATCH, redisUrl: redis.url });
  [a, b] = await Promise.all([startReplica("a", config, t), startReplica("b", config, t)]);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([a?.kill("SIGTERM"), b?.kill("SIGTERM")]);
  await admin?.quit();
  await redis?.stop();
  await t?.close();
});

const client = (r: Replica) => {
  const c = wsClient(r.wsUrl, OPERATOR_TOKEN);
  clients.push(c);
  return c;
};

it("SIGTERM releases the replica's leases before it exits; the other replica polls on at once", async () => {
  const res = await fetch(a.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` },
    body: JSON.stringify({ query: START_QUERY, variables: { input: QUERY_INPUT } }),
  });
  const id = ((await res.json()) as { data: { startProtectedQuery: { id: string } } }).data.startProtectedQuery.id;
  const leaseKey = DEFAULT_LEASE_PREFIX + watchKeys.query(demo.m23, id);

  const onA = subscribe<{ protectedQueryStatusChanged: { status: string } }>(client(a), QUERY_EVENTS, { m: demo.m23, id });
  expect((await onA.next(15_000)).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
  const aId = (await a.stats()).watchStats.replicaId;
  await eventually(async () => ((await admin.get(leaseKey)) === aId ? true : undefined), 10_000, "a's lease");
  const onB = subscribe<{ protectedQueryStatusChanged: { status: string } }>(client(b), QUERY_EVENTS, { m: demo.m23, id });
  expect((await onB.next(15_000)).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
  expect((await b.stats()).watchStats.pollers).toBe(0);

  await a.kill("SIGTERM"); // resolves when the process has exited
  expect(a.child.exitCode).toBe(0);
  expect(await admin.get(leaseKey)).not.toBe(aId);
  expect(await onA.ended()).toEqual({ closed: { code: 1001, reason: "Going away" } });
  const bId = (await b.stats()).watchStats.replicaId;
  await eventually(async () => ((await admin.get(leaseKey)) === bId ? true : undefined), 10_000, "b's lease");

  await t.advance(DEFAULT_RUN_SCHEDULE.startAfterMs);
  expect((await onB.next()).data!.protectedQueryStatusChanged.status).toBe("STARTED");
}, 120_000);
