/**
 * graphql-ws connections per principal: at most `maxConnectionsPerPrincipal` open at once (the next closes with 1013,
 * try again later; closing one frees its slot); and per client address, the upgrades (below).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Gateway } from "../../src/app";
import { FULL_ACCESS } from "../../src/auth/grants";
import type { HandshakeLimits } from "../../src/server/limits/handshakes";
import { WS_REFUSALS } from "../../src/server/ws";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";
import { eventually } from "../subscriptions/harness";
import { closed, init, opened, startDoorGateway, upgrade, type Upgrade } from "./door-gateway";

const MAX_CONNECTIONS = 2;
const capped = { token: "ws-capped-principal-52ad", name: "capped", grants: [...FULL_ACCESS] };

let g: TestGateway;
beforeAll(async () => {
  g = await startTestGateway({ principals: [capped] });
});
afterAll(() => g?.close());

/** A graphql-ws socket to `gw`, acknowledged as the principal of `token`. */
async function connected(gw: TestGateway, token: string): Promise<WebSocket> {
  const socket = opened(await upgrade(gw.gateway));
  expect(await init(socket, token)).toBe("acked");
  return socket;
}

describe("maxConnectionsPerPrincipal", () => {
  it("refuses the connection beyond the cap with 1013; closing one frees a slot", async () => {
    const gw = await startTestGateway({ sharedEmulator: g.t, principals: [capped], limits: { rateLimit: false, maxConnectionsPerPrincipal: MAX_CONNECTIONS } });
    const open: WebSocket[] = [];
    try {
      for (let i = 0; i < MAX_CONNECTIONS; i++) open.push(await connected(gw, capped.token));
      const over = opened(await upgrade(gw.gateway));
      const reason = new Promise<string>((resolve) => over.once("close", (_code, why) => resolve(why.toString())));
      expect(await init(over, capped.token)).toEqual({ closed: 1013 });
      expect(await reason).toBe(WS_REFUSALS.tooManyConnections);
      // The cap is per principal: another one connects.
      open.push(await connected(gw, gw.token));
      expect(gw.gateway.ws.stats().connections).toBe(MAX_CONNECTIONS + 1);

      await closed(open.shift()!);
      await eventually(() => (gw.gateway.ws.stats().connections === MAX_CONNECTIONS ? true : undefined), 5_000, "the server to see the close");
      open.push(await connected(gw, capped.token));
    } finally {
      await Promise.all(open.map(closed));
      await gw.close();
    }
  });
});

/**
 * The upgrade itself, per client address (server.webSocketHandshakes): every upgrade takes a token from its address's
 * bucket, and an address holds at most maxPendingPerAddress sockets that have not authenticated; over either, HTTP 429
 * with Retry-After and no socket. All the test's sockets come from 127.0.0.1, so the loopback is trusted as a proxy and
 * X-Forwarded-For names the client each socket stands for.
 */
describe("webSocketHandshakes", () => {
  const gateways: Gateway[] = [];
  const sockets: WebSocket[] = [];
  const door = async (webSocketHandshakes: HandshakeLimits, connectionInitWaitMs = 60_000) => {
    const gw = await startDoorGateway({ door: { trustedProxies: ["loopback"], webSocketHandshakes }, watch: { connectionInitWaitMs } });
    gateways.push(gw);
    return gw;
  };
  const from = (ip: string) => ({ "x-forwarded-for": ip });
  const keep = (u: Upgrade) => {
    if ("open" in u) sockets.push(u.open);
    return u;
  };
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map(closed));
    await Promise.all(gateways.splice(0).map((gw) => gw.close()));
  });

  it("refuses an address's upgrades beyond its bucket with 429 and Retry-After; another address still upgrades", async () => {
    const BURST = 5;
    const gw = await door({ rateLimit: { burst: BURST, perSecond: 1 / 3600 }, maxPendingPerAddress: false });
    const flood = [];
    for (let i = 0; i < BURST + 3; i++) flood.push(keep(await upgrade(gw, from("203.0.113.1"))));
    expect(flood.filter((u) => "open" in u)).toHaveLength(BURST);
    const refusals = flood.filter((u) => "refused" in u).map((u) => (u as { refused: { status: number; retryAfter?: string } }).refused);
    expect(refusals.map((r) => r.status)).toEqual([429, 429, 429]);
    for (const r of refusals) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(flood.slice(0, BURST).every((u) => "open" in u)).toBe(true); // the bucket, then refusals: not interleaved

    // Another client, with a valid token, is unaffected.
    const other = opened(keep(await upgrade(gw, from("203.0.113.2"))));
    expect(await init(other, OPERATOR_TOKEN)).toBe("acked");
  });

  it("caps the sockets an address holds before connection_init; authenticating or closing one frees its slot", async () => {
    const PENDING = 3;
    const gw = await door({ rateLimit: false, maxPendingPerAddress: PENDING });
    const silent = [];
    for (let i = 0; i < PENDING; i++) silent.push(opened(keep(await upgrade(gw, from("203.0.113.1")))));
    const over = await upgrade(gw, from("203.0.113.1"));
    expect(over).toEqual({ refused: { status: 429, retryAfter: expect.stringMatching(/^[1-9]\d*$/) } });
    expect(gw.ws.stats().connections).toBe(PENDING);

    // Another client (a principal with a valid token) is not held by the first one's pending sockets.
    const other = opened(keep(await upgrade(gw, from("203.0.113.2"))));
    expect(await init(other, OPERATOR_TOKEN)).toBe("acked");

    // One of the first client's sockets authenticates: it no longer counts, and one more may open, but no more.
    expect(await init(silent[0], OPERATOR_TOKEN)).toBe("acked");
    const next = opened(keep(await upgrade(gw, from("203.0.113.1"))));
    expect(await upgrade(gw, from("203.0.113.1"))).toMatchObject({ refused: { status: 429 } });

    // Closing a pending one frees its slot (once the server has seen the close).
    await closed(silent[1]);
    const after = await eventually(async () => {
      const u = keep(await upgrade(gw, from("203.0.113.1")));
      return "open" in u ? u.open : undefined;
    }, 5_000, "a slot freed by the close");
    expect(await init(after, OPERATOR_TOKEN)).toBe("acked");
    expect(await init(next, OPERATOR_TOKEN)).toBe("acked");
  });

  it("frees the slot of a socket graphql-ws closes for never sending connection_init", async () => {
    // Long enough that the second upgrade surely comes while the first socket still holds the slot.
    const gw = await door({ rateLimit: false, maxPendingPerAddress: 1 }, 3_000);
    const silent = opened(keep(await upgrade(gw, from("203.0.113.1"))));
    const code = new Promise<number>((resolve) => silent.once("close", resolve));
    expect(await upgrade(gw, from("203.0.113.1"))).toMatchObject({ refused: { status: 429 } });
    expect(await code).toBe(4408); // connection_init's wait is over
    const again = await eventually(async () => {
      const u = keep(await upgrade(gw, from("203.0.113.1")));
      return "open" in u ? u.open : undefined;
    }, 5_000, "the slot to be freed");
    expect(await init(again, OPERATOR_TOKEN)).toBe("acked");
  });
});
