/**
 * Per-principal rate limit: each operation takes a token from its
 * principal's bucket; an empty bucket answers THROTTLED with HTTP 429 and
 * Retry-After. It runs as two express steps rather than an Apollo plugin,
 * because Apollo 5 turns an error thrown before `didResolveOperation` into
 * a 500, and because a throttled caller should cost nothing: one token is
 * taken before the body is read, and the rest of a batch's after.
 */
import type { RequestHandler, Response } from "express";
import { ErrorCode } from "../../errors/codes";
import { principalOf } from "../authenticate.middleware";
import { sendGraphQLError } from "../http-errors";
import { retryAfter } from "./anonymous";
import type { TokenBuckets } from "./token-bucket";

function throttled(res: Response, waitSeconds: number): void {
  res.setHeader("retry-after", retryAfter(waitSeconds));
  sendGraphQLError(res, 429, "Too many requests for this principal; retry later.", ErrorCode.THROTTLED);
}

/** Takes `count` tokens, one at a time (a refused batch keeps what it took: it asked for that much). */
function take(buckets: TokenBuckets, key: string, count: number): number {
  for (let i = 0; i < count; i++) {
    const wait = buckets.take(key);
    if (wait > 0) return wait;
  }
  return 0;
}

export function rateLimit(buckets: TokenBuckets): { beforeBody: RequestHandler; afterBody: RequestHandler } {
  return {
    beforeBody: (_req, res, next) => {
      const wait = take(buckets, principalOf(res).id, 1);
      if (wait > 0) return throttled(res, wait);
      next();
    },
    afterBody: (req, res, next) => {
      const extra = Array.isArray(req.body) ? req.body.length - 1 : 0;
      const wait = take(buckets, principalOf(res).id, extra);
      if (wait > 0) return throttled(res, wait);
      next();
    },
  };
}
