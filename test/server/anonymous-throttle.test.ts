/**
 * The per-address throttle on unauthenticated traffic (limits.anonymousRateLimit), over real HTTP and WebSocket:
 * failed authentications empty their client address's bucket; then the address's requests get 429 THROTTLED with
 * Retry-After instead of 401, and only API keys are still checked (a valid one passes; a JWT is refused unverified).
 * The client address is the TCP peer unless the peer is a trusted proxy (server.trustedProxies): then the client its
 * X-Forwarded-For names, by express's rule, so a forged header from an untrusted peer changes nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/app";
import type { Logger } from "../../src/log/logger";
import { silentLogger } from "../../src/log/logger";
import { OPERATOR_TOKEN } from "../support/gateway";
import { closed, init, opened, post, startDoorGateway, upgrade } from "./door-gateway";

const BURST = 4;
/** Never refills within a test: every count below is exact. */
const NO_REFILL = { burst: BURST, perSecond: 1 / 3600 };
const ISSUER = "https://idp.test/";
const AUDIENCE = "cleanrooms-graph";

/** Counts the authenticator's verdicts on bad tokens (the middleware logs one line per 401 it gives). */
let verified = 0;
const countingLogger = new Proxy(silentLogger, {
  get(target, key, receiver) {
    if (key === "debug") return (_obj: unknown, msg?: string) => void (msg === "unauthenticated request" && verified++);
    return Reflect.get(target, key, receiver);
  },
}) as Logger;

let jwksFile: string;
let validJwt: string;
beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  jwksFile = join(mkdtempSync(join(tmpdir(), "anon-jwks-")), "jwks.json");
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] }));
  validJwt = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "k1" }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject("alice").setExpirationTime("5m").sign(privateKey);
});

const started: Gateway[] = [];
const gateway = async (o: Parameters<typeof startDoorGateway>[0]) => {
  const g = await startDoorGateway({ limits: { anonymousRateLimit: NO_REFILL }, ...o });
  started.push(g);
  return g;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((g) => g.close()));
  verified = 0;
});

/** Sends `n` requests with bad tokens from the same client (with `headers`); their statuses. */
async function badTokens(g: Gateway, n: number, headers: Record<string, string> = {}) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await post(g, `bad-token-${i}`, headers)).status);
  return statuses;
}

describe("the anonymous throttle", () => {
  it("answers bad tokens 401 up to the bucket, then 429 THROTTLED with Retry-After, no data", async () => {
    const g = await gateway({ logger: countingLogger });
    expect(await badTokens(g, BURST)).toEqual(Array(BURST).fill(401));
    for (const token of ["bad-token-x", null]) {
      const res = await post(g, token);
      expect(res).toMatchObject({ status: 429, codes: ["THROTTLED"] });
      expect(res.data ?? null).toBeNull();
      expect(Number(res.retryAfter)).toBeGreaterThan(0);
    }
    expect(verified).toBe(BURST); // the 429s told nothing about the token
  });

  it("lets a valid API key from a throttled address through, and refuses a JWT there unverified", async () => {
    const g = await gateway({ jwt: { jwksFile, issuer: ISSUER, audience: AUDIENCE } });
    expect(await post(g, validJwt)).toMatchObject({ status: 200, data: { __typename: "Query" } });
    await badTokens(g, BURST);
    expect((await post(g, "bad-token-y")).status).toBe(429);

    expect(await post(g, OPERATOR_TOKEN)).toMatchObject({ status: 200, data: { __typename: "Query" } });
    expect(await post(g, validJwt)).toMatchObject({ status: 429, codes: ["THROTTLED"] });
  });

  it("lets a throttled address's WebSocket connect with a valid token, and charges a failed connection_init", async () => {
    const g = await gateway({});
    const socket = opened(await upgrade(g));
    expect(await init(socket, "not-a-known-token")).toEqual({ closed: 4401 });
    expect(await badTokens(g, BURST - 1)).toEqual(Array(BURST - 1).fill(401));
    expect((await post(g, "bad-token-z")).status).toBe(429); // the failed connection_init took the last token

    const valid = opened(await upgrade(g));
    expect(await init(valid, OPERATOR_TOKEN)).toBe("acked");
    await closed(valid);
  });
});

describe("the client address behind trusted proxies", () => {
  const client = (ip: string) => ({ "x-forwarded-for": ip });

  it("is the TCP peer when no proxy is trusted: a forged X-Forwarded-For shares the peer's bucket", async () => {
    const g = await gateway({});
    const forged = Array.from({ length: BURST }, (_, i) => client(`203.0.113.${i + 1}`));
    for (const h of forged) expect((await post(g, "bad-token", h)).status).toBe(401);
    expect((await post(g, "bad-token", client("198.51.100.9"))).status).toBe(429);
  });

  it("is the client a trusted proxy names: each client its own bucket", async () => {
    const g = await gateway({ door: { trustedProxies: ["127.0.0.1/8", "::1"] } });
    expect(await badTokens(g, BURST + 1, client("203.0.113.1"))).toEqual([...Array(BURST).fill(401), 429]);
    expect(await badTokens(g, BURST + 1, client("203.0.113.2"))).toEqual([...Array(BURST).fill(401), 429]);
    // The proxy itself (no X-Forwarded-For) is a client of its own.
    expect((await post(g, "bad-token")).status).toBe(401);
  });

  it("with a hop count, believes only that many hops: a client cannot escape its bucket by prepending addresses", async () => {
    const g = await gateway({ door: { trustedProxies: 1 } });
    const spoofed = Array.from({ length: BURST }, (_, i) => client(`10.9.9.${i}, 203.0.113.7`));
    for (const h of spoofed) expect((await post(g, "bad-token", h)).status).toBe(401);
    expect((await post(g, "bad-token", client("10.1.1.1, 203.0.113.7"))).status).toBe(429);
    expect((await post(g, "bad-token", client("203.0.113.8"))).status).toBe(401);
  });
});

afterAll(async () => {
  await Promise.all(started.splice(0).map((g) => g.close()));
});
