/** THROTTLED refusals thinned per principal (audit/throttled.ts), so a flood cannot push real events out of the capped stream. */
import { describe, expect, it } from "vitest";
import { ThrottledRefusals } from "../../src/audit/throttled";

describe("ThrottledRefusals", () => {
  it("records one refusal per principal per window, and the next recorded one says how many were skipped", () => {
    const t = new ThrottledRefusals(1_000);
    expect(t.admit("a", 0)).toEqual({ record: true, repeated: 0 });
    expect(t.admit("a", 10)).toEqual({ record: false, repeated: 0 });
    expect(t.admit("a", 999)).toEqual({ record: false, repeated: 0 });
    // Another principal has its own window.
    expect(t.admit("b", 500)).toEqual({ record: true, repeated: 0 });
    expect(t.admit("a", 1_000)).toEqual({ record: true, repeated: 2 });
    expect(t.admit("a", 2_500)).toEqual({ record: true, repeated: 0 });
  });

  it("past maxPrincipals starts over: more events, never fewer", () => {
    const t = new ThrottledRefusals(1_000, 2);
    t.admit("a", 0);
    t.admit("b", 0);
    expect(t.admit("c", 1)).toEqual({ record: true, repeated: 0 });
    expect(t.admit("a", 2)).toEqual({ record: true, repeated: 0 });
  });
});
