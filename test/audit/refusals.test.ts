/**
 * Mutations refused before any resolver ran still leave one audit event per
 * root mutation field, over HTTP and over graphql-ws: refused by the
 * per-principal rate limit, by the AWS-call estimate, by GraphQL
 * validation. Each event names the principal, the mutation, the targets
 * written in the document or its variables, outcome `refused` and the code
 * the caller got; nothing is written to AWS. Unauthenticated requests have
 * no principal and are not audited as mutations.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/event";
import { demo } from "../support/emulator";
import { captureLog } from "../support/log-capture";
import { startTestGateway, type TestGateway, type TestPrincipal } from "../support/gateway";
import { eventually, subscribe, wsClient } from "../subscriptions/harness";

const { logger, lines } = captureLog();
const ALL = [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"] }] as TestPrincipal["grants"];
/** One principal per rate-limited case, so that emptying its bucket touches no other case. */
const httpThrottled: TestPrincipal = { token: "audit-refusals-http-throttled-1", name: "http-throttled", grants: ALL };
const wsThrottled: TestPrincipal = { token: "audit-refusals-ws-throttled-1", name: "ws-throttled", grants: ALL };
const BURST = 20;
/** Over this many AWS calls per account an operation is refused before it runs. */
const MAX_CALLS = 2;

/** The operator's cases: no rate limit, so that however many requests they send, none is refused for it. */
let g: TestGateway;
/** The rate-limited cases, on a second gateway over the same emulator and into the same log, with the rate limit on. */
let limited: TestGateway;
beforeAll(async () => {
  g = await startTestGateway({ logger, limits: { maxAwsCallsPerOperation: MAX_CALLS } });
  limited = await startTestGateway({
    logger,
    sharedEmulator: g.t,
    principals: [httpThrottled, wsThrottled],
    // A bucket that does not refill within the test: emptying it is a count of requests, not a race with time.
    limits: { rateLimit: { burst: BURST, perSecond: 0.001 }, maxAwsCallsPerOperation: MAX_CALLS },
  });
});
afterAll(async () => {
  await limited?.close();
  await g?.close();
});

const auditEvents = () => lines.filter((l) => l.audit).map((l) => l.audit as AuditEvent);
/** The events naming `changeRequestId`, once there are `n` (they are written as the refusal leaves, or after). */
const eventsFor = (changeRequestId: string, n = 1) =>
  eventually(() => {
    const found = auditEvents().filter((e) => e.changeRequestId === changeRequestId);
    return found.length >= n ? found : undefined;
  }, 5_000, `the audit event for ${changeRequestId}`);

const VOTE = `mutation Vote($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r) { id } }`;
/** Several distinct reads of the collaboration under the vote: an estimate over MAX_CALLS. */
const COSTLY_VOTE = `mutation Vote($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r) {
  id ${Array.from({ length: MAX_CALLS + 2 }, (_, i) => `c${i}: collaboration { changeRequests(first: ${i + 1}) { nodes { id } } }`).join(" ")} } }`;
/** A required argument left out: GraphQL validation refuses it; the targets are literals. */
const invalidVote = (r: string) => `mutation { approveChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "${r}", asAccountId: 12) { id } }`;

async function noWrites<T>(run: () => Promise<T>): Promise<T> {
  await g.t.resetCalls();
  const result = await run();
  expect((await g.t.calls()).byOperation.UpdateCollaborationChangeRequest ?? 0).toBe(0);
  return result;
}

describe("over HTTP", () => {
  const post = async (body: unknown, token?: string, gateway = g) => {
    const res = await gateway.post(body, { token });
    const parsed = JSON.parse(res.text) as { data?: unknown; errors?: { extensions: { code: string } }[] };
    return { status: res.status, requestId: res.headers.get("x-request-id")!, code: parsed.errors?.[0]?.extensions.code, data: parsed.data };
  };

  it("an invalid mutation: one refused event with the literal targets and the code the caller got", async () => {
    const r = randomUUID();
    const answer = await noWrites(() => post({ query: invalidVote(r) }));
    expect(answer.status).toBe(400);
    expect(answer.code).toBeDefined();
    const events = await eventsFor(r);
    expect(events).toEqual([
      expect.objectContaining({ action: "approveChangeRequest", principal: "key:operator", requestId: answer.requestId, collaborationId: demo.retailMedia, changeRequestId: r, outcome: "refused", errorCode: answer.code }),
    ]);
  });

  it("a mutation over the AWS-call estimate: refused before it runs, audited with the variables' targets", async () => {
    const r = randomUUID();
    const answer = await noWrites(() => post({ query: COSTLY_VOTE, variables: { c: demo.retailMedia, r } }));
    expect(answer).toMatchObject({ status: 400, code: "BAD_USER_INPUT", data: undefined });
    expect(await eventsFor(r)).toEqual([expect.objectContaining({ action: "approveChangeRequest", requestId: answer.requestId, changeRequestId: r, outcome: "refused", errorCode: "BAD_USER_INPUT" })]);
  });

  it("a rate-limited mutation (refused before its body is read): audited once the body is read", async () => {
    // Empty the principal's bucket with queries (not audited), then vote.
    for (let i = 0; i < BURST; i++) expect((await post({ query: "{ __typename }" }, httpThrottled.token, limited)).status).toBe(200);
    const r = randomUUID();
    const answer = await noWrites(() => post({ query: VOTE, variables: { c: demo.retailMedia, r } }, httpThrottled.token, limited));
    expect(answer).toMatchObject({ status: 429, code: "THROTTLED" });
    expect(await eventsFor(r)).toEqual([
      expect.objectContaining({ action: "approveChangeRequest", principal: `key:${httpThrottled.name}`, requestId: answer.requestId, collaborationId: demo.retailMedia, changeRequestId: r, outcome: "refused", errorCode: "THROTTLED" }),
    ]);
  });

  it("one event per root field of a refused mutation; a refused query and an unauthenticated mutation write none", async () => {
    const [r1, r2, q] = [randomUUID(), randomUUID(), randomUUID()];
    const two = `mutation { a: approveChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "${r1}", asAccountId: 1) { id } b: denyChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "${r2}") { id } }`;
    const answer = await post({ query: two });
    expect(answer.status).toBe(400);
    expect((await eventsFor(r1)).map((e) => e.action)).toEqual(["approveChangeRequest"]);
    expect((await eventsFor(r2)).map((e) => e.action)).toEqual(["denyChangeRequest"]);
    expect((await post({ query: `{ changeRequest(collaborationId: "${demo.retailMedia}", id: "${q}", bogus: 1) { id } }` })).status).toBe(400);
    const unauthenticated = await g.post({ query: VOTE, variables: { c: demo.retailMedia, r: q } }, { token: "not-a-known-token" });
    expect(unauthenticated.status).toBe(401);
    // Both answers have gone; a later refused mutation's event proves the trail has caught up with them.
    const marker = randomUUID();
    await post({ query: invalidVote(marker) });
    await eventsFor(marker);
    expect(auditEvents().filter((e) => e.changeRequestId === q)).toEqual([]);
  });
});

describe("over graphql-ws", () => {
  const wsUrl = (gateway: TestGateway) => gateway.gateway.url.replace(/^http/, "ws");
  /** A mutation over the socket: the errors of its `error` message. */
  const refusedOver = async (client: ReturnType<typeof wsClient>, query: string, variables?: Record<string, unknown>) => {
    const ending = await subscribe(client, query, variables).ended(10_000);
    expect(ending).toHaveProperty("errors");
    return (ending as { errors: { extensions?: { code?: string } }[] }).errors[0].extensions?.code;
  };

  it("invalid, over the estimate, and rate-limited mutations: one refused event each, no write", async () => {
    const client = wsClient(wsUrl(g), g.token, { lazy: false });
    const throttled = wsClient(wsUrl(limited), wsThrottled.token, { lazy: false });
    const connected = new Promise((resolve) => throttled.on("connected", resolve));
    try {
      const invalid = randomUUID();
      const invalidCode = await noWrites(() => refusedOver(client, invalidVote(invalid)));
      expect(invalidCode).toBeDefined();
      expect(await eventsFor(invalid)).toEqual([expect.objectContaining({ action: "approveChangeRequest", principal: "key:operator", collaborationId: demo.retailMedia, changeRequestId: invalid, outcome: "refused", errorCode: invalidCode })]);

      const costly = randomUUID();
      expect(await noWrites(() => refusedOver(client, COSTLY_VOTE, { c: demo.retailMedia, r: costly }))).toBe("BAD_USER_INPUT");
      expect(await eventsFor(costly)).toEqual([expect.objectContaining({ action: "approveChangeRequest", changeRequestId: costly, outcome: "refused", errorCode: "BAD_USER_INPUT" })]);

      // Once the socket is open (its connection_init took one token), empty the rest of the bucket over HTTP, then vote over the socket.
      await connected;
      await eventually(async () => ((await limited.post({ query: "{ __typename }" }, { token: wsThrottled.token })).status === 429 ? true : undefined), 10_000, "an empty bucket");
      const throttledVote = randomUUID();
      expect(await noWrites(() => refusedOver(throttled, VOTE, { c: demo.retailMedia, r: throttledVote }))).toBe("THROTTLED");
      expect(await eventsFor(throttledVote)).toEqual([
        expect.objectContaining({ action: "approveChangeRequest", principal: `key:${wsThrottled.name}`, changeRequestId: throttledVote, outcome: "refused", errorCode: "THROTTLED" }),
      ]);
      for (const id of [invalid, costly, throttledVote]) expect(auditEvents().filter((e) => e.changeRequestId === id)).toHaveLength(1);
    } finally {
      await Promise.all([client.dispose(), throttled.dispose()]);
    }
  });
});
