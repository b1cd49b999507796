/** The optional `idempotency` settings: how long keys are kept (24 h by default) and the Redis that shares them. */
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/config.schema";

const idempotency = configSchema.shape.idempotency;

describe("idempotency configuration", () => {
  it("is optional, and keeps keys 24 hours by default", () => {
    expect(idempotency.parse(undefined)).toBeUndefined();
    expect(idempotency.parse({})).toEqual({ ttlSeconds: 86_400 });
    expect(idempotency.parse({ ttlSeconds: 3600, redisUrl: "rediss://user:pw@redis.internal:6380/2" })).toEqual({ ttlSeconds: 3600, redisUrl: "rediss://user:pw@redis.internal:6380/2" });
  });

  it("refuses a lifetime outside 1 minute–7 days, a URL that is not Redis's, and unknown settings", () => {
    expect(idempotency.safeParse({ ttlSeconds: 59 }).success).toBe(false);
    expect(idempotency.safeParse({ ttlSeconds: 8 * 86_400 }).success).toBe(false);
    expect(idempotency.safeParse({ redisUrl: "http://redis:6379" }).success).toBe(false);
    expect(idempotency.safeParse({ ttl: 60 }).success).toBe(false);
  });
});
