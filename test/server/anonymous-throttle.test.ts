/**
 * The per-address throttle on unauthenticated traffic (limits.anonymousRateLimit): requests and WebSocket handshakes
 * that fail authentication empty their address's bucket; then every request and upgrade from the address gets 429
 * THROTTLED with Retry-After before its token is verified.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import type { Logger } from "../../src/log/logger";
import { silentLogger } from "../../src/log/logger";
import { startTestGateway, type TestGateway } from "../support/gateway";

const BURST = 4;

/** Counts the authenticator's verdicts on bad tokens (the middleware logs one line per refusal it verified). */
let verified = 0;
const countingLogger = new Proxy(silentLogger, {
  get(target, key, receiver) {
    if (key === "debug") return (_obj: unknown, msg?: string) => void (msg === "unauthenticated request" && verified++);
    return Reflect.get(target, key, receiver);
  },
}) as Logger;

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ logger: countingLogger, limits: { anonymousRateLimit: { burst: BURST, perSecond: 1 / 3600 } } })));
afterAll(() => g?.close());

it("answers a burst of bad tokens 401 up to the bucket, then 429 THROTTLED with Retry-After, verifying nothing", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < BURST + 3; i++) {
    const res = await g.post({ query: "{ __typename }" }, { token: `bad-token-${i}` });
    statuses.push(res.status);
    if (res.status === 429) {
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = JSON.parse(res.text);
      expect(body.data ?? null).toBeNull();
      expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["THROTTLED"]);
    }
  }
  expect(statuses).toEqual([...Array(BURST).fill(401), 429, 429, 429]);
  expect(verified).toBe(BURST);
});

it("refuses the address's WebSocket upgrades with 429 too", async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(g.gateway.url.replace(/^http/, "ws"), "graphql-transport-ws");
    socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.on("open", () => reject(new Error("the upgrade was accepted")));
    socket.on("error", () => {});
  });
  expect(status).toBe(429);
});

it("counts WebSocket handshakes that fail authentication (4401), then refuses the address's upgrades", async () => {
  const gw = await startTestGateway({ sharedEmulator: g.t, limits: { anonymousRateLimit: { burst: 2, perSecond: 1 / 3600 } } });
  const handshake = () =>
    new Promise<{ closed: number } | { status: number }>((resolve) => {
      const socket = new WebSocket(gw.gateway.url.replace(/^http/, "ws"), "graphql-transport-ws");
      socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: "Bearer not-a-known-token" } })));
      socket.on("close", (code) => resolve({ closed: code }));
      socket.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
      socket.on("error", () => {});
    });
  try {
    expect([await handshake(), await handshake(), await handshake()]).toEqual([{ closed: 4401 }, { closed: 4401 }, { status: 429 }]);
    expect((await gw.post({ query: "{ __typename }" })).status).toBe(429); // the operator's valid token too, from this address
  } finally {
    await gw.close();
  }
});
