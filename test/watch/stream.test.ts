/** A subscriber's event stream: pushes and pulls in order, and every way it ends detaches it exactly once. */
import { describe, expect, it } from "vitest";
import { EventStream } from "../../src/watch/stream";

function stream() {
  let detached = 0;
  const s = new EventStream<number>(() => detached++);
  return { s, detached: () => detached };
}

describe("EventStream", () => {
  it("delivers pushed events in order, to a waiting pull too", async () => {
    const { s } = stream();
    s.push(1);
    s.push(2);
    expect(await s.next()).toEqual({ value: 1, done: false });
    expect(await s.next()).toEqual({ value: 2, done: false });
    const waiting = s.next();
    s.push(3);
    expect(await waiting).toEqual({ value: 3, done: false });
  });

  it("return() ends a waiting pull at once and detaches once", async () => {
    const { s, detached } = stream();
    const waiting = s.next();
    await s.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await s.return();
    expect(detached()).toBe(1);
    s.push(4);
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it("end() detaches at once but lets the queued events be pulled, then completes", async () => {
    const { s, detached } = stream();
    s.push(1);
    s.end();
    expect(detached()).toBe(1);
    expect(await s.next()).toEqual({ value: 1, done: false });
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it("fail() rejects after the queued events", async () => {
    const { s, detached } = stream();
    s.push(1);
    s.fail(new Error("gone"));
    expect(await s.next()).toEqual({ value: 1, done: false });
    await expect(s.next()).rejects.toThrow("gone");
    expect(detached()).toBe(1);
  });

  it("a waiting pull sees end() and fail()", async () => {
    const a = stream();
    const wa = a.s.next();
    a.s.end();
    expect(await wa).toEqual({ value: undefined, done: true });
    const b = stream();
    const wb = b.s.next();
    b.s.fail(new Error("x"));
    await expect(wb).rejects.toThrow("x");
  });

  it("drain() takes the queued events without waiting, and leaves later ones to next()", async () => {
    const { s } = stream();
    s.push(1);
    s.push(2);
    expect(s.drain()).toEqual([1, 2]);
    expect(s.drain()).toEqual([]);
    s.push(3);
    expect(await s.next()).toEqual({ value: 3, done: false });
  });
});
