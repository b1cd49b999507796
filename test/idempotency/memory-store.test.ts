import { describe, expect, it } from "vitest";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store";
import type { PendingRecord } from "../../src/idempotency/store";

const pending = (token: string, fingerprint = "f"): PendingRecord => ({ state: "pending", fingerprint, token, since: 0 });

describe("MemoryIdempotencyStore", () => {
  it("claims a free key once; a second claim sees the first record", async () => {
    const s = new MemoryIdempotencyStore();
    expect(await s.claim("k", pending("a"), 1000)).toBeUndefined();
    expect(await s.claim("k", pending("b", "g"), 1000)).toEqual(pending("a"));
  });

  it("settles its own claim with the outcome; a stranger's settle or release changes nothing", async () => {
    const s = new MemoryIdempotencyStore();
    await s.claim("k", pending("a"), 1000);
    await s.settle("k", pending("b"), { state: "done", fingerprint: "f", result: "stranger" }, 1000);
    await s.release("k", pending("b"));
    expect(await s.claim("k", pending("c"), 1000)).toEqual(pending("a"));
    await s.settle("k", pending("a"), { state: "done", fingerprint: "f", result: "r" }, 1000);
    expect(await s.claim("k", pending("c"), 1000)).toEqual({ state: "done", fingerprint: "f", result: "r" });
  });

  it("release frees the key for a new claim", async () => {
    const s = new MemoryIdempotencyStore();
    await s.claim("k", pending("a"), 1000);
    await s.release("k", pending("a"));
    expect(await s.claim("k", pending("b"), 1000)).toBeUndefined();
  });

  it("forgets a record after its lifetime", async () => {
    let now = 0;
    const s = new MemoryIdempotencyStore({ now: () => now });
    await s.claim("k", pending("a"), 1000);
    await s.settle("k", pending("a"), { state: "done", fingerprint: "f", result: "r" }, 1000);
    now = 999;
    expect((await s.claim("k", pending("b"), 1000))?.state).toBe("done");
    now = 1000;
    expect(await s.claim("k", pending("b"), 1000)).toBeUndefined();
  });

  it("sweeps expired records, and keeps at most maxEntries (the oldest go first)", async () => {
    let now = 0;
    const s = new MemoryIdempotencyStore({ now: () => now, maxEntries: 3 });
    for (const k of ["a", "b", "c", "d"]) await s.claim(k, pending(k), 1000);
    expect(s.size).toBe(3);
    expect((await s.claim("a", pending("x"), 1000))).toBeUndefined(); // "a" was evicted, so this claim succeeds (evicting "b")
    expect((await s.claim("d", pending("x"), 1000))?.state).toBe("pending");
    now = 5000;
    expect(s.size).toBe(0);
  });

  it("hands out copies: a caller mutating a record does not change the store", async () => {
    const s = new MemoryIdempotencyStore();
    await s.claim("k", pending("a"), 1000);
    const seen = (await s.claim("k", pending("b"), 1000)) as PendingRecord;
    seen.token = "tampered";
    expect(await s.claim("k", pending("c"), 1000)).toEqual(pending("a"));
  });
});
