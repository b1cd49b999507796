/** The idempotency store a gateway uses: Redis when a URL is configured (replicas share it), else this process's memory. */
import { Idempotency, type IdempotencyOptions } from "./idempotency";
import { MemoryIdempotencyStore } from "./memory-store";
import { RedisIdempotencyStore } from "./redis-store";
import type { IdempotencyStore } from "./store";

export interface IdempotencyConfig extends IdempotencyOptions {
  /** Share records through Redis (redis:// or rediss://); in memory when left out. */
  redisUrl?: string;
  /** A ready store (tests); wins over redisUrl. */
  store?: IdempotencyStore;
  /** Epoch ms for the memory store's expiry; Date.now by default (Redis keeps its own time). */
  now?: () => number;
}

export function createIdempotency(config: IdempotencyConfig = {}): Idempotency {
  const store = config.store ?? (config.redisUrl ? new RedisIdempotencyStore({ url: config.redisUrl }) : new MemoryIdempotencyStore({ now: config.now }));
  return new Idempotency(store, config);
}

export { Idempotency, IdempotencyConflict, IdempotencyStoreUnavailable, canonicalJson } from "./idempotency";
export type { Codec, IdempotencyOptions, StartRequest } from "./idempotency";
export { MemoryIdempotencyStore } from "./memory-store";
export { RedisIdempotencyStore } from "./redis-store";
export type { IdempotencyStore } from "./store";
