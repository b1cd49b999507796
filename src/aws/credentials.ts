/**
 * Credentials for one member account: STS AssumeRole signed with the
 * gateway's base identity, cached, refreshed ahead of expiry, one AssumeRole
 * in flight at a time however many requests wait for it.
 *
 * Refresh is lazy (the first call after the refresh time starts it), so no
 * timers run. The refresh time is jittered so that N accounts assumed
 * together do not all refresh together.
 */
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { DEFAULT_SESSION_NAME, type AwsAccount } from "./account";
import { AccountCredentialsError } from "./errors";
import { DEFAULT_RETRY_POLICY, realRetryEnv, withRetry, type RetryEnv, type RetryPolicy } from "./retry";

export interface RefreshTiming {
  /** Refresh this long before expiry... */
  refreshBeforeMs: number;
  /** ...plus up to this much more, at random. */
  jitterMs: number;
}

export const DEFAULT_REFRESH_TIMING: RefreshTiming = { refreshBeforeMs: 5 * 60_000, jitterMs: 60_000 };

/**
 * When to refresh credentials issued at `issuedAt` that expire at
 * `expiresAt` (epoch ms); `r` is a random number in [0, 1). When the window
 * would take more than half the lifetime (short-lived credentials), refresh
 * between 50% and 75% of the lifetime instead.
 */
export function refreshTime(issuedAt: number, expiresAt: number, timing: RefreshTiming, r: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const lead = timing.refreshBeforeMs + r * timing.jitterMs;
  if (lead > lifetime / 2) return issuedAt + lifetime * (0.5 + 0.25 * r);
  return expiresAt - lead;
}

export interface AssumedRoleCredentialsOptions {
  account: AwsAccount;
  /** An STS client signed with the gateway's base identity (its endpoint may be the emulator's). */
  sts: STSClient;
  /** DurationSeconds for AssumeRole; the role's default (one hour) when left out. */
  durationSeconds?: number;
  timing?: Partial<RefreshTiming>;
  /** Retries of AssumeRole itself (it is safe to repeat). */
  retry?: RetryPolicy;
  retryEnv?: RetryEnv;
  /** Epoch ms; Date.now by default. */
  now?: () => number;
  /** For the refresh jitter; Math.random by default. */
  random?: () => number;
  /** Told the outcome of every AssumeRole (after retries), so the gateway can say why an account is unavailable. */
  observer?: AccountObserver;
}

/**
 * Hears, for each account, whether the gateway could act as it: AssumeRole (no region: it serves every region) and
 * Clean Rooms calls (after retries), with the region each call went to.
 */
export interface AccountObserver {
  succeeded(accountId: string, region?: string): void;
  failed(accountId: string, error: unknown, region?: string): void;
  /** Each AssumeRole for the account's credentials, and whether it worked (metrics). */
  assumed?(accountId: string, ok: boolean): void;
}

interface Cached {
  identity: AwsCredentialIdentity;
  refreshAt: number;
}

export class AssumedRoleCredentials {
  readonly accountId: string;
  /**
   * Hand this to an SDK client as `credentials`. The SDK wraps any provider
   * not flagged `memoized` in its own cache, refreshed on its own wall-clock
   * window, which would hide `invalidate()` and the injected clock; this
   * class is the cache, so the flag is set.
   */
  readonly provider: AwsCredentialIdentityProvider;
  private cached?: Cached;
  private inFlight?: Promise<AwsCredentialIdentity>;
  private readonly timing: RefreshTiming;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: AssumedRoleCredentialsOptions) {
    this.accountId = options.account.accountId;
    this.timing = { ...DEFAULT_REFRESH_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.provider = Object.assign(() => this.get(), { memoized: true });
  }

  /** Cached credentials, or the result of the one AssumeRole in flight. Failures are AccountCredentialsError. */
  get(): Promise<AwsCredentialIdentity> {
    const c = this.cached;
    if (c && this.now() < c.refreshAt) return Promise.resolve(c.identity);
    this.inFlight ??= this.assume().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * Forgets the cached credentials so the next call assumes the role again
   * (AWS said they expired). Given the credentials a failed request used,
   * forgets them only if they are still the cached ones, so that many
   * requests failing together cause one new AssumeRole, not one each.
   */
  invalidate(stale?: AwsCredentialIdentity): void {
    if (stale === undefined || this.cached?.identity === stale) this.cached = undefined;
  }

  private async assume(): Promise<AwsCredentialIdentity> {
    const { account, sts, durationSeconds } = this.options;
    const issuedAt = this.now();
    const command = () =>
      new AssumeRoleCommand({
        RoleArn: account.roleArn,
        RoleSessionName: account.sessionName ?? DEFAULT_SESSION_NAME,
        ExternalId: account.externalId,
        DurationSeconds: durationSeconds,
      });
    let out;
    try {
      out = await withRetry("read", () => sts.send(command()), this.options.retry ?? DEFAULT_RETRY_POLICY, this.options.retryEnv ?? realRetryEnv);
    } catch (e) {
      throw this.failed(e);
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw this.failed(new Error("AssumeRole answered without credentials"));
    }
    const identity: AwsCredentialIdentity = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    this.cached = { identity, refreshAt: refreshTime(issuedAt, c.Expiration.getTime(), this.timing, this.random()) };
    this.options.observer?.assumed?.(this.accountId, true);
    this.options.observer?.succeeded(this.accountId);
    return identity;
  }

  private failed(cause: unknown): AccountCredentialsError {
    const error = new AccountCredentialsError(this.accountId, cause);
    this.options.observer?.assumed?.(this.accountId, false);
    this.options.observer?.failed(this.accountId, error);
    return error;
  }
}
