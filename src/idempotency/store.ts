/**
 * Where idempotency records live: in this process (memory-store.ts, the
 * default) or in Redis (redis-store.ts), so that replicas behind one load
 * balancer share them. A record is keyed by scope and idempotency key and
 * remembers a fingerprint of the input it was first used with.
 */

/** A start is under way with this key (`token` identifies the claim). */
export interface PendingRecord {
  state: "pending";
  fingerprint: string;
  token: string;
  /** When the claim was made (epoch ms): a claim far older than any start can take was left by a replica that died. */
  since: number;
}

/** The start succeeded; `result` is its serialized outcome. */
export interface DoneRecord {
  state: "done";
  fingerprint: string;
  result: string;
}

/** The start failed in a way that may or may not have started something (a 5xx, a dropped connection). */
export interface UnknownRecord {
  state: "unknown";
  fingerprint: string;
}

export type IdempotencyRecord = PendingRecord | DoneRecord | UnknownRecord;

export interface IdempotencyStore {
  /**
   * Claims `key` with a pending record that expires after `ttlMs`, unless a
   * live record exists: then that record is returned and nothing changes.
   * Undefined means the claim is ours.
   */
  claim(key: string, pending: PendingRecord, ttlMs: number): Promise<IdempotencyRecord | undefined>;
  /** Replaces our pending claim with its outcome (kept `ttlMs`); a claim that is no longer ours is left alone. */
  settle(key: string, pending: PendingRecord, outcome: DoneRecord | UnknownRecord, ttlMs: number): Promise<void>;
  /** Drops our pending claim (the start was refused before anything happened), so the same input may be tried again. */
  release(key: string, pending: PendingRecord): Promise<void>;
  close(): Promise<void>;
}

export const encodeRecord = (r: IdempotencyRecord): string => JSON.stringify(r);

export function decodeRecord(text: string): IdempotencyRecord {
  const r = JSON.parse(text) as IdempotencyRecord;
  if (!r || typeof r.fingerprint !== "string" || !["pending", "done", "unknown"].includes(r.state)) throw new Error("not an idempotency record");
  return r;
}
