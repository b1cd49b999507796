/**
 * Leases: which replica polls a resource. A lease is a key holding its
 * owner's id with an expiry. `claim` takes a free (or expired) lease, or
 * extends one the owner already holds; it never takes another owner's live
 * lease. `release` frees it only if the caller still owns it. So however
 * many replicas watch a resource, one polls; when it dies without releasing
 * (killed, partitioned), its lease expires and the next claim of another
 * watching replica takes it over.
 *
 * The registry claims with `expiryMs` = 2/3 of the configured lease time and
 * claims again every 1/3 (owner: renew; others: try to take over), so a dead
 * owner's resources go unpolled for at most the lease time.
 */
import type { Redis } from "ioredis";

export interface LeaseStore {
  /** True when `owner` holds the lease now, for `expiryMs` from now. */
  claim(name: string, owner: string, expiryMs: number): Promise<boolean>;
  /** Frees the lease if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
  /** The current owner (tests, diagnostics). */
  owner(name: string): Promise<string | undefined>;
}

/**
 * Leases in this process's memory: for several registries in one process
 * (tests of the hand-over rules). A single gateway needs no leases at all.
 */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  async claim(name: string, owner: string, expiryMs: number): Promise<boolean> {
    const current = this.live(name);
    if (current && current.owner !== owner) return false;
    this.leases.set(name, { owner, expiresAt: this.now() + expiryMs });
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    if (this.live(name)?.owner === owner) this.leases.delete(name);
  }

  async owner(name: string): Promise<string | undefined> {
    return this.live(name)?.owner;
  }

  private live(name: string) {
    const l = this.leases.get(name);
    if (l && l.expiresAt <= this.now()) {
      this.leases.delete(name);
      return undefined;
    }
    return l;
  }
}

export const DEFAULT_LEASE_PREFIX = "cleanrooms-graph:watch:lease:";

/** Take a free lease or extend our own, atomically; never another owner's. */
const CLAIM = `local v = redis.call('GET', KEYS[1])
if v == false then return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) and 1 or 0 end
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Leases in Redis (Redis expires them on its own clock, so replicas' clocks need not agree). */
export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string = DEFAULT_LEASE_PREFIX,
  ) {}

  async claim(name: string, owner: string, expiryMs: number): Promise<boolean> {
    return (await this.redis.eval(CLAIM, 1, this.prefix + name, owner, String(Math.max(1, Math.round(expiryMs))))) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + name, owner);
  }

  async owner(name: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + name)) ?? undefined;
  }
}
