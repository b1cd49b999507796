/**
 * The audit trail after the payer story: a payer candidate proposed
 * (ADD_PAYER_CANDIDATE), voted in, committed, a query started naming the new
 * payer, then cancelled — with one refused vote along the way. Every
 * mutation the gateway served appears exactly once, in the log stream and in
 * the Redis stream a real redis-server holds, with who asked, the account
 * the gateway acted as, the targets, the payer, the idempotency key, the
 * outcome and the request's correlation id (the x-request-id it answered),
 * and never the query's SQL. The stream keeps at most `maxLen` events.
 */
import { Redis } from "ioredis";
import { UpdateCollaborationChangeRequestCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/event";
import { captureLog } from "../support/log-capture";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { startTestRedis, type TestRedis } from "../support/redis";
import { eventually } from "../subscriptions/harness";

const STREAM = "test:audit";
const { logger, lines } = captureLog();

let redis: TestRedis;
let g: TestGateway;
beforeAll(async () => {
  redis = await startTestRedis();
  g = await startTestGateway({ logger, audit: { redisUrl: redis.url, stream: STREAM, maxLen: 1_000 } });
});
afterAll(async () => {
  await g?.close();
  await redis?.stop();
});

/** A mutation over HTTP: its answer, and the correlation id the gateway gave it. */
async function mutate(query: string, variables: Record<string, unknown>, gateway = g) {
  const res = await gateway.post({ query, variables });
  return {
    body: JSON.parse(res.text) as { data?: Record<string, { id?: string; changes?: { types: string[] }[] }>; errors?: { extensions: { code: string } }[] },
    requestId: res.headers.get("x-request-id")!,
  };
}

async function streamEvents(stream = STREAM): Promise<AuditEvent[]> {
  const client = new Redis(redis.url);
  try {
    const entries = await client.xrange(stream, "-", "+");
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf("event") + 1]) as AuditEvent);
  } finally {
    client.disconnect();
  }
}

const logEvents = () => lines.filter((l) => l.audit).map((l) => l.audit as AuditEvent);

describe("the payer story's audit trail", () => {
  const steps: { requestId: string; expected: Partial<AuditEvent> }[] = [];
  const newPayer = demo.analytics;
  const IDEMPOTENCY_KEY = "audit-story-key-1";
  const SQL = "SELECT COUNT(*) FROM exposures";

  it("runs the story through the gateway", async () => {
    const created = await mutate(`mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id changes { types } } }`, {
      input: {
        collaborationId: demo.retailMedia,
        changes: [{ specificationType: "MEMBER", member: { accountId: newPayer, memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } } }],
      },
    });
    expect(created.body.errors).toBeUndefined();
    // AWS works the type out from the member's payment configuration: the story is about a payer candidate.
    expect(created.body.data!.createChangeRequest.changes!.flatMap((c) => c.types)).toContain("ADD_PAYER_CANDIDATE");
    const changeRequestId = created.body.data!.createChangeRequest.id!;
    steps.push({
      requestId: created.requestId,
      expected: { action: "createChangeRequest", accountId: demo.advertiser, collaborationId: demo.retailMedia, changeRequestId, payerAccountId: newPayer, outcome: "succeeded" },
    });

    const vote = `mutation($c: ID!, $r: ID!, $as: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $as) { id } }`;
    // Two of the operator's accounts have a pending vote: refused until it names one (no write made).
    const ambiguous = await mutate(vote, { c: demo.retailMedia, r: changeRequestId });
    expect(ambiguous.body.errors![0].extensions.code).toBe("BAD_USER_INPUT");
    steps.push({ requestId: ambiguous.requestId, expected: { action: "approveChangeRequest", changeRequestId, outcome: "refused", errorCode: "BAD_USER_INPUT" } });

    const asPublisher = await mutate(vote, { c: demo.retailMedia, r: changeRequestId, as: demo.publisher });
    expect(asPublisher.body.errors).toBeUndefined();
    steps.push({ requestId: asPublisher.requestId, expected: { action: "approveChangeRequest", accountId: demo.publisher, changeRequestId, outcome: "succeeded" } });

    // The partner is not federated: it votes from its own account, so the gateway has nothing to audit.
    const partner = await g.t.cleanrooms(demo.partner);
    await partner.send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: demo.retailMedia, changeRequestIdentifier: changeRequestId, action: "APPROVE" }));

    const asAnalytics = await mutate(vote, { c: demo.retailMedia, r: changeRequestId, as: demo.analytics });
    expect(asAnalytics.body.errors).toBeUndefined();
    steps.push({ requestId: asAnalytics.requestId, expected: { action: "approveChangeRequest", accountId: demo.analytics, changeRequestId, outcome: "succeeded" } });

    const commit = await mutate(`mutation($c: ID!, $r: ID!) { commitChangeRequest(collaborationId: $c, changeRequestId: $r) { id } }`, { c: demo.retailMedia, r: changeRequestId });
    expect(commit.body.errors).toBeUndefined();
    steps.push({ requestId: commit.requestId, expected: { action: "commitChangeRequest", accountId: demo.advertiser, changeRequestId, outcome: "succeeded" } });

    const start = await mutate(`mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`, {
      input: {
        membershipId: demo.m11,
        sqlParameters: { queryString: SQL },
        output: { member: { accountId: demo.advertiser } },
        payerAccountId: newPayer,
        idempotencyKey: IDEMPOTENCY_KEY,
      },
    });
    expect(start.body.errors).toBeUndefined();
    const runId = start.body.data!.startProtectedQuery.id!;
    steps.push({
      requestId: start.requestId,
      expected: { action: "startProtectedQuery", accountId: demo.advertiser, membershipId: demo.m11, runId, payerAccountId: newPayer, idempotencyKey: IDEMPOTENCY_KEY, outcome: "succeeded" },
    });

    const cancel = await mutate(`mutation($m: ID!, $id: ID!) { cancelProtectedQuery(membershipId: $m, id: $id) { id } }`, { m: demo.m11, id: runId });
    expect(cancel.body.errors).toBeUndefined();
    steps.push({ requestId: cancel.requestId, expected: { action: "cancelProtectedQuery", accountId: demo.advertiser, membershipId: demo.m11, runId, outcome: "succeeded" } });
  });

  it("finds each step exactly once in the log stream and in the Redis stream, with its correlation id", async () => {
    expect(steps).toHaveLength(7);
    const fromRedis = await streamEvents();
    for (const events of [logEvents(), fromRedis]) {
      expect(events).toHaveLength(steps.length);
      for (const step of steps) {
        const matching = events.filter((e) => e.requestId === step.requestId);
        expect(matching, step.expected.action).toHaveLength(1);
        expect(matching[0]).toMatchObject({ ...step.expected, principal: "key:operator" });
        expect(Date.parse(matching[0].time)).not.toBeNaN();
      }
    }
    // The trail is in the order things happened.
    expect(fromRedis.map((e) => e.requestId)).toEqual(steps.map((s) => s.requestId));
  });

  it("names no token, credential, role ARN or SQL text, in the log or in Redis", async () => {
    for (const text of [JSON.stringify(logEvents()), JSON.stringify(await streamEvents())]) {
      expect(text).not.toMatch(/Bearer|arn:aws:iam|AKIA|ASIA|secret/i);
      expect(text).not.toContain(SQL);
      expect(text).not.toMatch(/SELECT/i);
    }
  });
});

describe("the Redis stream's cap", () => {
  it("keeps the newest maxLen events (exact trimming)", async () => {
    const CAP = 3;
    const stream = "test:audit-capped";
    const capped = await startTestGateway({ sharedEmulator: g.t, audit: { redisUrl: redis.url, stream, maxLen: CAP } });
    try {
      // Refused votes (an Int where a String is due): each one event, no AWS call.
      const requestIds: string[] = [];
      for (let i = 0; i < CAP + 4; i++) {
        const vote = await mutate(`mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: 1) { id } }`, { c: demo.retailMedia, r: `r-${i}` }, capped);
        expect(vote.body.errors?.length).toBeGreaterThan(0);
        requestIds.push(vote.requestId);
      }
      // Appends are not awaited by the mutation: wait until the last one is in.
      const kept = await eventually(async () => {
        const events = await streamEvents(stream);
        return events.at(-1)?.requestId === requestIds.at(-1) ? events : undefined;
      }, 5_000, "the last event in the stream");
      const client = new Redis(redis.url);
      try {
        expect(await client.xlen(stream)).toBe(CAP);
      } finally {
        client.disconnect();
      }
      expect(kept.map((e) => e.requestId)).toEqual(requestIds.slice(-CAP));
    } finally {
      await capped.close();
    }
  });
});
