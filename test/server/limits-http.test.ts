/**
 * The request limits over HTTP: each refusal is a 4xx with a GraphQL error
 * whose message names the kind of limit and never its value, and is made
 * before any AWS call.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/server/limits/limits";
import { startTestGateway, type TestGateway } from "../support/gateway";

const limits = { maxDepth: 6, maxCost: 5_000, maxAliases: 4, maxRepeatedField: 3, maxTokens: 400, maxBatchedOperations: 3, maxBodyBytes: 8 * 1024 };
const numbers = Object.values(limits).map(String);

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ limits })));
afterAll(() => g.close());

async function refused(body: unknown, status = 400) {
  await g.t.resetCalls();
  const res = await g.post(body);
  expect(res.status).toBe(status);
  const parsed = JSON.parse(res.text) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
  expect(parsed.data ?? null).toBeNull();
  expect(parsed.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  for (const n of numbers) expect(parsed.errors[0].message, "the message states a limit").not.toMatch(new RegExp(`\\b${n}\\b`));
  expect((await g.t.calls()).total).toBe(0);
  return parsed.errors[0].message;
}

const nest = (levels: number) => {
  // collaborations { nodes { changeRequests { nodes { collaboration { ... id } } } } }: 4 levels per round
  let q = "id";
  for (let i = 0; i < levels; i++) q = `collaboration { changeRequests(first: 1) { nodes { ${q} } } }`;
  return q;
};

describe("document limits", () => {
  it("answers a document within every limit", async () => {
    const res = await g.gql("{ a: accounts { accountId } b: accounts { alias } }");
    expect(res.errors).toBeUndefined();
  });

  it("refuses a document nested too deeply", async () => {
    const ok = await g.gql(`{ changeRequest(collaborationId: "x", id: "y") { ${nest(1)} } }`); // depth 6
    expect(ok.errors).toBeUndefined();
    expect(await refused({ query: `{ changeRequest(collaborationId: "x", id: "y") { ${nest(2)} } }` })).toMatch(/nested too deeply/);
  });

  it("refuses a document that could return too much, and answers it with smaller pages", async () => {
    const q = (n: number) => `{ collaborations(first: ${n}) { nodes { id changeRequests(first: ${n}) { nodes { id status } } } } }`;
    // cost = n * (1 + 1 + 1 + n * (1 + 2)) with edges/nodes counted once per page
    expect(await refused({ query: q(50) })).toMatch(/too much data/);
    const small = await g.gql(q(10));
    expect(small.errors).toBeUndefined();
  });

  it("refuses too many aliases", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: accounts { accountId }`).join(" ")} }`;
    expect((await g.gql(aliases(4))).errors).toBeUndefined();
    expect(await refused({ query: aliases(5) })).toMatch(/too many aliases/);
  });

  it("refuses a field repeated too often in one selection, inline fragments included", async () => {
    expect(await refused({ query: "{ accounts { accountId } accounts { alias } ... on Query { accounts { region } accounts { status } } }" })).toMatch(/repeats a field/);
  });

  it("refuses a document with too many tokens, without saying how many", async () => {
    const variables = Array.from({ length: 150 }, (_, i) => `$v${i}: Int`).join(" "); // 600 tokens, nothing else wrong
    expect(await refused({ query: `query(${variables}) { __typename }` })).toMatch(/too large/);
  });

  it("refuses a body over the size bound with 413", async () => {
    const message = await refused({ query: "{ accounts { accountId } }", variables: { pad: "x".repeat(limits.maxBodyBytes) } }, 413);
    expect(message).toMatch(/too large/);
  });

  it("answers a batch within the bound, and refuses a larger one before running any of it", async () => {
    const op = { query: "{ accounts { accountId } }" };
    const res = await g.post([op, op, op]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveLength(3);
    expect(await refused([op, op, op, op])).toMatch(/too many operations/);
  });

  it("refuses a body that is not JSON as a GraphQL error, not an HTML page", async () => {
    const res = await g.post("{ this is not json");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("requests GraphQL cannot serve here, refused in its words", () => {
  it("refuses a subscription over HTTP with 400 (they are served over WebSocket)", async () => {
    const res = await g.post({ query: 'subscription { protectedQueryStatusChanged(membershipId: "m", id: "q") { id } }' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0]).toMatchObject({ message: expect.stringMatching(/WebSocket/), extensions: { code: "BAD_USER_INPUT" } });
  });

  it("refuses a persisted-query hash that does not match its query as the caller's mistake", async () => {
    const res = await g.post({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "deadbeef" } } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("answers headers too large for Node's parser with a GraphQL error, not a bare status line", async () => {
    const res = await g.post({ query: "{ __typename }" }, { headers: { "x-padding": "p".repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("introspection and suggestions", () => {
  it("are off by default: no __schema, and no 'Did you mean'", async () => {
    expect(await refused({ query: "{ __schema { types { name } } }" })).toMatch(/Introspection is disabled/);
    expect(await refused({ query: '{ __type(name: "Query") { name } }' })).toMatch(/Introspection is disabled/);
    const typo = await g.post({ query: "{ acounts { accountId } }" });
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/Did you mean/);
    expect((await g.gql("{ __typename }")).data).toEqual({ __typename: "Query" });
  });

  it("are on when configured (as in demo mode)", async () => {
    const open = await startTestGateway({ introspection: true, fieldSuggestions: true });
    try {
      const res = await open.gql<{ __schema: { queryType: { name: string } } }>("{ __schema { queryType { name } } }");
      expect(res.data!.__schema.queryType.name).toBe("Query");
      const typo = await open.post({ query: "{ acounts { accountId } }" });
      expect(JSON.parse(typo.text).errors[0].message).toMatch(/Did you mean "accounts"/);
    } finally {
      await open.close();
    }
  });
});

describe("the default limits", () => {
  it("let the frontend's dashboard through", async () => {
    const defaults = await startTestGateway();
    try {
      const res = await defaults.gql(readFileSync("schema/operations/dashboard.graphql", "utf8"));
      expect(res.errors).toBeUndefined();
    } finally {
      await defaults.close();
    }
  });

  it("bound every dimension", () => {
    expect(DEFAULT_LIMITS.maxDepth).toBeLessThanOrEqual(20);
    expect(DEFAULT_LIMITS.maxAliases).toBeLessThanOrEqual(100);
    expect(DEFAULT_LIMITS.maxBatchedOperations).toBeLessThanOrEqual(20);
    expect(DEFAULT_LIMITS.rateLimit).not.toBe(false);
  });
});
