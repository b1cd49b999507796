/**
 * One account failing does not fail the graph: its part is missing, one
 * ACCOUNT_UNAVAILABLE error names it, everything else is answered. Transient
 * failures are retried and leave no trace in the answer. No answer, however
 * it failed, carries a role ARN, a credential, a request id or a stack trace
 * (startTestGateway checks every response; the last test makes sure the
 * failures it checks are the ones most likely to leak).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../../src/aws/retry";
import { LEAK_PATTERNS, startTestGateway, type GraphQLResponse, type TestGateway } from "../support/gateway";
import { federatedIds, membershipsOf, visibleCollaborations } from "./demo-world";

/** The federated account made to fail, and the ones that keep working. */
const DOWN = federatedIds[1];
const UP = federatedIds.filter((a) => a !== DOWN);

/** A wide read: every account with its memberships, every collaboration with what hangs off it. */
const WIDE = `{
  accounts { accountId status memberships { nodes { id collaboration { id name } } } }
  collaborations { nodes {
    id name description
    members { accountId isFederated }
    memberships { id account { accountId } }
    changeRequests { nodes { id approvals { accountId member { accountId } } } }
    defaultPayer(costType: QUERY_COMPUTE) { accountId }
  } }
}`;

/** The collaborations that some working account sees. */
const seenByUp = visibleCollaborations.filter((c) => c.members.some((m) => UP.includes(m.accountId) && (m.status === "ACTIVE" || m.status === "INVITED")));

/**
 * The answer to WIDE when DOWN is unavailable: its part missing, the rest whole, one error naming it (and the region
 * that failed, when its Clean Rooms calls failed there: its role failing is the whole account).
 */
function expectDownAnswered(res: GraphQLResponse<any>, region?: string) {
  expect(res.status).toBe(200);
  expect(res.errors, JSON.stringify(res.errors)).toHaveLength(1);
  expect(res.errors![0].extensions).toEqual({ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN, ...(region === undefined ? {} : { region }) });
  expect(res.errors![0].message).toContain(DOWN);

  const accounts = res.data!.accounts as { accountId: string; status: string; memberships: { nodes: { id: string }[] } }[];
  expect(accounts.map((a) => a.accountId)).toEqual(federatedIds);
  for (const a of accounts) {
    if (a.accountId === DOWN) {
      expect(a.status).toBe("UNAVAILABLE");
      expect(a.memberships.nodes).toEqual([]);
    } else {
      expect(a.status).toBe("AVAILABLE");
      expect(a.memberships.nodes.map((m) => m.id).sort()).toEqual(membershipsOf(a.accountId).map((m) => m.id).sort());
    }
  }

  const nodes = res.data!.collaborations.nodes as any[];
  expect(nodes.map((n) => n.id).sort()).toEqual(seenByUp.map((c) => c.id).sort());
  for (const c of seenByUp) {
    const n = nodes.find((x) => x.id === c.id);
    expect(n.name).toBe(c.name);
    expect(n.members.map((m: { accountId: string }) => m.accountId)).toEqual(c.members.map((m) => m.accountId));
    // The down account's membership is its part: left out; the others' are there.
    const expected = c.members.filter((m) => m.membershipId && UP.includes(m.accountId)).map((m) => ({ id: m.membershipId, account: { accountId: m.accountId } }));
    expect(n.memberships).toEqual(expected);
    expect(n.changeRequests.nodes.map((r: { id: string }) => r.id).sort()).toEqual(c.changeRequests.map((r) => r.id).sort());
  }
}

describe("an account whose role cannot be assumed (wrong ExternalId)", () => {
  let g: TestGateway;
  beforeAll(
    async () =>
      (g = await startTestGateway({
        accounts: (accounts) => accounts.map((a) => (a.accountId === DOWN ? { ...a, externalId: "not-the-external-id" } : a)),
      })),
  );
  afterAll(() => g.close());

  it("is UNAVAILABLE, its part missing, one error naming it, all else answered", async () => {
    expectDownAnswered(await g.gql(WIDE));
  });

  it("names itself once even when several parts of the query need it", async () => {
    const res = await g.gql(`query($a: String!, $m: ID!) {
      a1: account(accountId: $a) { status memberships { nodes { id } } }
      a2: account(accountId: $a) { memberships(first: 1) { nodes { id } } }
      membership(id: $m) { id }
    }`, { a: DOWN, m: membershipsOf(DOWN)[0].id });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toEqual({ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN });
    expect(res.data).toEqual({ a1: { status: "UNAVAILABLE", memberships: { nodes: [] } }, a2: { memberships: { nodes: [] } }, membership: null });
  });

  it("says so even when only the account's status is asked", async () => {
    const res = await g.gql(`{ accounts { accountId status } }`);
    expect(res.data!.accounts).toEqual(federatedIds.map((accountId) => ({ accountId, status: accountId === DOWN ? "UNAVAILABLE" : "AVAILABLE" })));
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toEqual({ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN });
  });

  it("leaves its membership's fields out when it is found down only while loading them", async () => {
    // Reached from a working account's memberships, nothing routes through the down account until a
    // field of its membership needs GetMembership.
    const res = await g.gql(`query($a: String!) { account(accountId: $a) { memberships { nodes { id collaboration { id
      memberships { id queryLogStatus jobLogStatus account { accountId } }
      members { accountId membership { id queryLogStatus } }
    } } } } }`, { a: UP[0] });
    expect(res.errors ?? [], JSON.stringify(res.errors)).toHaveLength(1);
    expect(res.errors![0].extensions).toEqual({ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN });
    for (const node of (res.data as any).account.memberships.nodes) {
      const c = visibleCollaborations.find((x) => x.id === node.collaboration.id)!;
      for (const m of node.collaboration.memberships) {
        if (m.account.accountId === DOWN) expect(m).toEqual({ id: m.id, queryLogStatus: null, jobLogStatus: null, account: { accountId: DOWN } });
        else expect(m.queryLogStatus).toBe(c.queryLogStatus);
      }
      for (const m of node.collaboration.members) {
        if (m.membership && m.accountId !== DOWN) expect(m.membership.queryLogStatus).toBe(c.queryLogStatus);
      }
    }
  });

  it("answers queries that do not involve it without an error", async () => {
    const up = membershipsOf(UP[0])[0];
    const res = await g.gql(`query($id: ID!) { collaboration(id: $id) { id name } }`, { id: up.collaboration.id });
    expect(res.data).toEqual({ collaboration: { id: up.collaboration.id, name: up.collaboration.name } });
  });
});

describe("an account whose calls fail (injected faults, no end to them)", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway()));
  afterAll(() => g.close());
  afterEach(() => g.t.control("POST", "/_emulator/faults", { rules: [] }));

  for (const [kind, rule] of [
    ["internal errors", { internalErrorRate: 1 }],
    ["throttling", { throttleRate: 1 }],
    ["dropped connections", { dropRate: 1 }],
  ] as const) {
    it(`answers the same shape after retrying ${kind}`, async () => {
      // Warm credentials so that only Clean Rooms calls are counted.
      await g.gql("{ accounts { status } }");
      await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "*", accountId: DOWN, ...rule }] });
      await g.t.resetCalls();
      // Its Clean Rooms calls failed in its one region: the error names the region.
      expectDownAnswered(await g.gql(WIDE), g.accounts.find((a) => a.accountId === DOWN)!.region);
      const calls = await g.t.calls();
      const tried = Object.values(calls.byAccount[DOWN] ?? {});
      // Each read of the failing account was retried to the policy's limit, and nothing more was asked of it once it was down.
      expect(Math.max(...tried)).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
      for (const n of tried) expect(n).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxAttempts);
    });
  }
});

describe("transient failures (faults that lapse after two calls)", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway()));
  afterAll(() => g.close());
  afterEach(() => g.t.control("POST", "/_emulator/faults", { rules: [] }));

  for (const [kind, rule] of [
    ["throttling", { throttleRate: 1 }],
    ["internal errors", { internalErrorRate: 1 }],
  ] as const) {
    it(`retries ${kind} and answers completely`, async () => {
      const clean = await g.gql(WIDE);
      expect(clean.errors).toBeUndefined();
      for (const operation of ["ListCollaborations", "ListMemberships", "ListMembers"]) {
        await g.t.control("POST", "/_emulator/faults", { rules: [{ operation, times: 2, ...rule }] });
        await g.t.resetCalls();
        const res = await g.gql(WIDE);
        expect(res.errors, `${operation}: ${JSON.stringify(res.errors)}`).toBeUndefined();
        expect(res.data).toEqual(clean.data);
        await g.t.resetCalls();
        await g.gql(WIDE);
        const baseline = (await g.t.calls()).byOperation[operation];
        // The same read again, failing twice first: exactly two more calls.
        await g.t.control("POST", "/_emulator/faults", { rules: [{ operation, times: 2, ...rule }] });
        await g.t.resetCalls();
        expect((await g.gql(WIDE)).errors).toBeUndefined();
        expect((await g.t.calls()).byOperation[operation], operation).toBe(baseline + 2);
      }
    });
  }

  it("retries a throttled AssumeRole", async () => {
    const fresh = await startTestGateway();
    try {
      await fresh.t.control("POST", "/_emulator/faults", { rules: [{ operation: "AssumeRole", times: 2, throttleRate: 1 }] });
      const res = await fresh.gql(WIDE);
      expect(res.errors).toBeUndefined();
      expect((res.data as any).accounts.every((a: { status: string }) => a.status === "AVAILABLE")).toBe(true);
      expect((await fresh.t.calls()).byOperation.AssumeRole).toBe(federatedIds.length + 2);
    } finally {
      await fresh.close();
    }
  });
});

describe("nothing internal reaches a caller", () => {
  it("keeps role ARNs, credentials, request ids and stack traces out of failed answers", async () => {
    const g = await startTestGateway({
      accounts: (accounts) => accounts.map((a) => (a.accountId === DOWN ? { ...a, externalId: "not-the-external-id" } : a)),
    });
    try {
      await g.t.control("POST", "/_emulator/faults", {
        rules: [
          { operation: "ListCollaborations", accountId: UP[0], internalErrorRate: 1 },
          { operation: "ListMemberships", accountId: UP[1], dropRate: 1 },
        ],
      });
      const answers = [
        await g.gql(WIDE),
        await g.gql(`query($m: ID!) { membership(id: $m) { id protectedQueries { nodes { id payer { accountId } } } } }`, { m: membershipsOf(UP[1])[0].id }),
        await g.gql(`{ collaboration(id: "${visibleCollaborations[0].id}") { changeRequests(first: 1, after: "garbage") { nodes { id } } } }`),
        await g.gql(`{ nope }`),
      ];
      const codes = new Set(answers.flatMap((r) => (r.errors ?? []).map((e) => e.extensions?.code)));
      expect(codes).toContain("ACCOUNT_UNAVAILABLE");
      expect(codes).toContain("BAD_USER_INPUT");
      for (const r of answers) {
        for (const p of LEAK_PATTERNS) expect(r.text).not.toMatch(p);
        // STS's refusal names the gateway's user and the role; neither may pass.
        expect(r.text).not.toMatch(/not authorized|assumed-role|:role\/|:user\//);
        for (const e of r.errors ?? []) expect(Object.keys(e.extensions ?? {}).every((k) => ["code", "accountId", "region", "field", "correlationId"].includes(k))).toBe(true);
      }
    } finally {
      await g.close();
    }
  });
});
