/**
 * Issue 5's story over real HTTP → gateway → real SDK → emulator: a payer
 * candidate is proposed by the collaboration's creator, voted in by each
 * member (federated members through the gateway, with and without
 * asAccountId; the partner the gateway does not federate from its own
 * console), committed, and then named as the payer of a protected query.
 *
 * Retail media measurement (demo): creator 111 (Advertiser); members 111 and
 * 333 pay for query compute, 222 (Advertiser analytics) and 444 (the partner,
 * not federated) do not. Only 111 can query.
 */
import { UpdateCollaborationChangeRequestCommand } from "@aws-sdk/client-cleanrooms";
import { ApproveChangeRequestDocument, StartQueryWithPayerDocument } from "../../../schema/generated/graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../../support/emulator";
import { startTestGateway, type TestGateway } from "../../support/gateway";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

const WRITES = ["CreateCollaborationChangeRequest", "UpdateCollaborationChangeRequest", "StartProtectedQuery", "StartProtectedJob", "UpdateProtectedQuery", "UpdateProtectedJob", "UpdateMembership"];
const writesIn = (c: { byOperation: Record<string, number> }) => Object.fromEntries(Object.entries(c.byOperation).filter(([op]) => WRITES.includes(op)));

const CHANGE_REQUEST = `id status collaborationId approvals { accountId status } changes { specificationType types member { accountId paymentConfiguration { queryCompute { isResponsible } } member { displayName } } }`;

interface Cr {
  id: string;
  status: string;
  approvals: { accountId: string; status: string }[];
  changes: { types: string[]; member: { accountId: string; member: { displayName: string } | null } }[];
  collaboration?: { payerCandidates: { accountId: string }[] };
}

describe("a payer candidate from proposal to paying for a query", () => {
  let requestId: string;
  let membersBefore: { accountId: string; displayName: string; status: string; paymentConfiguration: { queryCompute: { isResponsible: boolean } } }[];
  const newPayer = demo.analytics;

  it("reads the collaboration's members and candidates before the change", async () => {
    const res = await g.gql<{ collaboration: { members: typeof membersBefore; payerCandidates: { accountId: string }[] } }>(
      `query($id: ID!) { collaboration(id: $id) { members { accountId displayName status paymentConfiguration { queryCompute { isResponsible } } } payerCandidates(costType: QUERY_COMPUTE) { accountId } } }`,
      { id: demo.retailMedia },
    );
    expect(res.errors).toBeUndefined();
    membersBefore = res.data!.collaboration.members;
    const expected = membersBefore.filter((m) => m.status === "ACTIVE" && m.paymentConfiguration.queryCompute.isResponsible).map((m) => m.accountId);
    expect(res.data!.collaboration.payerCandidates.map((m) => m.accountId)).toEqual(expected);
    expect(expected).not.toContain(newPayer);
  });

  it("creates an ADD_PAYER_CANDIDATE request through the creator's role", async () => {
    await g.t.resetCalls();
    const res = await g.gql<{ createChangeRequest: Cr }>(
      `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { ${CHANGE_REQUEST} } }`,
      {
        input: {
          collaborationId: demo.retailMedia,
          changes: [{ specificationType: "MEMBER", member: { accountId: newPayer, memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } } }],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const cr = res.data!.createChangeRequest;
    requestId = cr.id;
    expect(cr.status).toBe("PENDING");
    expect(cr.changes).toEqual([
      expect.objectContaining({ types: ["ADD_PAYER_CANDIDATE"], member: expect.objectContaining({ accountId: newPayer, member: { displayName: "Advertiser analytics" } }) }),
    ]);
    // The creator approves by creating; every other active member votes.
    const voters = membersBefore.filter((m) => m.status === "ACTIVE").map((m) => m.accountId).sort();
    expect(cr.approvals).toEqual(voters.map((accountId) => ({ accountId, status: accountId === demo.advertiser ? "APPROVED" : "PENDING" })));
    expect((await g.t.calls()).byAccount[demo.advertiser]?.CreateCollaborationChangeRequest).toBe(1);
    expect(writesIn(await g.t.calls())).toEqual({ CreateCollaborationChangeRequest: 1 });
  });

  it("asks which account votes when several of the caller's accounts have a pending vote, without writing", async () => {
    await g.t.resetCalls();
    const res = await g.gql(`mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r) { id } }`, { c: demo.retailMedia, r: requestId });
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "asAccountId", accountIds: [demo.analytics, demo.publisher] });
    expect(res.errors![0].message).toContain("asAccountId");
    expect(res.errors![0].message).toContain(`${demo.analytics}, ${demo.publisher}`);
    expect(writesIn(await g.t.calls())).toEqual({});
  });

  it("approves as the named account (asAccountId)", async () => {
    await g.t.resetCalls();
    const res = await g.gql(ApproveChangeRequestDocument, { collaborationId: demo.retailMedia, changeRequestId: requestId, asAccountId: demo.publisher });
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveChangeRequest.status).toBe("PENDING");
    expect(res.data!.approveChangeRequest.approvals.find((a) => a.accountId === demo.publisher)!.status).toBe("APPROVED");
    expect((await g.t.calls()).byAccount[demo.publisher]?.UpdateCollaborationChangeRequest).toBe(1);
  });

  it("the partner, whom the gateway does not federate, approves from its own account", async () => {
    const partner = await g.t.cleanrooms(demo.partner);
    const out = await partner.send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: demo.retailMedia, changeRequestIdentifier: requestId, action: "APPROVE" }));
    expect(out.collaborationChangeRequest!.status).toBe("PENDING");
  });

  it("approves as the one federated account still pending (no asAccountId), then commits: the result shows the new candidates", async () => {
    await g.t.resetCalls();
    // One operation: the vote reads the candidates (members loaded), the commit must not show that stale list.
    const res = await g.gql<{ vote: Cr; commit: Cr }>(
      `mutation($c: ID!, $r: ID!) {
        vote: approveChangeRequest(collaborationId: $c, changeRequestId: $r) { status approvals { accountId status } collaboration { payerCandidates(costType: QUERY_COMPUTE) { accountId } } }
        commit: commitChangeRequest(collaborationId: $c, changeRequestId: $r) { status collaboration { payerCandidates(costType: QUERY_COMPUTE) { accountId } } }
      }`,
      { c: demo.retailMedia, r: requestId },
    );
    expect(res.errors).toBeUndefined();
    const before = membersBefore.filter((m) => m.status === "ACTIVE" && m.paymentConfiguration.queryCompute.isResponsible).map((m) => m.accountId);
    const after = membersBefore.filter((m) => m.status === "ACTIVE" && (m.paymentConfiguration.queryCompute.isResponsible || m.accountId === newPayer)).map((m) => m.accountId);
    expect(res.data!.vote.status).toBe("APPROVED");
    expect(res.data!.vote.approvals.every((a) => a.status === "APPROVED")).toBe(true);
    expect(res.data!.vote.collaboration!.payerCandidates.map((m) => m.accountId)).toEqual(before);
    expect(res.data!.commit.status).toBe("COMMITTED");
    expect(res.data!.commit.collaboration!.payerCandidates.map((m) => m.accountId)).toEqual(after);
    const calls = await g.t.calls();
    // The vote went out as 222 (the only federated account still pending), the commit as the creator 111.
    expect(calls.byAccount[demo.analytics]?.UpdateCollaborationChangeRequest).toBe(1);
    expect(calls.byAccount[demo.advertiser]?.UpdateCollaborationChangeRequest).toBe(1);
  });

  it("lists the new member among payerCandidates(costType: QUERY_COMPUTE)", async () => {
    const res = await g.gql<{ collaboration: { payerCandidates: { accountId: string }[]; defaultPayer: unknown } }>(
      `query($id: ID!) { collaboration(id: $id) { payerCandidates(costType: QUERY_COMPUTE) { accountId } defaultPayer(costType: QUERY_COMPUTE) { accountId } } }`,
      { id: demo.retailMedia },
    );
    expect(res.data!.collaboration.payerCandidates.map((m) => m.accountId)).toContain(newPayer);
    expect(res.data!.collaboration.defaultPayer).toBeNull();
  });

  it("starts a query naming the new candidate as payer; payer resolves with no read of its own", async () => {
    await g.t.resetCalls();
    const res = await g.gql(StartQueryWithPayerDocument, {
        input: {
          membershipId: demo.m11,
          sqlParameters: { queryString: "SELECT COUNT(*) FROM exposures" },
          output: { member: { accountId: demo.advertiser } },
          payerAccountId: newPayer,
        },
    });
    expect(res.errors).toBeUndefined();
    const q = res.data!.startProtectedQuery;
    expect(q).toMatchObject({ status: "SUBMITTED", membershipId: demo.m11, payer: { accountId: newPayer, displayName: "Advertiser analytics" } });
    const calls = await g.t.calls();
    expect(calls.byAccount[demo.advertiser]?.StartProtectedQuery).toBe(1);
    expect(writesIn(calls)).toEqual({ StartProtectedQuery: 1 });
    // One ListMembers: the payer check's; the payer field answers from it.
    expect(calls.byOperation.ListMembers).toBe(1);

    const read = await g.gql<{ protectedQuery: { payerAccountId: string } }>(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { payerAccountId } }`, { m: demo.m11, id: q.id });
    expect(read.data!.protectedQuery.payerAccountId).toBe(newPayer);
  });

  it("refuses a payer that is not a candidate, listing the candidates, without starting anything", async () => {
    await g.t.resetCalls();
    const res = await g.gql(`mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`, {
      input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.advertiser } }, payerAccountId: demo.partner },
    });
    const candidates = membersBefore.filter((m) => m.status === "ACTIVE" && (m.paymentConfiguration.queryCompute.isResponsible || m.accountId === newPayer));
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.payerAccountId", candidates: candidates.map((m) => m.accountId) });
    for (const m of candidates) expect(res.errors![0].message).toContain(`${m.accountId} (${m.displayName})`);
    expect(res.errors![0].message).toContain(`account ${demo.partner} is not a payer candidate`);
    expect((await g.t.calls()).byOperation.StartProtectedQuery).toBeUndefined();
  });

  it("refuses to pick a payer among several candidates when none is named", async () => {
    await g.t.resetCalls();
    const res = await g.gql(`mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`, {
      input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.advertiser } } },
    });
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.payerAccountId" });
    expect((res.errors![0].extensions!.candidates as string[]).length).toBeGreaterThan(1);
    expect(res.errors![0].message).toContain("several members can pay");
    expect(writesIn(await g.t.calls())).toEqual({});
  });
});
