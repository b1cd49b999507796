/**
 * Which AWS failures deserve another attempt, and how long to wait first.
 *
 * The codes are data (after smithy-typescript's service-error-classification);
 * each predicate is one line. Reads (as each operation declares) are retried after
 * throttling and after transient failures (5xx, timeouts, dropped
 * connections). Writes are retried only after throttling: AWS throttles
 * before it does anything, whereas after a 5xx or a dropped connection the
 * write may well have happened.
 *
 * The SDK's own retries are switched off (maxAttempts 1) wherever this
 * module wraps `send`, so every attempt is decided here.
 */
import { DEFAULTS } from "../defaults";

export const THROTTLING_ERROR_CODES: readonly string[] = [
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
];

/**
 * The gateway's own per-account governor refusing to wait longer (governor.ts): throttling for the caller, but
 * not AWS's (it does not slow the governor down) and not retried (the wait was the backoff; nothing was sent).
 */
export const GATEWAY_THROTTLING_ERROR_CODES: readonly string[] = ["GovernorWaitExceeded"];

/** Server-side failures by code (rest-json and query protocols name them differently). */
export const SERVER_ERROR_CODES: readonly string[] = [
  "InternalServerException",
  "InternalServerError",
  "InternalFailure",
  "InternalError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
];

export const SERVER_ERROR_STATUS_CODES: readonly number[] = [500, 502, 503, 504];

/** Node socket and DNS failures: the request never got an answer. */
export const CONNECTION_ERROR_CODES: readonly string[] = [
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
];
export const CONNECTION_ERROR_NAMES: readonly string[] = ["TimeoutError"];
export const CONNECTION_ERROR_MESSAGES: readonly string[] = ["socket hang up"];

const field = (error: unknown, key: string): unknown =>
  typeof error === "object" && error !== null ? (error as Record<string, unknown>)[key] : undefined;
const text = (error: unknown, key: string): string => {
  const v = field(error, key);
  return typeof v === "string" ? v : "";
};

/** The AWS error code (the SDK puts it in `name`). */
export const errorCode = (error: unknown): string => text(error, "name");
export const httpStatusOf = (error: unknown): number | undefined =>
  (field(error, "$metadata") as { httpStatusCode?: number } | undefined)?.httpStatusCode;

/** AWS answered throttling. */
export const isAwsThrottlingError = (e: unknown): boolean => httpStatusOf(e) === 429 || THROTTLING_ERROR_CODES.includes(errorCode(e));
/** AWS, or the gateway's governor on its behalf, throttled the call. */
export const isThrottlingError = (e: unknown): boolean => isAwsThrottlingError(e) || GATEWAY_THROTTLING_ERROR_CODES.includes(errorCode(e));
export const isServerError = (e: unknown): boolean =>
  SERVER_ERROR_CODES.includes(errorCode(e)) || SERVER_ERROR_STATUS_CODES.includes(httpStatusOf(e) ?? 0);
export const isConnectionError = (e: unknown): boolean =>
  CONNECTION_ERROR_CODES.includes(text(e, "code")) || CONNECTION_ERROR_NAMES.includes(errorCode(e)) || CONNECTION_ERROR_MESSAGES.includes(text(e, "message"));
export const isTransientError = (e: unknown): boolean => isServerError(e) || isConnectionError(e);

/** Declared by each operation (CLEAN_ROOMS_OPERATIONS; STS's AssumeRole is a read: it changes nothing). */
export type OperationKind = "read" | "write";

/**
 * A request AWS refused because the gateway's clock is off (signature expired or not yet valid): the SDK has
 * corrected its clock offset from AWS's answer (`$metadata.clockSkewCorrected`), and AWS refused before acting, so
 * sending it again is safe for writes too.
 */
export const isClockSkewCorrected = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { $metadata?: { clockSkewCorrected?: unknown } }).$metadata?.clockSkewCorrected === true;

export const isRetryable = (kind: OperationKind, error: unknown): boolean =>
  isAwsThrottlingError(error) || isClockSkewCorrected(error) || (kind === "read" && isTransientError(error));

export interface RetryPolicy {
  /** Attempts in all, the first included; 1 disables retries. */
  maxAttempts: number;
  /** Cap of the first backoff; doubles with every retry. */
  baseDelayMs: number;
  /** Cap of any single backoff. */
  maxDelayMs: number;
}

/** The configuration file's default, also when the gateway runs without one (demo mode, tests). */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = DEFAULTS.retry;

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1) throw new Error(`retry maxAttempts must be an integer ≥ 1, got ${p.maxAttempts}`);
  if (!(p.baseDelayMs >= 0 && p.maxDelayMs >= 0)) throw new Error("retry delays must be non-negative");
  return p;
}

/** Full jitter: uniform in [0, min(maxDelay, base · 2^(retry−1))); `retry` counts from 1. */
export const backoffDelay = (retry: number, policy: RetryPolicy, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)));

/** Side effects of waiting, injectable for tests. */
export interface RetryEnv {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realRetryEnv: RetryEnv = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Runs `attempt` until it succeeds, fails for good, or the policy's attempts are spent; rethrows the last error. */
export async function withRetry<T>(kind: OperationKind, attempt: () => Promise<T>, policy: RetryPolicy, env: RetryEnv = realRetryEnv): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.maxAttempts || !isRetryable(kind, error)) throw error;
      await env.sleep(backoffDelay(n, policy, env.random));
    }
  }
}
