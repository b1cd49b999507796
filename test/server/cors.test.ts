/**
 * CORS over real HTTP, as a browser asks: a preflight (OPTIONS with Origin
 * and Access-Control-Request-*), then the request itself with Origin. An
 * origin on the allow-list gets Access-Control-Allow-Origin on both, and on
 * the gateway's refusals too (a page can read its 401 or 429); any other
 * origin, and every origin when none is configured (the default), gets none.
 * Demo mode allows the gateway's own origins on whatever port it got.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// First: it loads the graph's schema, and reflect-metadata with it.
import { emulatorAws, OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";
import { startGateway, type Gateway } from "../../src/app";
import { hashApiKey } from "../../src/auth/api-keys";
import { demoToken } from "../../src/auth/demo-token";
import { FULL_ACCESS } from "../../src/auth/grants";
import { DEMO_HOST, startDemo } from "../../src/demo";
import { silentLogger } from "../../src/log/logger";
import type { CorsOptions } from "../../src/server/cors";

const ALLOWED = "https://dashboard.example.com";
const OTHER = "https://evil.example.net";

/** The default gateway: no CORS configured. */
let plain: TestGateway;
/** The same emulator and operator, with an allow-list. */
let listed: Gateway;
/** With an allow-list and a rate limit the operator exhausts at once. */
let throttled: Gateway;

async function gatewayWith(cors: CorsOptions, limits: Parameters<typeof startGateway>[0]["limits"] = { rateLimit: false }): Promise<Gateway> {
  const t = plain.t;
  return startGateway({
    host: "127.0.0.1",
    port: 0,
    accounts: plain.accounts,
    aws: emulatorAws(t),
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [...FULL_ACCESS] }] },
    limits,
    checkAccountsAtStart: false,
    logger: silentLogger,
    log: () => {},
    cors,
  });
}

beforeAll(async () => {
  plain = await startTestGateway();
  listed = await gatewayWith({ origins: [ALLOWED, "http://localhost:5173"] });
  throttled = await gatewayWith({ origins: [ALLOWED] }, { rateLimit: { burst: 1, perSecond: 0.0001 } });
});
afterAll(async () => {
  await listed?.close();
  await throttled?.close();
  await plain?.close();
});

/** A browser's preflight for a POST with a bearer token and JSON. */
const preflight = (url: string, origin: string, method = "POST") =>
  fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization,content-type" },
  });

/** The request itself, as a page's fetch sends it cross-origin. */
const post = (url: string, origin: string, token: string | null = OPERATOR_TOKEN, query = "{ accounts { accountId } }") =>
  fetch(url, {
    method: "POST",
    headers: { origin, "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });

const list = (value: string | null) => (value ?? "").split(",").map((s) => s.trim().toLowerCase());

describe("CORS with an allow-list", () => {
  it("answers an allowed origin's preflight: its origin, GET/POST/OPTIONS, the token and Apollo's headers, a max-age", async () => {
    const res = await preflight(listed.url, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(list(res.headers.get("access-control-allow-methods"))).toEqual(["get", "post", "options"]);
    expect(list(res.headers.get("access-control-allow-headers"))).toEqual(["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name"]);
    expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull(); // bearer tokens, no cookies
    expect(list(res.headers.get("vary"))).toContain("origin");
    // Another origin on the list, a dev server's.
    expect((await preflight(listed.url, "http://localhost:5173")).headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("lets an allowed origin read the answer to its POST", async () => {
    const res = await post(listed.url, ALLOWED);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(list(res.headers.get("vary"))).toContain("origin");
    const body = (await res.json()) as { data: { accounts: unknown[] } };
    expect(body.data.accounts).toHaveLength(plain.accounts.length);
  });

  it("lets an allowed origin read the gateway's refusals too, and the headers that explain them", async () => {
    const unauthenticated = await post(listed.url, ALLOWED, "not-a-token-we-know");
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(list(unauthenticated.headers.get("access-control-expose-headers"))).toEqual(["retry-after", "www-authenticate"]);

    expect((await post(throttled.url, ALLOWED)).status).toBe(200); // the bucket's one token
    const tooMany = await post(throttled.url, ALLOWED);
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(tooMany.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("gives an origin not on the list no Access-Control-Allow-Origin, on the preflight and on the POST", async () => {
    for (const origin of [OTHER, "https://dashboard.example.com:8443", "http://dashboard.example.com", "null"]) {
      const pre = await preflight(listed.url, origin);
      expect(pre.headers.get("access-control-allow-origin"), origin).toBeNull();
      const res = await post(listed.url, origin);
      expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
      expect(list(res.headers.get("vary")), origin).toContain("origin");
    }
  });
});

describe("CORS by default", () => {
  it("allows no origin at all: no Access-Control-Allow-* on a preflight or a POST", async () => {
    for (const origin of [ALLOWED, new URL(plain.gateway.url).origin]) {
      const pre = await preflight(plain.gateway.url, origin);
      const res = await post(plain.gateway.url, origin);
      expect(res.status).toBe(200);
      for (const r of [pre, res]) expect([...r.headers.keys()].filter((h) => h.startsWith("access-control-")), origin).toEqual([]);
    }
  });
});

describe("CORS in demo mode", () => {
  it("allows the gateway's own origins (127.0.0.1 and localhost on its port), and no other", async () => {
    const token = demoToken({});
    const demo = await startDemo({ port: 0 }, token.token);
    // As main.ts starts it: the demo's guard and CORS settings, on a port of the system's choosing.
    const gateway = await startGateway({ host: DEMO_HOST, port: 0, accounts: demo.accounts, aws: demo.aws, ...demo.guard, cors: demo.cors, logger: silentLogger, log: () => {} });
    try {
      const { port } = new URL(gateway.url);
      for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
        expect((await preflight(gateway.url, origin)).headers.get("access-control-allow-origin"), origin).toBe(origin);
        const res = await post(gateway.url, origin, token.token);
        expect(res.status).toBe(200);
        expect(res.headers.get("access-control-allow-origin"), origin).toBe(origin);
      }
      for (const origin of [`http://localhost:${Number(port) + 1}`, `https://localhost:${port}`, ALLOWED]) {
        expect((await preflight(gateway.url, origin)).headers.get("access-control-allow-origin"), origin).toBeNull();
      }
    } finally {
      await gateway.close();
      await demo.emulator.close();
    }
  });
});
