/**
 * The watch registry on a resource of the test's own (no AWS): one read per
 * poll however many subscribers, states delivered once and never backwards,
 * the interval rule applied, completion after a terminal state, nothing left
 * after 1,000 subscribe/unsubscribe cycles, and several registries sharing a
 * pub/sub and a lease store behaving as replicas: one polls, all hear.
 */
import { afterEach, describe, expect, it } from "vitest";
import { nextInterval } from "../../src/watch/interval";
import { MemoryLeaseStore } from "../../src/watch/lease";
import { MemoryPubSub, type PubSub } from "../../src/watch/pubsub";
import { WatchRegistry, type WatchKind, type WatchSpec } from "../../src/watch/watcher";
import { eventually } from "../subscriptions/harness";

interface State {
  id: string;
  status: string;
}
const RANK: Record<string, number> = { NEW: 0, RUNNING: 1, DONE: 2 };
const kind: WatchKind<State> = {
  single: true,
  idOf: (s) => s.id,
  progress: (s) => RANK[s.status],
  terminal: (s) => s.status === "DONE",
  encode: (s) => JSON.stringify(s),
  decode: (t) => JSON.parse(t) as State,
};

/** A resource the test changes; `reads` counts reads per replica. */
class Resource {
  status = "NEW";
  failWith?: unknown;
  readonly reads = new Map<string, number>();
  readonly intervalsAtRead: number[] = [];
  spec(registry: WatchRegistry, key = "thing"): WatchSpec<State> {
    return {
      ...kind,
      key,
      route: { accountId: "111111111111" },
      read: async () => {
        this.reads.set(registry.replicaId, (this.reads.get(registry.replicaId) ?? 0) + 1);
        this.intervalsAtRead.push(registry.describe(key)?.intervalMs ?? -1);
        if (this.failWith) throw this.failWith;
        return [{ id: "r1", status: this.status }];
      },
    };
  }
  readsBy(r: WatchRegistry): number {
    return this.reads.get(r.replicaId) ?? 0;
  }
}

const registries: WatchRegistry[] = [];
function registry(o: { id?: string; pubsub?: PubSub; leases?: MemoryLeaseStore; minMs?: number; maxMs?: number; leaseTtlMs?: number } = {}) {
  const r = new WatchRegistry({
    replicaId: o.id ?? `replica-${registries.length}`,
    pubsub: o.pubsub ?? new MemoryPubSub(),
    leases: o.leases,
    leaseTtlMs: o.leaseTtlMs ?? 300,
    bounds: { minMs: o.minMs ?? 5, maxMs: o.maxMs ?? 20 },
    random: () => 0,
  });
  registries.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

async function take<T>(it: AsyncIterator<T>): Promise<T> {
  const r = await it.next();
  if (r.done) throw new Error("the stream ended");
  return r.value;
}

const statusOf = (s: State) => s.status;

describe("one registry", () => {
  it("one read per poll however many subscribers; each gets the current state first", async () => {
    const res = new Resource();
    const r = registry();
    const streams = await Promise.all(Array.from({ length: 100 }, () => r.subscribe(res.spec(r), statusOf)));
    expect(await Promise.all(streams.map(take))).toEqual(Array(100).fill("NEW"));
    // Concurrent subscribers shared the first read.
    expect(r.stats()).toMatchObject({ watches: 1, subscribers: 100, pollers: 1, firstReads: 1 });
    await eventually(() => (r.describe("thing")!.polls >= 5 ? true : undefined));
    const { polls } = r.describe("thing")!;
    expect(res.readsBy(r)).toBeGreaterThanOrEqual(polls + 1);
    expect(res.readsBy(r)).toBeLessThanOrEqual(polls + 2); // the first read, and a poll whose count went up as its read began
    res.status = "RUNNING";
    expect(await Promise.all(streams.map(take))).toEqual(Array(100).fill("RUNNING"));
    res.status = "DONE";
    expect(await Promise.all(streams.map(take))).toEqual(Array(100).fill("DONE"));
    expect(await Promise.all(streams.map((s) => s.next()))).toEqual(Array(100).fill({ value: undefined, done: true }));
    expect(r.stats()).toMatchObject({ watches: 0, subscribers: 0, pollers: 0, timers: 0 });
  });

  it("backs off by the interval rule while nothing changes or reads fail, and hurries after a change", async () => {
    const res = new Resource();
    const r = registry({ minMs: 2, maxMs: 40 });
    const s = await r.subscribe(res.spec(r), statusOf);
    await take(s);
    await eventually(() => (res.intervalsAtRead.length >= 9 ? true : undefined));
    // [first read (no poll yet), then the interval each poll waited]
    let expected = 2;
    const unchanged = [2];
    for (let i = 1; i < 9; i++) {
      unchanged.push(expected);
      expected = nextInterval(expected, "unchanged", { minMs: 2, maxMs: 40 });
    }
    expect(res.intervalsAtRead.slice(0, 9)).toEqual(unchanged);

    res.status = "RUNNING";
    expect(await take(s)).toBe("RUNNING");
    expect(r.describe("thing")!.intervalMs).toBe(2); // back to the minimum after the change

    for (const [outcome, error] of [
      ["throttled", Object.assign(new Error("slow down"), { name: "ThrottlingException" })],
      ["failed", new Error("boom")],
    ] as const) {
      res.intervalsAtRead.length = 0;
      res.failWith = error;
      await eventually(() => (res.intervalsAtRead.length >= 3 ? true : undefined));
      const [i0, i1, i2] = res.intervalsAtRead;
      expect([i1, i2]).toEqual([nextInterval(i0, outcome, { minMs: 2, maxMs: 40 }), nextInterval(i1, outcome, { minMs: 2, maxMs: 40 })]);
      res.failWith = undefined;
      r.publish("thing", kind, { id: "r1", status: "RUNNING" }); // not news: the pace stays
    }
    res.status = "DONE";
    expect(await take(s)).toBe("DONE");
  });

  it("delivers a mutation's state at once, and a slower poll's older state never", async () => {
    const res = new Resource();
    const r = registry({ minMs: 1, maxMs: 1 });
    const s = await r.subscribe(res.spec(r), statusOf);
    expect(await take(s)).toBe("NEW");
    r.publish("thing", kind, { id: "r1", status: "RUNNING" }); // AWS still answers NEW to the polls
    expect(await take(s)).toBe("RUNNING");
    const before = r.describe("thing")!.polls;
    await eventually(() => (r.describe("thing")!.polls >= before + 5 ? true : undefined));
    res.status = "DONE";
    expect(await take(s)).toBe("DONE"); // nothing in between: the NEW answers were not news
  });

  it("a subscriber whose first read fails gets the error; the next one starts afresh", async () => {
    const res = new Resource();
    res.failWith = new Error("no such thing");
    const r = registry();
    await expect(r.subscribe(res.spec(r), statusOf)).rejects.toThrow("no such thing");
    expect(r.stats()).toMatchObject({ watches: 0, timers: 0, pubsub: { topics: 0, listeners: 0 } });
    res.failWith = undefined;
    expect(await take(await r.subscribe(res.spec(r), statusOf))).toBe("NEW");
  });

  it("1,000 subscribe/unsubscribe cycles, leaving before and after the first event, leave nothing behind", async () => {
    const res = new Resource();
    const r = registry();
    let cycles = 0;
    for (let round = 0; round < 50; round++) {
      const pending = Array.from({ length: 20 }, (_, i) =>
        r.subscribe(res.spec(r), statusOf).then(async (s) => {
          if (i % 3 === 0) await take(s);
          await s.return();
          cycles++;
        }),
      );
      await Promise.all(pending);
    }
    expect(cycles).toBe(1_000);
    const left = await eventually(() => {
      const s = r.stats();
      return s.watches + s.subscribers + s.waiting + s.pollers + s.reading + s.timers + s.pubsub.topics + s.pubsub.listeners === 0 ? s : undefined;
    });
    expect(left).toMatchObject({ watches: 0, timers: 0, pubsub: { topics: 0, listeners: 0 } });
  });
});

describe("registries as replicas (shared pub/sub and leases)", () => {
  it("one polls, every subscriber hears; when the poller's last subscriber leaves, another takes over at once", async () => {
    const pubsub = new MemoryPubSub();
    const leases = new MemoryLeaseStore();
    const res = new Resource();
    const [a, b] = [registry({ id: "a", pubsub, leases, leaseTtlMs: 60_000 }), registry({ id: "b", pubsub, leases, leaseTtlMs: 60_000 })];
    const sa = await a.subscribe(res.spec(a), statusOf);
    await eventually(() => (a.describe("thing")!.polling ? true : undefined));
    const sb = await b.subscribe(res.spec(b), statusOf);
    expect([await take(sa), await take(sb)]).toEqual(["NEW", "NEW"]);
    const bReads = res.readsBy(b); // its first read only
    await eventually(() => (a.describe("thing")!.polls >= 5 ? true : undefined));
    expect(res.readsBy(b)).toBe(bReads);
    expect(b.describe("thing")!.polling).toBe(false);
    expect(await leases.owner("thing")).toBe("a");

    res.status = "RUNNING"; // polled by a, heard on b
    expect([await take(sa), await take(sb)]).toEqual(["RUNNING", "RUNNING"]);

    await sa.return(); // a stops watching: it releases the lease and says so; b takes over without waiting for the lease time
    await eventually(() => (b.describe("thing")?.polling ? true : undefined), 1_000, "b polling");
    expect(await leases.owner("thing")).toBe("b");
    res.status = "DONE";
    expect(await take(sb)).toBe("DONE");
    expect(await sb.next()).toEqual({ value: undefined, done: true });
  });

  it("polls anyway when the lease store fails (Redis away): duplicates beat silence", async () => {
    const res = new Resource();
    const failing = { claim: async () => Promise.reject(new Error("ECONNREFUSED")), release: async () => {}, owner: async () => undefined };
    const r = new WatchRegistry({ replicaId: "alone", pubsub: new MemoryPubSub(), leases: failing, leaseTtlMs: 300, bounds: { minMs: 5, maxMs: 20 } });
    registries.push(r);
    const s = await r.subscribe(res.spec(r), statusOf);
    expect(await take(s)).toBe("NEW");
    res.status = "RUNNING";
    expect(await take(s)).toBe("RUNNING");
    expect(r.describe("thing")!.polling).toBe(true);
  });

  it("a state published on one replica reaches the other's subscribers", async () => {
    const pubsub = new MemoryPubSub();
    const res = new Resource();
    const [a, b] = [registry({ id: "a", pubsub, leases: new MemoryLeaseStore(), minMs: 1_000, maxMs: 1_000 }), registry({ id: "b", pubsub, minMs: 1_000, maxMs: 1_000 })];
    const sb = await b.subscribe(res.spec(b), statusOf);
    expect(await take(sb)).toBe("NEW");
    a.publish("thing", kind, { id: "r1", status: "RUNNING" }); // a does not even watch it
    expect(await take(sb)).toBe("RUNNING");
    expect(b.stats().received).toBe(1);
  });
});
