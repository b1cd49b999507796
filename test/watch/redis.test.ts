/**
 * The Redis parts against a real redis-server started on a free port:
 * leases (claim, renew, refuse another owner, expire, take over, release
 * only one's own) and pub/sub between two connections (a topic subscribed
 * while it has listeners, and unsubscribed in Redis when the last leaves).
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLeaseStore } from "../../src/watch/lease";
import { RedisPubSub } from "../../src/watch/redis-pubsub";
import { startTestRedis, type TestRedis } from "../support/redis";
import { eventually } from "../subscriptions/harness";

let redis: TestRedis;
const connections: Redis[] = [];
const connect = () => {
  const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  connections.push(c);
  return c;
};
beforeAll(async () => (redis = await startTestRedis()));
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
  await redis?.stop();
});

describe("RedisLeaseStore", () => {
  it("one owner at a time; renewal by the owner; takeover once it expires; release only by the owner", async () => {
    const leases = new RedisLeaseStore(connect(), "test:lease:");
    expect(await leases.claim("q1", "a", 200)).toBe(true);
    expect(await leases.claim("q1", "b", 200)).toBe(false);
    expect(await leases.claim("q1", "a", 200)).toBe(true); // renewed
    await leases.release("q1", "b"); // not b's to release
    expect(await leases.owner("q1")).toBe("a");
    await eventually(async () => ((await leases.owner("q1")) === undefined ? true : undefined), 2_000, "expiry");
    expect(await leases.claim("q1", "b", 5_000)).toBe(true); // taken over after a's expired
    expect(await leases.claim("q1", "a", 5_000)).toBe(false);
    await leases.release("q1", "b");
    expect(await leases.owner("q1")).toBeUndefined();
    expect(await leases.claim("q1", "a", 5_000)).toBe(true);
  });
});

describe("RedisPubSub", () => {
  it("fans a message out to listeners on other connections, and leaves Redis when the last listener leaves", async () => {
    const admin = connect();
    const one = new RedisPubSub({ publisher: connect(), subscriber: connect(), channelPrefix: "test:ps:" });
    const two = new RedisPubSub({ publisher: connect(), subscriber: connect(), channelPrefix: "test:ps:" });
    const got: string[] = [];
    const offA = await two.subscribe("topic", (m) => got.push(`a:${m}`));
    const offB = await two.subscribe("topic", (m) => got.push(`b:${m}`));
    expect(two.stats()).toEqual({ topics: 1, listeners: 2 });
    expect(await admin.pubsub("NUMSUB", "test:ps:topic")).toEqual(["test:ps:topic", 1]); // one Redis subscription for both
    await one.publish("topic", "hello");
    await eventually(() => (got.length === 2 ? true : undefined));
    expect(got.sort()).toEqual(["a:hello", "b:hello"]);
    await offA();
    await offB();
    expect(two.stats()).toEqual({ topics: 0, listeners: 0 });
    expect(await admin.pubsub("NUMSUB", "test:ps:topic")).toEqual(["test:ps:topic", 0]);
    await one.publish("topic", "nobody hears this");
    await one.close();
    await two.close();
  });
});
