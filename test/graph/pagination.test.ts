/**
 * Connections across pages: every list walked page by page with `after`
 * gives back the whole list once, in the order of one full page; every edge
 * has its own cursor, and `after` any edge's cursor resumes right after that
 * edge (inside an AWS page too), as clients that splice pages by cursor
 * (Apollo's relayStylePagination, urql's relayPagination) need; `first` is
 * 1–100 and a cursor the API did not hand out is bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { awsPage, listTag, MAX_AWS_READS, MAX_PAGE } from "../../src/graph/common/connection";
import { ProtectedQueryStatus } from "../../src/graph/common/enums";
import { allMemberships, collaborationById, isFederated, membershipsOf, visibleCollaborations, world } from "./demo-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

interface Page {
  nodes: { id: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** One list of the graph: a query whose connection takes $first and $after, and where its connection sits in the answer. */
interface ListUnderTest {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  pick: (data: any) => Page;
  expected: string[];
  /** The Clean Rooms operation that lists it, for lists that page in AWS. */
  operation?: string;
}

const CONNECTION = "nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

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
    operation: "ListMemberships",
  },
  {
    name: "Collaboration.changeRequests",
    query: `query($c: ID!, $first: Int, $after: String) { collaboration(id: $c) { changeRequests(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { c: busiestCollaboration.id },
    pick: (d) => d.collaboration.changeRequests,
    expected: busiestCollaboration.changeRequests.map((r) => r.id),
    operation: "ListCollaborationChangeRequests",
  },
  {
    name: "Membership.protectedQueries",
    query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedQueries(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { m: queryMembership },
    pick: (d) => d.membership.protectedQueries,
    expected: byNewest(world.protectedQueries.filter((q) => q.membershipId === queryMembership)).map((q) => q.id),
    operation: "ListProtectedQueries",
  },
  {
    name: "Membership.protectedQueries(status: SUCCESS)",
    query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedQueries(status: SUCCESS, first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { m: queryMembership },
    pick: (d) => d.membership.protectedQueries,
    expected: byNewest(world.protectedQueries.filter((q) => q.membershipId === queryMembership && q.status === "SUCCESS")).map((q) => q.id),
    operation: "ListProtectedQueries",
  },
  {
    name: "Membership.protectedJobs",
    query: `query($m: ID!, $first: Int, $after: String) { membership(id: $m) { protectedJobs(first: $first, after: $after) { ${CONNECTION} } } }`,
    variables: { m: jobMembership },
    pick: (d) => d.membership.protectedJobs,
    expected: byNewest(world.protectedJobs.filter((j) => j.membershipId === jobMembership)).map((j) => j.id),
    operation: "ListProtectedJobs",
  },
];

async function page(list: ListUnderTest, first: number | undefined, after: string | undefined): Promise<Page> {
  const res = await g.gql(list.query, { ...list.variables, first, after });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return list.pick(res.data);
}

/** Relay's PageInfo of a page asked for after `after`: the cursors are those of the page's ends; something precedes exactly when `after` was given. */
function expectPageInfo(p: Page, after: string | undefined): void {
  expect(p.pageInfo.hasPreviousPage, "hasPreviousPage").toBe(after !== undefined);
  expect(p.pageInfo.startCursor, "startCursor").toBe(p.edges[0]?.cursor ?? null);
  expect(p.pageInfo.endCursor, "endCursor").toBe(p.edges.at(-1)?.cursor ?? null);
}

/** Every page of `first` items, following pageInfo.endCursor (from `from`, or the start). */
async function walk(list: ListUnderTest, first: number, from?: string): Promise<{ ids: string[]; pages: number; edges: Page["edges"] }> {
  const ids: string[] = [];
  const edges: Page["edges"] = [];
  let after = from;
  let pages = 0;
  for (;;) {
    const p = await page(list, first, after);
    pages += 1;
    expect(p.nodes.length).toBeLessThanOrEqual(first);
    expect(p.edges.map((e) => e.node.id)).toEqual(p.nodes.map((n) => n.id));
    expectPageInfo(p, after);
    ids.push(...p.nodes.map((n) => n.id));
    edges.push(...p.edges);
    if (!p.pageInfo.hasNextPage) break;
    expect(p.nodes.length, "a page that says more follows is full").toBe(first);
    expect(p.pageInfo.endCursor).toEqual(expect.any(String));
    after = p.pageInfo.endCursor!;
    expect(pages, "the walk ends").toBeLessThan(200);
  }
  return { ids, pages, edges };
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

  it("gives every edge its own cursor: after any edge's cursor comes the rest of the list, each item once, whatever the page sizes", async () => {
    const whole = (await page(list, 100, undefined)).nodes.map((n) => n.id);
    for (let first = 1; first <= whole.length; first++) {
      const { edges } = await walk(list, first);
      expect(edges.map((e) => e.node.id), `first: ${first}`).toEqual(whole);
      expect(new Set(edges.map((e) => e.cursor)).size, `first: ${first}: one cursor per edge`).toBe(edges.length);
      for (const [i, edge] of edges.entries()) {
        const rest = whole.slice(i + 1);
        const at = `cursors of first: ${first}, after edge ${i}`;
        const all = await page(list, 100, edge.cursor);
        expect(all.nodes.map((n) => n.id), at).toEqual(rest);
        expect(all.pageInfo.hasNextPage, at).toBe(false);
        expectPageInfo(all, edge.cursor);
        for (const next of [1, 3]) expect((await walk(list, next, edge.cursor)).ids, `${at}, walked by ${next}`).toEqual(rest);
      }
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
      expect(list.pick(after.data)).toEqual({ nodes: [], edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
    }
  });
});

/** What a client that splices pages by cursor keeps (Apollo's relayStylePagination merge): the edges up to `after`'s, then the page. */
function splice(kept: Page["edges"], after: string, incoming: Page["edges"]): Page["edges"] {
  const at = kept.findIndex((e) => e.cursor === after);
  expect(at, "after is the cursor of a kept edge").toBeGreaterThanOrEqual(0);
  return [...kept.slice(0, at + 1), ...incoming];
}

/** The Clean Rooms list calls of the operations run during `work`. */
async function listCalls(operation: string, work: () => Promise<unknown>): Promise<number> {
  await g.t.resetCalls();
  await work();
  return (await g.t.calls()).byOperation[operation] ?? 0;
}

describe("cursors per edge: the runs of the busiest membership in pages of 3", () => {
  const list = lists.find((l) => l.name === "Membership.protectedQueries")!;
  const runs = list.expected;
  const SIZE = 3;
  const chunks = Array.from({ length: Math.ceil(runs.length / SIZE) }, (_, k) => runs.slice(k * SIZE, (k + 1) * SIZE));

  it("has several AWS pages of 3 in the demo, the last one partial", () => {
    expect(chunks.length).toBeGreaterThan(2);
    expect(runs.length % SIZE).not.toBe(0);
  });

  it("answers first, middle and last pages with their pageInfo", async () => {
    let after: string | undefined;
    for (const [k, chunk] of chunks.entries()) {
      const p = await page(list, SIZE, after);
      expect(p.nodes.map((n) => n.id), `page ${k}`).toEqual(chunk);
      expect(p.pageInfo, `page ${k}`).toEqual({
        hasNextPage: k < chunks.length - 1,
        hasPreviousPage: k > 0,
        startCursor: p.edges[0].cursor,
        endCursor: p.edges[chunk.length - 1].cursor,
      });
      after = p.pageInfo.endCursor!;
    }
    // Past the last edge: an empty page, with something before it.
    const past = await page(list, SIZE, after);
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it("keeps every run when pages are spliced by cursor, as Apollo's relayStylePagination and urql's relayPagination do", async () => {
    // fetchMore({ after: endCursor }) until the end.
    let kept = (await page(list, SIZE, undefined)).edges;
    for (let more = true; more; ) {
      const after = kept.at(-1)!.cursor;
      const next = await page(list, SIZE, after);
      kept = splice(kept, after, next.edges);
      more = next.pageInfo.hasNextPage;
    }
    expect(kept.map((e) => e.node.id)).toEqual(runs);
    // A page fetched after any kept edge (a refetch from the middle) lines up with what is kept before it.
    for (const [i, edge] of kept.entries()) {
      const next = await page(list, SIZE, edge.cursor);
      expect(splice(kept, edge.cursor, next.edges).map((e) => e.node.id), `after edge ${i}`).toEqual(runs.slice(0, i + 1 + SIZE));
    }
  });

  it("reads one AWS page per page when following endCursor, and at most two when resuming after any edge", async () => {
    expect(await listCalls(list.operation!, () => walk(list, SIZE))).toBe(chunks.length);
    const { edges } = await walk(list, SIZE);
    for (const [i, edge] of edges.entries()) {
      expect(await listCalls(list.operation!, () => page(list, SIZE, edge.cursor)), `after edge ${i}`).toBeLessThanOrEqual(2);
      const rest = runs.length - (i + 1);
      const pages = Math.max(1, Math.ceil(rest / SIZE));
      expect(await listCalls(list.operation!, () => walk(list, SIZE, edge.cursor)), `walk after edge ${i}`).toBeLessThanOrEqual(pages + 1);
    }
  });

  it("re-reads the page a cursor lies in through the operation's loaders: a page read in the same operation costs nothing", async () => {
    const [first, second] = (await page(list, SIZE, undefined)).edges;
    const both = `query($m: ID!, $after: String) { membership(id: $m) {
      whole: protectedQueries(first: ${SIZE}) { edges { node { id } } }
      rest: protectedQueries(first: ${SIZE - 1}, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } }
    } }`;
    let res: Awaited<ReturnType<typeof g.gql>> | undefined;
    expect(await listCalls(list.operation!, async () => (res = await g.gql(both, { m: queryMembership, after: first.cursor })))).toBe(1);
    const rest = (res!.data as any).membership.rest as Page;
    expect(rest.edges.map((e) => e.node.id)).toEqual(runs.slice(1, SIZE));
    expect(rest.edges[0].cursor).toBe(second.cursor);
    expect(rest.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it("answers an empty list with an empty first page", async () => {
    // A membership that a federated account holds and that has run no query (or, failing that, a status none of the busiest membership's runs has).
    const idle = allMemberships.find((m) => isFederated(m.accountId) && !world.protectedQueries.some((q) => q.membershipId === m.id));
    const seen = new Set(world.protectedQueries.filter((q) => q.membershipId === queryMembership).map((q) => q.status));
    const none = Object.values(ProtectedQueryStatus).find((s) => !seen.has(s));
    expect(idle ?? none, "an empty list in the demo").toBeDefined();
    const empty: ListUnderTest = idle
      ? { ...list, variables: { m: idle.id }, expected: [] }
      : { ...list, query: list.query.replace("protectedQueries(", `protectedQueries(status: ${none}, `), expected: [] };
    expect(await listCalls(list.operation!, async () => {
      const p = await page(empty, SIZE, undefined);
      expect(p).toEqual({ nodes: [], edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
    })).toBe(1);
  });

  it("refuses a cursor from inside the first page of another list (no AWS token to refuse it) as BAD_USER_INPUT naming after, without reading that list", async () => {
    const inside = (await page(list, SIZE, undefined)).edges[0].cursor;
    const others = lists.filter((l) => l !== list);
    for (const other of others) {
      const op = other.operation ?? "ListCollaborations";
      let res: Awaited<ReturnType<typeof g.gql>> | undefined;
      const calls = await listCalls(op, async () => (res = await g.gql(other.query, { ...other.variables, first: SIZE, after: inside })));
      expect(res!.errors, other.name).toHaveLength(1);
      expect(res!.errors![0].extensions?.code, other.name).toBe("BAD_USER_INPUT");
      expect(res!.errors![0].extensions?.field, other.name).toBe("after");
      if (other.operation && other.operation !== list.operation) expect(calls, other.name).toBe(0);
    }
  });
});

describe("Query.collaborations: the merged list", () => {
  it("tells the whole list's totalCount on every page", async () => {
    const q = `query($first: Int, $after: String) { collaborations(first: $first, after: $after) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`;
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const res = await g.gql<any>(q, { first: 1, after });
      expect(res.errors).toBeUndefined();
      expect(res.data.collaborations.totalCount).toBe(visibleCollaborations.length);
      if (!res.data.collaborations.pageInfo.hasNextPage) return;
      after = res.data.collaborations.pageInfo.endCursor;
    }
    throw new Error("the walk did not end");
  });
});

describe("awsPage over AWS pages of any shape (opaque tokens, short and empty pages)", () => {
  /**
   * A list of `n` items as AWS might page it: tokens are opaque, a page may
   * hold fewer items than asked for (here at most `cap`), and a token may
   * lead to an empty page (here one after every `emptyEvery`-th page, and
   * one past the end).
   */
  function fakeAws(n: number, cap: number, emptyEvery: number) {
    const items = Array.from({ length: n }, (_, i) => `item-${i}`);
    const tokens = new Map<string, { offset: number; empty: boolean }>();
    let served = 0;
    const reads: { maxResults: number }[] = [];
    const token = (offset: number, empty: boolean) => {
      const t = `opaque-${tokens.size}-${Math.random().toString(36).slice(2)}`;
      tokens.set(t, { offset, empty });
      return t;
    };
    const load = async ({ maxResults, nextToken }: { maxResults: number; nextToken?: string }) => {
      reads.push({ maxResults });
      const at = nextToken === undefined ? { offset: 0, empty: false } : tokens.get(nextToken);
      if (!at) throw new Error("unknown nextToken");
      if (at.empty) return { items: [], nextToken: at.offset < n ? token(at.offset, false) : undefined };
      const page = items.slice(at.offset, at.offset + Math.min(maxResults, cap));
      const next = at.offset + page.length;
      served += 1;
      const emptyNext = served % emptyEvery === 0 || next >= n;
      return { items: page, nextToken: next < n || emptyNext ? token(next, emptyNext) : undefined };
    };
    return { items, load, reads };
  }

  const tag = listTag(["fake"]);

  async function walkFake(aws: ReturnType<typeof fakeAws>, first: number, from?: string) {
    const got: { cursor: string; node: string }[] = [];
    let after = from;
    for (let pages = 0; pages < 1000; pages++) {
      aws.reads.length = 0;
      const p = await awsPage(tag, { first, after }, aws.load, (s: string) => s);
      expect(aws.reads.length).toBeLessThanOrEqual(MAX_AWS_READS);
      // Each read is bounded: the page a cursor lies in is read again as it was read (at most 100), every other read asks for at most `first`.
      for (const [k, r] of aws.reads.entries()) expect(r.maxResults).toBeLessThanOrEqual(k === 0 && after !== undefined ? MAX_PAGE : first);
      expect(p.edges.length).toBeLessThanOrEqual(first);
      expect(p.pageInfo.hasPreviousPage).toBe(after !== undefined);
      expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
      if (p.edges.length) expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
      got.push(...p.edges);
      if (!p.pageInfo.hasNextPage) return got;
      expect(p.pageInfo.endCursor).toEqual(expect.any(String));
      after = p.pageInfo.endCursor!;
    }
    throw new Error("the walk did not end");
  }

  it.each([
    { n: 7, cap: 100, emptyEvery: 1000 },
    { n: 7, cap: 2, emptyEvery: 1000 },
    { n: 10, cap: 3, emptyEvery: 2 },
    { n: 5, cap: 1, emptyEvery: 1 },
    { n: 0, cap: 3, emptyEvery: 1000 },
  ])("every item once, after every edge the rest: $n items, at most $cap a page, an empty page every $emptyEvery", async ({ n, cap, emptyEvery }) => {
    const aws = fakeAws(n, cap, emptyEvery);
    for (let first = 1; first <= n + 1; first++) {
      const edges = await walkFake(aws, first);
      expect(edges.map((e) => e.node), `first: ${first}`).toEqual(aws.items);
      expect(new Set(edges.map((e) => e.cursor)).size).toBe(edges.length);
      for (const [i, edge] of edges.entries()) {
        for (const next of [1, 3, 100]) {
          expect((await walkFake(aws, next, edge.cursor)).map((e) => e.node), `first: ${first}, after edge ${i}, by ${next}`).toEqual(aws.items.slice(i + 1));
        }
      }
    }
  });

  it("refuses a cursor of another list, and a malformed position, naming after", async () => {
    const aws = fakeAws(7, 3, 1000);
    const p = await awsPage(tag, { first: 2 }, aws.load, (s: string) => s);
    await expect(awsPage(listTag(["other"]), { first: 2, after: p.edges[0].cursor }, aws.load, (s: string) => s)).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT", field: "after" },
    });
    for (const c of [{ l: tag, n: 3, s: 4 }, { l: tag, n: 0, s: 0 }, { l: tag, n: 101, s: 1 }, { l: tag, s: 1 }, { l: tag }, { l: tag, e: 2 }]) {
      const after = Buffer.from(JSON.stringify(c)).toString("base64url");
      await expect(awsPage(tag, { first: 2, after }, aws.load, (s: string) => s), JSON.stringify(c)).rejects.toMatchObject({
        extensions: { code: "BAD_USER_INPUT", field: "after" },
      });
    }
  });
});
