/**
 * Apollo Client 4 as frontend teams use it, against the gateway over real
 * HTTP: an InMemoryCache with no `keys` (typePolicies only name the
 * connection fields for relayStylePagination), fetchMore to the end of every
 * list, a mutation that updates what the cache shows, and our refusals read
 * as CombinedGraphQLErrors.
 */
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition, relayStylePagination } from "@apollo/client/utilities";
import { firstValueFrom } from "rxjs";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { clientLists, consoleComplaints, exampleOperations, exampleRuns, fullPage } from "./lists";
import { visibleCollaborations, world } from "../graph/demo-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());
beforeEach(() => g.t.reset()); // the example mutations change the demo world

/** The recommended cache (README "Frontend clients"): pagination per connection field, keys from `id` alone. */
const cache = () =>
  new InMemoryCache({
    typePolicies: {
      Query: { fields: { collaborations: relayStylePagination() } },
      Account: { fields: { memberships: relayStylePagination(["status"]) } },
      Collaboration: { fields: { changeRequests: relayStylePagination(["status"]) } },
      Membership: { fields: { protectedQueries: relayStylePagination(["status"]), protectedJobs: relayStylePagination(["status"]) } },
    },
  });

/** Queries and mutations over HTTP, subscriptions over graphql-ws (Apollo's split link). */
function client(token: string = g.token) {
  const http = new HttpLink({ uri: g.gateway.url, headers: { Authorization: `Bearer ${token}` } });
  const ws = new GraphQLWsLink(createClient({ url: g.gateway.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` } }));
  const isSubscription = ({ query }: ApolloLink.Operation) => {
    const d = getMainDefinition(query);
    return d.kind === "OperationDefinition" && d.operation === "subscription";
  };
  return new ApolloClient({ cache: cache(), link: ApolloLink.split(isSubscription, ws, http) });
}

describe("Apollo Client 4", () => {
  it("normalizes the Dashboard with no keys config and no warnings; a member of two collaborations keeps two identities", async () => {
    const apollo = client();
    const { result, complaints } = await consoleComplaints(() => apollo.query({ query: gql(exampleOperations().get("Dashboard")!) }));
    expect(result.error).toBeUndefined();
    expect(complaints).toEqual([]);
    const entities = apollo.cache.extract() as Record<string, { __typename?: string; accountId?: string; abilities?: string[] }>;
    const typenames = new Set(Object.values(entities).map((e) => e.__typename));
    for (const t of ["Account", "Membership", "Collaboration", "Member", "ChangeRequest", "Change", "Approval", "ProtectedQuery"]) expect(typenames, t).toContain(t);

    // An account that is a member of several visible collaborations: one Member entity per collaboration, each with its own abilities.
    const shared = world.accounts.map((a) => a.accountId).find((a) => visibleCollaborations.filter((c) => c.members.some((m) => m.accountId === a)).length > 1)!;
    const expected = visibleCollaborations.flatMap((c) => c.members.filter((m) => m.accountId === shared).map((m) => [...m.abilities].sort()));
    const members = Object.values(entities).filter((e) => e.__typename === "Member" && e.accountId === shared);
    expect(members).toHaveLength(expected.length);
    expect(members.map((m) => [...m.abilities!].sort()).sort()).toEqual(expected.sort());
  });

  it("runs every example operation in GraphiQL's order with its preset variables, normalized with no warnings", async () => {
    const apollo = client();
    const { result: answers, complaints } = await consoleComplaints(async () => {
      const out: Record<string, unknown> = {};
      for (const run of exampleRuns()) {
        const document = gql(run.document);
        if (run.kind === "query") out[run.name] = await apollo.query({ query: document, variables: run.variables });
        else if (run.kind === "mutation") out[run.name] = await apollo.mutate({ mutation: document, variables: run.variables });
        else out[run.name] = await firstValueFrom(apollo.subscribe({ query: document, variables: run.variables }));
      }
      return out;
    });
    expect(Object.keys(answers)).toEqual([
      "Dashboard", "CreateChangeRequest", "ApproveChangeRequest", "CommitChangeRequest", "StartQueryWithPayer", "QueryStatus",
      // Issue 17's views, after the story, by file name.
      "ChangeRequestActivity", "CollaborationActivity", "CollaborationSpend", "MembershipActivity", "MembershipRunActivity", "PendingApprovals", "RunActivity",
    ]);
    for (const [name, answer] of Object.entries(answers)) expect((answer as { error?: unknown }).error, name).toBeUndefined();
    expect((answers.CommitChangeRequest as { data: { commitChangeRequest: { status: string } } }).data.commitChangeRequest.status).toBe("COMMITTED");
    expect((answers.QueryStatus as { data: { protectedQueryStatusChanged: { status: string } } }).data.protectedQueryStatusChanged.status).toBe("STARTED");
    expect(complaints).toEqual([]);
    await apollo.stop();
  });

  for (const list of clientLists) {
    it(`fetchMore({ after: endCursor }) pages ${list.name} to its end in pages of 3, losing nothing`, async () => {
      const apollo = client();
      const query = gql(list.query);
      const variables = { ...list.variables, first: 3 };
      const watched = apollo.watchQuery({ query, variables });
      const subscription = watched.subscribe(() => {});
      try {
        let current = list.pick((await watched.refetch()).data);
        let more = 0;
        while (current.pageInfo.hasNextPage) {
          more++;
          await watched.fetchMore({ variables: { after: current.pageInfo.endCursor } });
          current = list.pick(apollo.readQuery({ query, variables })); // the merged list, as the watching component renders it
        }
        expect(current.edges.map((e) => e.node.id)).toEqual(await fullPage(g, list));
        expect(more).toBe(Math.ceil(list.expected.length / 3) - 1);
      } finally {
        subscription.unsubscribe();
      }
    });
  }

  it("a mutation's answer updates what a watched query shows, with no refetch", async () => {
    const collaboration = visibleCollaborations.find((c) => c.changeRequests.some((r) => r.status === "PENDING"))!;
    const request = collaboration.changeRequests.find((r) => r.status === "PENDING")!;
    const apollo = client();
    const view = gql`
      query Request($c: ID!, $id: ID!) {
        changeRequest(collaborationId: $c, id: $id) { id status approvals { id accountId status } }
      }
    `;
    const variables = { c: collaboration.id, id: request.id };
    const before = (await apollo.query({ query: view, variables })).data as { changeRequest: { approvals: { accountId: string; status: string }[] } };
    const voter = before.changeRequest.approvals.find((a) => a.status === "PENDING" && world.accounts.some((x) => x.federated && x.accountId === a.accountId))!.accountId;
    const ops = exampleOperations();
    await apollo.mutate({ mutation: gql(ops.get("ApproveChangeRequest")!), variables: { collaborationId: collaboration.id, changeRequestId: request.id, asAccountId: voter } });
    const after = apollo.readQuery({ query: view, variables }) as typeof before;
    expect(after.changeRequest.approvals.find((a) => a.accountId === voter)?.status).toBe("APPROVED");
  });

  it("reads the gateway's refusals as CombinedGraphQLErrors with the contract's codes", async () => {
    const bad = await client().query({ query: gql`query { membership(id: "x") { id } protectedQuery(membershipId: "x", id: "y") { id } }` }).catch((e: unknown) => ({ error: e }));
    expect(bad.error).toBeUndefined(); // nulls, not errors, for ids nobody can see

    const refused = await client()
      .mutate({ mutation: gql`mutation { startProtectedQuery(input: { membershipId: "not-a-uuid", sqlParameters: { queryString: "SELECT 1" } }) { id } }` })
      .then((r) => r.error, (e: unknown) => e);
    expect(CombinedGraphQLErrors.is(refused)).toBe(true);
    expect((refused as CombinedGraphQLErrors).errors[0].extensions?.code).toBe("BAD_USER_INPUT");

    const unauthenticated = await client("not-a-token").query({ query: gql`query { accounts { accountId } }` }).then((r) => r.error, (e: unknown) => e);
    expect(CombinedGraphQLErrors.is(unauthenticated)).toBe(true);
    expect((unauthenticated as CombinedGraphQLErrors).errors[0].extensions?.code).toBe("UNAUTHENTICATED");
  });
});
