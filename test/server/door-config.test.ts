/**
 * The door's settings in the configuration file: server.trustedProxies (none by default: the TCP peer is the
 * client; addresses, CIDR ranges, express's names, or a hop count) and server.webSocketHandshakes. A value express
 * could not use stops the start with one line naming it.
 */
import express from "express";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config";
import { DEFAULTS } from "../../src/defaults";
import { trustProxySetting } from "../../src/server/client-address";
import { MINIMAL_CONFIG, problems } from "../config/refusals";

const withServer = (server: unknown) => ({ ...MINIMAL_CONFIG, server });

describe("server.trustedProxies", () => {
  it("trusts no proxy by default", () => {
    expect(parseConfig(MINIMAL_CONFIG, "t").server.trustedProxies).toEqual([]);
    expect(DEFAULTS.server.trustedProxies).toEqual([]);
  });

  it("takes addresses, CIDR ranges, express's names, or a hop count", () => {
    const list = ["10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", "loopback", "uniquelocal", "linklocal"];
    expect(parseConfig(withServer({ trustedProxies: list }), "t").server.trustedProxies).toEqual(list);
    expect(() => express().set("trust proxy", trustProxySetting(list))).not.toThrow(); // what express compiles at start
    expect(parseConfig(withServer({ trustedProxies: 2 }), "t").server.trustedProxies).toBe(2);
  });

  it("refuses what is not an address or range, one line each", () => {
    const bad = ["10.0.0.0/33", "proxy.example.com", "10.0.0.0/8/1", "fd00::/129", "*"];
    const lines = problems(withServer({ trustedProxies: bad }));
    expect(lines).toHaveLength(bad.length);
    for (const [i, value] of bad.entries()) {
      expect(lines[i]).toContain(`server.trustedProxies.${i}: must be an IP address, a CIDR range`);
      expect(lines[i]).toContain(value);
    }
    expect(problems(withServer({ trustedProxies: 0 }))).toHaveLength(1);
    expect(problems(withServer({ trustedProxies: true }))).toHaveLength(1);
  });
});

describe("server.webSocketHandshakes", () => {
  it("defaults to DEFAULTS, and each limit can be turned off", () => {
    expect(parseConfig(MINIMAL_CONFIG, "t").server.webSocketHandshakes).toEqual(DEFAULTS.server.webSocketHandshakes);
    const off = { rateLimit: false, maxPendingPerAddress: false };
    expect(parseConfig(withServer({ webSocketHandshakes: off }), "t").server.webSocketHandshakes).toEqual(off);
  });

  it("refuses bounds that are not positive", () => {
    expect(problems(withServer({ webSocketHandshakes: { rateLimit: { burst: 0, perSecond: 1 }, maxPendingPerAddress: 0 } }))).toHaveLength(2);
  });
});
