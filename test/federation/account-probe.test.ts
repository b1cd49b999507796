/** The account probe's rule: which accounts and regions it tries, how often, and when it stops. */
import { describe, expect, it } from "vitest";
import type { AccountState, AccountStateView } from "../../src/federation/account-health";
import { AccountProbe, accountsToProbe, probeDelay, PROBE_JITTER, regionsToProbe, type ProbeBackoff } from "../../src/federation/account-probe";

const A = "111111111111";
const B = "222222222222";
const US = "us-east-1";
const EU = "eu-west-1";
const BACKOFF: ProbeBackoff = { initialMs: 1_000, maxMs: 30_000 };

const view = (accountId: string, state: AccountState, regions: [string, AccountState][] = [[US, "unknown"]]): AccountStateView => ({
  accountId,
  state,
  regions: regions.map(([region, s]) => ({ region, state: s })),
});

describe("probeDelay", () => {
  it("doubles from initialMs up to maxMs, less up to PROBE_JITTER of it at random", () => {
    const full = Array.from({ length: 8 }, (_, step) => probeDelay(step, BACKOFF, 0));
    expect(full).toEqual([1, 2, 4, 8, 16, 30, 30, 30].map((s) => s * 1_000));
    expect(probeDelay(2, BACKOFF, 0.999_999)).toBeCloseTo(4_000 * (1 - PROBE_JITTER), 0);
    expect(probeDelay(40, BACKOFF, 0.5)).toBe(30_000 * (1 - PROBE_JITTER / 2));
  });
});

describe("what a round tries", () => {
  it("accounts not available: unknown or unavailable", () => {
    expect(accountsToProbe([view(A, "available"), view(B, "unknown")])).toEqual([B]);
    expect(accountsToProbe([view(A, "unavailable"), view(B, "available")])).toEqual([A]);
  });

  it("of an account still unavailable once its role works, the regions that failed", () => {
    expect(regionsToProbe(view(A, "unavailable", [[US, "unavailable"], [EU, "unavailable"]]))).toEqual([US, EU]);
    expect(regionsToProbe(view(A, "available", [[US, "available"], [EU, "unavailable"]]))).toEqual([]);
    expect(regionsToProbe(undefined)).toEqual([]);
  });
});

/** A probe over fake accounts and timers: `states` is what the gateway knows; `assume` and `read` decide outcomes. */
function harness(initial: AccountStateView[], outcome: { assume: (id: string) => boolean; read?: (id: string, region: string) => boolean }) {
  let states = initial;
  const set = (id: string, change: Partial<AccountStateView>) => (states = states.map((a) => (a.accountId === id ? { ...a, ...change } : a)));
  const calls: string[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const probe = new AccountProbe({
    states: () => states,
    credentials: async (id) => {
      calls.push(`assume:${id}`);
      if (!outcome.assume(id)) throw new Error("AssumeRole failed");
      // A role that works makes the account available unless every region failed (AccountStates.list's rule).
      const me = states.find((a) => a.accountId === id)!;
      if (!me.regions.every((r) => r.state === "unavailable")) set(id, { state: "available" });
    },
    read: async (id, region) => {
      calls.push(`read:${id}:${region}`);
      if (!outcome.read?.(id, region)) throw new Error("read failed");
      set(id, { state: "available", regions: states.find((a) => a.accountId === id)!.regions.map((r) => (r.region === region ? { region, state: "available" } : r)) });
    },
    backoff: BACKOFF,
    random: () => 0,
    timers: { set: (run, ms) => timers.push({ run, ms }), clear: () => timers.splice(0) },
  });
  /** Runs the one pending timer and lets the round finish. */
  const tick = async () => {
    expect(timers).toHaveLength(1);
    timers.shift()!.run();
    await settle();
  };
  return { probe, calls, timers, tick, set, states: () => states };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("AccountProbe", () => {
  it("tries every account at start, then only the failing one, once per round, at growing delays; stops once it works", async () => {
    let stsUp = false;
    const h = harness([view(A, "unknown"), view(B, "unknown")], { assume: (id) => id === A || stsUp });
    h.probe.start();
    await settle();
    expect(h.calls.splice(0)).toEqual([`assume:${A}`, `assume:${B}`]);
    const delays: number[] = [];
    for (let round = 0; round < 7; round++) {
      delays.push(h.timers[0].ms);
      await h.tick();
      expect(h.calls.splice(0)).toEqual([`assume:${B}`]);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30].map((s) => s * 1_000));
    stsUp = true;
    await h.tick();
    expect(h.calls.splice(0)).toEqual([`assume:${B}`]);
    expect(h.timers).toEqual([]); // every account available: idle
  });

  it("reads each failed region of an account whose role works but whose every region failed", async () => {
    const h = harness([view(A, "unavailable", [[US, "unavailable"], [EU, "unavailable"]])], { assume: () => true, read: (_id, region) => region === EU });
    h.probe.start();
    await settle();
    expect(h.calls.splice(0).sort()).toEqual([`assume:${A}`, `read:${A}:${EU}`, `read:${A}:${US}`].sort());
    expect(h.states()[0].state).toBe("available");
    expect(h.timers).toEqual([]);
  });

  it("an idle probe wakes when an account fails, at the shortest delay again; a woken probe with nothing to do stays idle", async () => {
    let up = true;
    const h = harness([view(A, "unknown")], { assume: () => up });
    h.probe.start();
    await settle();
    expect(h.timers).toEqual([]);
    h.probe.wake(); // a failure that changed no account's state (not an account's failure)
    expect(h.timers).toEqual([]);
    up = false;
    h.set(A, { state: "unavailable" });
    h.probe.wake();
    h.probe.wake(); // many requests failing together: one round due
    expect(h.timers.map((t) => t.ms)).toEqual([BACKOFF.initialMs]);
    await h.tick();
    expect(h.timers.map((t) => t.ms)).toEqual([2 * BACKOFF.initialMs]);
  });

  it("after close, no round is due and none starts", async () => {
    const h = harness([view(A, "unknown")], { assume: () => false });
    h.probe.start();
    await settle();
    expect(h.timers).toHaveLength(1);
    h.probe.close();
    expect(h.timers).toEqual([]);
    h.probe.wake();
    expect(h.timers).toEqual([]);
  });
});
