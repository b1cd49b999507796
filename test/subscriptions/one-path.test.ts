/**
 * One execution path: an operation over graphql-ws gets what the same
 * operation gets over HTTP, each answer computed live on both and compared.
 * A subscription event with an account failing carries the same
 * ACCOUNT_UNAVAILABLE error as the query over HTTP (the defect of issue 11:
 * the event answered a null payer and no error); queries and mutations over
 * the socket answer as over HTTP, masked internal errors and the rate limit
 * included.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../support/emulator";
import { HOME } from "../support/two-regions";
import type { GraphQLResponse } from "../support/gateway";
import { startSubscriptionGateway, subscribe, type Result, type SubscriptionGateway } from "./harness";
import { QUERY_INPUT, START_QUERY } from "./operations";
import { isFederated, membershipById, type ScenarioCollaboration } from "../graph/demo-world";
import type { Client } from "graphql-ws";

const SECRET = "a bug that knows arn:aws:iam::111111111111:role/CleanRoomsGraphGateway";
/** While set, every retry's wait throws: an unexpected error inside the gateway, as a bug would raise. */
const bug = { on: false };
const logged = new Map<string, unknown>();
/**
 * Reads through the publisher (333) alone, so that HTTP and the event read the members through the same account (with
 * every account readable, HTTP reads a collaboration's members through its first reader, an event through the holder).
 */
const PUBLISHER_READER = { token: "publisher-reader-token-6d0e", name: "publisher-reader", grants: [{ accounts: [demo.publisher], actions: ["read" as const] }] };

let g: SubscriptionGateway;
let client: Client;
let queryId: string;
beforeAll(async () => {
  g = await startSubscriptionGateway({
    principals: [PUBLISHER_READER],
    log: (id, e) => logged.set(id, e),
    aws: {
      sleep: async () => {
        if (bug.on) throw new Error(SECRET);
      },
    },
  });
  client = g.client();
  const res = await g.gql<{ startProtectedQuery: { id: string } }>(START_QUERY, { input: QUERY_INPUT });
  queryId = res.data!.startProtectedQuery.id;
});
afterAll(() => g?.close());
afterEach(async () => {
  bug.on = false;
  await g.t.control("POST", "/_emulator/faults", { rules: [] });
});

/** A query or mutation over the socket: its one answer, or the errors of the `error` message that refused it. */
async function overWs<T = Record<string, unknown>>(c: Client, query: string, variables?: Record<string, unknown>): Promise<Result<T>> {
  const op = subscribe<T>(c, query, variables);
  const ended = await op.ended();
  if ("errors" in ended) {
    expect(op.events).toEqual([]);
    return { errors: ended.errors };
  }
  expect(ended).toEqual({ completed: true });
  expect(op.events).toHaveLength(1);
  return op.events[0];
}

/** An HTTP answer's GraphQL part. */
const answer = <T>({ data, errors }: GraphQLResponse<T>): Result<T> => ({ ...(data !== undefined ? { data } : {}), ...(errors ? { errors } : {}) });

/** The federated accounts holding a membership in `c`: those a request learns see it from the accounts' membership lists. */
const membershipHolders = (c: ScenarioCollaboration): string[] => c.members.filter((m) => m.membershipId && isFederated(m.accountId)).map((m) => m.accountId);

const RUN_FIELDS = "id status payer { accountId } receivers { accountId }";
const runVars = () => ({ m: demo.m23, id: queryId });

describe("ListMembers failing for every account", () => {
  it("a subscription event answers like the query over HTTP: null payer, one ACCOUNT_UNAVAILABLE naming the account", async () => {
    const query = `query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { ${RUN_FIELDS} } }`;
    const as = { token: PUBLISHER_READER.token };
    const healthy = await g.gql<{ protectedQuery: { payer: unknown } }>(query, runVars(), as);
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data!.protectedQuery.payer).not.toBeNull();

    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMembers", internalErrorRate: 1 }] });
    const http = answer(await g.gql(query, runVars(), as));
    const sub = subscribe<{ protectedQueryStatusChanged: unknown }>(
      g.client(PUBLISHER_READER.token),
      `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { ${RUN_FIELDS} } }`,
      runVars(),
    );
    const event = await sub.next();
    sub.unsubscribe();

    expect(http.data).toMatchObject({ protectedQuery: { id: queryId, payer: null } });
    // ListMembers failed in the collaboration's region (the demo's one): the error names it.
    expect(http.errors).toEqual([{ message: expect.stringContaining(demo.publisher), extensions: { code: "ACCOUNT_UNAVAILABLE", accountId: demo.publisher, region: HOME } }]);
    expect(event).toEqual({ data: { protectedQueryStatusChanged: (http.data as { protectedQuery: unknown }).protectedQuery }, errors: http.errors });
  });

  it("a query over the socket answers like HTTP", async () => {
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMembers", internalErrorRate: 1 }] });
    const query = `query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { ${RUN_FIELDS} } }`;
    const http = answer(await g.gql(query, runVars()));
    // The member list is tried through each account the request knows to see the collaboration (another when one
    // fails): the operator's, routed to the run by every account's memberships, are the federated accounts holding a
    // membership in it. Each is named once.
    const named = http.errors!.map((e) => e.extensions?.accountId as string);
    expect(http.errors!.map((e) => e.extensions?.code)).toEqual(named.map(() => "ACCOUNT_UNAVAILABLE"));
    expect(named.sort()).toEqual(membershipHolders(membershipById(demo.m23).collaboration).sort());
    expect(await overWs(client, query, runVars())).toEqual(http);
  });
});

describe("queries and mutations over the socket", () => {
  it("a query's data", async () => {
    const query = `{ accounts { accountId status memberships { nodes { id } } } }`;
    const http = answer(await g.gql(query));
    expect(http.errors).toBeUndefined();
    expect(await overWs(client, query)).toEqual(http);
  });

  it("a mutation: started over the socket, seen over HTTP; refused inputs refused alike", async () => {
    const started = await overWs<{ startProtectedQuery: { id: string; status: string } }>(client, START_QUERY, { input: QUERY_INPUT });
    expect(started.errors).toBeUndefined();
    const { id, status } = started.data!.startProtectedQuery;
    expect(status).toBe("SUBMITTED");
    const seen = await g.gql<{ protectedQuery: { id: string } }>(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { id } }`, { m: demo.m23, id });
    expect(seen.data).toEqual({ protectedQuery: { id } });

    const bad = { input: { ...QUERY_INPUT, membershipId: "not-a-uuid" } };
    const http = answer(await g.gql(START_QUERY, bad));
    expect(http.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await overWs(client, START_QUERY, bad)).toEqual(http);
  });

  it("an unexpected error is masked alike: INTERNAL_SERVER_ERROR with a correlation id the log has", async () => {
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMembers", internalErrorRate: 1 }] });
    bug.on = true;
    const query = `query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { id payer { accountId } } }`;
    const answers = [answer(await g.gql(query, runVars())), await overWs(client, query, runVars())];
    for (const a of answers) {
      const [e] = a.errors!;
      expect(a.errors).toHaveLength(1);
      expect(e).toEqual({
        message: `Internal server error (correlation id ${e.extensions!.correlationId}).`,
        path: ["protectedQuery", "payer"],
        extensions: { code: "INTERNAL_SERVER_ERROR", correlationId: expect.any(String) },
      });
      expect(logged.has(e.extensions!.correlationId as string)).toBe(true);
    }
    const sameBut = (r: Result<unknown>) => JSON.stringify(r).replaceAll(/[0-9a-f]{8}-[0-9a-f-]{27}(\/\d+)?/g, "<id>");
    expect(sameBut(answers[1])).toBe(sameBut(answers[0]));
  });

  it("a validation error alike, suggestions hidden", async () => {
    const http = answer(await g.gql(`{ accounts { acountId } }`));
    expect(http.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT" });
    expect(http.errors?.[0].message).not.toContain("Did you mean");
    expect(await overWs(client, `{ accounts { acountId } }`)).toEqual(http);
  });
});

describe("the rate limit", () => {
  it("one bucket per principal across HTTP and the socket: THROTTLED alike once it is empty", async () => {
    // Three tokens: an HTTP query, the socket's connection_init, a query over it; then both transports are throttled.
    const limited = await startSubscriptionGateway({ emulator: g.t, limits: { rateLimit: { burst: 3, perSecond: 1 / 3600 } } });
    try {
      // One socket throughout (a lazy client would reconnect, and each connection_init takes a token).
      const c = limited.client(undefined, { lazy: false });
      const query = `{ accounts { accountId } }`;
      expect((await limited.gql(query)).errors).toBeUndefined();
      expect((await overWs(c, query)).errors).toBeUndefined();
      const http = await limited.gql(query);
      expect(http.status).toBe(429);
      expect(http.errors?.map((e) => e.extensions?.code)).toEqual(["THROTTLED"]);
      expect(await overWs(c, query)).toEqual({ errors: http.errors });
    } finally {
      await limited.close();
    }
  });
});
