/**
 * A WebSocket's correlation id: the upgrade request's `x-request-id` (or
 * `traceparent`), taken as HTTP takes a request's, and sent back in the
 * upgrade's `x-request-id`. The lines about the connection carry it, and each
 * operation over the socket is `<id>/<n>`: its masked errors name that, and so
 * do its log lines; a search for the socket's id finds them all.
 */
import { randomBytes } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { captureLog } from "../support/log-capture";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";
import { subscribe } from "../subscriptions/harness";

/** While set, every retry's wait throws: an unexpected error inside the gateway, as a bug would raise. */
const bug = { on: false };
const log = captureLog("debug");
let g: TestGateway;
let wsUrl: string;
const clients: Client[] = [];

beforeAll(async () => {
  g = await startTestGateway({
    logger: log.logger,
    aws: {
      sleep: async () => {
        if (bug.on) throw new Error("a bug in the retry wait");
      },
    },
  });
  wsUrl = g.gateway.url.replace(/^http/, "ws");
});
afterEach(async () => {
  bug.on = false;
  await g.t.control("POST", "/_emulator/faults", { rules: [] });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await g?.close();
});

/** A graphql-ws client whose upgrade request carries `headers` (browsers cannot; servers and proxies do). */
function clientWith(headers: Record<string, string>, token: string | null = OPERATOR_TOKEN): Client {
  const c = createClient({
    url: wsUrl,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    },
    connectionParams: token === null ? undefined : { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false, // one socket for all its operations
    shouldRetry: () => false,
    onNonLazyError: () => {},
  });
  clients.push(c);
  return c;
}

const linesOf = (requestId: string) => log.lines.filter((l) => l.requestId === requestId);

it("each operation's id derives from the upgrade's x-request-id; a masked error and its log line name it", async () => {
  const connectionId = `ws-client-${Date.now()}`;
  const client = clientWith({ "x-request-id": connectionId });
  await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", throttleRate: 1 }] });
  bug.on = true;
  const ids: string[] = [];
  for (let n = 0; n < 2; n++) {
    const op = subscribe<unknown>(client, "{ accounts { accountId memberships { nodes { id } } } }");
    expect(await op.ended()).toEqual({ completed: true });
    const errors = op.events[0].errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    const masked = errors.filter((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR");
    expect(masked.length).toBe(errors.length);
    const [correlationId] = new Set(masked.map((e) => e.extensions!.correlationId as string));
    expect(new Set(masked.map((e) => e.extensions!.correlationId))).toEqual(new Set([correlationId]));
    ids.push(correlationId);
    // The error's log line is under the operation's id (the caller saw none of the bug's words).
    expect(linesOf(correlationId).filter((l) => l.msg === "unexpected error").length).toBe(masked.length);
    expect(JSON.stringify(op.events)).not.toContain("a bug in the retry wait");
  }
  expect(ids).toEqual([`${connectionId}/1`, `${connectionId}/2`]);
});

it("a connection's own lines carry its id: an unauthenticated socket's, taken from x-request-id or traceparent", async () => {
  const given = `ws-anonymous-${Date.now()}`;
  const trace = randomBytes(16).toString("hex");
  for (const [headers, id] of [
    [{ "x-request-id": given }, given],
    [{ traceparent: `00-${trace}-00f067aa0ba902b7-01`, "x-request-id": "not-the-one" }, trace],
  ] as const) {
    const op = subscribe<unknown>(clientWith(headers, null), "{ accounts { accountId } }");
    const ended = await op.ended();
    expect(ended).toMatchObject({ closed: { code: 4401 } });
    expect(linesOf(id).map((l) => l.msg)).toEqual(["unauthenticated WebSocket connection"]);
  }
});

it("the upgrade's answer names the socket's id: the one sent, or a new one", async () => {
  const upgradeId = (headers: Record<string, string>) =>
    new Promise<string | undefined>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, "graphql-transport-ws", { headers });
      socket.once("upgrade", (res) => resolve(res.headers["x-request-id"] as string | undefined));
      socket.once("open", () => socket.close());
      socket.once("error", reject);
    });
  expect(await upgradeId({ "x-request-id": "upgrade-id-42" })).toBe("upgrade-id-42");
  const made = await upgradeId({ "x-request-id": "bad id with spaces" });
  expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
