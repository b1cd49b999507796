/**
 * The polling budget per account: with many resources of one account
 * watched, each one's interval stretches so that the account's polls stay
 * within maxPollsPerSecondPerAccount; another account's resources keep
 * their own pace. Resources of the test's own (no AWS).
 */
import { afterEach, describe, expect, it } from "vitest";
import { stretchedInterval } from "../../src/watch/interval";
import { MemoryPubSub } from "../../src/watch/pubsub";
import { WatchRegistry, type WatchSpec } from "../../src/watch/watcher";

interface State {
  id: string;
  n: number;
}

const registries: WatchRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

/** Resolves when `count()` reaches `n`, checked at every read. */
function whenReads(n: number, count: () => number, onRead: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (count() >= n) {
        onRead.delete(check);
        resolve();
      }
    };
    onRead.add(check);
    check();
  });
}

describe("stretchedInterval", () => {
  it("leaves the interval alone without a budget or within it, stretches it to pollers / budget otherwise", () => {
    expect(stretchedInterval(1_000, 50, undefined)).toBe(1_000);
    expect(stretchedInterval(1_000, 2, 2)).toBe(1_000);
    expect(stretchedInterval(1_000, 10, 2)).toBe(5_000);
    expect(stretchedInterval(5, 0, 20)).toBe(50);
  });
});

/** A watched resource that changes at every read (its interval wants its minimum, 5 ms, every time); `onRead` sees each read. */
function changingSpec(key: string, route: { accountId: string; region?: string }, onRead: () => void): WatchSpec<State> {
  let n = 0;
  return {
    single: true,
    idOf: (s) => s.id,
    progress: (s) => s.n,
    terminal: () => false,
    encode: (s) => JSON.stringify(s),
    decode: (t) => JSON.parse(t) as State,
    key,
    route,
    read: async () => {
      onRead();
      return [{ id: key, n: ++n }];
    },
  };
}

describe("polling budget per account", () => {
  it("keeps 10 watched resources of one account within 20 polls/s; another account's resource is not stretched", async () => {
    const BUDGET = 20;
    const N = 10;
    const reads: { account: string; at: number }[] = [];
    const onRead = new Set<() => void>();
    const registry = new WatchRegistry({
      replicaId: "budget",
      pubsub: new MemoryPubSub(),
      leaseTtlMs: 300,
      bounds: { minMs: 5, maxMs: 20 },
      maxPollsPerSecondPerAccount: BUDGET,
      random: () => 0,
    });
    registries.push(registry);
    const spec = (account: string, key: string) =>
      changingSpec(key, { accountId: account }, () => {
        reads.push({ account, at: performance.now() });
        for (const f of [...onRead]) f();
      });
    const keysA = Array.from({ length: N }, (_, i) => `a-${i}`);
    const streams = await Promise.all([...keysA.map((k) => registry.subscribe(spec("A", k), (s) => s)), registry.subscribe(spec("B", "b-0"), (s) => s)]);
    const settledAt = performance.now(); // every watch polls from here on, with N pollers for A
    const readsOfA = () => reads.filter((r) => r.account === "A").length;
    // Enough polls of A to see the pace: 3 more per resource.
    await whenReads(N + 3 * N, readsOfA, onRead);

    for (const k of keysA) expect(registry.describe(k)!.scheduledMs).toBeGreaterThanOrEqual((N / BUDGET) * 1000);
    expect(registry.describe(keysA[0])!.intervalMs).toBe(5); // the adaptive interval itself is untouched
    expect(registry.describe("b-0")!.scheduledMs).toBeLessThanOrEqual((1 / BUDGET) * 1000);

    // A's polls in any one-second window after every watch started: at most the budget.
    const times = reads.filter((r) => r.account === "A" && r.at >= settledAt + (N / BUDGET) * 1000).map((r) => r.at);
    let worst = 0;
    for (const t of times) worst = Math.max(worst, times.filter((u) => u >= t && u < t + 1000).length);
    expect(worst).toBeLessThanOrEqual(BUDGET);
    // B kept its own pace meanwhile: far more polls than one resource of A.
    expect(reads.filter((r) => r.account === "B").length).toBeGreaterThan(registry.describe(keysA[0])!.polls);

    for (const s of streams) await s.return?.();
  });
});

describe("polling budget per account and region", () => {
  it("counts an account's regions apart, as AWS's quotas do: its resources in another region are not stretched", async () => {
    const BUDGET = 20;
    const N = 10;
    const reads: { key: string }[] = [];
    const onRead = new Set<() => void>();
    const registry = new WatchRegistry({ replicaId: "budget-regions", pubsub: new MemoryPubSub(), leaseTtlMs: 300, bounds: { minMs: 5, maxMs: 20 }, maxPollsPerSecondPerAccount: BUDGET, random: () => 0 });
    registries.push(registry);
    // One account, two regions.
    const spec = (region: string, key: string) =>
      changingSpec(key, { accountId: "A", region }, () => {
        reads.push({ key });
        for (const f of [...onRead]) f();
      });
    const home = Array.from({ length: N }, (_, i) => `us-${i}`);
    const streams = await Promise.all([...home.map((k) => registry.subscribe(spec("us-east-1", k), (s) => s)), registry.subscribe(spec("eu-west-1", "eu-0"), (s) => s)]);
    // Every watch has polled again since all were polling: its last schedule counted every poller of its region.
    for (const k of [...home, "eu-0"]) await whenReads(2, () => reads.filter((r) => r.key === k).length, onRead);
    for (const k of home) expect(registry.describe(k)!.scheduledMs).toBeGreaterThanOrEqual((N / BUDGET) * 1000);
    expect(registry.describe("eu-0")!.scheduledMs).toBeLessThanOrEqual((1 / BUDGET) * 1000);
    for (const s of streams) await s.return?.();
  });
});

describe("reads that make more calls than a poll", () => {
  it("pay for their extra calls with a longer wait before the next poll (a hurry does not cut it short); a plain poll goes back to its pace", async () => {
    const BUDGET = 10;
    const EXTRA = 5;
    const registry = new WatchRegistry({ replicaId: "budget-extra", pubsub: new MemoryPubSub(), leaseTtlMs: 300, bounds: { minMs: 5, maxMs: 20 }, maxPollsPerSecondPerAccount: BUDGET, random: () => 0 });
    registries.push(registry);
    let reads = 0;
    const onRead = new Set<() => void>();
    const spec: WatchSpec<State> = {
      ...changingSpec("extra", { accountId: "A" }, () => {}),
      // The first read sweeps (EXTRA calls more than its weight of 1); the polls after it make one call each.
      read: async (_known, tally) => {
        reads++;
        if (reads === 1) tally.calls = 1 + EXTRA;
        for (const f of [...onRead]) f();
        return [{ id: "extra", n: reads }];
      },
    };
    const stream = await registry.subscribe(spec, (s) => s);
    const plainWait = (1 / BUDGET) * 1000;
    const firstWait = await new Promise<number>((resolve) => {
      const check = () => {
        const d = registry.describe("extra");
        if (d?.polling && d.scheduledMs > 0) resolve(d.scheduledMs);
        else setImmediate(check);
      };
      check();
    });
    expect(firstWait).toBeGreaterThanOrEqual(plainWait + (EXTRA / BUDGET) * 1000);
    // A state learnt elsewhere would hurry the poller: not while it pays.
    registry.publish("extra", spec, { id: "extra", n: 100 });
    expect(registry.describe("extra")!.scheduledMs).toBe(firstWait);
    await whenReads(3, () => reads, onRead);
    const later = registry.describe("extra")!.scheduledMs;
    expect(later).toBeGreaterThanOrEqual(plainWait);
    expect(later).toBeLessThan(plainWait + (EXTRA / BUDGET) * 1000);
    await stream.return();
  });
});
