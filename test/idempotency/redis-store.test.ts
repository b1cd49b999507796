/** The Redis store against a real redis-server: claims with NX and expiry, compare-and-set settle and release. */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_KEY_PREFIX, RedisIdempotencyStore } from "../../src/idempotency/redis-store";
import type { PendingRecord } from "../../src/idempotency/store";
import { startTestRedis, type TestRedis } from "../support/redis";

const pending = (token: string): PendingRecord => ({ state: "pending", fingerprint: "f", token, since: 1 });

let redis: TestRedis;
let a: RedisIdempotencyStore;
let b: RedisIdempotencyStore;
let raw: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  a = new RedisIdempotencyStore({ url: redis.url });
  b = new RedisIdempotencyStore({ url: redis.url });
  raw = new Redis(redis.url);
});
afterAll(async () => {
  raw?.disconnect();
  await a?.close();
  await b?.close();
  await redis?.stop();
});

describe("RedisIdempotencyStore", () => {
  it("one claim wins across clients; the other sees its record", async () => {
    const [x, y] = await Promise.all([a.claim("k1", pending("a"), 60_000), b.claim("k1", pending("b"), 60_000)]);
    expect([x, y].filter((r) => r === undefined)).toHaveLength(1);
    expect([x, y].find((r) => r !== undefined)?.state).toBe("pending");
  });

  it("keys expire after their lifetime (PX)", async () => {
    await a.claim("k2", pending("a"), 60_000);
    const ttl = await raw.pttl(`${DEFAULT_KEY_PREFIX}k2`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("settle replaces only its own claim, visible to the other client", async () => {
    await a.claim("k3", pending("a"), 60_000);
    await b.settle("k3", pending("b"), { state: "done", fingerprint: "f", result: "stranger" }, 60_000);
    expect((await b.claim("k3", pending("b"), 60_000))?.state).toBe("pending");
    await a.settle("k3", pending("a"), { state: "done", fingerprint: "f", result: "r" }, 60_000);
    expect(await b.claim("k3", pending("b"), 60_000)).toEqual({ state: "done", fingerprint: "f", result: "r" });
  });

  it("release drops only its own claim", async () => {
    await a.claim("k4", pending("a"), 60_000);
    await b.release("k4", pending("b"));
    expect((await b.claim("k4", pending("b"), 60_000))?.state).toBe("pending");
    await a.release("k4", pending("a"));
    expect(await b.claim("k4", pending("b"), 60_000)).toBeUndefined();
  });

  it("a store whose Redis is unreachable fails its commands (no silent success)", async () => {
    const dead = new RedisIdempotencyStore({ url: "redis://127.0.0.1:1", redis: { connectTimeout: 200, retryStrategy: () => null } });
    await expect(dead.claim("k", pending("a"), 1000)).rejects.toThrow();
    await dead.close();
  });
});
