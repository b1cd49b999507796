/**
 * One request's view of which federated accounts are failing, and where.
 * Clean Rooms is regional: a read that fails for the account itself (after
 * retries) marks the account down *in that read's region* only, so that an
 * account's other regions still answer. A failure that hits every region
 * (the role cannot be assumed: STS; the operation's AWS-call budget for the
 * account spent) marks the whole account down. Whatever is down, the rest of
 * the request skips (no further calls), its part of the graph is left out,
 * and the response carries one ACCOUNT_UNAVAILABLE error naming the account
 * (and the region, when only a region failed).
 */
import { accountRegions, type AwsAccount } from "../aws/account";
import { CallBudgetExceeded } from "../aws/call-meter";
import { AccountCredentialsError, classifyAwsError, describeAwsError, type ClassifiedError } from "../aws/errors";
import { GovernorWaitError } from "../aws/governor";
import { ErrorCode } from "../errors/codes";
import { ContractError } from "../errors/contract-error";
import type { Logger } from "../log/logger";

/** The contract's extensions of an account's error: `region` only when one region of the account failed. */
export const accountExtensions = (accountId: string, region?: string): Record<string, string> => (region === undefined ? { accountId } : { accountId, region });

/** "Account 111111111111 is unavailable." / "Account 111111111111 is unavailable in eu-west-1." */
export const unavailableMessage = (accountId: string, region?: string): string => `Account ${accountId} is unavailable${region === undefined ? "" : ` in ${region}`}.`;

/**
 * Thrown to the code that reads through an account (in a region) that is
 * down; lists and nullable fields catch it and leave the account's part out
 * (nodes.ts `orMissing`). It is in the contract's words itself, so that one
 * escaping a field that does not catch it (a non-null field: GraphQL nulls
 * the nearest nullable parent) still answers ACCOUNT_UNAVAILABLE naming the
 * account, never a masked internal error.
 */
export class AccountDown extends ContractError {
  constructor(
    readonly accountId: string,
    /** THROTTLED when the operation's AWS-call budget for the account ran out (the account itself is fine). */
    code: ErrorCode.ACCOUNT_UNAVAILABLE | ErrorCode.THROTTLED = ErrorCode.ACCOUNT_UNAVAILABLE,
    message?: string,
    /** The region that failed; undefined when the whole account is down (every region). */
    readonly region?: string,
  ) {
    super(code, message ?? unavailableMessage(accountId, region), accountExtensions(accountId, region));
  }
}

const ACCOUNT_LEVEL: ReadonlySet<string> = new Set([ErrorCode.ACCOUNT_UNAVAILABLE, ErrorCode.THROTTLED, ErrorCode.UPSTREAM_ERROR]);

/** Failures that hit every region of the account: its role (STS, assumed once for all regions), its per-operation call budget. */
const everyRegion = (e: unknown): boolean => e instanceof AccountCredentialsError || e instanceof CallBudgetExceeded;

/** What is down: the account (region undefined) or the account in one region. */
interface Down extends ClassifiedError {
  region?: string;
}

const placeKey = (accountId: string, region: string | undefined): string => (region === undefined ? accountId : `${accountId}/${region}`);

export class AccountHealth {
  /** Keyed by account (down everywhere) or account/region. */
  private readonly down = new Map<string, Down>();

  /**
   * Whether reads through the account in `region` are skipped: the account is down everywhere, or in that region.
   * Without a region: whether the account is down everywhere.
   */
  isDown(accountId: string, region?: string): boolean {
    return this.down.has(accountId) || (region !== undefined && this.down.has(placeKey(accountId, region)));
  }

  /** Whether the account failed anywhere in this request (everywhere, or in one of its regions). */
  downAnywhere(accountId: string): boolean {
    return [...this.down.values()].some((d) => d.accountId === accountId);
  }

  /**
   * Runs a read as an account, in a region (none named: its home region). A failure of the account itself marks it
   * down (in that region, or everywhere when it hits every region: its role, its call budget) and throws AccountDown;
   * a failure of the request (not found, denied, invalid) throws a ContractError with the contract's code.
   */
  async read<T>(at: string | { accountId: string; region?: string }, read: () => Promise<T>): Promise<T> {
    const { accountId, region } = typeof at === "string" ? { accountId: at, region: undefined } : at;
    const before = this.downFor(accountId, region);
    if (before) throw this.downError(before);
    try {
      return await read();
    } catch (e) {
      const classified = classifyAwsError(e, accountId);
      if (ACCOUNT_LEVEL.has(classified.code)) {
        // The operation's AWS-call budget spent, or the gateway's own queue for the account full: the account is fine,
        // this operation just may not call it again.
        const code = e instanceof CallBudgetExceeded || e instanceof GovernorWaitError ? ErrorCode.THROTTLED : ErrorCode.ACCOUNT_UNAVAILABLE;
        const where = everyRegion(e) ? undefined : region;
        const key = placeKey(accountId, where);
        if (!this.down.has(key)) this.down.set(key, { ...classified, code, region: where });
        throw this.downError(this.downFor(accountId, region)!);
      }
      throw new ContractError(classified.code, classified.message, { accountId });
    }
  }

  /** The account-wide entry first: once the account is down everywhere, that is what every read of it meets. */
  private downFor(accountId: string, region: string | undefined): Down | undefined {
    return this.down.get(accountId) ?? (region === undefined ? undefined : this.down.get(placeKey(accountId, region)));
  }

  private downError(d: Down): AccountDown {
    return d.code === ErrorCode.THROTTLED ? new AccountDown(d.accountId, ErrorCode.THROTTLED, d.message, d.region) : new AccountDown(d.accountId, undefined, undefined, d.region);
  }

  /**
   * One error per account, or account and region, that went down during the request (THROTTLED where the operation's
   * AWS-call budget or the region's governor queue ran out). A region's error is left out when its whole account is
   * down too: that error names it already.
   */
  errors(): ContractError[] {
    return [...this.down.values()]
      .filter((d) => d.region === undefined || !this.down.has(d.accountId))
      .map((d) => {
        const message = d.region !== undefined && d.code === ErrorCode.ACCOUNT_UNAVAILABLE ? unavailableMessage(d.accountId, d.region) : d.message;
        return new ContractError(d.code, message, accountExtensions(d.accountId, d.region));
      });
  }
}

export type AccountState = "unknown" | "available" | "unavailable";

/** One region of an account as /healthz shows it. */
export interface RegionStateView {
  region: string;
  state: AccountState;
  reason?: string;
}

/** One account's state as /healthz shows it: no secret, no ARN, just AWS's error code; and the state of each of its regions. */
export interface AccountStateView {
  accountId: string;
  /** unavailable when its role cannot be assumed, or when every one of its regions is unavailable. */
  state: AccountState;
  reason?: string;
  regions: RegionStateView[];
}

interface Standing {
  state: AccountState;
  reason?: string;
}

/**
 * The gateway's standing view of each account and each of its regions, across
 * requests: whether it could act as the account the last time it tried
 * (AssumeRole: the whole account), and whether its Clean Rooms calls in each
 * region worked the last time (failing for the account itself, as
 * AccountHealth decides). Callers are only told ACCOUNT_UNAVAILABLE; the why
 * goes to the operator's log, once per change so that a dead account or
 * region does not flood it: warn with AWS's code and message when it becomes
 * unavailable, info when it is available (a region: available again). The
 * ClientPool reports every outcome (it is its observer): AssumeRole without
 * a region, each call with the region it went to.
 */
export class AccountStates {
  /** Keyed by account (its role) or account/region (its Clean Rooms calls there). */
  private readonly states = new Map<string, Standing>();
  private closed = false;

  constructor(
    private readonly accounts: readonly AwsAccount[],
    private readonly logger: Logger,
  ) {}

  /** A call in `region` worked (it also proves the account's role: the account is available), or AssumeRole did (no region). */
  succeeded(accountId: string, region?: string): void {
    if (this.closed) return;
    if (region !== undefined) {
      const key = placeKey(accountId, region);
      const before = this.states.get(key)?.state;
      if (before !== "available") {
        this.states.set(key, { state: "available" });
        if (before === "unavailable") this.logger.info({ accountId, region, state: "available" }, `account ${accountId} is available in ${region} again`);
      }
    }
    const before = this.states.get(accountId)?.state;
    if (before === "available") return;
    this.states.set(accountId, { state: "available" });
    const again = before === "unavailable" ? " again" : "";
    this.logger.info({ accountId, state: "available" }, `account ${accountId} is available${again}`);
  }

  /**
   * AssumeRole failed (no region: the whole account), or a call in `region` failed for the account itself. Failures
   * of a request itself (not found, invalid, denied) say nothing about the account and change nothing.
   */
  failed(accountId: string, error: unknown, region?: string): void {
    if (this.closed || !ACCOUNT_LEVEL.has(classifyAwsError(error, accountId).code)) return;
    const { code, message } = describeAwsError(error);
    const key = placeKey(accountId, region);
    const before = this.states.get(key);
    this.states.set(key, { state: "unavailable", reason: code });
    if (before?.state === "unavailable") return;
    const roleArn = this.accounts.find((a) => a.accountId === accountId)?.roleArn;
    const where = region === undefined ? "" : ` in ${region}`;
    this.logger.warn(
      { accountId, ...(region === undefined ? {} : { region }), roleArn, state: "unavailable", code, reason: message },
      `account ${accountId} is unavailable${where}: ${code}: ${message}`,
    );
  }

  /** Every configured account, in configuration order, each with its configured regions in order. */
  list(): AccountStateView[] {
    return this.accounts.map((a) => {
      const regions: RegionStateView[] = accountRegions(a).map((region) => ({ region, state: "unknown", ...this.states.get(placeKey(a.accountId, region)) }));
      const role = this.states.get(a.accountId);
      const everyRegionDown = regions.every((r) => r.state === "unavailable");
      const own: Standing =
        role?.state === "unavailable"
          ? role
          : everyRegionDown
            ? { state: "unavailable", reason: regions[0].reason }
            : role?.state === "available" || regions.some((r) => r.state === "available")
              ? { state: "available" }
              : { state: "unknown" };
      return { accountId: a.accountId, ...own, regions };
    });
  }

  /** Outcomes that arrive after the gateway closed (a start-up AssumeRole cut short) are not news. */
  close(): void {
    this.closed = true;
  }
}
