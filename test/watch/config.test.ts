/** The `watch` settings: defaults, Redis's URL, and bounds that make sense together. */
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/config.schema";
import { DEFAULTS } from "../../src/defaults";

const watch = configSchema.shape.watch;

describe("watch configuration", () => {
  it("has defaults: the gateway's own, in memory", () => {
    expect(watch.parse(undefined)).toEqual(DEFAULTS.watch);
  });

  it("takes a Redis URL like idempotency's", () => {
    expect(watch.parse({ redisUrl: "redis://redis.internal:6379/1" }).redisUrl).toBe("redis://redis.internal:6379/1");
    expect(watch.safeParse({ redisUrl: "http://redis:6379" }).success).toBe(false);
  });

  it("refuses a minimum above the maximum, a lease time too short to renew, and unknown settings", () => {
    const minAboveMax = watch.safeParse({ minIntervalMs: 5_000, maxIntervalMs: 1_000 });
    expect(minAboveMax.success).toBe(false);
    expect(minAboveMax.error!.issues[0]).toMatchObject({ path: ["minIntervalMs"], message: "minIntervalMs must not exceed maxIntervalMs" });
    expect(watch.safeParse({ leaseTtlMs: 100 }).success).toBe(false);
    expect(watch.safeParse({ pollEvery: 5 }).success).toBe(false);
  });
});
