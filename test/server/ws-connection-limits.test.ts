/**
 * graphql-ws connections per principal: at most `maxConnectionsPerPrincipal` open at once (the next closes with 1013,
 * try again later; closing one frees its slot).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { FULL_ACCESS } from "../../src/auth/grants";
import { WS_REFUSALS } from "../../src/server/ws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { eventually } from "../subscriptions/harness";

const MAX_CONNECTIONS = 2;
const capped = { token: "ws-capped-principal-52ad", name: "capped", grants: [...FULL_ACCESS] };

let g: TestGateway;
beforeAll(async () => {
  g = await startTestGateway({ principals: [capped] });
});
afterAll(() => g?.close());

type Outcome = { acked: WebSocket } | { closed: { code: number; reason: string } };

/** Opens a graphql-ws socket to `gw` and sends connection_init with `token`: acknowledged, or closed. */
function connectAs(gw: TestGateway, token: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(gw.gateway.url.replace(/^http/, "ws"), "graphql-transport-ws");
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${token}` } })));
    socket.on("message", (data) => {
      if (JSON.parse(data.toString()).type === "connection_ack") resolve({ acked: socket });
    });
    socket.on("close", (code, reason) => resolve({ closed: { code, reason: reason.toString() } }));
    socket.on("error", reject);
  });
}

function acked(outcome: Outcome): WebSocket {
  expect(outcome).toHaveProperty("acked");
  return (outcome as { acked: WebSocket }).acked;
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once("close", () => resolve());
    socket.close(1000);
  });
}

describe("maxConnectionsPerPrincipal", () => {
  it("refuses the connection beyond the cap with 1013; closing one frees a slot", async () => {
    const gw = await startTestGateway({ sharedEmulator: g.t, principals: [capped], limits: { rateLimit: false, maxConnectionsPerPrincipal: MAX_CONNECTIONS } });
    const open: WebSocket[] = [];
    try {
      for (let i = 0; i < MAX_CONNECTIONS; i++) open.push(acked(await connectAs(gw, capped.token)));
      expect(await connectAs(gw, capped.token)).toEqual({ closed: { code: 1013, reason: WS_REFUSALS.tooManyConnections } });
      // The cap is per principal: another one connects.
      open.push(acked(await connectAs(gw, gw.token)));
      expect(gw.gateway.ws.stats().connections).toBe(MAX_CONNECTIONS + 1);

      await closeSocket(open.shift()!);
      await eventually(() => (gw.gateway.ws.stats().connections === MAX_CONNECTIONS ? true : undefined), 5_000, "the server to see the close");
      open.push(acked(await connectAs(gw, capped.token)));
    } finally {
      await Promise.all(open.map(closeSocket));
      await gw.close();
    }
  });
});
