/**
 * The AWS calls one caller's operation may make, counted as they are made:
 * every attempt of every Clean Rooms call of an operation (or of one
 * subscription event; each retry is a request AWS counts) goes through its
 * meter, which refuses it — before anything is sent — once the
 * operation has made `maxPerAccount` calls to that account (the hard ceiling
 * behind the estimate that admitted it), or once the caller's own allowance
 * of AWS calls is spent (a rate per principal, so that batches, aliases and
 * subscriptions cannot multiply one caller's share of an account's quota).
 * A refusal is CallBudgetExceeded: THROTTLED for the caller (aws/errors.ts),
 * never retried, and it leaves no trace in AWS.
 */
import type { ServiceInputTypes, ServiceOutputTypes } from "@aws-sdk/client-cleanrooms";
import type { CleanRoomsCommand, ClientPool } from "./clients";
import type { OperationKind } from "./retry";

export class CallBudgetExceeded extends Error {
  override readonly name = "GatewayCallBudgetExceeded";
  constructor(
    readonly accountId: string,
    /** Whose budget ran out: this operation's, or the caller's rate. */
    readonly budget: "operation" | "principal",
  ) {
    super(
      budget === "operation"
        ? `This operation reached its budget of AWS calls for account ${accountId}; ask for fewer lists or smaller pages.`
        : "You have made too many AWS calls; retry later.",
    );
  }
}

export interface CallAllowance {
  /** Takes one call from the caller's allowance: true when granted. */
  take(): boolean;
}

export class OperationCalls {
  private readonly counts = new Map<string, number>();
  private readonly writers: string[] = [];

  constructor(
    /** Calls one operation may make to one account; false: no ceiling. */
    private readonly maxPerAccount: number | false,
    /** The caller's allowance of AWS calls; none: not limited. */
    private readonly allowance?: CallAllowance,
  ) {}

  /** Counts one call to `accountId`, or throws CallBudgetExceeded (and counts nothing). */
  take(accountId: string): void {
    const made = this.counts.get(accountId) ?? 0;
    if (this.maxPerAccount !== false && made >= this.maxPerAccount) throw new CallBudgetExceeded(accountId, "operation");
    if (this.allowance && !this.allowance.take()) throw new CallBudgetExceeded(accountId, "principal");
    this.counts.set(accountId, made + 1);
  }

  /** Counts a write's account too: whose role the operation acted as (the audit trail's). */
  takeWrite(accountId: string): void {
    this.take(accountId);
    this.writers.push(accountId);
  }

  /** The accounts of the writes sent so far, in order. */
  writes(): readonly string[] {
    return this.writers;
  }

  /** Calls made so far, per account. */
  made(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** A new operation on the same meter (each event of a subscription is one): the ceiling counts from zero again. */
  restart(): void {
    this.counts.clear();
  }
}

/**
 * `pool.send` for one caller: every attempt (retries too) is counted by `calls` before it leaves, and waits in the
 * account's governor in `caller`'s queue. A refused retry ends the call as CallBudgetExceeded. A write's account is
 * recorded once, on its first attempt.
 */
export function meteredPool(pool: Pick<ClientPool, "send">, calls: OperationCalls, caller?: string): Pick<ClientPool, "send"> {
  return {
    async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(accountId: string, kind: OperationKind, command: CleanRoomsCommand<I, O>, region?: string) {
      let first = true;
      const beforeAttempt = () => {
        if (kind === "write" && first) calls.takeWrite(accountId);
        else calls.take(accountId);
        first = false;
      };
      return pool.send(accountId, kind, command, region, { caller, beforeAttempt });
    },
  };
}

/** `pool.send` with every call in `caller`'s queue of the account's governor, uncounted (the watchers' polls). */
export const callerPool = (pool: Pick<ClientPool, "send">, caller: string): Pick<ClientPool, "send"> => ({
  send: (accountId, kind, command, region) => pool.send(accountId, kind, command, region, { caller }),
});
