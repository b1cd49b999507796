/**
 * A JWKS in trouble (issue 13): the test serves the JWKS itself over HTTP
 * (up, failing, slow, recovering) and owns the key set's clock. One fetch at
 * a time, a cool-down after each, stale keys while the JWKS is down (for a
 * bounded time), fast answers, and one short warn line per outage, never a
 * stack and never one per request.
 */
import { createServer, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Authenticator, type AuthResult } from "../../src/auth/authenticate";
import { createLogger } from "../../src/log/logger";

const ISSUER = "https://idp.test/";
const AUDIENCE = "cleanrooms-graph";
const TIMEOUT_MS = 400;
const COOLDOWN_MS = 30_000;
const MAX_AGE_MS = 600_000;
const MAX_STALE_MS = 24 * 60 * 60 * 1000;

type Mode = "up" | "down" | "slow";
let server: Server;
let url: string;
let mode: Mode = "up";
let fetches = 0;
let held: ServerResponse[] = [];
let published: JWK[] = [];
let requestArrived: (() => void) | undefined;

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { privateKey, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } as JWK };
}
let signing: Awaited<ReturnType<typeof keyPair>>;
let rotated: Awaited<ReturnType<typeof keyPair>>;

const sign = (key: { privateKey: CryptoKey; kid: string }) =>
  new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject("alice")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key.privateKey);
/** A token with a kid nobody publishes (the flood of the issue). */
const unknownKid = () => sign({ privateKey: signing.privateKey, kid: randomUUID() });

beforeAll(async () => {
  signing = await keyPair("key-1");
  rotated = await keyPair("key-2");
  server = createServer((_req, res) => {
    fetches++;
    requestArrived?.();
    if (mode === "down") return void res.writeHead(500).end("boom");
    if (mode === "slow") return void held.push(res);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

/** The gateway's pino logger, writing into `lines`; `nextLine` resolves on the next line written. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  let waiters: (() => void)[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      const text = String(chunk);
      raw.push(text);
      lines.push(JSON.parse(text) as Record<string, unknown>);
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
      done();
    },
  });
  const logger = createLogger("debug", stream);
  const nextLine = () => new Promise<void>((r) => waiters.push(r));
  return { logger, lines, raw, nextLine };
}

let clock: number;
let log: ReturnType<typeof capturedLog>;
let auth: Authenticator;

beforeEach(() => {
  mode = "up";
  fetches = 0;
  held = [];
  published = [signing.jwk];
  clock = 1_000_000;
  log = capturedLog();
  auth = new Authenticator(
    {
      jwt: {
        jwksUrl: url,
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksTimeoutMs: TIMEOUT_MS,
        jwksCooldownMs: COOLDOWN_MS,
        jwksCacheMaxAgeMs: MAX_AGE_MS,
        jwksMaxStaleMs: MAX_STALE_MS,
        now: () => clock,
      },
    },
    log.logger,
  );
});
afterEach(() => {
  held.forEach((res) => res.destroy());
  held = [];
});

const failure = (r: AuthResult) => ("failure" in r ? r.failure : "principal");
const warnings = () => log.lines.filter((l) => l.level === 40);

/** Verifies `tokens` at once; the results and the longest any one waited (ms). */
async function verifyAll(tokens: string[]) {
  const start = performance.now();
  const results = await Promise.all(tokens.map(async (t) => ({ r: await auth.verify(t), ms: performance.now() - start })));
  return { results: results.map((x) => x.r), slowest: Math.max(...results.map((x) => x.ms)) };
}

describe("a JWKS in trouble", () => {
  it("costs one fetch and one short warn line for 50 concurrent unknown-kid tokens while it fails", async () => {
    mode = "down";
    const tokens = await Promise.all(Array.from({ length: 50 }, unknownKid));
    const { results, slowest } = await verifyAll(tokens);
    expect(fetches).toBe(1);
    expect(results.map(failure)).toEqual(Array(50).fill("unavailable"));
    expect(slowest).toBeLessThan(TIMEOUT_MS); // one failed fetch, not one timeout per token
    // The failure handed to the transports is a short summary, not an Error with a stack.
    const cause = (results[0] as { cause?: unknown }).cause;
    expect(cause).toBe("ERR_JWKS_HTTP_STATUS: HTTP 500");

    // More of them within the cool-down: no fetch, no new line, answered at once.
    const again = await verifyAll(await Promise.all(Array.from({ length: 50 }, unknownKid)));
    expect(fetches).toBe(1);
    expect(again.results.map(failure)).toEqual(Array(50).fill("unavailable"));

    expect(warnings()).toHaveLength(1);
    const [line] = warnings();
    expect(line.msg).toBe("the JWKS is unreachable");
    expect(line).toMatchObject({ code: "ERR_JWKS_HTTP_STATUS", err: "HTTP 500", staleKeys: false });
    expect(log.raw.find((r) => r.includes("unreachable"))!.length).toBeLessThan(400);
    expect(log.raw.join("")).not.toMatch(/"stack"|\bat \w+ \(/);
  });

  it("asks a failing JWKS again only after the cool-down, once, and says when it is back", async () => {
    mode = "down";
    await verifyAll([await unknownKid()]);
    expect(fetches).toBe(1);

    clock += COOLDOWN_MS - 1;
    await verifyAll(await Promise.all(Array.from({ length: 20 }, unknownKid)));
    expect(fetches).toBe(1);

    clock += 1;
    mode = "up";
    published = [signing.jwk, rotated.jwk];
    const { results } = await verifyAll([...(await Promise.all(Array.from({ length: 20 }, unknownKid))), await sign(rotated), await sign(signing)]);
    expect(fetches).toBe(1 + 1);
    expect(results.slice(0, 20).map(failure)).toEqual(Array(20).fill("invalid")); // the keys are known now: unknown kids are simply invalid
    expect(results.slice(20).map(failure)).toEqual(["principal", "principal"]);
    expect(warnings()).toHaveLength(1);
    expect(log.lines.filter((l) => l.msg === "the JWKS is reachable again")).toHaveLength(1);
  });

  it("lets a flood of unknown kids refetch a working JWKS at most once per cool-down", async () => {
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");
    expect(fetches).toBe(1);
    const flood = async () => (await verifyAll(await Promise.all(Array.from({ length: 50 }, unknownKid)))).results.map(failure);
    expect(await flood()).toEqual(Array(50).fill("invalid"));
    expect(fetches).toBe(1); // the cool-down runs from the first fetch
    clock += COOLDOWN_MS;
    expect(await flood()).toEqual(Array(50).fill("invalid"));
    expect(fetches).toBe(2);
    expect(await flood()).toEqual(Array(50).fill("invalid"));
    expect(fetches).toBe(2);
  });

  it("verifies valid tokens with the stale keys once the cache aged while the JWKS is down, for a bounded time", async () => {
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");
    mode = "down";
    clock += MAX_AGE_MS + 1;

    const logged = log.nextLine();
    const { results } = await verifyAll(await Promise.all(Array.from({ length: 10 }, () => sign(signing))));
    expect(results.map(failure)).toEqual(Array(10).fill("principal"));
    await logged; // the refresh behind the scenes failed
    expect(fetches).toBe(2);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ staleKeys: true });

    clock += COOLDOWN_MS;
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");
    clock = 1_000_000 + MAX_STALE_MS - 1;
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");

    // Too old to trust: one fetch, and the JWKS is still down: unavailable.
    clock = 1_000_000 + MAX_STALE_MS;
    expect(failure(await auth.verify(await sign(signing)))).toBe("unavailable");
    expect(warnings()).toHaveLength(1);
  });

  it("holds no request longer than the fetch timeout when the JWKS is slow", async () => {
    mode = "slow";
    const { results, slowest } = await verifyAll(await Promise.all([...Array.from({ length: 10 }, unknownKid), sign(signing)]));
    expect(fetches).toBe(1);
    expect(results.map(failure)).toEqual(Array(11).fill("unavailable"));
    expect(slowest).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(slowest).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ code: "ERR_JWKS_TIMEOUT", err: `no answer within ${TIMEOUT_MS} ms` });
  });

  it("does not make valid tokens wait on a slow refresh of an aged key set", async () => {
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");
    mode = "slow";
    clock += MAX_AGE_MS;
    const arrived = new Promise<void>((r) => (requestArrived = r));
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");
    await arrived;
    requestArrived = undefined;
    expect(held).toHaveLength(1); // the refresh is still waiting on the JWKS: the token did not
    expect(failure(await auth.verify(await sign(signing)))).toBe("principal");
    expect(fetches).toBe(2);
  });
});
