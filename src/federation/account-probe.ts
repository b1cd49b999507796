/**
 * Tries again, on a timer, the accounts the gateway cannot yet act as, so
 * that their states (and with them /readyz) recover without traffic: behind
 * a load balancer an unready replica gets no request, and credentials are
 * otherwise only obtained on a request's behalf.
 *
 * While any account's state is unknown or unavailable, each round asks for
 * that account's credentials (one AssumeRole, retried within the pool's retry
 * policy as every AssumeRole is; none while they are cached) and, for an account whose role works but
 * whose every region failed, makes one cheap read in each failed region. The
 * outcomes reach the account states through the pool's observer, as a
 * request's would. Rounds are spaced by a capped, jittered doubling; once
 * every account is available the probe idles until `wake` (an account failed).
 */
import type { AccountStateView } from "./account-health";

export interface ProbeBackoff {
  /** The delay after the first round that left an account unavailable... */
  initialMs: number;
  /** ...doubled after each such round, up to this. */
  maxMs: number;
}

const DEFAULT_PROBE_BACKOFF: Readonly<ProbeBackoff> = Object.freeze({ initialMs: 1_000, maxMs: 30_000 });

/** Up to this share of each delay is taken off at random, so that replicas started together do not probe together. */
export const PROBE_JITTER = 0.2;

/** The delay before round `step` + 1 (step 0: after the first round); `r` is a random number in [0, 1). */
export function probeDelay(step: number, backoff: ProbeBackoff, r: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** step) * (1 - PROBE_JITTER * r);
}

/** Accounts to probe: those whose state is not (yet) available. */
export const accountsToProbe = (accounts: readonly AccountStateView[]): string[] => accounts.filter((a) => a.state !== "available").map((a) => a.accountId);

/** Regions to read of an account whose role works but which is still unavailable: the ones that failed. */
export const regionsToProbe = (account: AccountStateView | undefined): string[] =>
  account === undefined || account.state === "available" ? [] : account.regions.filter((r) => r.state === "unavailable").map((r) => r.region);

export interface ProbeTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Unref'd: a probe waiting for its next round does not keep the process alive. */
const realTimers: ProbeTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface AccountProbeOptions {
  /** The accounts' standing states (AccountStates.list). */
  states(): readonly AccountStateView[];
  /** The account's credentials: cached, or one AssumeRole (its outcome reaches the states). */
  credentials(accountId: string): Promise<unknown>;
  /** One cheap Clean Rooms read as the account in `region` (its outcome reaches the states). */
  read(accountId: string, region: string): Promise<unknown>;
  backoff?: Partial<ProbeBackoff>;
  /** For the jitter; Math.random by default. */
  random?: () => number;
  timers?: ProbeTimers;
}

export class AccountProbe {
  private readonly backoff: ProbeBackoff;
  private readonly timers: ProbeTimers;
  private readonly random: () => number;
  /** Rounds since every account was last available: the backoff's exponent. */
  private step = 0;
  private timer: unknown;
  private running = false;
  private closed = false;

  constructor(private readonly options: AccountProbeOptions) {
    this.backoff = { ...DEFAULT_PROBE_BACKOFF, ...options.backoff };
    if (!(this.backoff.initialMs > 0 && this.backoff.maxMs >= this.backoff.initialMs)) {
      throw new Error(`account probe backoff needs 0 < initialMs ≤ maxMs, got ${JSON.stringify(this.backoff)}`);
    }
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
  }

  /** The first round, now: every account's state becomes known (start-up). */
  start(): void {
    void this.round();
  }

  /** An account failed: unless a round is running or due, probe after the shortest delay. */
  wake(): void {
    if (this.closed || this.running || this.timer !== undefined) return;
    if (accountsToProbe(this.options.states()).length > 0) this.schedule();
  }

  /** No round after this one; a round in flight finishes on its own (the states ignore outcomes after close). */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.timers.set(
      () => {
        this.timer = undefined;
        void this.round();
      },
      probeDelay(this.step++, this.backoff, this.random()),
    );
  }

  private async round(): Promise<void> {
    if (this.closed || this.running) return;
    this.running = true;
    try {
      await Promise.all(accountsToProbe(this.options.states()).map((accountId) => this.probe(accountId)));
    } finally {
      this.running = false;
    }
    if (this.closed) return;
    if (accountsToProbe(this.options.states()).length === 0) this.step = 0;
    else this.schedule();
  }

  private async probe(accountId: string): Promise<void> {
    try {
      await this.options.credentials(accountId);
    } catch {
      return; // the role failed again: nothing to read as it
    }
    const regions = regionsToProbe(this.options.states().find((a) => a.accountId === accountId));
    await Promise.all(regions.map((region) => this.options.read(accountId, region).catch(() => undefined)));
  }
}
