/** The retry policy's pure parts: classification data, backoff, and the attempt loop. */
import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  isRetryable,
  retryPolicy,
  withRetry,
  type OperationKind,
  type RetryEnv,
} from "../../src/aws/retry";

const awsError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("isRetryable", () => {
  const cases: [string, unknown, { read: boolean; write: boolean }][] = [
    ["ThrottlingException", awsError("ThrottlingException", 429), { read: true, write: true }],
    ["STS Throttling", awsError("Throttling", 400), { read: true, write: true }],
    ["any 429", awsError("SomethingNew", 429), { read: true, write: true }],
    ["TooManyRequestsException", awsError("TooManyRequestsException", 400), { read: true, write: true }],
    ["InternalServerException", awsError("InternalServerException", 500), { read: true, write: false }],
    ["ServiceUnavailable", awsError("ServiceUnavailable", 503), { read: true, write: false }],
    ["a bare 502", awsError("BadGateway", 502), { read: true, write: false }],
    ["ECONNRESET", nodeError("ECONNRESET", "read ECONNRESET"), { read: true, write: false }],
    ["socket hang up", new Error("socket hang up"), { read: true, write: false }],
    ["TimeoutError", Object.assign(new Error("timed out"), { name: "TimeoutError" }), { read: true, write: false }],
    ["ValidationException", awsError("ValidationException", 400), { read: false, write: false }],
    ["AccessDeniedException", awsError("AccessDeniedException", 403), { read: false, write: false }],
    ["ExpiredTokenException", awsError("ExpiredTokenException", 403), { read: false, write: false }],
    ["ConflictException", awsError("ConflictException", 409), { read: false, write: false }],
    ["not an error", "ThrottlingException", { read: false, write: false }],
    // The SDK corrected its clock from AWS's answer: AWS refused before acting, so even a write goes again.
    ["a skewed signature, clock corrected", Object.assign(awsError("InvalidSignatureException", 403), { $metadata: { httpStatusCode: 403, clockSkewCorrected: true } }), { read: true, write: true }],
    ["a bad signature, clock not at fault", Object.assign(awsError("InvalidSignatureException", 403), { $metadata: { httpStatusCode: 403 } }), { read: false, write: false }],
  ];
  it.each(cases)("%s", (_, error, expected) => {
    expect({ read: isRetryable("read", error), write: isRetryable("write", error) }).toEqual(expected);
  });
});

describe("backoffDelay", () => {
  const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });
  it("draws uniformly below a cap that doubles per retry, up to maxDelayMs", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0.5))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.9999)).toBe(399);
  });
});

describe("retryPolicy", () => {
  it("fills defaults and refuses nonsense", () => {
    expect(retryPolicy()).toEqual({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 });
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => retryPolicy({ maxDelayMs: -1 })).toThrow(/non-negative/);
  });
});

describe("withRetry", () => {
  const run = async (kind: OperationKind, errors: unknown[], maxAttempts = 3) => {
    const slept: number[] = [];
    const env: RetryEnv = { sleep: async (ms) => void slept.push(ms), random: () => 0.5 };
    let attempts = 0;
    const outcome = await withRetry(
      kind,
      async () => {
        const e = errors[attempts++];
        if (e) throw e;
        return "ok";
      },
      retryPolicy({ maxAttempts, baseDelayMs: 100, maxDelayMs: 1_000 }),
      env,
    ).catch((e: unknown) => e);
    return { outcome, attempts, slept };
  };
  const throttled = awsError("ThrottlingException", 429);
  const internal = awsError("InternalServerException", 500);

  it("retries until success, backing off between attempts", async () => {
    expect(await run("read", [throttled, internal])).toEqual({ outcome: "ok", attempts: 3, slept: [50, 100] });
  });
  it("gives up after maxAttempts with the last error", async () => {
    expect(await run("read", [throttled, throttled, internal, throttled])).toEqual({ outcome: internal, attempts: 3, slept: [50, 100] });
  });
  it("retries a write only after throttling", async () => {
    expect(await run("write", [throttled])).toEqual({ outcome: "ok", attempts: 2, slept: [50] });
    expect(await run("write", [internal])).toEqual({ outcome: internal, attempts: 1, slept: [] });
  });
  it("does not retry what cannot succeed", async () => {
    const invalid = awsError("ValidationException", 400);
    expect(await run("read", [invalid])).toEqual({ outcome: invalid, attempts: 1, slept: [] });
  });
});
