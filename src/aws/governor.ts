/**
 * The per-account governor: every Clean Rooms call the gateway makes for an
 * account in a region (reads, writes, watcher polls; each retry too) first
 * takes a token from that account and region's bucket (AWS's quotas are per
 * account and region, so each region has its own) (`callsPerSecond`, up to `burst` saved up) and a
 * slot among its `maxConcurrent` calls in flight. An account's API quota is
 * shared by every tool and person of the company that owns it, so the
 * gateway stays below it rather than finding it.
 *
 * Fair: callers queue by key (a principal's id; watcher polls share one
 * key) and turns go round-robin across the keys with calls waiting, FIFO
 * within a key, so one principal flooding an account delays another's call
 * by one turn per busy key, not by its whole backlog. A call that would wait
 * longer than `maxWaitMs` fails with GovernorWaitError (THROTTLED for the
 * caller, not retried: the wait was the backoff), and no request leaves.
 *
 * Adaptive (AIMD): when AWS still answers throttling for the account, its
 * rate is halved (not below a floor, at most once per `cutEveryMs`, the
 * saved-up burst dropped); after `quietMs` without throttling it climbs back
 * by a tenth of the configured rate every `stepMs`. The observer hears each
 * slowdown and the return to the configured rate, and how long each call
 * waited for its turn. Time comes from an injectable clock; no timer runs
 * while nobody waits.
 */

export interface GovernorSettings {
  /** Sustained calls per second for one account (the bucket's refill rate). */
  callsPerSecond: number;
  /** Calls that may go at once after a quiet spell (the bucket's size). */
  burst: number;
  /** Calls in flight at once for one account. */
  maxConcurrent: number;
  /** The longest a call waits for its turn before failing as throttled (ms). */
  maxWaitMs: number;
}

/** How fast the adaptive rate falls and comes back. */
export interface AdaptiveTiming {
  /** The lowest rate a slowdown cuts to (calls/s); the configured rate if lower. */
  floorPerSecond: number;
  /** Throttled answers within this long of a cut (calls already on their way) do not cut again (ms). */
  cutEveryMs: number;
  /** Quiet time after the last throttled answer before the rate climbs again (ms). */
  quietMs: number;
  /** Time between two steps of a tenth of the configured rate (ms). */
  stepMs: number;
}

export const DEFAULT_ADAPTIVE_TIMING: AdaptiveTiming = { floorPerSecond: 0.2, cutEveryMs: 1_000, quietMs: 10_000, stepMs: 2_000 };

export interface GovernorClock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realGovernorClock: GovernorClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Hears when AWS throttling slowed an account down in a region, and when it is back at its configured rate there. */
export interface GovernorObserver {
  /** `region`: the governor's (undefined for an account's one shared governor). */
  slowedDown(accountId: string, callsPerSecond: number, configuredPerSecond: number, region?: string): void;
  recovered(accountId: string, callsPerSecond: number, region?: string): void;
  /** A call's wait for its turn ended (granted, or refused past maxWaitMs) after `seconds`. */
  waited?(accountId: string, seconds: number, region?: string): void;
}

/** The queue of calls that name no caller (tests, tools). */
const ANONYMOUS_CALLER = "";

/** The governor would have made the call wait longer than maxWaitMs: nothing was sent. */
export class GovernorWaitError extends Error {
  override readonly name = "GovernorWaitExceeded";
  constructor(
    readonly accountId: string,
    readonly waitedMs: number,
  ) {
    super(`the gateway's call budget for account ${accountId} is spent; waited ${Math.round(waitedMs)} ms`);
  }
}

export function checkGovernorSettings(s: GovernorSettings): GovernorSettings {
  if (!(s.callsPerSecond > 0)) throw new Error(`governor: callsPerSecond must be positive, got ${s.callsPerSecond}`);
  if (!(s.burst >= 1)) throw new Error(`governor: burst must be at least 1, got ${s.burst}`);
  if (!(Number.isInteger(s.maxConcurrent) && s.maxConcurrent >= 1)) throw new Error(`governor: maxConcurrent must be an integer ≥ 1, got ${s.maxConcurrent}`);
  if (!(s.maxWaitMs >= 0)) throw new Error(`governor: maxWaitMs must be non-negative, got ${s.maxWaitMs}`);
  return s;
}

/** Ends a call's hold on its slot; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  caller: string;
  since: number;
  resolve(release: Release): void;
  reject(error: Error): void;
  deadline?: unknown;
}

export interface GovernorState {
  callsPerSecond: number;
  tokens: number;
  inFlight: number;
  waiting: number;
}

/** One account's bucket, slots and queue. */
export class AccountGovernor {
  private rate: number;
  /** The rate the last cut left (recovery climbs from it). */
  private cutRate: number;
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  /** Waiting calls by caller; a key is present while it has calls waiting. Map order is the round-robin turn order. */
  private readonly queues = new Map<string, Waiter[]>();
  private waiting = 0;
  private wakeTimer?: unknown;
  private lastThrottledAt = -Infinity;
  private lastCutAt = -Infinity;
  private slowed = false;

  constructor(
    readonly accountId: string,
    private readonly settings: GovernorSettings,
    private readonly clock: GovernorClock = realGovernorClock,
    private readonly observer?: GovernorObserver,
    private readonly timing: AdaptiveTiming = DEFAULT_ADAPTIVE_TIMING,
    /** The region whose quota this governor keeps (its account's calls elsewhere have governors of their own). */
    readonly region?: string,
  ) {
    checkGovernorSettings(settings);
    this.rate = this.cutRate = settings.callsPerSecond;
    this.tokens = settings.burst;
    this.refilledAt = clock.now();
  }

  /**
   * Waits for a token and a slot in `caller`'s turn (round-robin across callers, FIFO within one); the caller must
   * call the returned release when its call is answered.
   */
  acquire(caller: string = ANONYMOUS_CALLER): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { caller, since: this.clock.now(), resolve, reject };
      const queue = this.queues.get(caller);
      if (queue) queue.push(waiter);
      else this.queues.set(caller, [waiter]);
      this.waiting++;
      this.pump();
      if (this.queues.get(caller)?.includes(waiter)) {
        waiter.deadline = this.clock.setTimer(() => {
          if (!this.remove(waiter)) return;
          const waitedMs = this.clock.now() - waiter.since;
          this.observer?.waited?.(this.accountId, waitedMs / 1000, this.region);
          reject(new GovernorWaitError(this.accountId, waitedMs));
          this.pump(); // the next turn may have changed
        }, this.settings.maxWaitMs);
      }
    });
  }

  /** Runs `call` in `caller`'s turn. `isThrottled` says whether its failure was AWS throttling (which slows the account down). */
  async run<T>(call: () => Promise<T>, isThrottled: (e: unknown) => boolean, caller?: string): Promise<T> {
    const release = await this.acquire(caller);
    try {
      return await call();
    } catch (e) {
      if (isThrottled(e)) this.throttled();
      throw e;
    } finally {
      release();
    }
  }

  /** AWS answered throttling for this account: halve the rate (once per cutEveryMs) and drop the saved-up burst. */
  throttled(): void {
    const now = this.clock.now();
    this.refill(now);
    this.lastThrottledAt = now;
    if (now - this.lastCutAt < this.timing.cutEveryMs) return;
    this.lastCutAt = now;
    const floor = Math.min(this.settings.callsPerSecond, this.timing.floorPerSecond);
    const next = Math.max(floor, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
    if (next === this.rate && this.slowed) return;
    this.rate = this.cutRate = next;
    this.slowed = true;
    this.observer?.slowedDown(this.accountId, next, this.settings.callsPerSecond, this.region);
  }

  state(): GovernorState {
    this.refill(this.clock.now());
    return { callsPerSecond: this.rate, tokens: this.tokens, inFlight: this.inFlight, waiting: this.waiting };
  }

  /** Rejects every waiter (the pool is being destroyed). */
  close(): void {
    this.wakeTimer = this.clearTimer(this.wakeTimer);
    const queues = [...this.queues.values()];
    this.queues.clear();
    this.waiting = 0;
    for (const w of queues.flat()) {
      this.clearTimer(w.deadline);
      w.reject(new Error(`the client pool was destroyed while a call for account ${this.accountId} waited`));
    }
  }

  /** The next call in turn: the oldest of the caller first in line, which then goes to the back of the line. */
  private next(): Waiter {
    const [caller, queue] = this.queues.entries().next().value!;
    const w = queue.shift()!;
    this.queues.delete(caller);
    if (queue.length > 0) this.queues.set(caller, queue);
    this.waiting--;
    return w;
  }

  /** Takes a waiter out of its queue: false when it was no longer waiting. */
  private remove(w: Waiter): boolean {
    const queue = this.queues.get(w.caller);
    const i = queue?.indexOf(w) ?? -1;
    if (i < 0) return false;
    queue!.splice(i, 1);
    if (queue!.length === 0) this.queues.delete(w.caller);
    this.waiting--;
    return true;
  }

  private pump(): void {
    const now = this.clock.now();
    this.refill(now);
    while (this.waiting > 0 && this.inFlight < this.settings.maxConcurrent && this.tokens >= 1) {
      const w = this.next();
      this.clearTimer(w.deadline);
      this.observer?.waited?.(this.accountId, (now - w.since) / 1000, this.region);
      this.tokens -= 1;
      this.inFlight++;
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.pump();
      });
    }
    this.wakeTimer = this.clearTimer(this.wakeTimer);
    // Waiting for a token (a slot frees itself through release).
    if (this.waiting > 0 && this.inFlight < this.settings.maxConcurrent) {
      const ms = Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      this.wakeTimer = this.clock.setTimer(() => {
        this.wakeTimer = undefined;
        this.pump();
      }, ms);
    }
  }

  /** Adds the tokens earned since the last refill at the current rate, after updating the rate's recovery. */
  private refill(now: number): void {
    this.recover(now);
    const elapsed = Math.max(0, now - this.refilledAt);
    this.refilledAt = now;
    const capacity = Math.max(1, (this.settings.burst * this.rate) / this.settings.callsPerSecond);
    this.tokens = Math.min(capacity, this.tokens + (elapsed / 1000) * this.rate);
  }

  private recover(now: number): void {
    if (!this.slowed) return;
    const quiet = now - this.lastThrottledAt - this.timing.quietMs;
    if (quiet < 0) return;
    const steps = Math.floor(quiet / this.timing.stepMs) + 1;
    const configured = this.settings.callsPerSecond;
    this.rate = Math.min(configured, this.cutRate + (steps * configured) / 10);
    if (this.rate >= configured) {
      this.slowed = false;
      this.cutRate = configured;
      this.observer?.recovered(this.accountId, configured, this.region);
    }
  }

  private clearTimer(handle: unknown): undefined {
    if (handle !== undefined) this.clock.clearTimer(handle);
    return undefined;
  }
}

/**
 * Every account's governors, one per region (keyed `${accountId}/${region}`, as AWS counts quotas), created on first
 * use with the gateway's settings and the account's overrides: each region gets the account's whole budget.
 */
export class Governors {
  private readonly governors = new Map<string, AccountGovernor>();

  constructor(
    private readonly settingsFor: (accountId: string) => GovernorSettings,
    private readonly clock: GovernorClock = realGovernorClock,
    private readonly observer?: GovernorObserver,
    private readonly timing: AdaptiveTiming = DEFAULT_ADAPTIVE_TIMING,
  ) {}

  /** The governor of the account in `region`; one shared governor for the account when no region is named. */
  of(accountId: string, region?: string): AccountGovernor {
    const key = region === undefined ? accountId : `${accountId}/${region}`;
    let g = this.governors.get(key);
    if (!g) {
      g = new AccountGovernor(accountId, this.settingsFor(accountId), this.clock, this.observer, this.timing, region);
      this.governors.set(key, g);
    }
    return g;
  }

  close(): void {
    for (const g of this.governors.values()) g.close();
    this.governors.clear();
  }
}
