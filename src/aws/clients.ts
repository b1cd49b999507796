/**
 * One CleanRoomsClient per (account, region), created on first use and
 * reused, each signing with its account's assumed-role credentials and
 * giving up on an attempt whose answer does not begin within the account's
 * call timeout; and `send`, which adds the gateway's retry policy, one
 * re-assume when AWS says the session expired, and the account's governor
 * (governor.ts) around every attempt. The only way the gateway talks to
 * Clean Rooms.
 */
import "./sdk-overlay";
import { CleanRoomsClient, type ServiceInputTypes, type ServiceOutputTypes } from "@aws-sdk/client-cleanrooms";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Command } from "@aws-sdk/types";
import { regionKey, type AwsAccount } from "./account";
import { AssumedRoleCredentials, type AccountObserver, type RefreshTiming } from "./credentials";
import { DEFAULTS } from "../defaults";
import { isExpiredTokenError, UnknownAccountError } from "./errors";
import { checkGovernorSettings, Governors, type AdaptiveTiming, type GovernorClock, type GovernorObserver, type GovernorSettings } from "./governor";
import { isAwsThrottlingError, realRetryEnv, retryPolicy, withRetry, type OperationKind, type RetryEnv, type RetryPolicy } from "./retry";

export interface ClientPoolOptions {
  accounts: readonly AwsAccount[];
  /** The gateway's own identity, used only to call AssumeRole; the standard AWS credential chain when left out. */
  baseCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Clean Rooms endpoint (the emulator's URL); AWS's regional endpoint when left out. */
  endpoint?: string;
  /** STS endpoint (the emulator's URL); AWS's regional endpoint when left out. */
  stsEndpoint?: string;
  /** DurationSeconds for AssumeRole; the role's default when left out. */
  durationSeconds?: number;
  refresh?: Partial<RefreshTiming>;
  retry?: Partial<RetryPolicy>;
  /**
   * How long one attempt (Clean Rooms or STS) waits for AWS's answer to begin, connecting included; then it fails as
   * a timeout, which the retry policy treats as transient. An account's `callTimeoutMs` overrides it for its calls.
   * DEFAULTS.awsCallTimeoutMs when left out.
   */
  callTimeoutMs?: number;
  /** Epoch ms; Date.now by default. */
  now?: () => number;
  /** Randomness for jitter (refresh and backoff); Math.random by default. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told whether each AssumeRole and each call (after retries) worked: the gateway's account states. */
  observer?: AccountObserver & Partial<GovernorObserver>;
  /**
   * Every account's call budget (DEFAULTS.governor for what is left out); an account's `governor` overrides it. A
   * pool given neither (tests, demo mode against its local emulator) sends ungoverned; the configuration file
   * always gives one (its defaults).
   */
  governor?: Partial<GovernorSettings>;
  /** Tests: the governor's clock and adaptive timing. */
  governorClock?: GovernorClock;
  governorTiming?: AdaptiveTiming;
}

/** Who a call is for, and what must happen before each of its attempts leaves. */
export interface SendOptions {
  /** Whose turn in the account's governor the call waits for (fair queuing: governor.ts); one shared queue when left out. */
  caller?: string;
  /**
   * Runs before every attempt that would leave (each retry and the re-send after an expired session too), before the
   * attempt waits in the governor: it charges the attempt to a budget, and throwing refuses it, which ends the call
   * (no further retries) with that error and sends nothing more.
   */
  beforeAttempt?: () => void;
}

/** A Clean Rooms command whose output type `send` can return. */
export type CleanRoomsCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  CleanRoomsClient["config"]
>;

export class ClientPool {
  private readonly accounts: ReadonlyMap<string, AwsAccount>;
  private readonly clients = new Map<string, CleanRoomsClient>();
  private readonly stsClients = new Map<string, STSClient>();
  private readonly credentialsByAccount = new Map<string, AssumedRoleCredentials>();
  private readonly retry: RetryPolicy;
  private readonly retryEnv: RetryEnv;
  private governors: Governors;

  constructor(private readonly options: ClientPoolOptions) {
    this.accounts = new Map(options.accounts.map((a) => [a.accountId, a]));
    for (const a of options.accounts) {
      // Both fail at start on a bad setting.
      this.governorSettings(a.accountId);
      this.callTimeoutMs(a.accountId);
    }
    this.governors = this.newGovernors();
    this.retry = retryPolicy(options.retry);
    this.retryEnv = { sleep: options.sleep ?? realRetryEnv.sleep, random: options.random ?? realRetryEnv.random };
  }

  account(accountId: string): AwsAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new UnknownAccountError(accountId);
    return account;
  }

  credentials(accountId: string): AssumedRoleCredentials {
    let credentials = this.credentialsByAccount.get(accountId);
    if (!credentials) {
      const account = this.account(accountId);
      credentials = new AssumedRoleCredentials({
        account,
        // Assumed once per account, in one region; the credentials serve every region of the account.
        sts: this.sts(account.stsRegion ?? account.region),
        durationSeconds: this.options.durationSeconds,
        timing: this.options.refresh,
        retry: this.retry,
        retryEnv: this.retryEnv,
        now: this.options.now,
        random: this.options.random,
        observer: this.options.observer,
      });
      this.credentialsByAccount.set(accountId, credentials);
    }
    return credentials;
  }

  /** The account's client for `region` (its home region by default). */
  client(accountId: string, region: string = this.account(accountId).region): CleanRoomsClient {
    const key = regionKey(accountId, region);
    let client = this.clients.get(key);
    if (!client) {
      client = new CleanRoomsClient({
        region,
        endpoint: this.options.endpoint,
        credentials: this.credentials(accountId).provider,
        // Retries are decided by `send`, which knows reads from writes.
        maxAttempts: 1,
        // A hung or silent connection to one account must not hold up the request (and every other account's part of it).
        requestHandler: handlerTimeouts(this.callTimeoutMs(accountId)),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Sends `command` as the account: a read (as the caller declares it) is
   * retried on throttling and transient failures, a write on throttling only; when AWS answers that
   * the session expired, the credentials are dropped and the call is made
   * once more with new ones (AWS refuses such a request before acting on it).
   * `options.beforeAttempt` is asked before each attempt; `options.caller` names its queue in the governor.
   */
  async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    accountId: string,
    kind: OperationKind,
    command: CleanRoomsCommand<I, O>,
    region?: string,
    options: SendOptions = {},
  ): Promise<O> {
    const at = region ?? this.account(accountId).region;
    const client = this.client(accountId, at);
    const credentials = this.credentials(accountId);
    const governor = this.governed(accountId) ? this.governors.of(accountId, at) : undefined;
    const { caller, beforeAttempt } = options;
    // Every attempt (retries too) is charged first, then waits its turn in the account and region's governor; AWS throttling slows it down.
    const call = async () => {
      beforeAttempt?.();
      return governor ? governor.run(() => client.send(command), isAwsThrottlingError, caller) : client.send(command);
    };
    const attempt = () => withRetry(kind, call, this.retry, this.retryEnv);
    const used = await credentials.get(); // an AssumeRole failure is reported by the credentials
    try {
      const out = await attempt().catch((e: unknown) => {
        if (!isExpiredTokenError(e)) throw e;
        credentials.invalidate(used);
        return attempt();
      });
      this.options.observer?.succeeded(accountId, at);
      return out;
    } catch (e) {
      this.options.observer?.failed(accountId, e, at);
      throw e;
    }
  }

  /** Closes every client's connections; the pool is empty afterwards and may be reused. */
  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    for (const c of this.stsClients.values()) c.destroy();
    this.clients.clear();
    this.stsClients.clear();
    this.credentialsByAccount.clear();
    this.governors.close();
    this.governors = this.newGovernors();
  }

  /** The account's per-attempt timeout (ms): its own, else the gateway's, else the default. */
  callTimeoutMs(accountId?: string): number {
    const ms = (accountId === undefined ? undefined : this.account(accountId).callTimeoutMs) ?? this.options.callTimeoutMs ?? DEFAULTS.awsCallTimeoutMs;
    if (!Number.isInteger(ms) || ms <= 0) throw new Error(`callTimeoutMs must be a positive integer of milliseconds, got ${ms}`);
    return ms;
  }

  /** The account's call budget: the gateway's, with the account's overrides. */
  governorSettings(accountId: string): GovernorSettings {
    return checkGovernorSettings({ ...DEFAULTS.governor, ...this.options.governor, ...this.account(accountId).governor });
  }

  /** Whether the account's calls go through a governor: the pool or the account has a budget. */
  governed(accountId: string): boolean {
    return this.options.governor !== undefined || this.account(accountId).governor !== undefined;
  }

  /** The account's governor in `region`, its home region by default (tests, diagnostics). */
  governor(accountId: string, region: string = this.account(accountId).region) {
    return this.governors.of(accountId, region);
  }

  private newGovernors(): Governors {
    const observer = this.options.observer;
    const governorObserver: GovernorObserver | undefined =
      observer?.slowedDown && observer.recovered
        ? { slowedDown: (...a) => observer.slowedDown!(...a), recovered: (...a) => observer.recovered!(...a), waited: observer.waited && ((...a) => observer.waited!(...a)) }
        : undefined;
    return new Governors((id) => this.governorSettings(id), this.options.governorClock, governorObserver, this.options.governorTiming);
  }

  private sts(region: string): STSClient {
    let sts = this.stsClients.get(region);
    if (!sts) {
      sts = new STSClient({
        region,
        endpoint: this.options.stsEndpoint,
        // Left out, the SDK resolves the standard chain (env, profile, SSO, IMDS...).
        credentials: this.options.baseCredentials,
        // Retries are decided by AssumedRoleCredentials.
        maxAttempts: 1,
        // One STS client serves every account of the region: the gateway's timeout.
        requestHandler: handlerTimeouts(this.callTimeoutMs()),
      });
      this.stsClients.set(region, sts);
    }
    return sts;
  }
}

/**
 * The SDK's own Node HTTP handler options: `requestTimeout` bounds an attempt from its start until the answer's
 * headers arrive (throwOnRequestTimeout turns it from a logged warning into a TimeoutError, which retry.ts counts as
 * a connection failure), `connectionTimeout` the TCP connect alone.
 */
const handlerTimeouts = (ms: number) => ({ requestTimeout: ms, connectionTimeout: ms, throwOnRequestTimeout: true });
