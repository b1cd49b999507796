/**
 * A JWKS in trouble, seen by callers over HTTP (issue 13): a gateway whose JWTs are checked against a JWKS URL served
 * by this test (up, failing, slow), on a key-set clock the test owns. What callers get:
 * - no key set yet (the JWKS never answered): every JWT 503 UPSTREAM_ERROR with Retry-After, not their fault;
 * - a key set (fresh or stale): a token it holds no key for 401 UNAUTHENTICATED, a valid one served;
 * - however many tokens arrive, one JWKS fetch per cool-down, and none held longer than the fetch's timeout.
 * The counts are the JWKS server's own.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/app";
import { post, startDoorGateway } from "../server/door-gateway";

const ISSUER = "https://idp.test/";
const AUDIENCE = "cleanrooms-graph";
const TIMEOUT_MS = 300;
const COOLDOWN_MS = 30_000;
const MAX_AGE_MS = 600_000;
const FLOOD = 30;

let jwks: Server;
let jwksUrl: string;
let mode: "up" | "down" | "slow" = "up";
let fetches = 0;
let held: ServerResponse[] = [];
let key: { privateKey: CryptoKey; jwk: JWK };

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  key = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: "key-1", alg: "ES256", use: "sig" } };
  jwks = createServer((_req, res) => {
    fetches++;
    if (mode === "down") return void res.writeHead(500).end("boom");
    if (mode === "slow") return void held.push(res);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [key.jwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => {
  jwks.closeAllConnections();
  return new Promise<void>((r) => jwks.close(() => r()));
});

const sign = (kid: string) =>
  new SignJWT({}).setProtectedHeader({ alg: "ES256", kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject("alice").setExpirationTime("5m").sign(key.privateKey);
const valid = () => sign("key-1");
const unknownKid = () => sign(randomUUID());

let clock: number;
let gateway: Gateway;
beforeEach(async () => {
  mode = "up";
  fetches = 0;
  held = [];
  clock = 1_000_000;
  gateway = await startDoorGateway({
    jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwksTimeoutMs: TIMEOUT_MS, jwksCooldownMs: COOLDOWN_MS, jwksCacheMaxAgeMs: MAX_AGE_MS, now: () => clock },
  });
});
afterEach(async () => {
  held.forEach((res) => res.destroy());
  await gateway.close();
});

/** Sends every token at once over HTTP; each answer's status and codes, and the time the slowest took. */
async function flood(tokens: string[]) {
  const started = performance.now();
  const answers = await Promise.all(tokens.map((t) => post(gateway, t)));
  return { answers, slowestMs: performance.now() - started };
}
const tokens = (n: number, make: () => Promise<string>) => Promise.all(Array.from({ length: n }, make));

describe("JWTs over HTTP while the JWKS is in trouble", () => {
  it("answers a flood of unknown key ids 503 with Retry-After while the JWKS has never answered, with one fetch per cool-down", async () => {
    mode = "down";
    const { answers } = await flood(await tokens(FLOOD, unknownKid));
    for (const a of answers) {
      expect(a).toMatchObject({ status: 503, codes: ["UPSTREAM_ERROR"] });
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(fetches).toBe(1);

    clock += COOLDOWN_MS - 1;
    await flood(await tokens(FLOOD, unknownKid));
    expect(fetches).toBe(1);

    clock += 1;
    await flood(await tokens(FLOOD, unknownKid));
    expect(fetches).toBe(2);
  });

  it("holds no request longer than the fetch's timeout while the JWKS is slow, and fetches once", async () => {
    mode = "slow";
    const { answers, slowestMs } = await flood([...(await tokens(FLOOD, unknownKid)), await valid()]);
    expect(answers.map((a) => a.status)).toEqual(Array(FLOOD + 1).fill(503));
    expect(fetches).toBe(1);
    expect(held).toHaveLength(1);
    expect(slowestMs).toBeLessThan(TIMEOUT_MS * 10); // bounded by the timeout, not by the JWKS (which never answers)
  });

  it("keeps serving valid tokens from the stale keys while the JWKS is down; unknown key ids get 401, one refresh per cool-down", async () => {
    expect(await post(gateway, await valid())).toMatchObject({ status: 200, data: { __typename: "Query" } });
    expect(fetches).toBe(1);
    mode = "down";
    clock += MAX_AGE_MS + 1; // the key set has aged: each use would like a refresh

    const { answers } = await flood([...(await tokens(FLOOD, unknownKid)), ...(await tokens(5, valid))]);
    expect(answers.slice(0, FLOOD).map((a) => a.status)).toEqual(Array(FLOOD).fill(401));
    expect(answers.slice(FLOOD)).toEqual(Array(5).fill(expect.objectContaining({ status: 200, data: { __typename: "Query" } })));
    expect(fetches).toBe(2);

    clock += COOLDOWN_MS;
    const again = await flood([...(await tokens(FLOOD, unknownKid)), await valid()]);
    expect(again.answers.map((a) => a.status)).toEqual([...Array(FLOOD).fill(401), 200]);
    expect(fetches).toBe(3);
  });
});
