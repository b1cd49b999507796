/**
 * Idempotency records in this process: enough for one gateway; replicas
 * need the Redis store. Expired records are dropped when met and swept now
 * and then; the number of records is bounded (the oldest go first), so a
 * flood of keys cannot exhaust memory.
 */
import type { DoneRecord, IdempotencyRecord, IdempotencyStore, PendingRecord, UnknownRecord } from "./store";

export interface MemoryStoreOptions {
  /** Epoch ms; Date.now by default. */
  now?: () => number;
  /** Most records kept at once; 100,000 by default. */
  maxEntries?: number;
}

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
}

const SWEEP_EVERY = 256;

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxEntries: number;
  private writes = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  /** Live records (for tests and metrics). */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  async claim(key: string, pending: PendingRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const live = this.live(key);
    if (live) return structuredClone(live.record);
    this.put(key, pending, ttlMs);
    return undefined;
  }

  async settle(key: string, pending: PendingRecord, outcome: DoneRecord | UnknownRecord, ttlMs: number): Promise<void> {
    if (this.isOurs(key, pending)) this.put(key, outcome, ttlMs);
  }

  async release(key: string, pending: PendingRecord): Promise<void> {
    if (this.isOurs(key, pending)) this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private isOurs(key: string, pending: PendingRecord): boolean {
    const r = this.live(key)?.record;
    return r?.state === "pending" && r.token === pending.token;
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private put(key: string, record: IdempotencyRecord, ttlMs: number): void {
    // Re-inserting keeps the Map in expiry order for equal TTLs: the oldest first.
    this.entries.delete(key);
    this.entries.set(key, { record: structuredClone(record), expiresAt: this.now() + ttlMs });
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(key);
  }
}
