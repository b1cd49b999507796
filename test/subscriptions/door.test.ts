/**
 * The WebSocket door is HTTP's door: authentication in connection_init with
 * the same authenticator (a missing, bad or expired token closes the socket
 * with 4401 and no data), grants and visibility as for queries (a
 * subscription to what none of the caller's accounts sees is an error, no
 * data, no watch, no read), the same validation rules, limits and error
 * codes, the rate limit; keep-alive pings; 1001 on shutdown.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LIMIT_MESSAGES } from "../../src/server/limits/limits";
import { watchKeys } from "../../src/watch";
import { demo } from "../support/emulator";
import { eventually, OPERATOR_TOKEN, startSubscriptionGateway, subscribe, type SubscriptionGateway } from "./harness";
import { QUERY_EVENTS, QUERY_INPUT, START_QUERY } from "./operations";

const NOBODY = "grants-nothing-token-2f81";
const ANALYTICS_READER = "analytics-reader-token-93ce";
const ISSUER = "https://idp.test/";
const AUDIENCE = "cleanrooms-graph";

let g: SubscriptionGateway;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let queryId: string;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  signingKey = privateKey;
  const dir = mkdtempSync(join(tmpdir(), "ws-jwks-"));
  const jwksFile = join(dir, "jwks.json");
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256", use: "sig" }] }));
  g = await startSubscriptionGateway({
    principals: [
      { token: NOBODY, name: "nobody", grants: [] },
      { token: ANALYTICS_READER, name: "analytics-reader", grants: [{ accounts: [demo.analytics], actions: ["read"] }] },
    ],
    jwt: { jwksFile, issuer: ISSUER, audience: AUDIENCE, claimGrants: [{ claim: "groups", value: "everyone", grants: [{ accounts: ["*"], actions: ["read"] }] }] },
    watch: { maxSubscriptionsPerConnection: 3 },
  });
  const res = await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT });
  queryId = res.data!.startProtectedQuery.id;
});
afterAll(() => g?.close());

const vars = () => ({ m: demo.m23, id: queryId });
type Ended = Awaited<ReturnType<ReturnType<typeof subscribe>["ended"]>>;
const errorOf = (e: Ended) => ("errors" in e ? e.errors![0] : undefined);

describe("authentication in connection_init", () => {
  it.each([
    ["no token", null, "Authentication required"],
    ["an unknown token", "not-a-known-token", "not valid"],
  ])("%s: the socket closes with 4401, no data", async (_what, token, reason) => {
    const sub = subscribe(g.client(token), QUERY_EVENTS, vars());
    const ended = await sub.ended();
    expect(ended).toEqual({ closed: { code: 4401, reason: expect.stringContaining(reason) } });
    expect(sub.events).toEqual([]);
  });

  it("a client that can send headers may authenticate with the upgrade request's Authorization", async () => {
    class WithHeader extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
      }
    }
    const { createClient } = await import("graphql-ws");
    const client = createClient({ url: g.wsUrl, webSocketImpl: WithHeader, retryAttempts: 0, shouldRetry: () => false });
    try {
      const sub = subscribe<{ protectedQueryStatusChanged: { status: string } }>(client, QUERY_EVENTS, vars());
      expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
      sub.unsubscribe();
    } finally {
      await client.dispose();
    }
  });

  it("a JWT's connection closes with 4401 when the token expires", async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const jwt = await new SignJWT({ groups: ["everyone"] })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject("carol")
      .setExpirationTime(exp)
      .sign(signingKey);
    const sub = subscribe<{ protectedQueryStatusChanged: { status: string } }>(g.client(jwt), QUERY_EVENTS, vars());
    expect((await sub.next()).data!.protectedQueryStatusChanged.status).toBe("SUBMITTED");
    expect(await sub.ended(10_000)).toEqual({ closed: { code: 4401, reason: "The bearer token has expired." } });
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
  });
});

describe("grants and visibility", () => {
  it("FORBIDDEN for a principal that may read no account: an error, no data, no AWS call", async () => {
    await g.t.resetCalls();
    const sub = subscribe(g.client(NOBODY), QUERY_EVENTS, vars());
    const ended = await sub.ended();
    expect(errorOf(ended)?.extensions?.code).toBe("FORBIDDEN");
    expect(sub.events).toEqual([]);
    expect((await g.t.calls()).total).toBe(0);
  });

  it("NOT_FOUND for a query none of the caller's accounts holds, even while others watch it: no data, no read of it", async () => {
    const operator = subscribe(g.client(), QUERY_EVENTS, vars());
    await operator.next();
    await g.t.resetCalls();
    const sub = subscribe(g.client(ANALYTICS_READER), QUERY_EVENTS, vars());
    const ended = await sub.ended();
    expect(errorOf(ended)).toMatchObject({ message: `Membership ${demo.m23} is not held by any of your accounts.`, extensions: { code: "NOT_FOUND" } });
    expect(sub.events).toEqual([]);
    // Only the reader's own membership list was read (as 222), never the query.
    expect(Object.keys((await g.t.calls()).byAccount[demo.analytics] ?? {})).toEqual(["ListMemberships"]);
    expect(g.gateway.watch.registry.describe(watchKeys.query(demo.m23, queryId))!.subscribers).toBe(1);
    operator.unsubscribe();
  });

  it("NOT_FOUND for a query id AWS does not know; BAD_USER_INPUT for an id that is no UUID", async () => {
    const unknown = subscribe(g.client(), QUERY_EVENTS, { m: demo.m23, id: "dddddddd-0000-4000-8000-000000000000" });
    expect(errorOf(await unknown.ended())?.extensions?.code).toBe("NOT_FOUND");
    const bad = subscribe(g.client(), QUERY_EVENTS, { m: demo.m23, id: "nope" });
    expect(errorOf(await bad.ended())).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "id" } });
    expect(g.gateway.watch.stats().watches).toBe(0);
  });
});

describe("AWS failing the first read", () => {
  it("is the subscription's error in the contract's words (UPSTREAM_ERROR, the account), with no data and no watch left", async () => {
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "GetProtectedQuery", internalErrorRate: 1 }] });
    try {
      const sub = subscribe(g.client(), QUERY_EVENTS, vars());
      expect(errorOf(await sub.ended())).toMatchObject({ extensions: { code: "UPSTREAM_ERROR", accountId: demo.publisher } });
      expect(sub.events).toEqual([]);
    } finally {
      await g.t.control("POST", "/_emulator/faults", { rules: [] });
    }
    expect(g.gateway.watch.stats()).toMatchObject({ watches: 0, timers: 0 });
  });
});

describe("the same rules as HTTP", () => {
  const refusal = async (query: string, variables?: Record<string, unknown>) => {
    const sub = subscribe(g.client(), query, variables);
    const ended = await sub.ended();
    expect(sub.events).toEqual([]);
    return errorOf(ended);
  };

  it("GraphQL validation, without suggestions", async () => {
    const e = await refusal(`subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { statuz } }`, vars());
    expect(e).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(e!.message).toContain('Cannot query field "statuz"');
    expect(e!.message).not.toContain("Did you mean");
  });

  it("the document limits (aliases) and introspection", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(" ");
    expect(await refusal(`subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { ${aliases} } }`, vars())).toMatchObject({
      message: LIMIT_MESSAGES.aliases,
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(await refusal(`subscription { __schema { types { name } } }`)).toMatchObject({ message: LIMIT_MESSAGES.introspection });
  });

  it("variables are checked like HTTP's: a missing one is the caller's error, not an internal one", async () => {
    expect(await refusal(QUERY_EVENTS, { m: demo.m23 })).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
  });

  it("queries pass the same door (one-path.test.ts compares their answers with HTTP's)", async () => {
    const query = subscribe(g.client(NOBODY), `{ accounts { accountId } }`);
    expect(await query.ended()).toEqual({ completed: true });
    expect(query.events).toEqual([{ data: { accounts: [] } }]);
    expect(await refusal(`{ accounts { acountId } }`)).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
  });

  it("at most maxSubscriptionsPerConnection at once on one socket", async () => {
    const client = g.client();
    const held = [1, 2, 3].map(() => subscribe(client, QUERY_EVENTS, vars()));
    await Promise.all(held.map((s) => s.next()));
    const fourth = subscribe(client, QUERY_EVENTS, vars());
    expect(errorOf(await fourth.ended())).toMatchObject({ message: expect.stringContaining("Too many subscriptions"), extensions: { code: "BAD_USER_INPUT" } });
    held.forEach((s) => s.unsubscribe());
  });
});

describe("the rate limit", () => {
  it("connection_init and each subscription take a token from the principal's bucket: THROTTLED when empty", async () => {
    // Three tokens: the connection's, then one per subscription.
    const limited = await startSubscriptionGateway({ emulator: g.t, limits: { rateLimit: { burst: 3, perSecond: 0.001 } } });
    try {
      const client = limited.client();
      const [a, b] = [subscribe(client, QUERY_EVENTS, vars()), subscribe(client, QUERY_EVENTS, vars())];
      await Promise.all([a.next(), b.next()]);
      const c = subscribe(client, QUERY_EVENTS, vars());
      expect(errorOf(await c.ended())).toMatchObject({ extensions: { code: "THROTTLED" } });
      expect(c.events).toEqual([]);
      // A new connection is a request too: with the bucket empty, connection_init closes the socket with 1013.
      const refused = subscribe(limited.client(), QUERY_EVENTS, vars());
      expect(await refused.ended()).toEqual({ closed: { code: 1013, reason: "Too many requests for this principal; retry later." } });
    } finally {
      await limited.close();
    }
  });
});

describe("keep-alive and shutdown", () => {
  it("pings every keepAliveMs, and closes sockets with 1001 on shutdown", async () => {
    // Long enough that a busy test process still answers each ping before the next (else the server drops it: 1006).
    const other = await startSubscriptionGateway({ emulator: g.t, watch: { keepAliveMs: 500 } });
    let pings = 0;
    const socket = new WebSocket(other.wsUrl, "graphql-transport-ws");
    socket.on("ping", () => pings++);
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${OPERATOR_TOKEN}` } }));
    await eventually(() => (pings >= 3 ? true : undefined), 10_000, "three pings");
    const sub = subscribe(other.client(), QUERY_EVENTS, vars());
    await sub.next();
    try {
      await other.closeGateway();
      expect(await closed).toBe(1001);
      expect(await sub.ended()).toEqual({ closed: { code: 1001, reason: "Going away" } });
      expect(other.gateway.watch.stats()).toMatchObject({ watches: 0, subscribers: 0, timers: 0 });
    } finally {
      await other.close();
    }
  });
});
