/** The adaptive interval rule (pure). */
import { describe, expect, it } from "vitest";
import { checkBounds, nextInterval, withJitter } from "../../src/watch/interval";

const bounds = { minMs: 1_000, maxMs: 20_000 };

describe("nextInterval", () => {
  it("goes back to the minimum after a change, whatever it was", () => {
    for (const current of [1_000, 5_000, 20_000]) expect(nextInterval(current, "changed", bounds)).toBe(1_000);
  });

  it("grows by half while nothing changes, up to the maximum", () => {
    const seen = [1_000];
    while (seen.length < 10) seen.push(nextInterval(seen.at(-1)!, "unchanged", bounds));
    expect(seen).toEqual([1_000, 1_500, 2_250, 3_375, 5_063, 7_595, 11_393, 17_090, 20_000, 20_000]);
  });

  it("doubles after a failure and quadruples while AWS throttles, never beyond the maximum", () => {
    expect(nextInterval(1_000, "failed", bounds)).toBe(2_000);
    expect(nextInterval(1_000, "throttled", bounds)).toBe(4_000);
    expect(nextInterval(8_000, "throttled", bounds)).toBe(20_000);
  });

  it("never goes below the minimum", () => {
    expect(nextInterval(10, "unchanged", bounds)).toBe(1_500);
  });
});

describe("withJitter", () => {
  it("adds up to 10%", () => {
    expect(withJitter(1_000, () => 0)).toBe(1_000);
    expect(withJitter(1_000, () => 0.999)).toBe(1_100);
  });
});

describe("checkBounds", () => {
  it("refuses a minimum above the maximum, or none", () => {
    expect(() => checkBounds({ minMs: 5, maxMs: 4 })).toThrow(/minIntervalMs <= maxIntervalMs/);
    expect(() => checkBounds({ minMs: 0, maxMs: 4 })).toThrow();
    expect(checkBounds({ minMs: 4, maxMs: 4 })).toEqual({ minMs: 4, maxMs: 4 });
  });
});
