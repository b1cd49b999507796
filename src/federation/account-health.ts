/**
 * One request's view of which federated accounts are failing. An account
 * whose role cannot be assumed, or whose reads still fail after retries, is
 * marked down: the rest of the request skips it (no further calls), its part
 * of the graph is left out, and the response carries one
 * ACCOUNT_UNAVAILABLE error naming it.
 */
import type { AwsAccount } from "../aws/account";
import { CallBudgetExceeded } from "../aws/call-meter";
import { classifyAwsError, describeAwsError, type ClassifiedError } from "../aws/errors";
import { GovernorWaitError } from "../aws/governor";
import { ErrorCode } from "../errors/codes";
import { ContractError } from "../errors/contract-error";
import type { Logger } from "../log/logger";

/**
 * Thrown to the code that reads through an account that is down; lists and
 * nullable fields catch it and leave the account's part out (nodes.ts
 * `orMissing`). It is in the contract's words itself, so that one escaping a
 * field that does not catch it (a non-null field: GraphQL nulls the nearest
 * nullable parent) still answers ACCOUNT_UNAVAILABLE naming the account,
 * never a masked internal error.
 */
export class AccountDown extends ContractError {
  constructor(
    readonly accountId: string,
    /** THROTTLED when the operation's AWS-call budget for the account ran out (the account itself is fine). */
    code: ErrorCode.ACCOUNT_UNAVAILABLE | ErrorCode.THROTTLED = ErrorCode.ACCOUNT_UNAVAILABLE,
    message = `Account ${accountId} is unavailable.`,
  ) {
    super(code, message, { accountId });
  }
}

const ACCOUNT_LEVEL: ReadonlySet<string> = new Set([ErrorCode.ACCOUNT_UNAVAILABLE, ErrorCode.THROTTLED, ErrorCode.UPSTREAM_ERROR]);

export class AccountHealth {
  private readonly down = new Map<string, ClassifiedError>();

  isDown(accountId: string): boolean {
    return this.down.has(accountId);
  }

  /**
   * Runs a read as an account. A failure of the account itself marks it down
   * and throws AccountDown; a failure of the request (not found, denied,
   * invalid) throws a ContractError with the contract's code.
   */
  async read<T>(accountId: string, read: () => Promise<T>): Promise<T> {
    if (this.down.has(accountId)) throw this.downError(accountId);
    try {
      return await read();
    } catch (e) {
      const classified = classifyAwsError(e, accountId);
      if (ACCOUNT_LEVEL.has(classified.code)) {
        // The operation's AWS-call budget spent, or the gateway's own queue for the account full: the account is fine,
        // this operation just may not call it again.
        const code = e instanceof CallBudgetExceeded || e instanceof GovernorWaitError ? ErrorCode.THROTTLED : ErrorCode.ACCOUNT_UNAVAILABLE;
        if (!this.down.has(accountId)) this.down.set(accountId, { ...classified, code });
        throw this.downError(accountId);
      }
      throw new ContractError(classified.code, classified.message, { accountId });
    }
  }

  private downError(accountId: string): AccountDown {
    const c = this.down.get(accountId)!;
    return c.code === ErrorCode.THROTTLED ? new AccountDown(accountId, ErrorCode.THROTTLED, c.message) : new AccountDown(accountId);
  }

  /** One error per account that went down during the request (THROTTLED where the operation's AWS-call budget ran out). */
  errors(): ContractError[] {
    return [...this.down.values()].map((c) => new ContractError(c.code, c.message, { accountId: c.accountId }));
  }
}

export type AccountState = "unknown" | "available" | "unavailable";

/** One account's state as /healthz shows it: no secret, no ARN, just AWS's error code. */
export interface AccountStateView {
  accountId: string;
  state: AccountState;
  reason?: string;
}

/**
 * The gateway's standing view of each account, across requests: whether it
 * could act as the account the last time it tried (AssumeRole, or a Clean
 * Rooms call failing for the account itself, as AccountHealth decides).
 * Callers are only told ACCOUNT_UNAVAILABLE; the why goes to the operator's
 * log, once per change so that a dead account does not flood it: warn with
 * AWS's code and message when an account becomes unavailable, info when it
 * is available. ClientPool reports every outcome (it is its observer).
 */
export class AccountStates {
  private readonly states = new Map<string, { state: AccountState; reason?: string }>();
  private closed = false;

  constructor(
    private readonly accounts: readonly AwsAccount[],
    private readonly logger: Logger,
  ) {}

  succeeded(accountId: string): void {
    const before = this.states.get(accountId)?.state;
    if (before === "available" || this.closed) return;
    this.states.set(accountId, { state: "available" });
    const again = before === "unavailable" ? " again" : "";
    this.logger.info({ accountId, state: "available" }, `account ${accountId} is available${again}`);
  }

  /** Failures of a request itself (not found, invalid, denied) say nothing about the account and change nothing. */
  failed(accountId: string, error: unknown): void {
    if (this.closed || !ACCOUNT_LEVEL.has(classifyAwsError(error, accountId).code)) return;
    const { code, message } = describeAwsError(error);
    const before = this.states.get(accountId);
    this.states.set(accountId, { state: "unavailable", reason: code });
    if (before?.state === "unavailable") return;
    const roleArn = this.accounts.find((a) => a.accountId === accountId)?.roleArn;
    this.logger.warn({ accountId, roleArn, state: "unavailable", code, reason: message }, `account ${accountId} is unavailable: ${code}: ${message}`);
  }

  /** Every configured account, in configuration order. */
  list(): AccountStateView[] {
    return this.accounts.map(({ accountId }) => ({ accountId, state: "unknown" as AccountState, ...this.states.get(accountId) }));
  }

  /** Outcomes that arrive after the gateway closed (a start-up AssumeRole cut short) are not news. */
  close(): void {
    this.closed = true;
  }
}
