/**
 * A WebSocket peer that breaks the rules of the transport (a message over
 * the body size bound, a frame that is not valid WebSocket) has its socket
 * closed with the code that says why (1009, 1007, ...), and the gateway
 * logs it as one JSON line of its structured log: nothing on stderr, no
 * stack trace, whoever the peer is (authenticated or not).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import WebSocket from "ws";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";
import { createLogger } from "../../src/log/logger";

const MAX_BODY_BYTES = 8 * 1024;

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

let g: TestGateway;
let wsUrl: string;
const lines: LogLine[] = [];
/** Resolves with the next log line `matches` accepts (or one already logged). */
let waiters: { matches: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
const logged = (matches: (l: LogLine) => boolean) =>
  new Promise<LogLine>((resolve) => {
    const done = lines.find(matches);
    if (done) resolve(done);
    else waiters.push({ matches, resolve });
  });

let consoleError: MockInstance;

beforeAll(async () => {
  const logger = createLogger("debug", {
    write(text: string) {
      for (const raw of text.split("\n").filter(Boolean)) {
        const line = JSON.parse(raw) as LogLine; // every line is one JSON object
        lines.push(line);
        for (const w of waiters.filter((w) => w.matches(line))) w.resolve(line);
        waiters = waiters.filter((w) => !w.matches(line));
      }
    },
  });
  g = await startTestGateway({ limits: { maxBodyBytes: MAX_BODY_BYTES }, logger });
  wsUrl = g.gateway.url.replace(/^http/, "ws");
});
afterAll(() => g?.close());

beforeEach(() => {
  lines.length = 0;
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => consoleError.mockRestore());

/** A graphql-ws socket, open; `authenticated`: acknowledged after connection_init with the operator's token. */
async function open(authenticated: boolean) {
  const socket = new WebSocket(wsUrl, "graphql-transport-ws");
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  if (authenticated) {
    const ack = new Promise<unknown>((resolve) => socket.once("message", (m) => resolve(JSON.parse(String(m)))));
    socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${OPERATOR_TOKEN}` } }));
    expect(await ack).toEqual({ type: "connection_ack" });
  }
  return { socket, closed };
}

const aboutWebSockets = (l: LogLine) => /WebSocket/.test(l.msg);

describe("a WebSocket message over the size bound", () => {
  for (const authenticated of [false, true]) {
    it(`closes the socket with 1009 and logs one JSON line, no stack (${authenticated ? "authenticated" : "before connection_init"})`, async () => {
      const { socket, closed } = await open(authenticated);
      socket.send(JSON.stringify({ type: "subscribe", id: "1", payload: { query: `{ __typename }`, pad: "x".repeat(MAX_BODY_BYTES) } }));
      expect((await closed).code).toBe(1009);
      const line = await logged(aboutWebSockets);
      expect(line).toMatchObject({ level: 30, closeCode: 1009, wsError: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" });
      expect(line.msg).toMatch(/over the size bound.*1009/);
      expect(line.principal).toBe(authenticated ? "key:operator" : undefined); // Principal.id, the identity for logs
      expect(JSON.stringify(line)).not.toMatch(/stack|\n\s+at /);
      expect(lines.filter(aboutWebSockets)).toEqual([line]);
      expect(consoleError).not.toHaveBeenCalled();
    });
  }

  it("leaves a message within the bound to graphql-ws", async () => {
    const { socket, closed } = await open(true);
    const answer = new Promise<unknown>((resolve) => socket.once("message", (m) => resolve(JSON.parse(String(m)))));
    socket.send(JSON.stringify({ type: "subscribe", id: "1", payload: { query: "{ __typename }", extensions: { pad: "x".repeat(MAX_BODY_BYTES - 200) } } }));
    expect(await answer).toEqual({ type: "next", id: "1", payload: { data: { __typename: "Query" } } });
    socket.close(1000);
    expect((await closed).code).toBe(1000);
    expect(lines.filter(aboutWebSockets)).toEqual([]);
  });
});

describe("a frame that breaks the protocol", () => {
  it("closes the socket with ws's code for it (1007: text that is not UTF-8) and logs one JSON line", async () => {
    const { socket, closed } = await open(false);
    socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await closed).code).toBe(1007);
    const line = await logged(aboutWebSockets);
    expect(line).toMatchObject({ level: 30, closeCode: 1007, wsError: "WS_ERR_INVALID_UTF8" });
    expect(lines.filter(aboutWebSockets)).toEqual([line]);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
