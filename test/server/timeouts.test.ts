/**
 * The http.Server's timeouts (server.timeouts): a client that sends its headers and then trickles its body is cut
 * once requestMs has passed, however steadily it sends; one that never finishes its headers, once headersMs has; an
 * idle keep-alive connection, once keepAliveMs has.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startGateway, type Gateway } from "../../src/app";
import { hashApiKey } from "../../src/auth/api-keys";
import { FULL_ACCESS } from "../../src/auth/grants";
import { silentLogger } from "../../src/log/logger";
import { OPERATOR_TOKEN } from "../support/gateway";

const REQUEST_MS = 300;
const HEADERS_MS = 200;
const KEEP_ALIVE_MS = 1_000;

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway({
    host: "127.0.0.1",
    port: 0,
    accounts: [],
    aws: {},
    logger: silentLogger,
    log: () => {},
    checkAccountsAtStart: false,
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [...FULL_ACCESS] }] },
    limits: { rateLimit: false },
    timeouts: { headersMs: HEADERS_MS, requestMs: REQUEST_MS, keepAliveMs: KEEP_ALIVE_MS },
  });
});
afterAll(() => gateway?.close());

/** Opens a raw connection to the gateway; resolves with what it received when the server closes it. */
function rawConnection(): { socket: Socket; closed: Promise<{ received: string; afterMs: number }> } {
  const { port } = new URL(gateway.url);
  const socket = connect(Number(port), "127.0.0.1");
  const started = performance.now();
  let received = "";
  socket.on("data", (d) => (received += d.toString()));
  socket.on("error", () => {});
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) => socket.on("close", () => resolve({ received, afterMs: performance.now() - started })));
  return { socket, closed };
}

it("cuts an authenticated request whose body trickles in, within requestMs", async () => {
  const { socket, closed } = rawConnection();
  socket.write(
    `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${OPERATOR_TOKEN}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{`,
  );
  // The slow client: a byte every 20 ms, never idle long enough for an idle timeout.
  const trickle = setInterval(() => socket.writable && socket.write(" "), 20);
  try {
    const { received, afterMs } = await closed;
    expect(received).not.toMatch(/^HTTP\/1\.1 200/);
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(afterMs).toBeLessThan(REQUEST_MS + 1_500);
  } finally {
    clearInterval(trickle);
  }
});

it("answers 408 to a request whose headers do not arrive within headersMs", async () => {
  const { socket, closed } = rawConnection();
  socket.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\n");
  const { received, afterMs } = await closed;
  expect(received).toMatch(/^HTTP\/1\.1 408 /);
  expect(received).toContain('"code":"BAD_USER_INPUT"');
  expect(afterMs).toBeLessThan(HEADERS_MS + 1_500);
});

it("closes an idle keep-alive connection after keepAliveMs, not before answering its request", async () => {
  const { socket, closed } = rawConnection();
  let answeredAt: number | undefined;
  const answered = new Promise<string>((resolve) => {
    let text = "";
    socket.on("data", (d) => {
      text += d.toString();
      const head = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
      if (head >= 0 && length !== undefined && text.length >= head + 4 + Number(length)) {
        answeredAt ??= performance.now();
        resolve(text);
      }
    });
  });
  socket.write("GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n");
  const answer = await answered;
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(answer).toMatch(/\r\nconnection: keep-alive\r\n/i);
  // What clients are told; Node closes the socket a second later (its buffer, so that clients close first).
  expect(answer).toMatch(new RegExp(`\\r\\nkeep-alive: timeout=${KEEP_ALIVE_MS / 1000}\\r\\n`, "i"));
  const { received } = await closed;
  const idleMs = performance.now() - answeredAt!;
  expect(received).toBe(answer); // the answer came whole, and nothing after it: the close was the idle timeout's
  expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 50);
  expect(idleMs).toBeLessThan(KEEP_ALIVE_MS * 10);
});
