/** The process-wide cache of finished runs' statistics (graph/run-statistics.cache.ts): keyed by membership, kind and run; bounded LRU. */
import { describe, expect, it } from "vitest";
import { RunStatisticsCache } from "../../src/graph/run-statistics.cache";

describe("RunStatisticsCache", () => {
  it("keys by membership, kind and run id", () => {
    const c = new RunStatisticsCache(10);
    c.set("m1", "query", "r1", { units: 1.5 });
    expect(c.get("m1", "query", "r1")).toEqual({ units: 1.5 });
    expect(c.get("m1", "job", "r1")).toBeUndefined();
    expect(c.get("m2", "query", "r1")).toBeUndefined();
    // A finished run AWS reported no units for is remembered as such.
    c.set("m1", "job", "r2", {});
    expect(c.get("m1", "job", "r2")).toEqual({});
  });

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const c = new RunStatisticsCache(2);
    c.set("m", "query", "a", { units: 1 });
    c.set("m", "query", "b", { units: 2 });
    expect(c.get("m", "query", "a")).toEqual({ units: 1 }); // a is now the most recent
    c.set("m", "query", "c", { units: 3 });
    expect(c.size).toBe(2);
    expect(c.get("m", "query", "b")).toBeUndefined();
    expect(c.get("m", "query", "a")).toEqual({ units: 1 });
    expect(c.get("m", "query", "c")).toEqual({ units: 3 });
  });

  it("refuses a size that is not a positive integer", () => {
    expect(() => new RunStatisticsCache(0)).toThrow(/maxEntries/);
  });
});
