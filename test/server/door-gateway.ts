/**
 * Test support for the door's tests (per-address throttles, trusted proxies, WebSocket handshakes, timeouts): a
 * gateway with no accounts (nothing behind the door is needed), the operator's API key and `extra` principals, with
 * the door settings given, over real HTTP and WebSocket; and a raw graphql-ws socket whose upgrade and
 * connection_init the test drives itself.
 */
import WebSocket from "ws";
import { startGateway, type Gateway, type GatewayOptions } from "../../src/app";
import { hashApiKey } from "../../src/auth/api-keys";
import { FULL_ACCESS } from "../../src/auth/grants";
import { silentLogger } from "../../src/log/logger";
import { OPERATOR_TOKEN } from "../support/gateway";

export type DoorGatewayOptions = Partial<Pick<GatewayOptions, "door" | "limits" | "watch" | "logger" | "timeouts">> & {
  principals?: { token: string; name: string }[];
  jwt?: NonNullable<GatewayOptions["auth"]["jwt"]>;
};

export function startDoorGateway(o: DoorGatewayOptions = {}): Promise<Gateway> {
  return startGateway({
    host: "127.0.0.1",
    port: 0,
    accounts: [],
    aws: {},
    logger: o.logger ?? silentLogger,
    log: () => {},
    checkAccountsAtStart: false,
    auth: {
      apiKeys: [{ token: OPERATOR_TOKEN, name: "operator" }, ...(o.principals ?? [])].map((p) => ({ sha256: hashApiKey(p.token), principal: p.name, grants: [...FULL_ACCESS] })),
      jwt: o.jwt,
    },
    // Only what a test turns on: the per-principal rates and caps are off.
    limits: { rateLimit: false, awsCallRate: false, maxConnectionsPerPrincipal: false, anonymousRateLimit: false, ...o.limits },
    door: o.door,
    watch: o.watch,
    timeouts: o.timeouts,
  });
}

/** POST /graphql with `token` (none: null) and more headers; status, Retry-After and the errors' codes. */
export async function post(gateway: Gateway, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), data: body.data, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

export type Upgrade = { open: WebSocket } | { refused: { status: number; retryAfter: string | undefined } };

/** A graphql-ws upgrade (nothing sent after it): the open socket, or the HTTP answer that refused it. */
export function upgrade(gateway: Gateway, headers: Record<string, string> = {}): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(gateway.url.replace(/^http/, "ws"), "graphql-transport-ws", { headers });
    socket.once("open", () => resolve({ open: socket }));
    socket.once("unexpected-response", (_req, res) => {
      resolve({ refused: { status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] } });
      res.resume();
    });
    socket.once("error", reject);
  });
}

export function opened(u: Upgrade): WebSocket {
  if (!("open" in u)) throw new Error(`the upgrade was refused: ${JSON.stringify(u.refused)}`);
  return u.open;
}

/** Sends connection_init with `token` on an open socket: acknowledged, or closed with a code. */
export function init(socket: WebSocket, token: string): Promise<"acked" | { closed: number }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as { type: string }).type !== "connection_ack") return;
      socket.off("close", onClose);
      resolve("acked");
    };
    const onClose = (code: number) => {
      socket.off("message", onMessage);
      resolve({ closed: code });
    };
    socket.on("message", onMessage);
    socket.once("close", onClose);
    socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${token}` } }));
  });
}

/** Closes `socket` and resolves once it is closed (the server saw it). */
export function closed(socket: WebSocket): Promise<number> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve(0);
  return new Promise((resolve) => {
    socket.once("close", (code) => resolve(code));
    if (socket.readyState === WebSocket.OPEN) socket.close(1000);
  });
}
