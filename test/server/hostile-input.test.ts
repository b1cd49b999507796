/**
 * Hostile input: over 10,000 generated requests (deep, wide, aliased,
 * malformed, oversized, mistyped variables, batched arrays, odd transports),
 * made deterministically from a seeded PRNG, against the gateway with its
 * production defaults (the rate limit aside). Every response must be
 * well-formed GraphQL over HTTP with a 2xx or 4xx status, carry no internal
 * detail (stack, role ARN, credential, request id: test/support's leak
 * patterns), and no request may cause an internal error; the gateway must
 * answer normally afterwards.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors/codes";
import { demo } from "../support/emulator";
import { LEAK_PATTERNS, startTestGateway, type TestGateway } from "../support/gateway";
import { advertiserReader } from "../auth/boundary-world";
import { seededRandom } from "../../src/emulator/random";
import { closed, init, opened, upgrade } from "./door-gateway";

const REQUESTS = 10_000;
const CONCURRENCY = 8;
const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

let g: TestGateway;
/** Internal errors the gateway logged, by correlation id (shown when a response carries one). */
const logged = new Map<string, unknown>();
beforeAll(async () => (g = await startTestGateway({ principals: [advertiserReader], log: (id, e) => logged.set(id, e) })));
afterAll(() => g.close());

// ---- a seeded PRNG and helpers ------------------------------------------------

function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const IDS = [demo.retailMedia, demo.audienceInsights, demo.partnerPanel, demo.m11, demo.m13, demo.m23, demo.pendingPayerRequest, "00000000-0000-4000-8000-000000000000", "", "x", "../../etc/passwd", "' OR 1=1 --", "%00", "\u0000", "😀".repeat(50)];
const ACCOUNT_IDS = [demo.advertiser, demo.analytics, demo.publisher, demo.partner, "000000000000", "1", "not-an-account", ""];
const NAMES = ["accounts", "account", "collaborations", "collaboration", "membership", "changeRequest", "protectedQuery", "protectedJob", "__typename", "__schema", "__type", "nope", "constructor", "__proto__", "toString"];

/** A strange value of any JSON type. */
function junk(r: Rng, depth = 0): unknown {
  switch (r.int(0, 11)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 101, 100, 1]);
    case 3: return r.pick(IDS);
    case 4: return "x".repeat(r.int(0, 5000));
    case 5: return String.fromCharCode(...Array.from({ length: r.int(1, 40) }, () => r.int(0, 0xd7ff)));
    case 6: return depth > 3 ? [] : Array.from({ length: r.int(0, 5) }, () => junk(r, depth + 1));
    case 7: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: r.int(0, 5) }, (_, i) => [r.pick(["a", "__proto__", "constructor", "membershipId", `k${i}`]), junk(r, depth + 1)]));
    case 8: return r.pick(["ACTIVE", "PENDING", "QUERY_COMPUTE", "NOPE", "active", "CR_1X", "CR.1X"]);
    case 9: return r.pick(ACCOUNT_IDS);
    case 10: return "eyJ0IjoiYWJjIn0"; // a cursor-shaped string
    default: return Array.from({ length: r.int(0, 200) }, () => r.int(0, 9));
  }
}

// ---- document generators -----------------------------------------------------------

const CHAIN = ["collaboration", "changeRequests(first: 2)", "nodes", "collaboration", "memberships", "protectedQueries", "nodes", "membership", "collaboration", "members", "membership", "account"];

/** Deep: a real path nested many times, or nonsense nested deeper still. */
function deep(r: Rng): string {
  const levels = r.int(1, 60);
  if (r.chance(0.5)) {
    let inner = "id";
    for (let i = 0; i < levels; i++) inner = `${CHAIN[i % CHAIN.length]} { ${i % CHAIN.length === 0 ? "id " : ""}${inner} }`;
    return `{ changeRequest(collaborationId: "${demo.retailMedia}", id: "${demo.pendingPayerRequest}") { ${inner.replace(/^collaboration \{ /, "collaboration { id ")} } }`;
  }
  return `{ ${"a { ".repeat(levels)}b${" }".repeat(levels)} }`;
}

/** Wide: many fields, repeated or not, some unknown. */
function wide(r: Rng): string {
  const n = r.int(10, 1200);
  const fields = Array.from({ length: n }, () => r.pick(["accountId", "alias", "region", "status", "nope", "__typename"]));
  return `{ accounts { ${fields.join(" ")} } }`;
}

/** Aliased: the same root field under many names, with varied arguments. */
function aliased(r: Rng): string {
  const n = r.int(1, 300);
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${r.pick(["account", "collaboration"])}(${r.chance(0.5) ? `accountId: "${r.pick(ACCOUNT_IDS)}"` : `id: "${r.pick(IDS).replace(/["\\]/g, "")}"`}) { __typename }`).join(" ")} }`;
}

/** Fragments: cycles, fan-out, unknown types and spreads. */
function fragments(r: Rng): string {
  switch (r.int(0, 3)) {
    case 0: return "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    case 1: {
      const n = r.int(5, 60);
      let doc = "query Q { ...F0 }";
      for (let i = 0; i < n; i++) doc += ` fragment F${i} on Query { accounts { accountId } ...F${i + 1} ...F${i + 1} }`;
      return `${doc} fragment F${n} on Query { __typename }`;
    }
    case 2: return "{ ...Missing ... on Nope { x } }";
    default: return `query { collaborations { nodes { ...C } } } fragment C on Collaboration { ${"...C ".repeat(r.int(1, 20))} id }`;
  }
}

const VALID = [
  "{ accounts { accountId alias status } }",
  `query($id: ID!) { collaboration(id: $id) { id name members { accountId displayName } } }`,
  `query($id: ID!) { membership(id: $id) { id status protectedQueries(first: 3) { nodes { id status } } } }`,
  `query($first: Int, $after: String) { collaborations(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
  `query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { id status receivers { accountId } } }`,
  `query($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { id status approvals { accountId status } } }`,
  `query($a: String!, $s: MembershipStatus) { account(accountId: $a) { accountId memberships(status: $s) { nodes { id } } } }`,
  `query($id: ID!, $t: CostType!) { collaboration(id: $id) { payerCandidates(costType: $t) { accountId } defaultPayer(costType: $t) { accountId } } }`,
  `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`,
  `mutation($c: ID!, $r: ID!, $as: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $as) { id } }`,
  `mutation($m: ID!, $p: MembershipPaymentConfigurationInput!) { updateMembershipPaymentConfiguration(membershipId: $m, paymentConfiguration: $p) { id } }`,
  `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id } }`,
];

/** Malformed: a valid document cut, spliced, or sprinkled with noise. */
function malformed(r: Rng): string {
  const doc = r.pick(VALID);
  switch (r.int(0, 6)) {
    case 0: return doc.slice(0, r.int(0, doc.length - 1));
    case 1: return doc.slice(r.int(1, doc.length));
    case 2: {
      const i = r.int(0, doc.length);
      return doc.slice(0, i) + r.pick(["{", "}", "(", ")", '"', "$", "@", "...", "#", "\\", "\u0000", "\ud800", "query", ":"]) + doc.slice(i);
    }
    case 3: return "{".repeat(r.int(1, 3000));
    case 4: return `"${"\\u".repeat(r.int(1, 100))}"`;
    case 5: return `{ ${r.pick(NAMES)} @${r.pick(["skip", "include", "deprecated", "nope"])}(if: ${r.pick(["true", "$x", '"s"', "1"])}) { id } }`;
    default: return Array.from({ length: r.int(1, 200) }, () => String.fromCharCode(r.int(0, 127))).join("");
  }
}

/** Variables of the wrong types (or of no type at all) for valid documents. */
function wrongVariables(r: Rng): Record<string, unknown> | unknown {
  if (r.chance(0.1)) return junk(r); // not even an object
  const names = ["id", "m", "c", "r", "a", "s", "t", "first", "after", "input", "p", "as", "__proto__"];
  return Object.fromEntries(Array.from({ length: r.int(0, 6) }, () => [r.pick(names), junk(r)]));
}

/** One request body (or raw text) and how to send it. */
interface Hostile {
  body: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  method?: string;
}

function request(r: Rng, i: number): Hostile {
  const kind = i % 12;
  const op = (query: unknown, variables?: unknown, extra: Record<string, unknown> = {}) => ({ query, ...(variables === undefined ? {} : { variables }), ...extra });
  switch (kind) {
    case 0: return { body: op(deep(r)) };
    case 1: return { body: op(wide(r)) };
    case 2: return { body: op(aliased(r)) };
    case 3: return { body: op(malformed(r), r.chance(0.5) ? wrongVariables(r) : undefined) };
    case 4: return { body: op(r.pick(VALID), wrongVariables(r)) };
    case 5: return { body: op(fragments(r)) };
    case 6: {
      // Batched arrays: of operations, of junk, empty, or too many.
      const n = r.pick([0, 1, 2, 5, 10, 11, 50]);
      return { body: Array.from({ length: n }, () => (r.chance(0.7) ? op(r.chance(0.5) ? r.pick(VALID) : malformed(r), wrongVariables(r)) : junk(r))) };
    }
    case 7: {
      // Oversized: a body over the bound (rarely: they are big), or a huge string within it.
      const over = i % 480 === 7;
      return { body: op(r.pick(VALID), { id: "x".repeat(over ? 1_100_000 : r.int(1000, 50_000)) }) };
    }
    case 8: {
      // Bodies that are not GraphQL requests at all.
      const raw = r.pick<unknown>([
        "", "null", "[]", "{}", "42", '"query"', "{\"query\":", "{'query': '{ accounts { accountId } }'}", "\u0000\u0001", "[[[[[[[[[[]]]]]]]]]]",
        JSON.stringify({ query: null }), JSON.stringify({ query: 42 }), JSON.stringify({ query: ["{ accounts { accountId } }"] }),
        JSON.stringify({ query: "{ accounts { accountId } }", variables: "not an object" }),
        JSON.stringify({ query: "{ accounts { accountId } }", operationName: 7 }),
        JSON.stringify({ query: "query A { __typename } query B { __typename }" }),
        JSON.stringify({ query: "query A { __typename } query B { __typename }", operationName: "C" }),
        JSON.stringify({ query: "subscription { protectedQueryStatusChanged(membershipId: \"x\", id: \"y\") { id } }" }),
        JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
        JSON.stringify({ query: "{ accounts { accountId } }", extensions: { persistedQuery: { version: 1, sha256Hash: "deadbeef" } } }),
        JSON.stringify(junk(r)),
      ]);
      return { body: raw as string };
    }
    case 9: {
      // Odd transports: other methods, content types, encodings, GET with a query string.
      const v = r.int(0, 4);
      if (v === 0) return { body: op(r.pick(VALID)), headers: { "content-type": r.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=latin1"]) } };
      if (v === 1) return { body: op(r.pick(VALID)), headers: { "content-encoding": r.pick(["gzip", "deflate", "br", "x-nope"]) } };
      if (v === 2) return { body: "", method: r.pick(["PUT", "DELETE", "PATCH"]) };
      return { body: op(r.pick(VALID), wrongVariables(r)), headers: { "apollo-require-preflight": "1" }, method: "GET" };
    }
    case 10: {
      // Principals: none, bad, another's, or a restricted one probing others' resources.
      const token = r.pick<string | null>([null, "wrong-token", "a.b.c", "x".repeat(9000), advertiserReader.token, advertiserReader.token]);
      return { body: op(r.pick(VALID), { id: r.pick(IDS), m: r.pick(IDS), c: r.pick(IDS), a: r.pick(ACCOUNT_IDS), input: junk(r) }), token };
    }
    default: {
      // Introspection probes and typos (suggestions are off), with unknown arguments.
      return { body: op(r.pick(["{ __schema { types { name fields { name } } } }", '{ __type(name: "Query") { fields { name } } }', "{ acount(accountId: \"1\") { id } }", "{ accounts(first: 1) { accountId } }", `{ ${r.pick(NAMES)} }`])) };
    }
  }
}

// ---- sending and checking --------------------------------------------------------------

interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

async function send(h: Hostile): Promise<Outcome> {
  const token = h.token === undefined ? g.token : h.token;
  const headers: Record<string, string> = { "content-type": "application/json", ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...h.headers };
  const method = h.method ?? "POST";
  let url = g.gateway.url;
  let body: string | undefined = typeof h.body === "string" ? h.body : JSON.stringify(h.body);
  if (method === "GET") {
    const b = (h.body ?? {}) as { query?: unknown; variables?: unknown };
    url += `?query=${encodeURIComponent(String(b.query))}&variables=${encodeURIComponent(JSON.stringify(b.variables ?? {}))}`;
    body = undefined;
  }
  const res = await fetch(url, { method, headers, body });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** Why a response is not well-formed GraphQL over HTTP, or undefined when it is. */
function problem(o: Outcome): string | undefined {
  if (o.status < 200 || o.status >= 500) return `status ${o.status}`;
  for (const p of LEAK_PATTERNS) if (p.test(o.text)) return `leaks ${p}`;
  if (!/^application\/(json|graphql-response\+json)/.test(o.contentType)) return `content-type ${o.contentType}`;
  let body: unknown;
  try {
    body = JSON.parse(o.text);
  } catch {
    return "body is not JSON";
  }
  const results = Array.isArray(body) ? body : [body];
  if (results.length === 0) return "empty batch response";
  for (const result of results) {
    if (result === null || typeof result !== "object" || Array.isArray(result)) return "a result is not an object";
    const { data, errors, ...rest } = result as { data?: unknown; errors?: unknown };
    if (Object.keys(rest).some((k) => k !== "extensions")) return `unexpected keys ${Object.keys(rest)}`;
    if (data === undefined && errors === undefined) return "neither data nor errors";
    if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) return "data is not an object";
    if (errors !== undefined) {
      if (!Array.isArray(errors) || errors.length === 0) return "errors is not a non-empty list";
      for (const e of errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
        if (typeof e?.message !== "string") return "an error without a message";
        const code = String(e.extensions?.code);
        if (!CODES.has(code)) return `error code ${code} is not the contract's`;
        if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
          const cause = logged.get(String((e.extensions as { correlationId?: unknown }).correlationId));
          return `an internal error: ${cause instanceof Error ? cause.stack : String(cause)}`;
        }
      }
    }
    // A batch shares one status: a refused operation in it may stand beside answered ones.
    if (o.status >= 400 && !Array.isArray(body) && data !== undefined && data !== null) return "data with a 4xx status";
  }
  return undefined;
}

it(`answers ${REQUESTS} hostile requests with well-formed GraphQL, 2xx or 4xx, and nothing internal`, async () => {
  const r = prng(0x5eed_c0de);
  const requests = Array.from({ length: REQUESTS }, (_, i) => request(r, i));
  const documents = requests.reduce((n, h) => n + (Array.isArray(h.body) ? h.body.length : 1), 0);
  expect(documents).toBeGreaterThanOrEqual(10_000);
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const i = next++;
        const outcome = await send(requests[i]);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const p = problem(outcome);
        if (p && failures.length < 10) failures.push(`#${i} (kind ${i % 12}): ${p}\n  request: ${JSON.stringify(requests[i]).slice(0, 300)}\n  response: ${outcome.text.slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`hostile input: ${REQUESTS} requests (${documents} documents and variable sets) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  expect(failures, failures.join("\n")).toEqual([]);
  // Every kind was exercised: refusals of each family and real answers both occurred.
  for (const s of [200, 400, 401, 413]) expect(statuses.get(s) ?? 0, `status ${s}`).toBeGreaterThan(0);
}, 300_000);

// ---- recursive and oversized inputs ------------------------------------------------------

/** An output that distributes to an output that distributes … `levels` times (ProtectedQueryOutputInput holds itself), as JSON text (JSON.stringify would itself run out of stack). */
const distributedJson = (levels: number): string =>
  `${'{"distribute":['.repeat(levels)}{"member":{"accountId":"${demo.advertiser}"}}${"]}".repeat(levels)}`;
const START = "mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }";
const NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }";
/** A request body as JSON text, with variables given as JSON text. */
const raw = (query: string, variables: string): string => `{"query":${JSON.stringify(query)},"variables":${variables}}`;
const startVariables = (output: string) => `{"input":{"membershipId":"${demo.m11}","sqlParameters":{"queryString":"SELECT 1"},"output":${output}}}`;
const inlineDistribute = (levels: number) => `${"{ distribute: [".repeat(levels)}{ member: { accountId: "${demo.advertiser}" } }${"] }".repeat(levels)}`;
const deepList = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

const RECURSIVE: [string, Hostile][] = [
  ["distribute nested 1,000 levels in variables", { body: raw(START, startVariables(distributedJson(1_000))) }],
  ["distribute nested 10,000 levels in variables", { body: raw(START, startVariables(distributedJson(10_000))) }],
  ["distribute nested 20 levels in variables", { body: raw(START, startVariables(distributedJson(20))) }],
  ["a list nested 5,000 levels in variables", { body: raw(NODES, `{"ids":${deepList(5_000)}}`) }],
  ["an object nested 5,000 levels in an unused variable", { body: raw("{ accounts { accountId } }", `{"x":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}`) }],
  ["a list nested 1,000 levels in variables, over GET", { body: { query: NODES, variables: { ids: JSON.parse(deepList(1_000)) } }, method: "GET", headers: { "apollo-require-preflight": "1" } }],
  ["distribute nested 1,000 levels in variables, in a batch", { body: `[{"query":"{ accounts { accountId } }"},${raw(START, startVariables(distributedJson(1_000)))}]` }],
  ["distribute nested 1,000 levels inline", { body: { query: `mutation { startProtectedQuery(input: { membershipId: "${demo.m11}", sqlParameters: { queryString: "SELECT 1" }, output: ${inlineDistribute(1_000)} }) { id } }` } }],
  ["distribute nested 100 levels inline (within the token bound)", { body: { query: `mutation { startProtectedQuery(input: { membershipId: "${demo.m11}", sqlParameters: { queryString: "SELECT 1" }, output: ${inlineDistribute(100)} }) { id } }` } }],
  ["a deep list as an inline default value", { body: { query: `query($ids: [ID!] = ${deepList(100)}) { nodes(ids: $ids) { __typename } }` } }],
  ["a huge flat variables object", { body: { query: "{ accounts { accountId } }", variables: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, i])) } }],
  ["a huge flat list variable", { body: { query: NODES, variables: { ids: Array.from({ length: 100_000 }, (_, i) => String(i)) } } }],
];

it("refuses recursive and oversized inputs as BAD_USER_INPUT before GraphQL coerces them: no AWS call, nothing internal", async () => {
  await g.t.resetCalls();
  const before = logged.size;
  for (const [name, h] of RECURSIVE) {
    const outcome = await send(h);
    expect(problem(outcome), `${name}: ${outcome.text.slice(0, 300)}`).toBeUndefined();
    expect(outcome.status, name).toBe(400);
    const body = JSON.parse(outcome.text);
    const errors = (Array.isArray(body) ? body.flatMap((r: { errors?: unknown[] }) => r.errors ?? []) : body.errors) as { message: string; extensions: { code: string } }[];
    expect(errors.map((e) => e.extensions.code), name).toContain(ErrorCode.BAD_USER_INPUT);
    // The refusal names the kind of bound, and no part of the value.
    for (const e of errors) expect(e.message, name).not.toMatch(/distribute|111111111111|\[\[|\{"a"/);
  }
  expect(logged.size).toBe(before);
  expect((await g.t.calls()).total).toBe(0);
});

/** The same refusals over graphql-ws: each operation's `error` message, sent as text (as the bodies above). */
const OVER_WS: [string, string, string][] = [
  ["distribute nested 1,000 levels in variables", START, startVariables(distributedJson(1_000))],
  ["distribute nested 10,000 levels in variables", START, startVariables(distributedJson(10_000))],
  ["a list nested 5,000 levels in variables", NODES, `{"ids":${deepList(5_000)}}`],
  ["an object nested 5,000 levels in an unused variable", "{ accounts { accountId } }", `{"x":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}`],
  ["a huge flat list variable", NODES, JSON.stringify({ ids: Array.from({ length: 100_000 }, (_, i) => String(i)) })],
];

it("refuses recursive and oversized inputs over graphql-ws the same way: an error message, BAD_USER_INPUT, no AWS call", async () => {
  await g.t.resetCalls();
  const before = logged.size;
  const socket = opened(await upgrade(g.gateway));
  try {
    expect(await init(socket, g.token)).toBe("acked");
    const answers = new Map<string, { type: string; payload: unknown }>();
    const waiting = new Map<string, () => void>();
    socket.on("message", (data) => {
      const m = JSON.parse(data.toString()) as { id?: string; type: string; payload: unknown };
      if (m.id === undefined || m.type === "complete") return;
      answers.set(m.id, m);
      waiting.get(m.id)?.();
    });
    const send = (id: string, query: string, variables: string) =>
      new Promise<{ type: string; payload: unknown }>((resolve) => {
        waiting.set(id, () => resolve(answers.get(id)!));
        socket.send(`{"id":"${id}","type":"subscribe","payload":{"query":${JSON.stringify(query)},"variables":${variables}}}`);
      });
    for (const [i, [name, query, variables]] of OVER_WS.entries()) {
      const answer = await send(String(i), query, variables);
      expect(answer.type, name).toBe("error");
      const errors = answer.payload as { message: string; extensions: { code: string } }[];
      expect(errors.map((e) => e.extensions.code), name).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect(errors[0].message, name).toMatch(/nested too deeply|too many values/);
      expect(errors[0].message, name).not.toMatch(/distribute|111111111111|\[\[|\{"a"/);
      expect(problem({ status: 200, contentType: "application/json", text: JSON.stringify({ errors }) }), name).toBeUndefined();
    }
    expect((await send("deep-named", START, startVariables(distributedJson(1_000)))).payload).toEqual([
      { message: "The input of $input is nested too deeply.", extensions: { code: ErrorCode.BAD_USER_INPUT } },
    ]);
    expect((await g.t.calls()).total).toBe(0);
    expect(logged.size).toBe(before);
    // The socket is still open and serving.
    const ok = await send("ok", "{ accounts { accountId } }", "{}");
    expect(ok).toMatchObject({ type: "next", payload: { data: { accounts: g.accounts.map((a) => ({ accountId: a.accountId })) } } });
  } finally {
    await closed(socket);
  }
});

it("names the bound and the variable, and lets inputs within the bounds through", async () => {
  const deep = await send({ body: raw(START, startVariables(distributedJson(1_000))) });
  expect(JSON.parse(deep.text).errors).toEqual([{ message: "The input of $input is nested too deeply.", extensions: { code: ErrorCode.BAD_USER_INPUT } }]);
  const many = await send({ body: { query: NODES, variables: { ids: Array.from({ length: 20_000 }, (_, i) => String(i)) } } });
  expect(JSON.parse(many.text).errors[0]).toMatchObject({ message: expect.stringMatching(/too many values.*\$ids/), extensions: { code: ErrorCode.BAD_USER_INPUT } });
  // Inputs within the bounds are coerced and answered as usual.
  const ok = await send({ body: { query: NODES, variables: { ids: ["x", "y"] } } });
  expect(ok.status, ok.text).toBe(200);
});

it("is still up and answering normally afterwards", async () => {
  const health = await fetch(g.gateway.url.replace(/\/graphql$/, "/healthz"));
  expect(health.status).toBe(200);
  const res = await g.gql<{ accounts: { accountId: string }[] }>("{ accounts { accountId } }");
  expect(res.errors).toBeUndefined();
  expect(res.data!.accounts.map((a) => a.accountId)).toEqual(g.accounts.map((a) => a.accountId));
});
