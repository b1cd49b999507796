/**
 * No double starts: the gateway's own retries resend a Start* only after
 * throttling, and an idempotencyKey makes a repeated start return the first
 * run — in memory, and through a real redis-server shared by two gateways.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../../src/auth/api-keys";
import { FULL_ACCESS } from "../../../src/auth/grants";
import { startGateway, type Gateway } from "../../../src/app";
import { silentLogger } from "../../../src/log/logger";
import { demo, federatedAccounts } from "../../support/emulator";
import { LEAK_PATTERNS, OPERATOR_TOKEN, startTestGateway, type GraphQLResponse, type TestGateway } from "../../support/gateway";
import { startTestRedis, type TestRedis } from "../../support/redis";

const START = `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id status payerAccountId } }`;
type Started = { startProtectedQuery: { id: string; status: string; payerAccountId: string } };

/** A valid start on the advertiser's membership of Retail media (two candidates: the payer must be named). */
const input = (over: Record<string, unknown> = {}) => ({
  membershipId: demo.m11,
  sqlParameters: { queryString: "SELECT campaign_id, COUNT(*) FROM exposures GROUP BY campaign_id" },
  output: { member: { accountId: demo.advertiser } },
  payerAccountId: demo.publisher,
  ...over,
});

const starts = async (g: TestGateway) => (await g.t.calls()).byOperation.StartProtectedQuery ?? 0;

async function runIds(g: TestGateway): Promise<string[]> {
  const res = await g.gql<{ membership: { protectedQueries: { nodes: { id: string }[] } } }>(
    `query($m: ID!) { membership(id: $m) { protectedQueries { nodes { id } } } }`,
    { m: demo.m11 },
  );
  return res.data!.membership.protectedQueries.nodes.map((n) => n.id);
}

describe("the gateway's own retries", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway()));
  afterAll(() => g.close());
  afterEach(() => g.t.reset());

  it("resend a start after throttling (AWS throttles before acting): one run results", async () => {
    const before = await runIds(g);
    await g.t.resetCalls();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "StartProtectedQuery", throttleRate: 1, times: 1 }] });
    const res = await g.gql<Started>(START, { input: input() });
    expect(res.errors).toBeUndefined();
    expect(await starts(g)).toBe(2);
    const after = await runIds(g);
    expect(after.filter((id) => !before.includes(id))).toEqual([res.data!.startProtectedQuery.id]);
  });

  it("never resend a start after a server error: the error is mapped, one call made", async () => {
    await g.t.resetCalls();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "StartProtectedQuery", internalErrorRate: 1, times: 1 }] });
    const res = await g.gql(START, { input: input() });
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "UPSTREAM_ERROR", accountId: demo.advertiser });
    expect(await starts(g)).toBe(1);
  });

  it("never resend a start after a dropped connection", async () => {
    await g.t.resetCalls();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "StartProtectedQuery", dropRate: 1, times: 1 }] });
    const res = await g.gql(START, { input: input() });
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "ACCOUNT_UNAVAILABLE", accountId: demo.advertiser });
    expect(await starts(g)).toBe(1);
  });
});

describe("idempotencyKey, in memory", () => {
  let g: TestGateway;
  const ttlSeconds = 60;
  beforeAll(async () => (g = await startTestGateway({ idempotency: { ttlSeconds, now: () => g.t.emulator.clock.now() } })));
  afterAll(() => g.close());
  afterEach(() => g.t.reset());

  it("a repeat returns the first run (as it is now) and starts nothing", async () => {
    await g.t.resetCalls();
    const first = await g.gql<Started>(START, { input: input({ idempotencyKey: "k-repeat" }) });
    expect(first.errors).toBeUndefined();
    expect(first.data!.startProtectedQuery.status).toBe("SUBMITTED");
    await g.t.advance(3_000); // the emulator starts a run 2 s after submission
    const again = await g.gql<Started>(START, { input: input({ idempotencyKey: "k-repeat" }) });
    expect(again.errors).toBeUndefined();
    expect(again.data!.startProtectedQuery).toEqual({ ...first.data!.startProtectedQuery, status: "STARTED" });
    expect(await starts(g)).toBe(1);
  });

  it("the same key with a different input is a CONFLICT, and starts nothing", async () => {
    await g.t.resetCalls();
    expect((await g.gql(START, { input: input({ idempotencyKey: "k-diff" }) })).errors).toBeUndefined();
    const other = await g.gql(START, { input: input({ idempotencyKey: "k-diff", payerAccountId: demo.advertiser }) });
    expect(other.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "input.idempotencyKey" });
    expect(other.errors![0].message).toContain("different input");
    expect(await starts(g)).toBe(1);
  });

  it("a repeat while the first start is in flight waits for it and returns its run", async () => {
    await g.t.resetCalls();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "StartProtectedQuery", latencyMs: 400, times: 1 }] });
    const [a, b] = await Promise.all([
      g.gql<Started>(START, { input: input({ idempotencyKey: "k-flight" }) }),
      g.gql<Started>(START, { input: input({ idempotencyKey: "k-flight" }) }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.startProtectedQuery.id).toBe(a.data!.startProtectedQuery.id);
    expect(await starts(g)).toBe(1);
  });

  it("after a start whose outcome is unknown (AWS 5xx) the key refuses to start again", async () => {
    await g.t.resetCalls();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "StartProtectedQuery", internalErrorRate: 1, times: 1 }] });
    const failed = await g.gql(START, { input: input({ idempotencyKey: "k-5xx" }) });
    expect(failed.errors![0].extensions!.code).toBe("UPSTREAM_ERROR");
    const repeat = await g.gql(START, { input: input({ idempotencyKey: "k-5xx" }) });
    expect(repeat.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "input.idempotencyKey" });
    expect(repeat.errors![0].message).toContain("may or may not have started");
    expect(await starts(g)).toBe(1);
    // A new key is a new start.
    expect((await g.gql(START, { input: input({ idempotencyKey: "k-5xx-2" }) })).errors).toBeUndefined();
    expect(await starts(g)).toBe(2);
  });

  it("after AWS refused a start (4xx: nothing happened) the same key may try again", async () => {
    await g.t.resetCalls();
    // No output, and the membership has no default result configuration: AWS refuses, and its message is passed on.
    const refused = await g.gql(START, { input: input({ idempotencyKey: "k-4xx", output: null }) });
    expect(refused.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", accountId: demo.advertiser });
    expect(refused.errors![0].message).toContain("resultConfiguration");
    const again = await g.gql(START, { input: input({ idempotencyKey: "k-4xx", output: null }) });
    expect(again.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    expect(await starts(g)).toBe(2);
  });

  it("a payer refused before sending releases the key too", async () => {
    await g.t.resetCalls();
    const refused = await g.gql(START, { input: input({ idempotencyKey: "k-payer", payerAccountId: demo.analytics }) });
    expect(refused.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const again = await g.gql(START, { input: input({ idempotencyKey: "k-payer", payerAccountId: demo.analytics }) });
    expect(again.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    expect(await starts(g)).toBe(0);
  });

  it("forgets a key after its lifetime (ttlSeconds)", async () => {
    await g.t.resetCalls();
    const first = await g.gql<Started>(START, { input: input({ idempotencyKey: "k-ttl" }) });
    await g.t.advance((ttlSeconds + 1) * 1000);
    const later = await g.gql<Started>(START, { input: input({ idempotencyKey: "k-ttl" }) });
    expect(later.errors).toBeUndefined();
    expect(later.data!.startProtectedQuery.id).not.toBe(first.data!.startProtectedQuery.id);
    expect(await starts(g)).toBe(2);
  });

  it("works for jobs as for queries", async () => {
    await g.t.resetCalls();
    const job = `mutation($input: StartProtectedJobInput!) { startProtectedJob(input: $input) { id payerAccountId } }`;
    const jobInput = {
      membershipId: demo.m23,
      analysisTemplateArn: `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`,
      idempotencyKey: "k-job",
    };
    const a = await g.gql<{ startProtectedJob: { id: string } }>(job, { input: jobInput });
    const b = await g.gql<{ startProtectedJob: { id: string } }>(job, { input: jobInput });
    expect(a.errors).toBeUndefined();
    expect(b.data!.startProtectedJob.id).toBe(a.data!.startProtectedJob.id);
    expect((await g.t.calls()).byOperation.StartProtectedJob).toBe(1);
  });
});

describe("idempotencyKey in Redis, shared by two gateways", () => {
  let redis: TestRedis;
  let g: TestGateway;
  let second: Gateway;

  beforeAll(async () => {
    redis = await startTestRedis();
    g = await startTestGateway({ idempotency: { redisUrl: redis.url } });
    // A second replica: same emulator, same Redis.
    second = await startGateway({
      host: "127.0.0.1",
      port: 0,
      accounts: federatedAccounts(g.t),
      aws: {
        endpoint: g.t.url,
        stsEndpoint: g.t.url,
        baseCredentials: { accessKeyId: g.t.scenario.gateway.accessKeyId, secretAccessKey: g.t.scenario.gateway.secretAccessKey },
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        now: () => g.t.emulator.clock.now(),
      },
      log: () => {},
      logger: silentLogger,
      // The same operator as on the first replica: keys are per principal.
      auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [...FULL_ACCESS] }] },
      limits: { rateLimit: false },
      idempotency: { redisUrl: redis.url },
    });
  });
  afterAll(async () => {
    await second?.close();
    await g?.close();
    await redis?.stop();
  });

  async function onSecond<T>(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const res = await fetch(second.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    for (const p of LEAK_PATTERNS) if (p.test(text)) throw new Error(`response leaks ${p}: ${text.slice(0, 300)}`);
    return { status: res.status, ...(JSON.parse(text) as { data?: T; errors?: GraphQLResponse["errors"] }), text };
  }

  it("a repeat on the other replica returns the first run and starts nothing", async () => {
    await g.t.resetCalls();
    const first = await g.gql<Started>(START, { input: input({ idempotencyKey: "redis-1" }) });
    expect(first.errors).toBeUndefined();
    const again = await onSecond<Started>(START, { input: input({ idempotencyKey: "redis-1" }) });
    expect(again.errors).toBeUndefined();
    expect(again.data!.startProtectedQuery.id).toBe(first.data!.startProtectedQuery.id);
    const same = await g.gql<Started>(START, { input: input({ idempotencyKey: "redis-1" }) });
    expect(same.data!.startProtectedQuery.id).toBe(first.data!.startProtectedQuery.id);
    expect(await starts(g)).toBe(1);
  });

  it("the same key with a different input is a CONFLICT on either replica", async () => {
    await g.t.resetCalls();
    expect((await onSecond(START, { input: input({ idempotencyKey: "redis-2" }) })).errors).toBeUndefined();
    const other = await g.gql(START, { input: input({ idempotencyKey: "redis-2", payerAccountId: demo.advertiser }) });
    expect(other.errors![0].extensions!.code).toBe("CONFLICT");
    expect(await starts(g)).toBe(1);
  });

  it("concurrent starts with one key on both replicas start once", async () => {
    await g.t.resetCalls();
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "StartProtectedQuery", latencyMs: 300, times: 1 }] });
    const [a, b] = await Promise.all([
      g.gql<Started>(START, { input: input({ idempotencyKey: "redis-3" }) }),
      onSecond<Started>(START, { input: input({ idempotencyKey: "redis-3" }) }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.startProtectedQuery.id).toBe(a.data!.startProtectedQuery.id);
    expect(await starts(g)).toBe(1);
  });
});
