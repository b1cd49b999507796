/**
 * The AWS-call budget as the transport applies it: before an operation runs,
 * its estimate (aws-call-estimate.ts) against `maxAwsCallsPerOperation`
 * (refused with BAD_USER_INPUT and no AWS call: asking again will not help);
 * a principal whose allowance of AWS calls (`awsCallRate`) is spent is
 * refused THROTTLED before its body is read; and each operation's context
 * gets the principal's allowance, from which every call it makes then takes
 * one (app.ts meters the calls: aws/call-meter.ts).
 */
import type { RequestHandler } from "express";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { ErrorCode } from "../../errors/codes";
import { principalOf } from "../authenticate.middleware";
import { sendGraphQLError } from "../http-errors";
import { retryAfter } from "./anonymous";
import { estimateAwsCalls } from "./aws-call-estimate";
import { LIMIT_MESSAGES, type Limits } from "./limits";
import { TokenBuckets } from "./token-bucket";

/** One principal's allowance of AWS calls: `take` is true when a call may be made. */
export interface AwsCallAllowance {
  take(): boolean;
}

export interface AwsCallBudget {
  /**
   * The refusal message when the operation's estimate is over the budget, else undefined. `accounts`: how many the
   * caller may read; `regions`: the most regions it reads any of them in (1 when left out).
   */
  check(document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined, accounts: number, regions?: number): string | undefined;
  /** Seconds until the principal may make an AWS call again (0: now). */
  wait(principalId: string): number;
  /** The principal's allowance, for an operation's context; undefined when calls are not limited per principal. */
  allowance(principalId: string): AwsCallAllowance | undefined;
}

/** Estimates kept per parsed document (Apollo and the WebSocket transport reuse one per query text), at most this many variants each. */
const VARIANTS_PER_DOCUMENT = 32;
/** Variables longer than this as JSON are estimated afresh rather than kept as a key. */
const MAX_KEY_LENGTH = 1_024;

export function awsCallBudget(schema: GraphQLSchema, limits: Pick<Limits, "maxAwsCallsPerOperation" | "awsCallRate">, onRefused?: () => void): AwsCallBudget {
  const max = limits.maxAwsCallsPerOperation;
  const buckets = limits.awsCallRate ? new TokenBuckets(limits.awsCallRate) : undefined;
  // The same dashboard arrives again and again: its estimate is worked out once per document, variables and reach.
  const estimates = new WeakMap<DocumentNode, Map<string, number>>();
  const perAccount = (document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined, accounts: number, regions = 1): number => {
    const key = `${operationName ?? ""}\u0000${accounts}\u0000${regions}\u0000${JSON.stringify(variables ?? {})}`;
    let known = estimates.get(document);
    const hit = known?.get(key);
    if (hit !== undefined) return hit;
    const n = estimateAwsCalls(schema, document, operationName, variables, accounts, regions).perAccount;
    if (key.length > MAX_KEY_LENGTH) return n;
    if (!known) estimates.set(document, (known = new Map()));
    if (known.size < VARIANTS_PER_DOCUMENT) known.set(key, n);
    return n;
  };
  return {
    check: (document, operationName, variables, accounts, regions) => {
      if (max === false || perAccount(document, operationName, variables, accounts, regions) <= max) return undefined;
      onRefused?.();
      return LIMIT_MESSAGES.awsCalls;
    },
    wait: (principalId) => buckets?.wait(principalId) ?? 0,
    allowance: (principalId) => buckets && { take: () => buckets.take(principalId) === 0 },
  };
}

/** A principal with no AWS calls left gets 429 THROTTLED with Retry-After, before its body is read. */
export const awsCallAdmission =
  (budget: AwsCallBudget): RequestHandler =>
  (_req, res, next) => {
    const wait = budget.wait(principalOf(res).id);
    if (wait <= 0) return next();
    res.setHeader("retry-after", retryAfter(wait));
    sendGraphQLError(res, 429, LIMIT_MESSAGES.awsCallRate, ErrorCode.THROTTLED);
  };
