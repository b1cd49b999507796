/**
 * Requests as clients send them, over real HTTP: a GET query with a bearer
 * token and no content-type (urql's default, its persisted queries) runs;
 * without a token it is refused, and the CSRF rule still holds requests
 * without a preflighted header; a mutation over GET stays refused. Every
 * refusal of the gateway's own (401, 429, 413, bad JSON, a document limit, a
 * batch) answers in the media type Accept asks for, as Apollo's answers do,
 * so that Apollo Client 4 reads them as GraphQL errors.
 */
import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from "@apollo/client";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { createHash } from "node:crypto";
import { buildSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// First: it loads the graph's schema, and reflect-metadata with it, before server/ loads the graph's connection types.
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";
import { silentLogger } from "../../src/log/logger";
import { createGuard } from "../../src/server/guard";

const GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
/** What the clients send (node_modules/@apollo/client/link/http, @urql/core). */
const APOLLO_CLIENT_ACCEPT = "application/graphql-response+json,application/json;q=0.9";
const URQL_ACCEPT = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed";

let g: TestGateway;
/** The same gateway's code with a rate limit that a principal exhausts with one request. */
let throttled: TestGateway;

beforeAll(async () => {
  g = await startTestGateway({ limits: { maxAliases: 2, maxBodyBytes: 4096, maxBatchedOperations: 2 } });
  throttled = await startTestGateway({ sharedEmulator: g.t, limits: { rateLimit: { burst: 1, perSecond: 0.0001 } } });
});
afterAll(async () => {
  await throttled?.close();
  await g?.close();
});

interface Sent {
  method?: "GET" | "POST";
  /** GET: the query string's parameters; POST: the body (a string as is, else JSON). */
  params?: Record<string, unknown>;
  body?: unknown;
  /** The operator's token unless null (no Authorization). */
  token?: string | null;
  accept?: string;
  contentType?: string;
  headers?: Record<string, string>;
  gateway?: TestGateway;
}

interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** One request with exactly the headers given (fetch adds none that matter: no content-type on a GET). */
async function send(s: Sent): Promise<Answer> {
  const gateway = s.gateway ?? g;
  const url = new URL(gateway.gateway.url);
  const headers: Record<string, string> = { ...s.headers };
  const token = s.token === undefined ? OPERATOR_TOKEN : s.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (s.accept !== undefined) headers.accept = s.accept;
  if (s.contentType !== undefined) headers["content-type"] = s.contentType;
  let body: string | undefined;
  if ((s.method ?? "POST") === "GET") {
    for (const [k, v] of Object.entries(s.params ?? {})) url.searchParams.set(k, typeof v === "string" ? v : JSON.stringify(v));
  } else {
    body = typeof s.body === "string" ? s.body : JSON.stringify(s.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(url, { method: s.method ?? "POST", headers, body });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), headers: res.headers, body: JSON.parse(text) as Answer["body"] };
}

const code = (a: Answer) => a.body.errors?.[0]?.extensions?.code;

describe("GET queries as urql sends them", () => {
  const query = "query Accounts { accounts { accountId } }";

  it("runs a query sent as GET with a bearer token and no content-type", async () => {
    const res = await send({ method: "GET", params: { query, operationName: "Accounts" }, accept: URQL_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.accounts as unknown[]).length).toBe(g.accounts.length);
    expect(res.contentType).toBe(GRAPHQL_RESPONSE);
  });

  it("runs urql's persisted queries over GET: a hash alone is a miss, then hash and query run", async () => {
    const hashed = "query PersistedAccounts { accounts { accountId } }";
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(hashed).digest("hex") } };
    const miss = await send({ method: "GET", params: { operationName: "PersistedAccounts", extensions }, accept: URQL_ACCEPT });
    expect(miss.body.errors?.[0]?.message).toBe("PersistedQueryNotFound"); // what urql's persistedExchange looks for
    const registered = await send({ method: "GET", params: { query: hashed, operationName: "PersistedAccounts", extensions }, accept: URQL_ACCEPT });
    expect(registered.status).toBe(200);
    expect(registered.body.errors).toBeUndefined();
    const hit = await send({ method: "GET", params: { operationName: "PersistedAccounts", extensions }, accept: URQL_ACCEPT });
    expect(hit.status).toBe(200);
    expect(hit.body).toEqual(registered.body);
  });

  it("refuses a GET without a token (401) before anything runs", async () => {
    await g.t.resetCalls();
    const res = await send({ method: "GET", params: { query }, token: null });
    expect(res.status).toBe(401);
    expect(code(res)).toBe("UNAUTHENTICATED");
    expect(res.body.data ?? null).toBeNull();
    // A form's simple POST (text/plain, no token) likewise.
    const form = await send({ body: JSON.stringify({ query }), contentType: "text/plain", token: null });
    expect(form.status).toBe(401);
    expect((await g.t.calls()).total).toBe(0);
  });

  it("refuses a mutation over GET (405, Allow: POST), even with a token, and runs nothing", async () => {
    await g.t.resetCalls();
    const mutation = 'mutation Cancel { cancelProtectedQuery(membershipId: "bbbbbbbb-0001-4000-8000-000000000001", id: "x") { id } }';
    const res = await send({ method: "GET", params: { query: mutation }, accept: APOLLO_CLIENT_ACCEPT });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(code(res)).toBe("BAD_USER_INPUT");
    expect((await g.t.calls()).total).toBe(0);
  });
});

describe("the CSRF rule (Apollo's, with Authorization among the preflighted headers)", () => {
  // Authentication comes first over HTTP, so no request without a token reaches the rule there: it is checked on
  // Apollo with the guard's settings, as the gateway builds them.
  let apollo: ApolloServer;
  beforeAll(async () => {
    const schema = buildSchema("type Query { hello: String }");
    const guard = createGuard({ auth: { apiKeys: [{ sha256: "a".repeat(64), principal: "p", grants: [] }] } }, schema, silentLogger, () => {});
    apollo = new ApolloServer({ schema, rootValue: { hello: "world" }, ...guard.apollo });
    await apollo.start();
  });
  afterAll(() => apollo?.stop());

  const run = async (method: "GET" | "POST", headers: Record<string, string>) => {
    const res = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method,
        headers: new HeaderMap(Object.entries(headers)),
        search: method === "GET" ? "?query=%7Bhello%7D" : "",
        body: method === "POST" ? { query: "{hello}" } : undefined,
      },
      context: async () => ({}),
    });
    return { status: res.status ?? 200, text: res.body.kind === "complete" ? res.body.string : "" };
  };

  it("refuses a simple request (no content-type, or a form's) without a preflighted header", async () => {
    for (const [method, headers] of [
      ["GET", {}],
      ["GET", { accept: "*/*" }],
      ["POST", { "content-type": "text/plain" }],
      ["POST", { "content-type": "application/x-www-form-urlencoded" }],
    ] as const) {
      const res = await run(method, headers);
      expect(res.status, `${method} ${JSON.stringify(headers)}`).toBe(400);
      expect(res.text).toMatch(/Cross-Site Request Forgery/);
    }
  });

  it("runs it with a bearer token, or with Apollo's preflight headers", async () => {
    const preflighted: Record<string, string>[] = [{ authorization: "Bearer t" }, { "apollo-require-preflight": "true" }, { "x-apollo-operation-name": "Q" }];
    for (const headers of preflighted) {
      const res = await run("GET", headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ data: { hello: "world" } });
    }
  });
});

describe("the gateway's refusals follow Accept", () => {
  const refusals: { name: string; status: number; code: string; request: Sent }[] = [
    { name: "no token (401)", status: 401, code: "UNAUTHENTICATED", request: { body: { query: "{ __typename }" }, token: null } },
    { name: "a bad token (401)", status: 401, code: "UNAUTHENTICATED", request: { body: { query: "{ __typename }" }, token: "not-a-token-we-know" } },
    { name: "a GET without a token (401)", status: 401, code: "UNAUTHENTICATED", request: { method: "GET", params: { query: "{ __typename }" }, token: null } },
    { name: "a body over the size bound (413)", status: 413, code: "BAD_USER_INPUT", request: { body: { query: "{ __typename }", variables: { pad: "x".repeat(5000) } } } },
    { name: "a body that is not JSON (400)", status: 400, code: "BAD_USER_INPUT", request: { body: '{"query": ' } },
    { name: "a document over a limit (400)", status: 400, code: "BAD_USER_INPUT", request: { body: { query: "{ a: __typename b: __typename c: __typename }" } } },
    { name: "a batch over the bound (400)", status: 400, code: "BAD_USER_INPUT", request: { body: [1, 2, 3].map(() => ({ query: "{ __typename }" })) } },
    { name: "a principal over its rate (429)", status: 429, code: "THROTTLED", request: { body: { query: "{ __typename }" }, gateway: undefined } },
  ];

  beforeAll(async () => {
    // The throttled gateway's bucket holds one token: spend it.
    expect((await send({ gateway: throttled, body: { query: "{ __typename }" } })).status).toBe(200);
    refusals.find((r) => r.status === 429)!.request.gateway = throttled;
  });

  for (const r of refusals) {
    it(`${r.name}: application/graphql-response+json when asked for, application/json otherwise`, async () => {
      for (const [accept, expected] of [
        ["application/graphql-response+json", GRAPHQL_RESPONSE],
        [APOLLO_CLIENT_ACCEPT, GRAPHQL_RESPONSE],
        [URQL_ACCEPT, GRAPHQL_RESPONSE],
        ["application/json", JSON_TYPE],
        [undefined, JSON_TYPE],
      ] as const) {
        const res = await send({ ...r.request, accept });
        expect(res.status, `${accept}`).toBe(r.status);
        expect(res.contentType, `${accept}`).toBe(expected);
        expect(code(res), `${accept}`).toBe(r.code);
        expect(res.body.data ?? null).toBeNull();
      }
    });
  }

  it("chooses the media type Apollo chooses for its own answers, whatever the Accept", async () => {
    const accepts = [
      undefined,
      "*/*",
      "application/*",
      "application/json",
      "application/graphql-response+json",
      "application/json, application/graphql-response+json",
      "application/json;q=0.5, application/graphql-response+json",
      APOLLO_CLIENT_ACCEPT,
      URQL_ACCEPT,
      "text/html",
    ];
    for (const accept of accepts) {
      const ours = await send({ body: { query: "{ __typename }" }, token: null, accept });
      const apollosRefusal = await send({ body: { query: "{ noSuchField }" }, accept });
      const apollosAnswer = await send({ body: { query: "{ __typename }" }, accept });
      expect(ours.status, `${accept}`).toBe(401);
      expect(apollosRefusal.status, `${accept}`).toBeGreaterThanOrEqual(400); // 406 for an Accept with neither JSON type
      expect(ours.contentType, `${accept}: Apollo's refusal`).toBe(apollosRefusal.contentType);
      if (apollosAnswer.status === 200) expect(ours.contentType, `${accept}: Apollo's answer`).toBe(apollosAnswer.contentType);
    }
  });

  it("Apollo Client 4 reads a refusal as CombinedGraphQLErrors carrying our code", async () => {
    const client = (token: string) =>
      new ApolloClient({ cache: new InMemoryCache(), link: new HttpLink({ uri: g.gateway.url, headers: { Authorization: `Bearer ${token}` } }) });
    const unauthenticated = await client("not-a-token-we-know").query({ query: gql("query Accounts { accounts { accountId } }"), errorPolicy: "all" });
    expect(CombinedGraphQLErrors.is(unauthenticated.error)).toBe(true);
    expect((unauthenticated.error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe("UNAUTHENTICATED");
    const tooMany = await client(OPERATOR_TOKEN).query({ query: gql("query Aliases { a: accounts { accountId } b: accounts { accountId } c: accounts { accountId } }"), errorPolicy: "all" });
    expect(CombinedGraphQLErrors.is(tooMany.error), String(tooMany.error)).toBe(true);
    expect((tooMany.error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
