/**
 * urql 6 with graphcache as frontend teams use it, against the gateway over
 * real HTTP: its defaults (small queries as GET, no content-type), a
 * normalized cache with no `keys` config (resolvers only name the connection
 * fields for relayPagination), paging to the end of every list, a mutation
 * that updates what the cache shows, and our refusals read as CombinedError.
 */
import { Client, fetchExchange, gql, subscriptionExchange, type AnyVariables } from "@urql/core";
import { createClient } from "graphql-ws";
import { pipe, take, toPromise } from "wonka";
import WebSocket from "ws";
import { cacheExchange } from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { visibleCollaborations, world } from "../graph/demo-world";
import { clientLists, consoleComplaints, exampleOperations, exampleRuns, fullPage } from "./lists";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());
beforeEach(() => g.t.reset()); // the example mutations change the demo world

/** The recommended cache (README "Frontend clients"): pagination per connection field, keys from `id` alone. */
const graphcache = () =>
  cacheExchange({
    resolvers: {
      Query: { collaborations: relayPagination() },
      Account: { memberships: relayPagination() },
      Collaboration: { changeRequests: relayPagination() },
      Membership: { protectedQueries: relayPagination(), protectedJobs: relayPagination() },
    },
  });

/** Queries and mutations over HTTP (urql's defaults), subscriptions over graphql-ws. */
function client(token: string = g.token) {
  const methods: string[] = [];
  const ws = createClient({ url: g.gateway.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` } });
  const urql = new Client({
    url: g.gateway.url,
    exchanges: [
      graphcache(),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
    fetchOptions: { headers: { Authorization: `Bearer ${token}` } },
    fetch: (input, init) => {
      methods.push(init?.method ?? "GET");
      return fetch(input, init);
    },
  });
  return { urql, methods };
}

const run = <D = any>(c: Client, query: string, variables: AnyVariables = {}) => c.query<D>(gql(query), variables, { requestPolicy: "network-only" }).toPromise();

describe("urql with graphcache", () => {
  it("sends a small query as GET (its default, no content-type), with the bearer token", async () => {
    const { urql, methods } = client();
    const small = await run(urql, `query Accounts { accounts { id accountId } }`);
    expect(small.error).toBeUndefined();
    expect(methods).toEqual(["GET"]);
    expect(small.data.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(world.accounts.filter((a) => a.federated).map((a) => a.accountId));
  });

  it("normalizes the Dashboard with no keys config and no warnings", async () => {
    const { urql } = client();
    const { result, complaints } = await consoleComplaints(() => run(urql, exampleOperations().get("Dashboard")!));
    expect(result.error).toBeUndefined();
    expect(complaints).toEqual([]);
    expect(result.data.collaborations.nodes.map((c: { id: string }) => c.id)).toEqual(visibleCollaborations.map((c) => c.id));
  });

  it("runs every example operation in GraphiQL's order with its preset variables, normalized with no warnings", async () => {
    const { urql } = client();
    const { result: answers, complaints } = await consoleComplaints(async () => {
      const out: Record<string, { error?: unknown; data?: any }> = {};
      for (const run of exampleRuns()) {
        const document = gql(run.document);
        if (run.kind === "query") out[run.name] = await urql.query(document, run.variables).toPromise();
        else if (run.kind === "mutation") out[run.name] = await urql.mutation(document, run.variables).toPromise();
        else out[run.name] = await pipe(urql.subscription(document, run.variables), take(1), toPromise);
      }
      return out;
    });
    expect(Object.keys(answers)).toEqual([
      "Dashboard", "CreateChangeRequest", "ApproveChangeRequest", "CommitChangeRequest", "StartQueryWithPayer", "QueryStatus",
      // Issue 17's views, after the story, by file name.
      "ChangeRequestActivity", "CollaborationActivity", "CollaborationSpend", "MembershipActivity", "MembershipRunActivity", "PendingApprovals", "RunActivity",
    ]);
    for (const [name, answer] of Object.entries(answers)) expect(answer.error, name).toBeUndefined();
    expect(answers.CommitChangeRequest.data.commitChangeRequest.status).toBe("COMMITTED");
    expect(answers.QueryStatus.data.protectedQueryStatusChanged.status).toBe("STARTED");
    expect(complaints).toEqual([]);
  });

  for (const list of clientLists) {
    it(`relayPagination pages ${list.name} to its end in pages of 3, losing nothing`, async () => {
      const { urql } = client();
      let page = await run(urql, list.query, { ...list.variables, first: 3 });
      expect(page.error).toBeUndefined();
      let more = 0;
      while (list.pick(page.data).pageInfo.hasNextPage) {
        more++;
        page = await run(urql, list.query, { ...list.variables, first: 3, after: list.pick(page.data).pageInfo.endCursor });
        expect(page.error).toBeUndefined();
      }
      expect(list.pick(page.data).edges.map((e) => e.node.id)).toEqual(await fullPage(g, list));
      expect(more).toBe(Math.ceil(list.expected.length / 3) - 1);
    });
  }

  it("a mutation's answer updates what the cache shows for a query", async () => {
    const collaboration = visibleCollaborations.find((c) => c.changeRequests.some((r) => r.status === "PENDING"))!;
    const request = collaboration.changeRequests.find((r) => r.status === "PENDING")!;
    const { urql, methods } = client();
    const view = `query Request($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { id status approvals { id accountId status } } }`;
    const variables = { c: collaboration.id, id: request.id };
    const before = await run(urql, view, variables);
    const voter = before.data.changeRequest.approvals.find(
      (a: { accountId: string; status: string }) => a.status === "PENDING" && world.accounts.some((x) => x.federated && x.accountId === a.accountId),
    ).accountId as string;
    const voted = await urql.mutation(gql(exampleOperations().get("ApproveChangeRequest")!), { collaborationId: collaboration.id, changeRequestId: request.id, asAccountId: voter }).toPromise();
    expect(voted.error).toBeUndefined();
    const sent = methods.length;
    const after = await urql.query(gql(view), variables, { requestPolicy: "cache-only" }).toPromise();
    expect(methods).toHaveLength(sent); // answered from the cache
    expect(after.data.changeRequest.approvals.find((a: { accountId: string }) => a.accountId === voter).status).toBe("APPROVED");
  });

  it("reads the gateway's refusals as CombinedError with the contract's codes", async () => {
    const refused = await client().urql.mutation(gql`mutation { startProtectedQuery(input: { membershipId: "not-a-uuid", sqlParameters: { queryString: "SELECT 1" } }) { id } }`, {}).toPromise();
    expect(refused.error?.graphQLErrors[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const unauthenticated = await run(client("not-a-token").urql, `query { accounts { accountId } }`);
    expect(unauthenticated.error?.graphQLErrors[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
