/**
 * The emulator's per-request fault seeding (faults.ts), which the fault tests rely on for reproducible runs: a
 * request's k-th occurrence meets the same fault whatever other requests arrive around it and in whatever order,
 * and setting the rules again replays the same outcomes.
 */
import { describe, expect, it } from "vitest";
import { FaultInjector } from "../../src/emulator/faults";

const RULE = { operation: "*", latencyMs: 0, jitterMs: 100, throttleRate: 0.1, internalErrorRate: 0.05, dropRate: 0.05 };
const REQUESTS = Array.from({ length: 40 }, (_, i) => `ListProtectedQueries GET /memberships/m${i}/protectedQueries?maxResults=10 `);

/** Each request decided `times` times, requests interleaved in `order`; outcomes per request, in occurrence order. */
function outcomes(injector: FaultInjector, order: string[], times: number): Map<string, unknown[]> {
  const seen = new Map<string, unknown[]>(order.map((k) => [k, []]));
  for (let t = 0; t < times; t++) for (const key of order) seen.get(key)!.push(injector.decide("ListProtectedQueries", "111111111111", key));
  return seen;
}

const withRule = (injector: FaultInjector): FaultInjector => {
  injector.set([RULE]);
  return injector;
};

describe("per-request fault seeding", () => {
  it("gives each request the same outcomes whatever order the calls arrive in", () => {
    const a = outcomes(withRule(new FaultInjector(Math.random, 7)), REQUESTS, 4);
    const reversed = outcomes(withRule(new FaultInjector(Math.random, 7)), [...REQUESTS].reverse(), 4);
    for (const key of REQUESTS) expect(reversed.get(key)).toEqual(a.get(key));
    // The dice are live: with these rates some calls fail and some do not, and delays vary.
    const all = [...a.values()].flat() as { delayMs: number; outcome?: string }[];
    expect(new Set(all.map((d) => d.outcome ?? "ok")).size).toBeGreaterThan(1);
    expect(new Set(all.map((d) => d.delayMs)).size).toBeGreaterThan(1);
  });

  it("differs with another seed, and replays once the rules are set again", () => {
    const one = withRule(new FaultInjector(Math.random, 7));
    const first = outcomes(one, REQUESTS, 2);
    one.set([RULE]);
    expect(outcomes(one, REQUESTS, 2)).toEqual(first);
    expect(outcomes(withRule(new FaultInjector(Math.random, 8)), REQUESTS, 2)).not.toEqual(first);
  });
});
