/**
 * The run watch, one for both kinds: each kind's key (replicas share it
 * through Redis), its read as the membership's account, and a mutation's
 * result heard by the kind's subscribers at once. A membership's run list:
 * the first read's sweep for open runs behind the newest page, and a memory
 * bounded however many runs finish.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CleanRoomsApi } from "../../src/aws/cleanrooms-api";
import { membershipRunsKey, Watch, watchKeys } from "../../src/watch";
import type { WatchItem } from "../../src/watch";
import { forgottenRuns, PAGE, type MembershipRunState } from "../../src/watch/membership-runs";

const route = { accountId: "111111111111", membershipId: "m-1", collaborationId: "c-1" };
const watches: Watch[] = [];
afterEach(async () => {
  await Promise.all(watches.splice(0).map((w) => w.close()));
});

describe.each([
  { kind: "query", key: "query:m-1:r-1", get: "getProtectedQuery", field: "protectedQuery" },
  { kind: "job", key: "job:m-1:r-1", get: "getProtectedJob", field: "protectedJob" },
] as const)("a protected $kind", ({ kind, key, get, field }) => {
  /** A watch whose API answers the kind's Get with the run at `status`, recording each call. */
  function watchOf(status: string) {
    const calls: unknown[][] = [];
    const api = {
      [get]: async (...args: unknown[]) => {
        calls.push(args);
        return { [field]: { id: "r-1", membershipId: "m-1", status } };
      },
    } as unknown as CleanRoomsApi;
    // Polls far apart: only the first read and what is published reach the subscriber.
    const watch = new Watch(api, { minIntervalMs: 60_000, maxIntervalMs: 60_000 });
    watches.push(watch);
    return { watch, calls };
  }

  it("is watched under its kind's key and read as the membership's account", async () => {
    const { watch, calls } = watchOf("STARTED");
    const spec = watch.run(kind, route, "r-1");
    expect(spec.key).toBe(key);
    expect(spec.key).toBe(watchKeys[kind]("m-1", "r-1"));
    expect(await spec.read(new Map(), { calls: 1 })).toEqual([{ id: "r-1", membershipId: "m-1", status: "STARTED" }]);
    expect(calls).toEqual([[route.accountId, route.membershipId, "r-1"]]);
  });

  it("hears a mutation's result at once, and completes after a terminal status", async () => {
    const { watch } = watchOf("STARTED");
    const stream = await watch.registry.subscribe(watch.run(kind, route, "r-1"), (s) => s.status);
    expect(await stream.next()).toEqual({ value: "STARTED", done: false });
    watch.publishRun(kind, { id: "r-1", membershipId: "m-1", membershipArn: "arn:m-1", createTime: new Date(0), status: "CANCELLED" });
    expect(await stream.next()).toEqual({ value: "CANCELLED", done: false });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});

describe("a membership's runs (one watch for both kinds)", () => {
  type Run = { id: string; membershipId: string; status: string; createTime: Date };
  const OPEN = new Set(["SUBMITTED", "STARTED", "CANCELLING"]);

  /** An API over `queries` (and no jobs) that lists them as AWS does, newest first in pages, recording each list call's status filter. */
  function apiOver(queries: Run[]) {
    const lists: (string | undefined)[] = [];
    const gets: string[] = [];
    const page = <T>(all: T[], maxResults: number, nextToken?: string) => {
      const from = Number(nextToken ?? 0);
      return { items: all.slice(from, from + maxResults), nextToken: from + maxResults < all.length ? String(from + maxResults) : undefined };
    };
    const api = {
      listProtectedQueries: async (_at: unknown, _m: string, status: string | undefined, p: { maxResults: number; nextToken?: string }) => {
        lists.push(status);
        const matching = queries.filter((q) => !status || q.status === status).sort((a, b) => b.createTime.getTime() - a.createTime.getTime());
        const { items, nextToken } = page(matching, p.maxResults, p.nextToken);
        return { protectedQueries: items.map((q) => ({ ...q })), nextToken };
      },
      listProtectedJobs: async () => ({ protectedJobs: [] }),
      getProtectedQuery: async (_at: unknown, _m: string, id: string) => {
        gets.push(id);
        return { protectedQuery: { ...queries.find((q) => q.id === id)! } };
      },
    } as unknown as CleanRoomsApi;
    return { api, lists, gets };
  }

  let clock = 0;
  const run = (status: string): Run => ({ id: `q-${++clock}`, membershipId: "m-1", status, createTime: new Date(clock * 1_000) });

  it("finds, on its first read only, a run still open behind a page of newer ones, and counts those calls", async () => {
    const old = run("STARTED");
    const queries = [old, ...Array.from({ length: PAGE + 20 }, () => run("SUCCESS"))];
    const { api, lists, gets } = apiOver(queries);
    const spec = new Watch(api).membershipRuns(route);
    const tally = { calls: 0 };
    const first = await spec.read(new Map(), tally);
    expect(first.filter((s) => OPEN.has(s.run.status!)).map((s) => s.run.id)).toEqual([old.id]);
    // The newest page of each kind, then each open status of the kind whose page was not its whole list.
    expect(lists.sort()).toEqual([undefined, ...OPEN].sort());
    expect(tally.calls).toBe(2 + OPEN.size);

    const known = new Map(first.map((s) => [`${s.kind}:${s.run.id}`, { id: `${s.kind}:${s.run.id}`, progress: 0, state: s }]));
    lists.length = 0;
    const again = { calls: 0 };
    await spec.read(known, again);
    expect(lists).toEqual([undefined]); // no sweep after the first read; the open run is read on its own
    expect(gets).toEqual([old.id]);
    expect(again.calls).toBe(2 + 1);
  });

  it("forgets the terminal runs a page of newer terminal runs pushed off the newest page, and keeps the open ones", () => {
    const item = (r: Run, kind: "query" | "job" = "query") => ({ id: `${kind}:${r.id}`, progress: 0, state: { kind, run: r } }) as WatchItem<MembershipRunState>;
    const open = run("STARTED");
    const ended = Array.from({ length: PAGE + 30 }, () => run("FAILED"));
    // Two runs created at the same instant as the PAGE-th newest: either may be on the page, so neither is forgotten.
    const tie = { ...ended[30], id: "q-tie" };
    const jobs = Array.from({ length: 5 }, () => item(run("SUCCESS"), "job"));
    const items = [item(open), ...ended.map((r) => item(r)), item(tie), ...jobs];
    const newestFirst = [...ended, tie].sort((a, b) => b.createTime.getTime() - a.createTime.getTime());
    const cut = newestFirst[PAGE - 1].createTime.getTime();
    const expected = newestFirst.filter((r) => r.createTime.getTime() < cut).map((r) => `query:${r.id}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(forgottenRuns(items).sort()).toEqual(expected.sort());
    expect(forgottenRuns(items)).not.toContain(`query:${open.id}`);
    expect(forgottenRuns(items)).not.toContain("query:q-tie");
  });

  it("keeps the watch's memory bounded while runs keep finishing, and still sees the old open run end", async () => {
    const old = run("STARTED");
    const queries = [old];
    const { api } = apiOver(queries);
    const watch = new Watch(api, { minIntervalMs: 5, maxIntervalMs: 20 });
    watches.push(watch);
    const stream = await watch.registry.subscribe(watch.membershipRuns(route), (s) => `${s.run.id}:${s.run.status}`);
    expect(await stream.next()).toEqual({ value: `${old.id}:STARTED`, done: false });
    // Batches of finished runs, each seen by a poll (each one news), until several pages have gone by.
    for (let batch = 0; batch < 5; batch++) {
      const added = Array.from({ length: 60 }, () => run("SUCCESS"));
      queries.push(...added);
      const seen = new Set<string>();
      while (seen.size < added.length) seen.add((await stream.next()).value as string);
      expect([...seen].sort()).toEqual(added.map((r) => `${r.id}:SUCCESS`).sort());
    }
    const items = watch.registry.describe(membershipRunsKey(route.membershipId))!.items;
    expect(queries.length - 1).toBeGreaterThan(2 * PAGE);
    expect(items).toBeLessThanOrEqual(PAGE + 1);
    old.status = "SUCCESS";
    expect(await stream.next()).toEqual({ value: `${old.id}:SUCCESS`, done: false });
    await stream.return();
  });
});
