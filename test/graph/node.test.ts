/**
 * Global object identification over real HTTP: every entity's `nodeId`
 * refetches it through `node(id:)` / `nodes(ids:)` with the same field
 * values, within the caller's grants, through the request's loaders (one
 * read per resource), and an id this API did not issue costs no AWS call.
 * Expected visibility comes from demo.json (test/auth/boundary-world.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeNodeId, encodeNodeId } from "../../src/graph/node/node-id";
import { analyticsActor, holds, principals, sees } from "../auth/boundary-world";
import { demo } from "../support/emulator";
import { startTestGateway, type GraphQLResponse, type TestGateway } from "../support/gateway";
import { collaborationById, memberOf } from "./demo-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ principals })));
afterAll(() => g.close());

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

/** What each type shows, here and refetched: its identity, its own fields, and a reference or two. */
const FIELDS: Record<string, string> = {
  Account: "id accountId alias region status",
  Collaboration: "id name creatorAccountId description members { id accountId }",
  Membership: "id arn status memberAbilities queryLogStatus account { id accountId } collaboration { id nodeId }",
  Member: "id accountId displayName status abilities mlAbilities isFederated membership { id nodeId }",
  ChangeRequest: "id collaborationId status isAutoApproved createTime changes { id nodeId } approvals { id nodeId accountId status }",
  Approval: "id accountId status member { id nodeId abilities }",
  Change: "id specificationType types member { accountId memberAbilities } collaboration { autoApprovedChangeTypes }",
  ProtectedQuery: "id membershipId status createTime payerAccountId receivers { id } payer { id nodeId }",
  ProtectedJob: "id membershipId status createTime payerAccountId receivers { id } membership { id }",
};
const TYPES = Object.keys(FIELDS);

/** A selection's top-level fields, each passed to `map` (nested selections are left as they are). */
function topLevel(selection: string, map: (field: string) => string = (f) => f): string {
  let depth = 0;
  return selection.replace(/[{}]|\w+/g, (token) => {
    if (token === "{") depth++;
    else if (token === "}") depth--;
    else if (depth === 0) return map(token);
    return token;
  });
}
const fieldsOf = (type: string): string[] => ["__typename", "nodeId", ...topLevel(FIELDS[type]).replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, "").split(/\s+/).filter(Boolean)];

/** Fields of one name but of different types (`status`) may not meet in one selection: in a query of every type, each is aliased `<type>_<field>`. */
const CLASHING = new Set(["status", "member", "membership", "collaboration"]);
const aliased = (type: string) => topLevel(FIELDS[type], (f) => (CLASHING.has(f) ? `${type}_${f}: ${f}` : f));
const ON_EVERY_TYPE = TYPES.map((t) => `... on ${t} { ${aliased(t)} }`).join(" ");
const f = (t: string) => `__typename nodeId ${FIELDS[t]}`;

/** One of every entity type the demo world has, with their nodeIds. */
const EVERYTHING = `{
  accounts { ${f("Account")} memberships(first: 5) { nodes { ${f("Membership")} protectedQueries(first: 3) { nodes { ${f("ProtectedQuery")} } } protectedJobs(first: 3) { nodes { ${f("ProtectedJob")} } } } } }
  collaborations(first: 5) { nodes { ${f("Collaboration")}
    members { ${f("Member")} }
    changeRequests(first: 5) { nodes { ${f("ChangeRequest")} changes { ${f("Change")} } approvals { ${f("Approval")} } } } } }
}`;

type Entity = { __typename: string; nodeId: string; id: string; [field: string]: unknown };

/** Every object in a response that has a nodeId, each time it appears, in the order met. */
function occurrences(value: unknown, out: Entity[] = []): Entity[] {
  if (Array.isArray(value)) for (const v of value) occurrences(v, out);
  else if (value && typeof value === "object") {
    const o = value as Entity;
    if (typeof o.nodeId === "string" && typeof o.__typename === "string") out.push(o);
    for (const v of Object.values(o)) occurrences(v, out);
  }
  return out;
}

/** Every object in a response that has a nodeId, once per nodeId, in the order met. */
function entities(value: unknown): Entity[] {
  const first = new Map<string, Entity>();
  for (const e of occurrences(value)) if (!first.has(e.nodeId)) first.set(e.nodeId, e);
  return [...first.values()];
}

type Node = Record<string, unknown> & { __typename: string };

/** A node as a query of every type shows it, with the aliases of `aliased` taken off. */
const unaliased = (n: Node | null): Node | null =>
  n && (Object.fromEntries(Object.entries(n).map(([k, v]) => [k.replace(`${n.__typename}_`, ""), v])) as Node);

/** `node` shows what `e` showed: every field FIELDS names for its type, each with the same value (nested selections included). */
function expectSame(node: Node | null, e: Entity): void {
  expect(node, e.nodeId).not.toBeNull();
  expect(Object.keys(node!).sort()).toEqual(fieldsOf(e.__typename).sort());
  expect(e).toMatchObject(node!);
}

async function ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const res = await g.gql<T>(query, variables, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

let everything: Entity[];
const byType = (t: string) => everything.filter((e) => e.__typename === t);

beforeAll(async () => {
  everything = entities(await ok(EVERYTHING));
});

/** node(id:) showing FIELDS of one type. */
const NODE_OF = (type: string) => `query($id: ID!) { node(id: $id) { __typename nodeId ... on ${type} { ${FIELDS[type]} } } }`;
const NODE = `query($id: ID!) { node(id: $id) { __typename nodeId ${ON_EVERY_TYPE} } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename nodeId ${ON_EVERY_TYPE} } }`;

describe("nodeId and id", () => {
  it("every entity type implements Node, and the demo world has each", () => {
    expect(new Set(everything.map((e) => e.__typename))).toEqual(new Set(TYPES));
  });

  it("nodeIds are unique across the graph; the types that had no id have one equal to it; AWS's ids keep their meaning", async () => {
    const all = occurrences(await ok(EVERYTHING));
    // One nodeId, one entity: wherever it appears, the same type and the same values.
    for (const e of all) expect(e.__typename).toBe(everything.find((x) => x.nodeId === e.nodeId)!.__typename);
    // One entity, one nodeId: as many nodeIds as there are entities, counted from what contains them.
    const collaborations = all.filter((e) => e.__typename === "Collaboration");
    const requests = all.filter((e) => e.__typename === "ChangeRequest");
    const count = (xs: Entity[], field: string) => xs.reduce((n, x) => n + (x[field] as unknown[]).length, 0);
    expect(byType("Member")).toHaveLength(count([...new Map(collaborations.map((c) => [c.id, c])).values()], "members"));
    expect(byType("Approval")).toHaveLength(count([...new Map(requests.map((r) => [r.id, r])).values()], "approvals"));
    expect(byType("Change")).toHaveLength(count([...new Map(requests.map((r) => [r.id, r])).values()], "changes"));
    for (const t of ["Collaboration", "Membership", "ChangeRequest", "ProtectedQuery", "ProtectedJob"]) {
      expect(byType(t), t).toHaveLength(new Set(all.filter((e) => e.__typename === t).map((e) => e.id)).size);
    }
    expect(new Set(everything.map((e) => e.nodeId)).size).toBe(everything.length);
    for (const e of everything) {
      if (["Account", "Member", "Approval", "Change"].includes(e.__typename)) expect(e.id, e.__typename).toBe(e.nodeId);
      else expect(e.id, e.__typename).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(byType("Account").map((a) => a.accountId)).toEqual([demo.advertiser, demo.analytics, demo.publisher]);
  });

  it("the same nodeId in every request", async () => {
    const again = entities(await ok(EVERYTHING));
    expect(again.map((e) => e.nodeId)).toEqual(everything.map((e) => e.nodeId));
  });
});

describe("node(id:)", () => {
  for (const type of TYPES) {
    it(`refetches a ${type} from its nodeId, with the same field values`, async () => {
      const sample = byType(type);
      expect(sample.length).toBeGreaterThan(0);
      for (const e of sample.slice(0, 3)) {
        expectSame((await ok(NODE_OF(type), { id: e.nodeId })).node, e);
        expectSame(unaliased((await ok(NODE, { id: e.nodeId })).node), e);
      }
    });
  }

  it("answers null, with no error, for a well-formed id of nothing the caller sees", async () => {
    for (const id of [
      encodeNodeId({ type: "Collaboration", id: UNKNOWN_UUID }),
      encodeNodeId({ type: "Membership", id: UNKNOWN_UUID }),
      encodeNodeId({ type: "ProtectedQuery", membershipId: demo.m11, id: UNKNOWN_UUID }),
      encodeNodeId({ type: "ChangeRequest", collaborationId: demo.retailMedia, id: UNKNOWN_UUID }),
      encodeNodeId({ type: "Approval", collaborationId: demo.retailMedia, changeRequestId: demo.pendingPayerRequest, accountId: "999999999999" }),
      encodeNodeId({ type: "Change", collaborationId: demo.retailMedia, changeRequestId: demo.pendingPayerRequest, index: 7 }),
      encodeNodeId({ type: "Member", collaborationId: demo.retailMedia, accountId: "999999999999" }),
      encodeNodeId({ type: "Account", accountId: demo.partner }), // a member of collaborations, not a federated account
    ]) {
      expect(await ok(NODE, { id }), id).toEqual({ node: null });
    }
  });

  it("refuses an id this API did not issue with BAD_USER_INPUT naming `id`, and no AWS call", async () => {
    // Empty, not base64url, an AWS id, base64 with padding, another version.
    for (const id of ["", "nope", demo.m11, Buffer.from(`v1:Membership:${demo.m11}`).toString("base64"), Buffer.from(`v9:Membership:${demo.m11}`).toString("base64url")]) {
      await g.t.resetCalls();
      const res = await g.gql(NODE, { id });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ node: null });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ path: ["node"], extensions: { code: "BAD_USER_INPUT", field: "id" } });
      expect(res.errors![0].message).toMatch(/not a node id this API issued/);
      expect((await g.t.calls()).total, id).toBe(0);
    }
  });
});

describe("nodes(ids:)", () => {
  it("mixes types and keeps their order, with null for unknown ones and no error", async () => {
    const picks = TYPES.map((t) => byType(t)[0]);
    const unknown = encodeNodeId({ type: "Membership", id: UNKNOWN_UUID });
    const ids = [unknown, ...picks.map((e) => e.nodeId).reverse(), unknown];
    const { nodes } = await ok(NODES, { ids });
    expect(nodes).toHaveLength(ids.length);
    expect([nodes[0], nodes[ids.length - 1]]).toEqual([null, null]);
    [...picks].reverse().forEach((e, i) => expectSame(unaliased(nodes[i + 1]), e));
  });

  it("refetches everything a query showed, in one request", async () => {
    const some = everything;
    expect(some.length).toBeLessThanOrEqual(100);
    const { nodes } = await ok(NODES, { ids: some.map((e) => e.nodeId) });
    expect(nodes).toHaveLength(some.length);
    some.forEach((e, i) => expectSame(unaliased(nodes[i]), e));
  });

  it("an id this API did not issue is null with BAD_USER_INPUT naming its place; the others still answer", async () => {
    const account = byType("Account")[0];
    const res = await g.gql(NODES, { ids: [account.nodeId, "garbage", account.nodeId] });
    const nodes = res.data!.nodes as (Node | null)[];
    expect(nodes[1]).toBeNull();
    expectSame(unaliased(nodes[0]), account);
    expect(nodes[2]).toEqual(nodes[0]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ["nodes", 1], extensions: { code: "BAD_USER_INPUT", field: "ids[1]" } });
  });

  it("takes at most 100 ids: BAD_USER_INPUT on `ids` naming the limit, before any AWS call", async () => {
    const ids = Array.from({ length: 101 }, () => byType("ProtectedQuery")[0].nodeId);
    await g.t.resetCalls();
    const res = await g.gql(NODES, { ids });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "ids" } });
    expect(res.errors![0].message).toMatch(/100/);
    expect((await g.t.calls()).total).toBe(0);
    const { nodes } = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: ids.slice(0, 100) });
    expect(nodes).toEqual(ids.slice(0, 100).map((nodeId) => ({ nodeId })));
  });

  it("costs one read per resource: a repeated id, and a change request with its approvals and changes", async () => {
    const query = byType("ProtectedQuery")[0];
    const request = byType("ChangeRequest").find((r) => (r.approvals as unknown[]).length > 1)!;
    const parts = [...(request.approvals as { nodeId: string }[]), ...(request.changes as { nodeId: string }[])].map((p) => p.nodeId);
    const members = byType("Member").filter((m) => (decodeNodeId(m.nodeId) as { collaborationId: string }).collaborationId === request.collaborationId);
    expect(members.length).toBeGreaterThan(1);

    await g.t.resetCalls();
    const ids = [query.nodeId, request.nodeId, query.nodeId, ...parts, request.nodeId, ...members.map((m) => m.nodeId), query.nodeId];
    const { nodes } = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids });
    expect(nodes.map((n: { nodeId: string }) => n.nodeId)).toEqual(ids);
    const calls = (await g.t.calls()).byOperation;
    expect(calls.GetProtectedQuery).toBe(1);
    expect(calls.GetCollaborationChangeRequest).toBe(1);
    expect(calls.ListMembers).toBe(1);
    expect(calls.GetMembership ?? 0).toBe(0);
    expect(calls.GetCollaboration ?? 0).toBe(0);
  });
});

describe("members: one account in one collaboration", () => {
  it(`the same account (${demo.publisher}) in two collaborations is two members, each with its own id and abilities`, async () => {
    const shared = byType("Member").filter((m) => m.accountId === demo.publisher);
    const collaborations = byType("Collaboration").filter((c) => (c.members as { id: string }[]).some((m) => shared.some((s) => s.id === m.id)));
    expect(shared.length).toBeGreaterThan(1);
    expect(new Set(shared.map((m) => m.id)).size).toBe(shared.length);
    const abilities = new Set<string>();
    for (const c of collaborations) {
      const member = shared.find((s) => (c.members as { id: string }[]).some((m) => m.id === s.id))!;
      const expected = memberOf(collaborationById(c.id), demo.publisher).abilities;
      expect(member.abilities).toEqual(expected);
      const { node } = await ok(NODE_OF("Member"), { id: member.nodeId });
      expect(node.abilities).toEqual(expected);
      abilities.add(JSON.stringify(expected));
    }
    // The demo world gives the account different abilities in its collaborations: keyed by account alone, one would overwrite the other.
    expect(abilities.size).toBeGreaterThan(1);
  });
});

describe("grants", () => {
  for (const p of principals) {
    it(`${p.name}: null for every node its accounts cannot see, with no AWS call as another account`, async () => {
      const visible = (e: Entity): boolean => {
        switch (e.__typename) {
          case "Account":
            return p.accounts.includes(e.accountId as string);
          case "Collaboration":
            return sees(p.accounts, e.id);
          case "Membership":
            return holds(p.accounts, e.id);
          case "ProtectedQuery":
          case "ProtectedJob":
            return holds(p.accounts, e.membershipId as string);
          case "ChangeRequest":
            return sees(p.accounts, e.collaborationId as string);
          default: {
            // Member, Approval, Change: visible with their collaboration.
            const key = decodeNodeId(e.nodeId) as { collaborationId: string };
            return sees(p.accounts, key.collaborationId);
          }
        }
      };
      const ids = everything;
      expect(ids.length).toBeLessThanOrEqual(100);
      await g.t.resetCalls();
      const res: GraphQLResponse<{ nodes: ({ nodeId: string } | null)[] }> = await g.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: ids.map((e) => e.nodeId) }, { token: p.token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.nodes).toEqual(ids.map((e) => (visible(e) ? { nodeId: e.nodeId } : null)));
      expect(res.data!.nodes.some((n) => n === null)).toBe(true);
      expect(res.data!.nodes.some((n) => n !== null)).toBe(true);
      const calls = await g.t.calls();
      for (const a of Object.keys(calls.byAccount).filter((a) => a !== g.t.scenario.gateway.accountId)) expect(p.accounts, `an AWS call as ${a}`).toContain(a);
    });
  }

  it("node(id:) of what the caller cannot see is null with no error, like the type's own query", async () => {
    const run = byType("ProtectedQuery").find((r) => !holds(analyticsActor.accounts, r.membershipId as string))!;
    expect(await ok(NODE, { id: run.nodeId }, analyticsActor.token)).toEqual({ node: null });
    expect(await ok(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { id } }`, { m: run.membershipId, id: run.id }, analyticsActor.token)).toEqual({
      protectedQuery: null,
    });
  });
});
