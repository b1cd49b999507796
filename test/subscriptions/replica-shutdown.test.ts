/**
 * A replica shut down with SIGTERM hands its polling over at once: before
 * its process exits it has released its Redis leases (the lease key no longer
 * names it — a kill would leave it there until it expires), the other replica
 * takes the resource over, and that replica's subscriber follows the run on.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { DEFAULT_LEASE_PREFIX } from "../../src/watch/lease";
import { watchKeys } from "../../src/watch/resources";
import { demo, type TestEmulator } from "../support/emulator";
import { eventually, subscribe } from "./harness";
import { QUERY_EVENTS, QUERY_INPUT, START_QUERY } from "./operations";
import { startReplicaPair, type Replica, type ReplicaPair } from "./replicas";

// A long lease: a hand-over before it could have expired can only come from the release.
const WATCH = { minIntervalMs: 20, maxIntervalMs: 100, leaseTtlMs: 60_000 };

let p: ReplicaPair;
let t: TestEmulator;
let admin: ReplicaPair["admin"];
let a: Replica;
let b: Replica;

beforeAll(async () => {
  p = await startReplicaPair(WATCH);
  ({ t, admin, a, b } = p);
}, 180_000);
afterAll(() => p?.close());

const client = (r: Replica) => p.client(r);

it("SIGTERM releases the replica's leases before it exits; the other replica polls on at once", async () => {
  const started = await p.gql<{ startProtectedQuery: { id: string } }>(a, START_QUERY, { input: QUERY_INPUT });
  expect(started.errors).toBeUndefined();
  const id = started.data!.startProtectedQuery.id;
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
