/**
 * Subscriptions cost the same for 1 subscriber or 100: the burst of 100
 * concurrent subscribes to one run makes the one membership lookup a single
 * subscriber makes, and each status change costs the same member-list read
 * (for `payer`) whether 1 or 100 subscribers select it. Counted in the
 * emulator's call log, from the scenario's own run schedule.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, subscribe, type Subscription, type SubscriptionGateway } from "./harness";
import { QUERY_INPUT, START_QUERY } from "./operations";

const PAYER_EVENTS = `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { id status payer { accountId displayName } } }`;

interface Event {
  protectedQueryStatusChanged: { id: string; status: string; payer: { accountId: string; displayName: string } | null };
}

let g: SubscriptionGateway;
beforeAll(async () => (g = await startSubscriptionGateway()));
afterAll(() => g.close());

/** Calls of `operations` since the last reset. */
async function callsOf(...operations: string[]): Promise<Record<string, number>> {
  const { byOperation } = await g.t.calls();
  return Object.fromEntries(operations.map((op) => [op, byOperation[op] ?? 0]));
}

/** Starts a run, subscribes `n` times at once (25 per connection), and measures the burst and the first status change. */
async function measure(n: number) {
  const started = await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT });
  expect(started.errors).toBeUndefined();
  const id = started.data!.startProtectedQuery.id;
  await g.t.resetCalls();
  const clients = Array.from({ length: Math.ceil(n / 25) }, () => g.client());
  const subs: Subscription<Event>[] = Array.from({ length: n }, (_, i) => subscribe<Event>(clients[Math.floor(i / 25)], PAYER_EVENTS, { m: demo.m23, id }));
  const first = await Promise.all(subs.map((s) => s.next(20_000)));
  for (const e of first) {
    expect(e.errors).toBeUndefined();
    expect(e.data!.protectedQueryStatusChanged).toMatchObject({ id, status: "SUBMITTED" });
  }
  const burst = await callsOf("ListMemberships", "ListMembers");
  await g.t.resetCalls();
  await g.t.advance(DEFAULT_RUN_SCHEDULE.startAfterMs);
  const next = await Promise.all(subs.map((s) => s.next(20_000)));
  for (const e of next) expect(e.data!.protectedQueryStatusChanged.status).toBe("STARTED");
  // Every subscriber saw the same payer, read once for all of them.
  expect(new Set(next.map((e) => JSON.stringify(e.data!.protectedQueryStatusChanged.payer))).size).toBe(1);
  const event = await callsOf("ListMembers");
  subs.forEach((s) => s.unsubscribe());
  return { burst, event };
}

it("100 concurrent subscribes cost one membership lookup, and 100 subscribers selecting payer cost one member list per event, as one subscriber does", async () => {
  const one = await measure(1);
  const hundred = await measure(100);
  // The lookup and the payer's member list exist at all (else the comparison proves nothing).
  expect(one.burst.ListMemberships).toBeGreaterThan(0);
  expect(one.event.ListMembers).toBeGreaterThan(0);
  expect(hundred.burst).toEqual(one.burst);
  expect(hundred.event).toEqual(one.event);
}, 120_000);
