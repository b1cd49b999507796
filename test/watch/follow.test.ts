/**
 * Following a set that changes (watch/follow.ts): the members listed at the start are opened before followSet
 * returns; a member one source lists later is opened then; one no source lists any more is let go; a failure to open
 * is the caller's at the start and ends the stream later. And the watch of an account's collaboration list
 * (watch/account-collaborations.ts), which tells of a collaboration that left the list once, then forgets it.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CleanRoomsApi } from "../../src/aws/cleanrooms-api";
import { Watch, accountCollaborationsKey } from "../../src/watch";
import { followSet } from "../../src/watch/follow";
import { EventStream } from "../../src/watch/stream";

type Listing = { key: string; present: boolean };

/** Children that record their opening and detaching, by key. */
function children(fail: Set<string> = new Set()) {
  const opened: string[] = [];
  const detached: string[] = [];
  const streams = new Map<string, EventStream<string>>();
  const open = async (key: string) => {
    if (fail.has(key)) throw new Error(`cannot open ${key}`);
    opened.push(key);
    const s = new EventStream<string>(() => detached.push(key));
    streams.set(key, s);
    return s;
  };
  return { opened, detached, streams, open };
}

const source = () => new EventStream<Listing>(() => {});
const member = (l: Listing) => ({ key: l.key, present: l.present, value: l.key });
/** Lets the pumps and the chain of set changes run. */
const settle = () => new Promise((r) => setImmediate(r));

describe("followSet", () => {
  it("opens the members listed at the start, follows one listed later, and lets go of one no source lists", async () => {
    const [a, b] = [source(), source()];
    a.push({ key: "x", present: true });
    b.push({ key: "x", present: true });
    b.push({ key: "y", present: true });
    const c = children();
    const merged = await followSet([a, b], member, c.open);
    expect(c.opened.sort()).toEqual(["x", "y"]);
    c.streams.get("x")!.push("x1");
    expect(await merged.next()).toEqual({ value: "x1", done: false });

    a.push({ key: "z", present: true });
    await settle();
    expect(c.opened).toContain("z");
    c.streams.get("z")!.push("z1");
    expect(await merged.next()).toEqual({ value: "z1", done: false });

    // x is still listed by b: kept; then by no one: let go.
    a.push({ key: "x", present: false });
    await settle();
    expect(c.detached).toEqual([]);
    b.push({ key: "x", present: false });
    await settle();
    expect(c.detached).toEqual(["x"]);
    c.streams.get("x")!.push("dropped");
    c.streams.get("y")!.push("y1");
    expect(await merged.next()).toEqual({ value: "y1", done: false });

    await merged.return();
    expect(c.detached.sort()).toEqual(["x", "y", "z"]);
  });

  it("a member that cannot be opened at the start is the caller's error, and lets go of the rest", async () => {
    const a = source();
    let returned = 0;
    const s = new EventStream<Listing>(() => returned++);
    a.push({ key: "ok", present: true });
    s.push({ key: "bad", present: true });
    const c = children(new Set(["bad"]));
    await expect(followSet([a, s], member, c.open)).rejects.toThrow("cannot open bad");
    await settle();
    expect(returned).toBe(1);
    expect(c.detached).toEqual(c.opened);
  });

  it("follows a seeded member at once (a fresher read than the sources'), until a source tells of it", async () => {
    const a = source();
    const c = children();
    const merged = await followSet([a], member, c.open, [member({ key: "s", present: true })]);
    expect(c.opened).toEqual(["s"]);
    a.push({ key: "s", present: true });
    await settle();
    a.push({ key: "s", present: false });
    await settle();
    expect(c.detached).toEqual(["s"]);
    await merged.return();
  });

  it("one that cannot be opened later ends the stream with its error", async () => {
    const a = source();
    const c = children(new Set(["bad"]));
    const merged = await followSet([a], member, c.open);
    const waiting = merged.next();
    a.push({ key: "bad", present: true });
    await expect(waiting).rejects.toThrow("cannot open bad");
  });
});

describe("an account's collaboration list", () => {
  const watches: Watch[] = [];
  afterEach(async () => {
    await Promise.all(watches.splice(0).map((w) => w.close()));
  });

  it("tells of a new collaboration, a membership created, and one that left the list (once: listed again, it is new again)", async () => {
    let listed: { id: string; membershipId?: string; createTime: Date }[] = [{ id: "c-1", membershipId: "m-1", createTime: new Date(1) }];
    const api = {
      listCollaborations: async () => ({ collaborationList: listed.map((c) => ({ ...c })) }),
    } as unknown as CleanRoomsApi;
    const watch = new Watch(api, { minIntervalMs: 5, maxIntervalMs: 20 });
    watches.push(watch);
    const place = { accountId: "111111111111" };
    const stream = await watch.registry.subscribe(watch.accountCollaborations(place), (s) => `${s.summary.id}:${s.summary.membershipId ?? "-"}${s.gone ? ":gone" : ""}`);
    expect(await stream.next()).toEqual({ value: "c-1:m-1", done: false });
    listed = [...listed, { id: "c-2", createTime: new Date(2) }];
    expect(await stream.next()).toEqual({ value: "c-2:-", done: false });
    listed = [listed[0], { ...listed[1], membershipId: "m-2" }];
    expect(await stream.next()).toEqual({ value: "c-2:m-2", done: false });
    listed = [listed[1]];
    expect(await stream.next()).toEqual({ value: "c-1:m-1:gone", done: false });
    expect(watch.registry.describe(accountCollaborationsKey(place))!.items).toBe(1);
    listed = [...listed, { id: "c-1", membershipId: "m-1", createTime: new Date(1) }];
    expect(await stream.next()).toEqual({ value: "c-1:m-1", done: false });
    await stream.return();
  });
});
