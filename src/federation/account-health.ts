/**
 * One request's view of which federated accounts are failing. An account
 * whose role cannot be assumed, or whose reads still fail after retries, is
 * marked down: the rest of the request skips it (no further calls), its part
 * of the graph is left out, and the response carries one
 * ACCOUNT_UNAVAILABLE error naming it.
 */
import { GraphQLError } from "graphql";
import { classifyAwsError, type ClassifiedError } from "../aws/errors";
import { ErrorCode } from "../errors/codes";

/** Thrown to the code that reads through an account that is down; lists catch it and leave the account out. */
export class AccountDown extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} is unavailable`);
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
   * invalid) throws a GraphQLError with the contract's code.
   */
  async read<T>(accountId: string, read: () => Promise<T>): Promise<T> {
    if (this.down.has(accountId)) throw new AccountDown(accountId);
    try {
      return await read();
    } catch (e) {
      const classified = classifyAwsError(e, accountId);
      if (ACCOUNT_LEVEL.has(classified.code)) {
        if (!this.down.has(accountId)) this.down.set(accountId, { ...classified, code: ErrorCode.ACCOUNT_UNAVAILABLE });
        throw new AccountDown(accountId);
      }
      throw new GraphQLError(classified.message, { extensions: { code: classified.code, accountId } });
    }
  }

  /** One error per account that went down during the request. */
  errors(): GraphQLError[] {
    return [...this.down.values()].map(
      (c) => new GraphQLError(c.message, { extensions: { code: ErrorCode.ACCOUNT_UNAVAILABLE, accountId: c.accountId } }),
    );
  }
}
