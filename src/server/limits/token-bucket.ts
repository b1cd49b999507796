/**
 * Token buckets keyed by principal: each holds up to `burst` tokens and
 * refills at `perSecond`; an operation takes one. Idle full buckets are
 * dropped once there are many, so memory stays bounded however many
 * principals come and go (a dropped bucket is a full one, so nothing is lost).
 */
import type { RateLimit } from "./limits";

const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    /** Milliseconds, monotonic. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `key`: 0 when granted, else the seconds until one will be there. */
  take(key: string): number {
    const now = this.now();
    const b = this.refilled(key, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      if (this.buckets.size > PRUNE_ABOVE) this.prune(now);
      return 0;
    }
    this.buckets.set(key, b);
    return this.limit.perSecond > 0 ? (1 - b.tokens) / this.limit.perSecond : Number.POSITIVE_INFINITY;
  }

  /** The seconds until `key` has a token (0: it has one now), taking none. */
  wait(key: string): number {
    const b = this.refilled(key, this.now());
    if (b.tokens >= 1) return 0;
    return this.limit.perSecond > 0 ? (1 - b.tokens) / this.limit.perSecond : Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): { tokens: number; at: number } {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.limit.burst, at: now };
    const tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    return { tokens, at: now };
  }

  private prune(now: number): void {
    for (const [key] of this.buckets) if (this.refilled(key, now).tokens >= this.limit.burst) this.buckets.delete(key);
  }
}
