/**
 * Idempotency records in Redis, shared by every gateway replica. A claim is
 * one `SET key value NX PX ttl`: whichever replica sets it first owns the
 * start, the others see its record. Settling and releasing touch the key
 * only while it still holds our own claim (compare-and-set in Lua), so a
 * claim that expired and was taken over is never overwritten.
 */
import { Redis, type RedisOptions } from "ioredis";
import { decodeRecord, encodeRecord, type DoneRecord, type IdempotencyRecord, type IdempotencyStore, type PendingRecord, type UnknownRecord } from "./store";

export const DEFAULT_KEY_PREFIX = "cleanrooms-graph:idempotency:";

const SETTLE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end return nil`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  keyPrefix?: string;
  /** Passed to ioredis (timeouts, TLS, ...). */
  redis?: RedisOptions;
}

export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    // Fail a mutation quickly rather than queue it while Redis is away: nothing is started without a claim.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true, ...options.redis });
    // Errors reach the command that failed; the client's own event would otherwise crash the process.
    this.redis.on("error", () => {});
  }

  async claim(key: string, pending: PendingRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const k = this.prefix + key;
    for (;;) {
      if ((await this.redis.set(k, encodeRecord(pending), "PX", ttlMs, "NX")) === "OK") return undefined;
      const existing = await this.redis.get(k);
      // It expired between the two commands: try to claim it again.
      if (existing !== null) return decodeRecord(existing);
    }
  }

  async settle(key: string, pending: PendingRecord, outcome: DoneRecord | UnknownRecord, ttlMs: number): Promise<void> {
    await this.redis.eval(SETTLE, 1, this.prefix + key, encodeRecord(pending), encodeRecord(outcome), String(ttlMs));
  }

  async release(key: string, pending: PendingRecord): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + key, encodeRecord(pending));
  }

  async close(): Promise<void> {
    if (this.redis.status === "wait" || this.redis.status === "end") {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
