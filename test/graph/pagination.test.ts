/**
 * Connections across pages: every list walked page by page with `after`
 * gives back the whole list once, in the order of one full page; `first` is
 * 1–100 and a cursor the API did not hand out is bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { collaborationById, isFederated, membershipsOf, visibleCollaborations, world } from "./demo-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

interface Page {
  nodes: { id: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** One list of the graph: a query whose connection takes $first and $after, and where its connection sits in the answer. */
interface ListUnderTest {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  pick: (data: any) => Page;
  expected: string[];
}

const CONNECTION = "nodes { id } edges { cursor node { id } } pageInfo { hasNextPage endCursor }";

const advertiser = world.accounts.find((a) => a.federated && membershipsOf(a.accountId).length > 1)!.accountId;
const busiestCollaboration = [...visibleCollaborations].sort((a, b) => b.changeRequests.length - a.changeRequests.length)[0];
const queryMembership = [...new Set(world.protectedQueries.map((q) => q.membershipId))]
  .map((id) => ({ id, n: world.protectedQueries.filter((q) => q.membershipId === id).length }))
  .sort((a, b) => b.n - a.n)[0].id;
const jobMembership = [...new Set(world.protectedJobs.map((j) => j.membershipId))]
  .map((id) => ({ id, n: world.protectedJobs.filter((j) => j.membershipId === id).length }))
  .sort((a, b) => b.n - a.n)[0].id;
const byNewest = <T extends { createTime: string; id: string }>(xs: T[]) =>
  [...xs].sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime) || a.id.localeCompare(b.id));

const lists: ListUnderTest[] = [
  {
    name: "Query.collaborations (merged across accounts)",
    query: `query($first: Int, $after: String) { collaborations(first: $first, after: $after) { ${CONNECTION} } }`,
    variables: {},
    pick: (d) => d.collaborations,
    expected: visibleCollaborations.map((c) => c.id),
  },
  {
    name: "Account.memberships",
    query: `query($a: String!, $first: Int, $after: String) { account(accountId: $a) { memberships(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { a: advertiser },
    pick: (d) => d.account.memberships,
    expected: membershipsOf(advertiser).map((m) => m.id),
  },
  {
    name: "Collaboration.changeRequests",
    query: `query($c: ID!, $first: Int, $after: String) { collaboration(id: $c) { changeRequests(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { c: busiestCollaboration.id },
    pick: (d) => d.collaboration.changeRequests,
    expected: busiestCollaboration.changeRequests.map((r) => r.id),
  },
  {
    name: "Membership.protectedQueries",
    query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedQueries(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { m: queryMembership },
    pick: (d) => d.membership.protectedQueries,
    expected: byNewest(world.protectedQueries.filter((q) => q.membershipId === queryMembership)).map((q) => q.id),
  },
  {
    name: "Membership.protectedQueries(status: SUCCESS)",
    query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedQueries(status: SUCCESS, first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { m: queryMembership },
    pick: (d) => d.membership.protectedQueries,
    expected: byNewest(world.protectedQueries.filter((q) => q.membershipId === queryMembership && q.status === "SUCCESS")).map((q) => q.id),
  },
  {
    name: "Membership.protectedJobs",
    query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedJobs(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { m: jobMembership },
    pick: (d) => d.membership.protectedJobs,
    expected: byNewest(world.protectedJobs.filter((j) => j.membershipId === jobMembership)).map((j) => j.id),
  },
];

async function page(list: ListUnderTest, first: number | undefined, after: string | undefined): Promise<Page> {
  const res = await g.gql(list.query, { ...list.variables, first, after });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return list.pick(res.data);
}

/** Every page of `first` items, following pageInfo.endCursor. */
async function walk(list: ListUnderTest, first: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const p = await page(list, first, after);
    pages += 1;
    expect(p.nodes.length).toBeLessThanOrEqual(first);
    expect(p.edges.map((e) => e.node.id)).toEqual(p.nodes.map((n) => n.id));
    ids.push(...p.nodes.map((n) => n.id));
    if (!p.pageInfo.hasNextPage) break;
    expect(p.nodes.length, "a page that says more follows is full").toBe(first);
    expect(p.pageInfo.endCursor).toEqual(expect.any(String));
    after = p.pageInfo.endCursor!;
    expect(pages, "the walk ends").toBeLessThan(200);
  }
  return { ids, pages };
}

describe.each(lists)("$name", (list) => {
  it("has something to page over in the demo", () => {
    expect(list.expected.length).toBeGreaterThan(list.name.includes("status") ? 0 : 1);
  });

  it("answers the whole list in one page by default and with first: 100", async () => {
    const whole = await page(list, undefined, undefined);
    expect([...whole.nodes.map((n) => n.id)].sort()).toEqual([...list.expected].sort());
    // The gateway orders the list it merges (newest first); AWS-paged lists keep AWS's order.
    if (list.name.startsWith("Query.")) expect(whole.nodes.map((n) => n.id)).toEqual(list.expected);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    expect((await page(list, 100, undefined)).nodes.map((n) => n.id)).toEqual(whole.nodes.map((n) => n.id));
  });

  it("walks every page for every page size, each item once, in the order of the whole list", async () => {
    const whole = (await page(list, 100, undefined)).nodes.map((n) => n.id);
    for (let first = 1; first <= list.expected.length + 1; first++) {
      const { ids, pages } = await walk(list, first);
      expect(ids, `first: ${first}`).toEqual(whole);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages, `first: ${first}`).toBe(Math.max(1, Math.ceil(list.expected.length / first)));
    }
  });

  it("refuses first outside 1–100 as BAD_USER_INPUT naming first, without calling AWS", async () => {
    // Warm up routing so that a refused page could not hide behind a routing call.
    await page(list, 1, undefined);
    for (const first of [0, -1, 101, 1000]) {
      await g.t.resetCalls();
      const res = await g.gql(list.query, { ...list.variables, first });
      expect(res.errors, `first: ${first}`).toHaveLength(1);
      const [e] = res.errors!;
      expect(e.extensions?.code).toBe("BAD_USER_INPUT");
      expect(e.extensions?.field).toBe("first");
      expect(e.message).toMatch(/\bfirst\b/);
      expect(e.message).toMatch(/\b1\b.*\b100\b/);
      if (list.name.startsWith("Query.")) expect((await g.t.calls()).total, "no AWS call for a refused page size").toBe(0);
    }
  });

  it("refuses an after that it did not hand out as BAD_USER_INPUT naming after", async () => {
    const garbage = [
      "garbage",
      "!!!",
      Buffer.from("not json").toString("base64url"),
      Buffer.from(JSON.stringify({ x: 1 })).toString("base64url"),
      Buffer.from(JSON.stringify({ o: -1 })).toString("base64url"),
    ];
    for (const after of garbage) {
      const res = await g.gql(list.query, { ...list.variables, first: 1, after });
      expect(res.errors, `after: ${after}`).toHaveLength(1);
      const [e] = res.errors!;
      expect(e.extensions?.code).toBe("BAD_USER_INPUT");
      expect(e.message).toMatch(/\bafter\b/);
    }
  });

  it("refuses a cursor of another list as BAD_USER_INPUT naming after", async () => {
    // A cursor of a differently paged list (merged vs AWS-paged).
    const other = list.name.startsWith("Query.") ? lists.find((l) => l.name === "Membership.protectedQueries")! : lists[0];
    const foreignCursor = (await page(other, 1, undefined)).pageInfo.endCursor!;
    const res = await g.gql(list.query, { ...list.variables, first: 1, after: foreignCursor });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0].message).toMatch(/\bafter\b/);
  });
});

describe("cursors of AWS-paged lists", () => {
  it("refuses a continuation of one AWS list passed to another as BAD_USER_INPUT naming after", async () => {
    const queries = lists.find((l) => l.name === "Membership.protectedQueries")!;
    const jobs = lists.find((l) => l.name === "Membership.protectedJobs")!;
    const cursor = (await page(queries, 1, undefined)).pageInfo.endCursor!;
    const res = await g.gql(jobs.query, { ...jobs.variables, first: 1, after: cursor });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0].message).toMatch(/\bafter\b/);
  });

  it("keeps a status filter across pages", async () => {
    const m = queryMembership;
    const statuses = [...new Set(world.protectedQueries.filter((q) => q.membershipId === m).map((q) => q.status))];
    for (const status of statuses) {
      const list: ListUnderTest = {
        name: status,
        query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedQueries(status: ${status}, first: $first, after: $after) { ${CONNECTION} } } }`,
        variables: { m },
        pick: (d) => d.membership.protectedQueries,
        expected: byNewest(world.protectedQueries.filter((q) => q.membershipId === m && q.status === status)).map((q) => q.id),
      };
      expect((await walk(list, 1)).ids).toEqual(list.expected);
    }
  });

  it("pages each federated account's memberships independently", async () => {
    for (const a of world.accounts.filter((x) => x.federated && isFederated(x.accountId))) {
      const list: ListUnderTest = { ...lists[1], variables: { a: a.accountId }, expected: membershipsOf(a.accountId).map((m) => m.id) };
      const { ids } = await walk(list, 1);
      expect([...ids].sort()).toEqual([...list.expected].sort());
    }
  });

  it("pages the change requests of every collaboration", async () => {
    for (const c of visibleCollaborations) {
      const list: ListUnderTest = { ...lists[2], variables: { c: c.id }, expected: collaborationById(c.id).changeRequests.map((r) => r.id) };
      const { ids } = await walk(list, 1);
      expect([...ids].sort()).toEqual([...list.expected].sort());
    }
  });

  it("resumes past the end from an edge of the last page: an empty page", async () => {
    for (const list of lists.filter((l) => !l.name.startsWith("Query.collaborations"))) {
      const last = list.pick((await g.gql(list.query, { ...list.variables, first: 100 })).data);
      expect(last.pageInfo.hasNextPage).toBe(false);
      const after = await g.gql(list.query, { ...list.variables, first: 100, after: last.edges[last.edges.length - 1].cursor });
      expect(after.errors).toBeUndefined();
      expect(list.pick(after.data)).toEqual({ nodes: [], edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });
});
