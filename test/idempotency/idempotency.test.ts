/** The "start at most once" rules over the memory store, with starts that are plain functions. */
import { describe, expect, it } from "vitest";
import { canonicalJson, Idempotency, IdempotencyConflict, IdempotencyStoreUnavailable } from "../../src/idempotency/idempotency";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store";
import type { IdempotencyStore } from "../../src/idempotency/store";

const codec = { encode: (v: { id: number }) => JSON.stringify(v), decode: (t: string) => JSON.parse(t) as { id: number } };

function counter() {
  let n = 0;
  return { start: async () => ({ id: ++n }), get count() { return n; } };
}

const make = (store: IdempotencyStore = new MemoryIdempotencyStore(), inFlightWaitMs = 1_000) => new Idempotency(store, { inFlightWaitMs, pollMs: 1 });
const req = (c: { start: () => Promise<{ id: number }> }, key: string | undefined, input: unknown, nothingStarted = (_e: unknown) => true) => ({
  scope: "s",
  key,
  input,
  start: c.start,
  codec,
  nothingStarted,
});

describe("Idempotency", () => {
  it("without a key, every call starts", async () => {
    const i = make();
    const c = counter();
    await i.run(req(c, undefined, {}));
    await i.run(req(c, undefined, {}));
    expect(c.count).toBe(2);
  });

  it("a repeat returns the first result and starts nothing", async () => {
    const i = make();
    const c = counter();
    const first = await i.run(req(c, "k", { a: 1, b: [1, 2] }));
    const again = await i.run(req(c, "k", { b: [1, 2], a: 1, none: null }));
    expect(first).toEqual({ result: { id: 1 }, replayed: false });
    expect(again).toEqual({ result: { id: 1 }, replayed: true });
    expect(c.count).toBe(1);
  });

  it("the same key with another input is a conflict; other scopes and keys are independent", async () => {
    const i = make();
    const c = counter();
    await i.run(req(c, "k", { a: 1 }));
    await expect(i.run(req(c, "k", { a: 2 }))).rejects.toMatchObject({ reason: "different-input" });
    await i.run({ ...req(c, "k", { a: 2 }), scope: "other" });
    await i.run(req(c, "k2", { a: 2 }));
    expect(c.count).toBe(3);
  });

  it("a repeat during the first start waits for its result", async () => {
    const i = make();
    let release!: () => void;
    let n = 0;
    const slow = { start: () => new Promise<{ id: number }>((r) => (release = () => r({ id: ++n }))) };
    const a = i.run(req(slow, "k", {}));
    await new Promise((r) => setTimeout(r, 5));
    const b = i.run(req(slow, "k", {}));
    await new Promise((r) => setTimeout(r, 5));
    release();
    expect((await a).result).toEqual({ id: 1 });
    expect(await b).toEqual({ result: { id: 1 }, replayed: true });
    expect(n).toBe(1);
  });

  it("a repeat gives up waiting after inFlightWaitMs with a conflict", async () => {
    const i = make(new MemoryIdempotencyStore(), 20);
    const never = { start: () => new Promise<{ id: number }>(() => {}) };
    void i.run(req(never, "k", {}));
    await new Promise((r) => setTimeout(r, 5));
    await expect(i.run(req(never, "k", {}))).rejects.toMatchObject({ reason: "in-flight" });
  });

  it("a start refused before anything happened frees the key; one with an unknown outcome blocks it", async () => {
    const i = make();
    const fail = (e: Error) => ({ start: () => Promise.reject(e) });
    await expect(i.run(req(fail(new Error("4xx")), "k", {}, () => true))).rejects.toThrow("4xx");
    const c = counter();
    expect((await i.run(req(c, "k", {}))).replayed).toBe(false);

    await expect(i.run(req(fail(new Error("5xx")), "k-unknown", {}, () => false))).rejects.toThrow("5xx");
    const err = await i.run(req(c, "k-unknown", {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdempotencyConflict);
    expect((err as IdempotencyConflict).reason).toBe("outcome-unknown");
    expect(c.count).toBe(1);
  });

  it("a store that fails before the claim starts nothing", async () => {
    const broken: IdempotencyStore = {
      claim: () => Promise.reject(new Error("down")),
      settle: () => Promise.resolve(),
      release: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const c = counter();
    await expect(make(broken).run(req(c, "k", {}))).rejects.toBeInstanceOf(IdempotencyStoreUnavailable);
    expect(c.count).toBe(0);
  });

  it("canonicalJson ignores key order and absent members", () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: [2, { f: undefined, e: 1 }] } })).toBe(canonicalJson({ a: { c: [2, { e: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
  });
});
