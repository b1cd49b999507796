/**
 * Test support for the client tests: every connection of the graph as a
 * client pages it (edges with cursors, pageInfo), with the ids it must end
 * up holding, derived from the demo scenario (test/graph/demo-world.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getOperationAST, parse } from "graphql";
import { expect } from "vitest";
import { packageRoot } from "../../src/package-root";
import { PRESETS } from "../../src/server/graphiql/presets";
import type { TestGateway } from "../support/gateway";
import { membershipsOf, visibleCollaborations, world } from "../graph/demo-world";

export interface ClientList {
  name: string;
  /** The operation; it takes $first and $after. */
  query: string;
  variables: Record<string, unknown>;
  /** The connection inside the answer. */
  pick: (data: any) => { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  /** The ids the list holds, in the scenario's order (the gateway's order is one full page's: `fullPage`). */
  expected: string[];
}

/** The list in one page, as the gateway orders it, after checking that it holds exactly the expected ids. */
export async function fullPage(g: TestGateway, list: ClientList): Promise<string[]> {
  const res = await g.gql(list.query, { ...list.variables, first: 100 });
  expect(res.errors).toBeUndefined();
  const ids = list.pick(res.data).edges.map((e) => e.node.id);
  expect([...ids].sort()).toEqual([...list.expected].sort());
  return ids;
}

const PAGE = "edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

const byNewest = <T extends { createTime: string; id: string }>(xs: T[]) =>
  [...xs].sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime) || a.id.localeCompare(b.id));

const busiest = <T extends { membershipId: string }>(runs: T[]) =>
  [...new Set(runs.map((r) => r.membershipId))].sort((a, b) => runs.filter((r) => r.membershipId === b).length - runs.filter((r) => r.membershipId === a).length)[0];

const advertiser = world.accounts.find((a) => a.federated && membershipsOf(a.accountId).length > 1)!.accountId;
const collaboration = [...visibleCollaborations].sort((a, b) => b.changeRequests.length - a.changeRequests.length)[0];
const queryMembership = busiest(world.protectedQueries);
const jobMembership = busiest(world.protectedJobs);

export const clientLists: ClientList[] = [
  {
    name: "Query.collaborations",
    query: `query Collaborations($first: Int, $after: String) { collaborations(first: $first, after: $after) { ${PAGE} } }`,
    variables: {},
    pick: (d) => d.collaborations,
    expected: visibleCollaborations.map((c) => c.id),
  },
  {
    name: "Account.memberships",
    query: `query Memberships($a: String!, $first: Int, $after: String) { account(accountId: $a) { id memberships(first: $first, after: $after) { ${PAGE} } } }`,
    variables: { a: advertiser },
    pick: (d) => d.account.memberships,
    expected: membershipsOf(advertiser).map((m) => m.id),
  },
  {
    name: "Collaboration.changeRequests",
    query: `query ChangeRequests($c: ID!, $first: Int, $after: String) { collaboration(id: $c) { id changeRequests(first: $first, after: $after) { ${PAGE} } } }`,
    variables: { c: collaboration.id },
    pick: (d) => d.collaboration.changeRequests,
    expected: collaboration.changeRequests.map((r) => r.id),
  },
  {
    name: "Membership.protectedQueries",
    query: `query Queries($m: ID!, $first: Int, $after: String) { membership(id: $m) { id protectedQueries(first: $first, after: $after) { ${PAGE} } } }`,
    variables: { m: queryMembership },
    pick: (d) => d.membership.protectedQueries,
    expected: byNewest(world.protectedQueries.filter((q) => q.membershipId === queryMembership)).map((q) => q.id),
  },
  {
    name: "Membership.protectedJobs",
    query: `query Jobs($m: ID!, $first: Int, $after: String) { membership(id: $m) { id protectedJobs(first: $first, after: $after) { ${PAGE} } } }`,
    variables: { m: jobMembership },
    pick: (d) => d.membership.protectedJobs,
    expected: byNewest(world.protectedJobs.filter((j) => j.membershipId === jobMembership)).map((j) => j.id),
  },
];

/** The example operations frontend teams start from (schema/operations), by operation name. */
export function exampleOperations(): Map<string, string> {
  const dir = join(packageRoot(), "schema", "operations");
  const ops = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".graphql"))) {
    const text = readFileSync(join(dir, f), "utf8");
    ops.set(getOperationAST(parse(text))!.name!.value, text);
  }
  return ops;
}

/** Console warnings and errors while `work` runs (the clients report cache problems there). */
export async function consoleComplaints<T>(work: () => Promise<T>): Promise<{ result: T; complaints: string[] }> {
  const complaints: string[] = [];
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => void complaints.push(args.map(String).join(" "));
  console.error = (...args: unknown[]) => void complaints.push(args.map(String).join(" "));
  try {
    return { result: await work(), complaints };
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

/** GraphiQL's tabs in order (Dashboard, CreateChangeRequest, ApproveChangeRequest, CommitChangeRequest, StartQueryWithPayer, QueryStatus, then issue 17's views by file name), each with its preset variables. */
export function exampleRuns(): { name: string; kind: "query" | "mutation" | "subscription"; document: string; variables: Record<string, unknown> }[] {
  return PRESETS.map((p) => {
    const operation = getOperationAST(parse(p.query))!;
    return { kind: operation.operation, name: operation.name!.value, document: p.query, variables: p.variables ? (JSON.parse(p.variables) as Record<string, unknown>) : {} };
  });
}
