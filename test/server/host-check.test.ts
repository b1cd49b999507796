/**
 * Host and Origin checks against DNS rebinding (issue 13): a page on
 * attacker.example, re-pointed at 127.0.0.1, sends requests that name its
 * own host (Host) and origin (Origin). In demo mode the gateway answers only
 * loopback hosts and its own origins, so that page gets neither GraphiQL's
 * page (with the demo token) nor an answer to a mutation; the emulator's
 * control plane answers loopback hosts only. Outside demo mode the
 * configured allowedHosts are honoured. Requests go through node:http,
 * since fetch cannot set Host.
 */
import { randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// First: it loads the graph's schema, and reflect-metadata with it.
import { emulatorAws, OPERATOR_TOKEN } from "../support/gateway";
import { demo as ids, federatedAccounts, startTestEmulator, type TestEmulator } from "../support/emulator";
import { startGateway, type Gateway } from "../../src/app";
import { hashApiKey } from "../../src/auth/api-keys";
import { demoToken } from "../../src/auth/demo-token";
import { FULL_ACCESS } from "../../src/auth/grants";
import { DEMO_HOST, startDemo, type Demo } from "../../src/demo";
import { silentLogger } from "../../src/log/logger";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP request with the Host (and any other header) given. */
function send(url: string, o: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: o.method ?? "GET", path: o.path ?? target.pathname, headers: o.headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

/** A graphql-ws upgrade: the status of a refusal, or 101. */
function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
        "sec-websocket-protocol": "graphql-transport-ws",
        ...headers,
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

const APPROVE = `mutation($c: ID!, $r: ID!, $as: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $as) { id status } }`;

describe("DNS rebinding in demo mode", () => {
  const token = demoToken({}).token;
  let demo: Demo;
  let gateway: Gateway;
  let port: string;
  const attacker = () => `attacker.example:${port}`;
  const own = () => `127.0.0.1:${port}`;
  const emulatorCalls = async () => {
    const res = await send(demo.emulator.url, { path: "/_emulator/calls" });
    return (JSON.parse(res.text) as { total: number }).total;
  };
  const approve = (headers: Record<string, string>) =>
    send(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query: APPROVE, variables: { c: ids.retailMedia, r: ids.pendingPayerRequest, as: ids.analytics } }),
    });

  beforeAll(async () => {
    demo = await startDemo({ port: 0 }, token);
    // As main.ts starts it, GraphiQL with the token included.
    gateway = await startGateway({
      host: DEMO_HOST,
      port: 0,
      accounts: demo.accounts,
      aws: demo.aws,
      ...demo.guard,
      cors: demo.cors,
      hosts: demo.hosts,
      graphiql: { defaultHeaders: { Authorization: `Bearer ${token}` } },
      checkAccountsAtStart: false,
      logger: silentLogger,
      log: () => {},
    });
    port = new URL(gateway.url).port;
  });
  afterAll(async () => {
    await gateway?.close();
    await demo?.emulator.close();
  });

  it("serves no page, GraphiQL's with the token included, to another Host", async () => {
    for (const path of ["/", "/graphql", "/graphql/assets/x.js", "/healthz"]) {
      const res = await send(gateway.url, { path, headers: { host: attacker(), accept: "text/html" } });
      expect(res.status, path).toBe(421);
      expect(res.text, path).not.toContain(token);
      expect(JSON.parse(res.text), path).toEqual({ errors: [{ message: expect.stringContaining("Host"), extensions: { code: "FORBIDDEN" } }] });
      expect(res.text, path).not.toContain("attacker");
    }
    // Nor to an arbitrary long Host, which the refusal does not echo.
    const long = `${"a".repeat(300)}.example:${port}`;
    const res = await send(gateway.url, { headers: { host: long, accept: "text/html" } });
    expect(res.status).toBe(421);
    expect(res.text).not.toContain("aaaa");
  });

  it("refuses a mutation from the rebound page, by Host and by Origin, without calling AWS", async () => {
    await send(demo.emulator.url, { method: "POST", path: "/_emulator/calls/reset" });
    const byHost = await approve({ host: attacker(), origin: `http://${attacker()}` });
    expect(byHost.status).toBe(421);
    expect(JSON.parse(byHost.text).errors[0].extensions.code).toBe("FORBIDDEN");
    // A loopback Host with the attacker's page as Origin (a page elsewhere posting to 127.0.0.1).
    const byOrigin = await approve({ host: own(), origin: `http://${attacker()}` });
    expect(byOrigin.status).toBe(403);
    expect(JSON.parse(byOrigin.text)).toEqual({ errors: [{ message: expect.stringContaining("Origin"), extensions: { code: "FORBIDDEN" } }] });
    expect(byOrigin.text).not.toContain("attacker");
    // Its preflight is refused too, and another port of localhost is another origin.
    const preflight = await send(gateway.url, { method: "OPTIONS", headers: { host: own(), origin: `http://${attacker()}`, "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect((await approve({ host: own(), origin: `http://localhost:${Number(port) + 1}` })).status).toBe(403);
    expect((await approve({ host: own(), origin: "null" })).status).toBe(403);
    expect(await emulatorCalls()).toBe(0);
  });

  it("refuses a WebSocket upgrade naming another Host or origin, before graphql-ws", async () => {
    expect(await upgrade(gateway.url, { host: attacker() })).toBe(421);
    expect(await upgrade(gateway.url, { host: own(), origin: `http://${attacker()}` })).toBe(403);
    expect(await upgrade(gateway.url, { host: own(), origin: `http://${own()}` })).toBe(101);
    expect(await upgrade(gateway.url, { host: `localhost:${port}` })).toBe(101);
  });

  it("serves GraphiQL to its own hosts, and lets its own origins approve", async () => {
    for (const host of [own(), `localhost:${port}`, `LOCALHOST:${port}`]) {
      const page = await send(gateway.url, { headers: { host, accept: "text/html" } });
      expect(page.status, host).toBe(200);
      expect(page.text, host).toContain(token);
      expect((await send(gateway.url, { path: "/healthz", headers: { host } })).status, host).toBe(200);
    }
    // Another port is another host.
    expect((await send(gateway.url, { path: "/healthz", headers: { host: `127.0.0.1:${Number(port) + 1}` } })).status).toBe(421);

    const res = await approve({ host: own(), origin: `http://localhost:${port}` });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { data?: { approveChangeRequest: { id: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.approveChangeRequest.id).toBe(ids.pendingPayerRequest);
    expect(await emulatorCalls()).toBeGreaterThan(0);
  });

  it("keeps the emulator's control plane to loopback hosts: no secret key for another Host", async () => {
    const { port: emulatorPort } = demo.emulator;
    const secret = demo.aws.baseCredentials.secretAccessKey;
    for (const path of ["/_emulator/scenario", "/_emulator/calls"]) {
      const foreign = await send(demo.emulator.url, { path, headers: { host: `attacker.example:${emulatorPort}` } });
      expect(foreign.status, path).toBe(403);
      expect(foreign.text, path).not.toContain(secret);
    }
    const reset = await send(demo.emulator.url, { method: "POST", path: "/_emulator/reset", headers: { host: `attacker.example:${emulatorPort}` } });
    expect(reset.status).toBe(403);
    for (const host of [`127.0.0.1:${emulatorPort}`, `localhost:${emulatorPort}`, `[::1]:${emulatorPort}`]) {
      const res = await send(demo.emulator.url, { path: "/_emulator/scenario", headers: { host } });
      expect(res.status, host).toBe(200);
      expect(res.text, host).toContain(secret);
    }
  });
});

describe("allowed hosts outside demo mode", () => {
  let t: TestEmulator;
  let listed: Gateway;
  let open: Gateway;
  const DASHBOARD = "https://dashboard.example.com";

  const start = (hosts: Parameters<typeof startGateway>[0]["hosts"]) =>
    startGateway({
      host: "127.0.0.1",
      port: 0,
      accounts: federatedAccounts(t),
      aws: emulatorAws(t),
      auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [...FULL_ACCESS] }] },
      limits: { rateLimit: false },
      cors: { origins: [DASHBOARD] },
      hosts,
      checkAccountsAtStart: false,
      logger: silentLogger,
      log: () => {},
    });
  const query = (g: Gateway, headers: Record<string, string>) =>
    send(g.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}`, ...headers },
      body: JSON.stringify({ query: "{ accounts { accountId } }" }),
    });

  beforeAll(async () => {
    t = await startTestEmulator();
    listed = await start({ allowedHosts: ["graph.example.com", "Graph.Internal:8443"] });
    open = await start(undefined);
  });
  afterAll(async () => {
    await listed?.close();
    await open?.close();
    await t?.close();
  });

  it("answers the listed hosts (exactly, in any case) and refuses others", async () => {
    for (const host of ["graph.example.com", "GRAPH.example.com", "graph.internal:8443"]) {
      expect((await query(listed, { host })).status, host).toBe(200);
    }
    for (const host of ["graph.example.com:4000", "graph.internal", "evil.example", new URL(listed.url).host]) {
      const res = await query(listed, { host });
      expect(res.status, host).toBe(421);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe("FORBIDDEN");
    }
    expect(await upgrade(listed.url, { host: "evil.example" })).toBe(421);
  });

  it("takes the request's own origin (http or https) and the CORS origins, and refuses others", async () => {
    for (const origin of ["https://graph.example.com", "http://graph.example.com", DASHBOARD]) {
      expect((await query(listed, { host: "graph.example.com", origin })).status, origin).toBe(200);
    }
    for (const origin of ["https://evil.example", "https://graph.internal:8443"]) {
      expect((await query(listed, { host: "graph.example.com", origin })).status, origin).toBe(403);
    }
  });

  it("answers any host and origin when none is listed (the default: behind a load balancer)", async () => {
    expect((await query(open, { host: "anything.example" })).status).toBe(200);
    expect((await query(open, { host: "anything.example", origin: "https://evil.example" })).status).toBe(200);
    expect(await upgrade(open.url, { host: "anything.example" })).toBe(101);
  });
});
