/**
 * "Start at most once per idempotency key." AWS's Start* operations take no
 * client token, so the gateway remembers each key it has seen (24 h by
 * default) with a fingerprint of the input:
 *
 * - a repeat with the same input returns the first start's result and starts
 *   nothing;
 * - the same key with a different input is refused (IdempotencyConflict);
 * - a repeat while the first start is still in flight WAITS for it (polling
 *   the store, `inFlightWaitMs`, 10 s by default) and then returns its result;
 *   if it is still in flight after that, it is refused (IdempotencyConflict)
 *   and may be retried later. A claim pending for over 5 minutes was left by a
 *   replica that died mid-start: its outcome is unknown (below). Waiting suits the common case, a client that
 *   timed out and retried, and works the same across replicas;
 * - a start refused before anything happened (AWS answered 4xx, the account's
 *   role could not be assumed, a check of ours failed) drops the claim, so the
 *   same input may be sent again;
 * - a start whose outcome is unknown (AWS answered 5xx, the connection
 *   dropped) keeps the key blocked for its lifetime: a run may exist, and a
 *   second start could pay twice. The repeat is refused with advice to look
 *   at the membership's runs and use a new key.
 *
 * Without a key a start is simply made.
 */
import { createHash, randomUUID } from "node:crypto";
import { DEFAULTS } from "../defaults";
import type { IdempotencyStore, PendingRecord } from "./store";

export const DEFAULT_IN_FLIGHT_WAIT_MS = 10_000;
/** A start still pending after this long was abandoned (its replica died mid-start): its outcome is unknown. */
export const ABANDONED_AFTER_MS = 5 * 60 * 1000;

export class IdempotencyConflict extends Error {
  override readonly name = "IdempotencyConflict";
  constructor(
    readonly reason: "different-input" | "in-flight" | "outcome-unknown",
    message: string,
  ) {
    super(message);
  }
}

/** The store failed: nothing was started (the gateway does not start without a claim). */
export class IdempotencyStoreUnavailable extends Error {
  override readonly name = "IdempotencyStoreUnavailable";
  constructor(cause: unknown) {
    super("the idempotency store is unavailable", { cause });
  }
}

export interface IdempotencyOptions {
  ttlSeconds?: number;
  inFlightWaitMs?: number;
  /** Between looks at a start in flight. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of each keyed start: replayed from an earlier one, or started (metrics). */
  observe?: (replayed: boolean) => void;
}

export interface Codec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

export interface StartRequest<T> {
  /** Separates keys of different operations and callers, e.g. "startProtectedQuery". */
  scope: string;
  key: string | undefined | null;
  /** What must be the same for a repeat: the input without the key. */
  input: unknown;
  start: () => Promise<T>;
  codec: Codec<T>;
  /** True when a start's failure proves that nothing was started. */
  nothingStarted: (error: unknown) => boolean;
}

/** JSON with object keys sorted and null/undefined members left out, so equal inputs print alike. */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === "object" && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined && x !== null)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, norm(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(value)) ?? "null";
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class Idempotency {
  readonly ttlMs: number;
  private readonly inFlightWaitMs: number;
  private readonly pollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly observe?: (replayed: boolean) => void;
  /** Real time, for waiting only (record lifetimes are the store's). */
  private readonly now = Date.now;

  constructor(
    readonly store: IdempotencyStore,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = (options.ttlSeconds ?? DEFAULTS.idempotency.ttlSeconds) * 1000;
    this.inFlightWaitMs = options.inFlightWaitMs ?? DEFAULT_IN_FLIGHT_WAIT_MS;
    this.pollMs = options.pollMs ?? 50;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.observe = options.observe;
  }

  async run<T>(req: StartRequest<T>): Promise<{ result: T; replayed: boolean }> {
    if (!req.key) return { result: await req.start(), replayed: false };
    // The key is hashed: any client string becomes a short, safe store key.
    const storeKey = `${req.scope}:${sha256(req.key)}`;
    const pending: PendingRecord = { state: "pending", fingerprint: sha256(canonicalJson(req.input)), token: randomUUID(), since: this.now() };
    const deadline = this.now() + this.inFlightWaitMs;

    for (;;) {
      const existing = await this.guard(() => this.store.claim(storeKey, pending, this.ttlMs));
      if (!existing) break;
      if (existing.fingerprint !== pending.fingerprint) {
        throw new IdempotencyConflict("different-input", "This idempotencyKey was already used with a different input; use a new key for a different start.");
      }
      if (existing.state === "done") {
        this.observe?.(true);
        return { result: req.codec.decode(existing.result), replayed: true };
      }
      if (existing.state === "unknown" || (existing.state === "pending" && this.now() - existing.since > ABANDONED_AFTER_MS)) {
        throw new IdempotencyConflict(
          "outcome-unknown",
          "The first start with this idempotencyKey failed without a clear answer from AWS, so it may or may not have started a run. Look at the membership's runs before starting again with a new key.",
        );
      }
      if (this.now() >= deadline) {
        throw new IdempotencyConflict("in-flight", "A start with this idempotencyKey is still in progress; retry in a moment to get its result.");
      }
      await this.sleep(this.pollMs);
    }

    let result: T;
    try {
      result = await req.start();
    } catch (e) {
      const settle = req.nothingStarted(e)
        ? this.store.release(storeKey, pending)
        : this.store.settle(storeKey, pending, { state: "unknown", fingerprint: pending.fingerprint }, this.ttlMs);
      // If the store fails now, the claim stays pending until it expires: repeats are refused, never started twice.
      await settle.catch(() => {});
      throw e;
    }
    await this.store
      .settle(storeKey, pending, { state: "done", fingerprint: pending.fingerprint, result: req.codec.encode(result) }, this.ttlMs)
      .catch(() => {});
    this.observe?.(false);
    return { result, replayed: false };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async guard<R>(work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (e) {
      throw new IdempotencyStoreUnavailable(e);
    }
  }
}
