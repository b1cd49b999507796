/**
 * The Mutation half of the boundary: two principals whose grants differ try
 * every Mutation of the contract across the boundary of their grants.
 *
 * - advertiser-reader may only read account 111111111111: every mutation,
 *   even on that account's own resources, is FORBIDDEN before any AWS call.
 * - analytics-actor may do everything as 222222222222 and nothing else:
 *   acting as another account is FORBIDDEN, and a resource only other
 *   accounts reach is NOT_FOUND exactly as a resource that does not exist
 *   (the error reveals nothing). It reads only through its own account, and
 *   nothing is written.
 *
 * A last test shows analytics-actor can act in its own account, so the
 * refusals above are the boundary's, not a mutation that never works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { advertiserReader, analyticsActor, changeRequests, holds, principals, sees } from "./boundary-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ principals })));
afterAll(() => g.close());

const NOWHERE = "00000000-0000-4000-8000-000000000000";
const TEMPLATE = `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`;
const QUERY_IN_M11 = "dddddddd-0001-4000-8000-000000000002";
const JOB_IN_M23 = "eeeeeeee-0002-4000-8000-000000000002";
const PENDING_IN_C1 = demo.pendingPayerRequest; // creator 111111111111; 222222222222's vote is pending
const PENDING_IN_C3 = "cccccccc-0003-4000-8000-000000000004"; // a collaboration 222222222222 is not in

type Op = [string, Record<string, unknown>];
const op = (query: string, variables: Record<string, unknown>): Op => [query, variables];

/** Every Mutation of the contract, as a document and variables for a target. */
const M = {
  createChangeRequest: (c: string) => op(
    `mutation($c: ID!) { createChangeRequest(input: { collaborationId: $c, changes: [{ specificationType: MEMBER, member: { accountId: "${demo.partner}", memberAbilities: [CAN_RECEIVE_RESULTS] } }] }) { id } }`,
    { c },
  ),
  approveChangeRequest: (c: string, r: string, as?: string) => op(
    `mutation($c: ID!, $r: ID!, $as: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $as) { id status } }`,
    { c, r, as },
  ),
  denyChangeRequest: (c: string, r: string, as?: string) => op(
    `mutation($c: ID!, $r: ID!, $as: String) { denyChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $as) { id } }`,
    { c, r, as },
  ),
  commitChangeRequest: (c: string, r: string) => op(`mutation($c: ID!, $r: ID!) { commitChangeRequest(collaborationId: $c, changeRequestId: $r) { id } }`, { c, r }),
  cancelChangeRequest: (c: string, r: string) => op(`mutation($c: ID!, $r: ID!) { cancelChangeRequest(collaborationId: $c, changeRequestId: $r) { id } }`, { c, r }),
  startProtectedQuery: (m: string, runner: string) => op(
    `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`,
    { input: { membershipId: m, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: runner } } } },
  ),
  startProtectedJob: (m: string) => op(`mutation($input: StartProtectedJobInput!) { startProtectedJob(input: $input) { id } }`, { input: { membershipId: m, analysisTemplateArn: TEMPLATE } }),
  cancelProtectedQuery: (m: string, id: string) => op(`mutation($m: ID!, $id: ID!) { cancelProtectedQuery(membershipId: $m, id: $id) { id } }`, { m, id }),
  cancelProtectedJob: (m: string, id: string) => op(`mutation($m: ID!, $id: ID!) { cancelProtectedJob(membershipId: $m, id: $id) { id } }`, { m, id }),
  updateMembershipPaymentConfiguration: (m: string) => op(
    `mutation($m: ID!) { updateMembershipPaymentConfiguration(membershipId: $m, paymentConfiguration: { queryCompute: { isResponsible: true } }) { id } }`,
    { m },
  ),
};

type Principal = (typeof principals)[number];

interface Refusal {
  code: string;
  message: string;
  calls: { total: number; byAccount: Record<string, Record<string, number>> };
}

async function attempt(p: Principal, [query, variables]: Op): Promise<Refusal> {
  await g.t.resetCalls();
  const res = await g.gql(query, variables, { token: p.token });
  expect(res.status).toBe(200);
  expect(res.data ?? null, "a refused mutation returns no data").toBeNull();
  expect(res.errors, JSON.stringify(res.errors)).toHaveLength(1);
  return { code: String(res.errors![0].extensions!.code), message: res.errors![0].message, calls: await g.t.calls() };
}

/** No write at all, and reads only as the principal's own accounts (STS aside: it is the gateway's own user). */
function expectNoWriteAndOwnReadsOnly(p: Principal, r: Refusal) {
  for (const [account, ops] of Object.entries(r.calls.byAccount)) {
    if (account === g.t.scenario.gateway.accountId) continue;
    expect(p.accounts, `an AWS call as ${account}`).toContain(account);
    for (const op of Object.keys(ops)) expect(op, `an AWS call that is not a read: ${op}`).toMatch(/^(List|Get)/);
  }
}

const mutationNames = Object.keys(M) as (keyof typeof M)[];

describe("advertiser-reader (read only): every mutation is FORBIDDEN before any AWS call, even in its own account", () => {
  const p = advertiserReader;
  const own: Record<keyof typeof M, Op> = {
    createChangeRequest: M.createChangeRequest(demo.retailMedia),
    approveChangeRequest: M.approveChangeRequest(demo.retailMedia, PENDING_IN_C1, demo.advertiser),
    denyChangeRequest: M.denyChangeRequest(demo.retailMedia, PENDING_IN_C1),
    commitChangeRequest: M.commitChangeRequest(demo.retailMedia, PENDING_IN_C1),
    cancelChangeRequest: M.cancelChangeRequest(demo.retailMedia, PENDING_IN_C1),
    startProtectedQuery: M.startProtectedQuery(demo.m11, demo.advertiser),
    startProtectedJob: M.startProtectedJob(demo.m21),
    cancelProtectedQuery: M.cancelProtectedQuery(demo.m11, QUERY_IN_M11),
    cancelProtectedJob: M.cancelProtectedJob(demo.m23, JOB_IN_M23),
    updateMembershipPaymentConfiguration: M.updateMembershipPaymentConfiguration(demo.m11),
  };

  it.each(mutationNames)("%s", async (name) => {
    expect(holds(p.accounts, demo.m11) && sees(p.accounts, demo.retailMedia)).toBe(true); // its own resources
    const r = await attempt(p, own[name]);
    expect(r.code).toBe("FORBIDDEN");
    expect(r.calls.total).toBe(0);
  });
});

describe("analytics-actor (everything as 222222222222): nothing as another account, nothing it cannot see", () => {
  const p = analyticsActor;
  const cases: [string, Op, "FORBIDDEN" | "NOT_FOUND", Op?][] = [
    // The creator (111111111111) is not one of its accounts.
    ["createChangeRequest in a collaboration another account created", M.createChangeRequest(demo.retailMedia), "FORBIDDEN"],
    ["commitChangeRequest as another account's collaboration's creator", M.commitChangeRequest(demo.retailMedia, PENDING_IN_C1), "FORBIDDEN"],
    ["cancelChangeRequest as another account's collaboration's creator", M.cancelChangeRequest(demo.retailMedia, PENDING_IN_C1), "FORBIDDEN"],
    ["approveChangeRequest as another account", M.approveChangeRequest(demo.retailMedia, PENDING_IN_C1, demo.publisher), "FORBIDDEN"],
    ["denyChangeRequest as another account", M.denyChangeRequest(demo.retailMedia, PENDING_IN_C1, demo.advertiser), "FORBIDDEN"],
    // Resources only other accounts reach: refused exactly as resources that do not exist.
    ["createChangeRequest in a collaboration it is not in", M.createChangeRequest(demo.partnerPanel), "NOT_FOUND", M.createChangeRequest(NOWHERE)],
    ["approveChangeRequest in a collaboration it is not in", M.approveChangeRequest(demo.partnerPanel, PENDING_IN_C3), "NOT_FOUND", M.approveChangeRequest(NOWHERE, PENDING_IN_C3)],
    ["denyChangeRequest in a collaboration it is not in", M.denyChangeRequest(demo.partnerPanel, PENDING_IN_C3), "NOT_FOUND", M.denyChangeRequest(NOWHERE, PENDING_IN_C3)],
    ["commitChangeRequest in a collaboration it is not in", M.commitChangeRequest(demo.partnerPanel, PENDING_IN_C3), "NOT_FOUND", M.commitChangeRequest(NOWHERE, PENDING_IN_C3)],
    ["cancelChangeRequest in a collaboration it is not in", M.cancelChangeRequest(demo.partnerPanel, PENDING_IN_C3), "NOT_FOUND", M.cancelChangeRequest(NOWHERE, PENDING_IN_C3)],
    ["startProtectedQuery in another account's membership", M.startProtectedQuery(demo.m11, demo.advertiser), "NOT_FOUND", M.startProtectedQuery(NOWHERE, demo.advertiser)],
    ["startProtectedJob in another account's membership", M.startProtectedJob(demo.m23), "NOT_FOUND", M.startProtectedJob(NOWHERE)],
    ["cancelProtectedQuery in another account's membership", M.cancelProtectedQuery(demo.m11, QUERY_IN_M11), "NOT_FOUND", M.cancelProtectedQuery(NOWHERE, QUERY_IN_M11)],
    ["cancelProtectedJob in another account's membership", M.cancelProtectedJob(demo.m23, JOB_IN_M23), "NOT_FOUND", M.cancelProtectedJob(NOWHERE, JOB_IN_M23)],
    // Its own membership with another account's run: refused after one read as its own account, with no write.
    ["cancelProtectedQuery in its own membership of another account's run", M.cancelProtectedQuery(demo.m12, QUERY_IN_M11), "NOT_FOUND", M.cancelProtectedQuery(demo.m12, NOWHERE)],
    ["cancelProtectedJob in its own membership of another account's run", M.cancelProtectedJob(demo.m12, JOB_IN_M23), "NOT_FOUND", M.cancelProtectedJob(demo.m12, NOWHERE)],
    ["updateMembershipPaymentConfiguration of another account's membership", M.updateMembershipPaymentConfiguration(demo.m11), "NOT_FOUND", M.updateMembershipPaymentConfiguration(NOWHERE)],
  ];

  it("covers every Mutation of the contract", () => {
    expect(new Set(cases.map(([name]) => name.split(" ")[0]))).toEqual(new Set(mutationNames));
    expect(sees(p.accounts, demo.partnerPanel)).toBe(false);
    expect(changeRequests.find((r) => r.id === PENDING_IN_C3)!.collaborationId).toBe(demo.partnerPanel);
    expect(holds(p.accounts, demo.m11) || holds(p.accounts, demo.m23)).toBe(false);
    expect(holds(p.accounts, demo.m12)).toBe(true);
  });

  it.each(cases)("%s", async (_name, request, code, nonexistent) => {
    const r = await attempt(p, request);
    expect(r.code).toBe(code);
    expectNoWriteAndOwnReadsOnly(p, r);
    if (nonexistent) {
      // The same mutation on an id that exists nowhere: the same answer, word for word (ids aside).
      const n = await attempt(p, nonexistent);
      const anonymize = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
      expect(n.code).toBe(code);
      expect(anonymize(r.message)).toBe(anonymize(n.message));
    }
  });

  it("can act as its own account (so the refusals above are the boundary's)", async () => {
    await g.t.resetCalls();
    const [query, variables] = M.approveChangeRequest(demo.retailMedia, PENDING_IN_C1, demo.analytics);
    const res = await g.gql<{ approveChangeRequest: { id: string } }>(query, variables, { token: p.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.approveChangeRequest.id).toBe(PENDING_IN_C1);
    const calls = await g.t.calls();
    const writes = Object.entries(calls.byAccount).flatMap(([a, ops]) => Object.keys(ops).filter((op) => !/^(List|Get|AssumeRole)/.test(op)).map((op) => `${a}:${op}`));
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w.startsWith(`${demo.analytics}:`), w).toBe(true);
  });
});
