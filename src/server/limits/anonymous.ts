/**
 * The throttle on unauthenticated traffic, per client address (the TCP peer:
 * behind a proxy or load balancer, that is the proxy's address). Each HTTP
 * request and WebSocket handshake that fails authentication takes a token
 * from its address's bucket; once the bucket is empty, every request and
 * upgrade from that address is answered 429 THROTTLED (with Retry-After)
 * before its token is looked at, so a flood of bad tokens costs no
 * verification work (no hashing, no signature check, no JWKS fetch). An
 * unverifiable token (the JWKS down) is not the caller's failure and takes
 * nothing.
 */
import type { IncomingMessage } from "node:http";
import { TokenBuckets } from "./token-bucket";
import type { RateLimit } from "./limits";

export const ANONYMOUS_THROTTLED_MESSAGE = "Too many unauthenticated requests from this address; retry later.";

/** Retry-After's value (whole seconds, at least 1; an hour when the bucket never refills). */
export function retryAfter(waitSeconds: number): string {
  return String(Number.isFinite(waitSeconds) ? Math.max(1, Math.ceil(waitSeconds)) : 3600);
}

export class AnonymousThrottle {
  private readonly buckets: TokenBuckets;

  constructor(limit: RateLimit, now?: () => number) {
    this.buckets = new TokenBuckets(limit, now);
  }

  /** Seconds until `req`'s address may try again (0: now), taking nothing. */
  wait(req: IncomingMessage): number {
    return this.buckets.wait(addressOf(req));
  }

  /** A failed authentication from `req`'s address. */
  failed(req: IncomingMessage): void {
    this.buckets.take(addressOf(req));
  }
}

function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
