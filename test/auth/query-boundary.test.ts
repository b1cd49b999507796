/**
 * Two principals whose grants differ try every Query field of the contract
 * across the boundary of their grants. What lies only behind other accounts
 * is absent (null, or not listed) without an error that reveals it, and
 * every refusal is made without AWS learning anything: no call as another
 * account, and no Get* call for the refused resource (the gateway looks only
 * through the caller's own accounts' lists).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { allAccounts, changeRequests, federated, holds, memberships, principals, runs, scenario, sees } from "./boundary-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ principals })));
afterAll(() => g.close());

type Principal = (typeof principals)[number];

/** Runs a query as the principal: no errors, and every AWS call made as one of its accounts (and only list calls when `listsOnly`). */
async function asPrincipal<T = any>(p: Principal, query: string, variables: Record<string, unknown> = {}, listsOnly = false): Promise<T> {
  await g.t.resetCalls();
  const res = await g.gql<T>(query, variables, { token: p.token });
  expect(res.status).toBe(200);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const calls = await g.t.calls();
  const callers = Object.keys(calls.byAccount).filter((a) => a !== g.t.scenario.gateway.accountId); // STS as the gateway's own user
  for (const a of callers) expect(p.accounts, `an AWS call as ${a} for ${p.name}`).toContain(a);
  if (listsOnly) {
    for (const a of callers) for (const op of Object.keys(calls.byAccount[a])) expect(op).toMatch(/^List(Collaborations|Memberships)$/);
  }
  return res.data!;
}

for (const p of principals) {
  describe(`principal ${p.name}`, () => {
    const mine = federated.filter((a) => p.accounts.includes(a));

    it("accounts: lists only the principal's accounts", async () => {
      const d = await asPrincipal(p, "{ accounts { accountId status memberships { nodes { id account { accountId } } } } }");
      expect(d.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(mine);
      for (const a of d.accounts) {
        expect(a.status).toBe("AVAILABLE");
        expect(a.memberships.nodes.map((m: { id: string }) => m.id).sort()).toEqual(memberships.filter((m) => m.accountId === a.accountId).map((m) => m.id).sort());
      }
    });

    it("account: null for every other account, with no AWS call at all", async () => {
      for (const accountId of allAccounts) {
        const mineToo = p.accounts.includes(accountId);
        await g.t.resetCalls();
        const res = await g.gql("query($a: String!) { account(accountId: $a) { accountId alias } }", { a: accountId }, { token: p.token });
        expect(res.errors).toBeUndefined();
        expect(res.data).toEqual({ account: mineToo ? { accountId, alias: expect.any(String) } : null });
        if (!mineToo) expect((await g.t.calls()).total).toBe(0);
      }
    });

    it("collaborations: only those the principal's accounts see; their memberships and members' memberships only the principal's", async () => {
      const d = await asPrincipal(
        p,
        "{ collaborations(first: 100) { nodes { id memberships { id account { accountId } } members { accountId isFederated membership { id } } } } }",
      );
      const expected = scenario.collaborations.filter((c) => sees(p.accounts, c.id)).map((c) => c.id);
      expect(d.collaborations.nodes.map((c: { id: string }) => c.id).sort()).toEqual(expected.sort());
      for (const c of d.collaborations.nodes) {
        const held = memberships.filter((m) => m.collaborationId === c.id && p.accounts.includes(m.accountId));
        expect(c.memberships.map((m: { id: string }) => m.id).sort()).toEqual(held.map((m) => m.id).sort());
        for (const m of c.members) {
          expect(m.isFederated).toBe(p.accounts.includes(m.accountId));
          if (!p.accounts.includes(m.accountId)) expect(m.membership).toBeNull();
        }
      }
    });

    it("collaboration: null for one the principal's accounts do not see, through list calls of its own accounts only", async () => {
      for (const c of scenario.collaborations) {
        const visible = sees(p.accounts, c.id);
        const d = await asPrincipal(p, "query($id: ID!) { collaboration(id: $id) { id name changeRequests { nodes { id } } } }", { id: c.id }, !visible);
        expect(d.collaboration?.id ?? null).toBe(visible ? c.id : null);
      }
    });

    it("membership: null for one the principal's accounts do not hold", async () => {
      for (const m of memberships) {
        const held = holds(p.accounts, m.id);
        const d = await asPrincipal(p, "query($id: ID!) { membership(id: $id) { id account { accountId } protectedQueries { nodes { id } } } }", { id: m.id }, !held);
        expect(d.membership?.id ?? null).toBe(held ? m.id : null);
      }
    });

    it("changeRequest: null in a collaboration the principal's accounts do not see", async () => {
      for (const r of changeRequests) {
        const visible = sees(p.accounts, r.collaborationId);
        const d = await asPrincipal(p, "query($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { id status } }", { c: r.collaborationId, id: r.id }, !visible);
        expect(d.changeRequest?.id ?? null).toBe(visible ? r.id : null);
      }
    });

    it("protectedQuery and protectedJob: null through a membership the principal's accounts do not hold", async () => {
      for (const r of runs) {
        const held = holds(p.accounts, r.membershipId);
        const d = await asPrincipal(p, `query($m: ID!, $id: ID!) { ${r.kind}(membershipId: $m, id: $id) { id status } }`, { m: r.membershipId, id: r.id }, !held);
        expect(d[r.kind]?.id ?? null).toBe(held ? r.id : null);
      }
    });
  });
}

it("the two principals' views differ, and each kind of resource is refused to one of them (the tests above cross a boundary)", () => {
  const [a, b] = principals;
  const refusedToSome = <T>(items: T[], reachable: (accounts: string[], item: T) => boolean) =>
    principals.some((p) => items.some((i) => !reachable(p.accounts, i)));
  expect(refusedToSome(scenario.collaborations, (acc, c) => sees(acc, c.id))).toBe(true);
  expect(refusedToSome(memberships, (acc, m) => holds(acc, m.id))).toBe(true);
  expect(refusedToSome(changeRequests, (acc, r) => sees(acc, r.collaborationId))).toBe(true);
  expect(refusedToSome(runs.filter((r) => r.kind === "protectedQuery"), (acc, r) => holds(acc, r.membershipId))).toBe(true);
  expect(refusedToSome(runs.filter((r) => r.kind === "protectedJob"), (acc, r) => holds(acc, r.membershipId))).toBe(true);
  expect(memberships.filter((m) => holds(a.accounts, m.id))).not.toEqual(memberships.filter((m) => holds(b.accounts, m.id)));
  expect(runs.filter((r) => holds(a.accounts, r.membershipId)).length).toBeGreaterThan(0);
  expect(runs.filter((r) => holds(b.accounts, r.membershipId)).length).toBe(0);
});
