/**
 * The run watch, one for both kinds: each kind's key (replicas share it
 * through Redis), its read as the membership's account, and a mutation's
 * result heard by the kind's subscribers at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CleanRoomsApi } from "../../src/aws/cleanrooms-api";
import { Watch, watchKeys } from "../../src/watch";

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
    expect(await spec.read(new Map())).toEqual([{ id: "r-1", membershipId: "m-1", status: "STARTED" }]);
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
