/** Several subscriber streams as one (watch/merge.ts): every event once, the end when all end, and returning it detaches every stream. */
import { describe, expect, it } from "vitest";
import { mergeStreams } from "../../src/watch/merge";
import { EventStream } from "../../src/watch/stream";

function streams(n: number) {
  const detached: number[] = Array.from({ length: n }, () => 0);
  const all = detached.map((_, i) => new EventStream<string>(() => detached[i]++));
  return { all, detached };
}

describe("mergeStreams", () => {
  it("delivers the events of every stream, queued ones and later ones, to a waiting pull too", async () => {
    const { all } = streams(2);
    all[0].push("a1");
    all[1].push("b1");
    const m = mergeStreams(all);
    const got = [(await m.next()).value, (await m.next()).value];
    expect(got.sort()).toEqual(["a1", "b1"]);
    const waiting = m.next();
    all[1].push("b2");
    expect(await waiting).toEqual({ value: "b2", done: false });
  });

  it("completes once every stream has ended, after their last events", async () => {
    const { all } = streams(2);
    const m = mergeStreams(all);
    all[0].push("a1");
    all[0].end();
    expect(await m.next()).toEqual({ value: "a1", done: false });
    const waiting = m.next();
    all[1].push("b1");
    expect(await waiting).toEqual({ value: "b1", done: false });
    all[1].end();
    expect(await m.next()).toEqual({ value: undefined, done: true });
  });

  it("fails when one stream fails, and lets go of the others", async () => {
    const { all, detached } = streams(2);
    const m = mergeStreams(all);
    const waiting = m.next();
    all[0].fail(new Error("boom"));
    await expect(waiting).rejects.toThrow("boom");
    expect(detached).toEqual([1, 1]);
    expect(await m.next()).toEqual({ value: undefined, done: true });
  });

  it("return() ends a waiting pull and detaches every stream once", async () => {
    const { all, detached } = streams(3);
    const m = mergeStreams(all);
    const waiting = m.next();
    await m.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await m.return!();
    expect(detached).toEqual([1, 1, 1]);
  });

  it("with no stream, completes at once", async () => {
    expect(await mergeStreams<string>([]).next()).toEqual({ value: undefined, done: true });
  });
});
