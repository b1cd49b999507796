/**
 * The per-address rules of the door, as plain functions: Handshakes (every upgrade takes a token from its address's
 * bucket; sockets pending authentication are capped per address) on a clock the test owns, and which tokens a
 * throttled address still has checked. Over the wire: ws-connection-limits.test.ts and anonymous-throttle.test.ts.
 */
import { describe, expect, it } from "vitest";
import { verifiedWhileThrottled } from "../../src/server/limits/anonymous";
import { Handshakes } from "../../src/server/limits/handshakes";

describe("Handshakes", () => {
  it("admits `burst` upgrades per address, then says how long to wait; refills at perSecond; addresses apart", () => {
    let now = 0;
    const h = new Handshakes({ rateLimit: { burst: 3, perSecond: 2 }, maxPendingPerAddress: false }, 3, () => now);
    expect([h.admit("a"), h.admit("a"), h.admit("a")]).toEqual([0, 0, 0]);
    expect(h.admit("a")).toBeCloseTo(1 / 2);
    expect(h.admit("b")).toBe(0);
    now += 500; // one token back
    expect(h.admit("a")).toBe(0);
    expect(h.admit("a")).toBeGreaterThan(0);
  });

  it("caps the sockets pending per address; authenticating or closing settles one, once", () => {
    const h = new Handshakes({ rateLimit: false, maxPendingPerAddress: 2 }, 3);
    const [s1, s2, s3] = [{}, {}, {}];
    for (const s of [s1, s2]) {
      expect(h.admit("a")).toBe(0);
      h.opened(s, "a");
    }
    expect(h.admit("a")).toBe(3); // the wait for connection_init, the longest a pending socket lasts
    expect(h.admit("b")).toBe(0);
    h.settled(s1);
    h.settled(s1);
    expect(h.pendingFrom("a")).toBe(1);
    expect(h.admit("a")).toBe(0);
    h.opened(s3, "a");
    expect(h.admit("a")).toBe(3);
    h.settled(s2);
    h.settled(s3);
    expect(h.pendingFrom("a")).toBe(0);
  });

  it("does not spend a token on an upgrade the pending cap refuses", () => {
    const h = new Handshakes({ rateLimit: { burst: 2, perSecond: 1 / 3600 }, maxPendingPerAddress: 1 }, 3, () => 0);
    const s = {};
    expect(h.admit("a")).toBe(0);
    h.opened(s, "a");
    expect(h.admit("a")).toBe(3);
    h.settled(s);
    expect(h.admit("a")).toBe(0); // the second token was still there
    expect(h.admit("a")).toBeGreaterThan(0);
  });
});

describe("verifiedWhileThrottled", () => {
  it("checks API keys (a hash lookup) and not JWTs (a signature check)", () => {
    expect(verifiedWhileThrottled("test-operator-token-4b1d0c9e7a")).toBe(true);
    expect(verifiedWhileThrottled("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).toBe(false);
  });
});
