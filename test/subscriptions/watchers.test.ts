/**
 * Watchers over the real wire: one poller per watched resource however many
 * subscribers it has (the emulator's GetProtectedQuery count per poll does
 * not grow with them), none left behind after 1,000 subscribe/unsubscribe
 * cycles (counted by the registry, the pub/sub and the WebSocket server),
 * mutations published at once, and polling that backs off while AWS throttles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchKeys } from "../../src/watch";
import { demo } from "../support/emulator";
import { eventually, FAST_WATCH, startSubscriptionGateway, subscribe, type SubscriptionGateway } from "./harness";
import { QUERY_EVENTS, QUERY_INPUT, START_QUERY } from "./operations";

let g: SubscriptionGateway;
beforeAll(async () => (g = await startSubscriptionGateway()));
afterAll(() => g.close());

async function startQuery(on: SubscriptionGateway = g): Promise<string> {
  const res = await on.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT });
  expect(res.errors).toBeUndefined();
  return res.data!.startProtectedQuery.id;
}

const getCalls = async () => (await g.t.calls()).byOperation.GetProtectedQuery ?? 0;

/** Nothing of any watch is left: no watch, subscriber, poller, timer, read, topic or listener, and no subscription on the socket. */
async function nothingLeft(on: SubscriptionGateway) {
  return eventually(
    () => {
      const s = on.gateway.watch.stats();
      const ws = on.gateway.ws.stats();
      const left = { watches: s.watches, subscribers: s.subscribers, waiting: s.waiting, pollers: s.pollers, reading: s.reading, timers: s.timers, ...s.pubsub, subscriptions: ws.subscriptions };
      return Object.values(left).every((n) => n === 0) ? left : undefined;
    },
    10_000,
    "an empty registry",
  );
}

describe("one poller per resource", () => {
  it("200 subscribers on one query: one watch, one poller, one GetProtectedQuery per poll as with 1 subscriber", async () => {
    const id = await startQuery();
    const key = watchKeys.query(demo.m23, id);
    const polls = () => g.gateway.watch.registry.describe(key)?.polls ?? 0;
    /** GetProtectedQuery calls while the poller makes `n` polls (±1: a poll in flight at either edge). */
    const measure = async (n: number) => {
      const before = { calls: await getCalls(), polls: polls() };
      await eventually(() => (polls() >= before.polls + n ? true : undefined), 10_000, `${n} polls`);
      return { calls: (await getCalls()) - before.calls, polls: polls() - before.polls };
    };

    const first = subscribe(g.client(), QUERY_EVENTS, { m: demo.m23, id });
    await first.next();
    await eventually(() => (polls() >= 1 ? true : undefined));
    const one = await measure(6);

    const others = Array.from({ length: 199 }, () => subscribe(g.client(), QUERY_EVENTS, { m: demo.m23, id }));
    await Promise.all(others.map((s) => s.next(20_000)));
    const stats = g.gateway.watch.stats();
    expect({ watches: stats.watches, subscribers: stats.subscribers, pollers: stats.pollers }).toEqual({ watches: 1, subscribers: 200, pollers: 1 });
    const many = await measure(6);

    console.log(
      `GetProtectedQuery per poll: 1 subscriber ${one.calls}/${one.polls}, 200 subscribers ${many.calls}/${many.polls} (interval ${g.gateway.watch.registry.describe(key)!.intervalMs} ms)`,
    );
    expect(Math.abs(one.calls - one.polls)).toBeLessThanOrEqual(1);
    expect(Math.abs(many.calls - many.polls)).toBeLessThanOrEqual(1);
    // Every subscriber has its first event, and none of them cost a read of its own.
    expect([first, ...others].every((s) => s.events.length === 1 && !s.over)).toBe(true);

    for (const s of [first, ...others]) s.unsubscribe();
    await nothingLeft(g);
  }, 60_000);

  it("1,000 subscribe/unsubscribe cycles leave no watch, poller, timer, listener or subscription behind", async () => {
    const id = await startQuery();
    const vars = { m: demo.m23, id };
    const client = g.client(undefined, { lazy: false });
    let cycles = 0;
    for (let round = 0; round < 20; round++) {
      // A leader starts the watch (its first read), 49 more join; half of them leave before their first event.
      const leader = subscribe(client, QUERY_EVENTS, vars);
      await leader.next();
      const joiners = Array.from({ length: 49 }, () => subscribe(client, QUERY_EVENTS, vars));
      await Promise.all(
        joiners.map(async (s, i) => {
          if (i % 2 === 0) await s.next();
          s.unsubscribe();
        }),
      );
      leader.unsubscribe();
      cycles += 50;
    }
    expect(cycles).toBe(1_000);
    const left = await nothingLeft(g);
    console.log(`after ${cycles} cycles: ${JSON.stringify(left)}; ${JSON.stringify(g.gateway.watch.stats())}`);
  }, 120_000);
});

describe("mutations publish at once", () => {
  it("a cancel reaches the subscriber though the poller never polls (intervals of a minute)", async () => {
    const slow = await startSubscriptionGateway({ emulator: g.t, watch: { minIntervalMs: 60_000, maxIntervalMs: 60_000 } });
    try {
      const id = await startQuery(slow);
      const sub = subscribe<{ protectedQueryStatusChanged: { status: string } }>(slow.client(), QUERY_EVENTS, { m: demo.m23, id });
      expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
      const cancel = await slow.gql(`mutation($m: ID!, $id: ID!) { cancelProtectedQuery(membershipId: $m, id: $id) { status } }`, { m: demo.m23, id });
      expect(cancel.errors).toBeUndefined();
      expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("CANCELLING");
      expect(slow.gateway.watch.registry.describe(watchKeys.query(demo.m23, id))!.polls).toBe(0);
      sub.unsubscribe();
      await nothingLeft(slow);
    } finally {
      await slow.close();
    }
  });
});

describe("adaptive polling", () => {
  it("backs off to the maximum while AWS throttles, and returns to the minimum after a change", async () => {
    const id = await startQuery();
    const key = watchKeys.query(demo.m23, id);
    const describeKey = () => g.gateway.watch.registry.describe(key);
    const sub = subscribe<{ protectedQueryStatusChanged: { status: string } }>(g.client(), QUERY_EVENTS, { m: demo.m23, id });
    await sub.next();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "GetProtectedQuery", throttleRate: 1 }] });
    try {
      await eventually(() => (describeKey()!.intervalMs === FAST_WATCH.maxIntervalMs ? true : undefined), 10_000, "the maximum interval");
    } finally {
      await g.t.control("POST", "/_emulator/faults", { rules: [] });
    }
    await g.t.advance(2_000);
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("STARTED");
    expect(describeKey()!.intervalMs).toBe(FAST_WATCH.minIntervalMs);
    sub.unsubscribe();
  });
});
