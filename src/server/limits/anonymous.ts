/**
 * The throttle on unauthenticated traffic, per client address (the TCP peer,
 * or with `server.trustedProxies` the client its proxies name:
 * client-address.ts). Each HTTP request and WebSocket connection_init that
 * fails authentication (no token, a malformed one, one that does not verify)
 * takes a token from its address's bucket; a valid token takes nothing. Once
 * the bucket is empty, the address's HTTP requests are answered 429 THROTTLED
 * (with Retry-After) unless they carry an API key that verifies: an API key
 * costs one hash lookup to check, so a principal sharing the address (a NAT,
 * an office) still gets through, while a JWT (a signature check, about as
 * costly as serving the request) or no token is refused unverified, so a
 * flood over HTTP costs no signature checks and no JWKS fetches (WebSocket
 * tokens arrive after the upgrade, which limits/handshakes.ts bounds instead). An unverifiable token
 * (the JWKS down) is not the caller's failure and takes nothing.
 */
import { TokenBuckets } from "./token-bucket";
import type { RateLimit } from "./limits";

export const ANONYMOUS_THROTTLED_MESSAGE = "Too many unauthenticated requests from this address; retry later.";

/** Retry-After's value (whole seconds, at least 1; an hour when the bucket never refills). */
export function retryAfter(waitSeconds: number): string {
  return String(Number.isFinite(waitSeconds) ? Math.max(1, Math.ceil(waitSeconds)) : 3600);
}

/** Whether a throttled address's token is still checked: an API key is (a hash lookup); a JWT, three dot-separated parts, is not. */
export function verifiedWhileThrottled(token: string): boolean {
  return token.split(".").length !== 3;
}

export class AnonymousThrottle {
  private readonly buckets: TokenBuckets;

  constructor(limit: RateLimit, now?: () => number) {
    this.buckets = new TokenBuckets(limit, now);
  }

  /** Seconds until `address`'s failures are answered again (0: now), taking nothing. */
  wait(address: string): number {
    return this.buckets.wait(address);
  }

  /** A failed authentication from `address`. */
  failed(address: string): void {
    this.buckets.take(address);
  }
}
