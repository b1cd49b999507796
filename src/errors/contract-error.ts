/**
 * A refusal in the contract's words: one of its codes, a message that says
 * what to fix, and the public extensions (field, accountId, candidates…).
 * Any part may throw one; GraphQL serves it as it is (normalizeError keeps
 * its code and public extensions). Everything else thrown is masked.
 */
import { GraphQLError } from "graphql";
import type { ErrorCode } from "./codes";

export class ContractError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const refusal = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): ContractError =>
  new ContractError(code, message, extensions);
