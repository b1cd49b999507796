/**
 * Several subscriber streams as one (watch/merge.ts): every event once, the end when all end once sealed, streams
 * joining and leaving while it runs, and returning it detaches every stream.
 */
import { describe, expect, it } from "vitest";
import { StreamMerge } from "../../src/watch/merge";
import { EventStream } from "../../src/watch/stream";

/** The streams merged, none to join later. */
function mergeStreams<T>(streams: EventStream<T>[]): StreamMerge<T> {
  const m = new StreamMerge<T>();
  streams.forEach((s, i) => m.add(String(i), s));
  m.seal();
  return m;
}

function streams(n: number) {
  const detached: number[] = Array.from({ length: n }, () => 0);
  const all = detached.map((_, i) => new EventStream<string>(() => detached[i]++));
  return { all, detached };
}

describe("StreamMerge", () => {
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

  it("takes streams that join later, lets go of one removed (its later events dropped), and stays open until sealed", async () => {
    const { all, detached } = streams(2);
    const m = new StreamMerge<string>();
    m.add("a", all[0]);
    const waiting = m.next();
    m.add("b", all[1]);
    all[1].push("b1");
    expect(await waiting).toEqual({ value: "b1", done: false });
    m.remove("b");
    expect(detached).toEqual([0, 1]);
    all[1].push("b2");
    all[0].push("a1");
    expect(await m.next()).toEqual({ value: "a1", done: false });
    all[0].end();
    // Every stream ended, but more may join: not over until sealed.
    const pending = m.next();
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    m.seal();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it("runs onClose once when returned, and returns a stream added afterwards", async () => {
    let closed = 0;
    const { all, detached } = streams(2);
    const m = new StreamMerge<string>(() => closed++);
    m.add("a", all[0]);
    await m.return();
    await m.return();
    m.add("b", all[1]);
    expect({ closed, detached }).toEqual({ closed: 1, detached: [1, 1] });
  });
});
