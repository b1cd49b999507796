/**
 * Change request mutations besides the payer story: DENY, CANCEL, the
 * refusals (committing a PENDING request, a creator the gateway does not
 * federate, no vote left to cast, missing grants), each checked for the AWS
 * calls it made or did not make. The emulator's world is reset after each.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../../support/emulator";
import { startTestGateway, type TestGateway } from "../../support/gateway";

let g: TestGateway;
const VOTER_ONLY = "voter-only-token-71c3";
const READER = "reader-token-5e2a";
beforeAll(
  async () =>
    (g = await startTestGateway({
      principals: [
        { token: VOTER_ONLY, name: "analytics-voter", grants: [{ accounts: [demo.analytics], actions: ["vote"] }] },
        { token: READER, name: "reader", grants: [{ accounts: ["*"], actions: ["read"] }] },
      ],
    })),
);
afterAll(() => g.close());
afterEach(() => g.t.reset());

/** The demo's seeded PENDING request in Retail media: it makes the partner (444) a query payer; 222, 333 and 444 have not voted. */
const pending = { c: demo.retailMedia, r: demo.pendingPayerRequest };
/** Partner panel's PENDING request; its creator is the partner, whom the gateway does not federate. */
const partnerPending = { c: demo.partnerPanel, r: "cccccccc-0003-4000-8000-000000000004" };
/** Retail media's COMMITTED request. */
const committed = { c: demo.retailMedia, r: "cccccccc-0001-4000-8000-000000000002" };

const WRITE_OPS = ["CreateCollaborationChangeRequest", "UpdateCollaborationChangeRequest"];
async function writes(): Promise<Record<string, Record<string, number>>> {
  const { byAccount } = await g.t.calls();
  const out: Record<string, Record<string, number>> = {};
  for (const [account, ops] of Object.entries(byAccount)) {
    for (const [op, n] of Object.entries(ops)) if (WRITE_OPS.includes(op)) (out[account] ??= {})[op] = n;
  }
  return out;
}

const vote = (verb: "approve" | "deny", as?: string) =>
  `mutation($c: ID!, $r: ID!) { ${verb}ChangeRequest(collaborationId: $c, changeRequestId: $r${as ? `, asAccountId: "${as}"` : ""}) { id status approvals { accountId status } } }`;
const settle = (verb: "commit" | "cancel") => `mutation($c: ID!, $r: ID!) { ${verb}ChangeRequest(collaborationId: $c, changeRequestId: $r) { id status } }`;

type Voted = Record<string, { id: string; status: string; approvals: { accountId: string; status: string }[] }>;

describe("votes", () => {
  it("a DENY by one member denies the request, through that member's role", async () => {
    await g.t.resetCalls();
    const res = await g.gql<Voted>(vote("deny", demo.analytics), pending);
    expect(res.errors).toBeUndefined();
    const cr = res.data!.denyChangeRequest;
    expect(cr.status).toBe("DENIED");
    expect(cr.approvals.find((a) => a.accountId === demo.analytics)!.status).toBe("DENIED");
    expect(await writes()).toEqual({ [demo.analytics]: { UpdateCollaborationChangeRequest: 1 } });
    // A later read in another request agrees.
    const read = await g.gql<{ changeRequest: { status: string } }>(`query($c: ID!, $r: ID!) { changeRequest(collaborationId: $c, id: $r) { status } }`, pending);
    expect(read.data!.changeRequest.status).toBe("DENIED");
  });

  it("votes as the caller's one account with a pending vote when the others have voted", async () => {
    expect((await g.gql(vote("approve", demo.publisher), pending)).errors).toBeUndefined();
    await g.t.resetCalls();
    const res = await g.gql<Voted>(vote("approve"), pending);
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveChangeRequest.approvals.find((a) => a.accountId === demo.analytics)!.status).toBe("APPROVED");
    expect(await writes()).toEqual({ [demo.analytics]: { UpdateCollaborationChangeRequest: 1 } });
  });

  it("CONFLICT when none of the caller's accounts has a vote left, with no write", async () => {
    expect((await g.gql(vote("approve", demo.publisher), pending)).errors).toBeUndefined();
    expect((await g.gql(vote("approve", demo.analytics), pending)).errors).toBeUndefined();
    await g.t.resetCalls();
    const res = await g.gql(vote("deny"), pending);
    expect(res.errors![0].extensions!.code).toBe("CONFLICT");
    expect(res.errors![0].message).toContain("PENDING vote");
    expect(await writes()).toEqual({});
  });

  it("CONFLICT for a request that no longer takes votes, with no write", async () => {
    await g.t.resetCalls();
    const res = await g.gql(vote("approve"), committed);
    expect(res.errors![0].extensions!.code).toBe("CONFLICT");
    expect(res.errors![0].message).toContain("COMMITTED");
    expect(await writes()).toEqual({});
  });

  it("BAD_USER_INPUT when asAccountId does not vote on the request, listing its voters", async () => {
    await g.t.resetCalls();
    // 222 is not a member of the partner panel, so it has no vote there.
    const res = await g.gql(vote("approve", demo.analytics), partnerPending);
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "asAccountId" });
    expect(await writes()).toEqual({});
  });

  it("a member votes even when the creator is not federated", async () => {
    await g.t.resetCalls();
    const res = await g.gql<Voted>(vote("approve", demo.publisher), partnerPending);
    expect(res.errors).toBeUndefined();
    expect(await writes()).toEqual({ [demo.publisher]: { UpdateCollaborationChangeRequest: 1 } });
  });

  it("FORBIDDEN, before any AWS call, for asAccountId that is not one of the caller's accounts", async () => {
    await g.t.resetCalls();
    const res = await g.gql(vote("approve", demo.partner), pending);
    expect(res.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", field: "asAccountId" });
    expect((await g.t.calls()).total).toBe(0);
  });

  it("without a grant to vote: FORBIDDEN and no AWS call at all", async () => {
    await g.t.resetCalls();
    const res = await g.gql(vote("approve", demo.analytics), pending, { token: READER });
    expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect((await g.t.calls()).total).toBe(0);
  });

  it("a principal that may vote only as 222 has its vote cast as 222 without naming it", async () => {
    await g.t.resetCalls();
    const res = await g.gql<Voted>(vote("approve"), pending, { token: VOTER_ONLY });
    expect(res.errors).toBeUndefined();
    expect(await writes()).toEqual({ [demo.analytics]: { UpdateCollaborationChangeRequest: 1 } });
  });
});

describe("the creator's actions", () => {
  it("CANCEL a pending request as the creator", async () => {
    await g.t.resetCalls();
    const res = await g.gql<Voted>(settle("cancel"), pending);
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelChangeRequest.status).toBe("CANCELLED");
    expect(await writes()).toEqual({ [demo.advertiser]: { UpdateCollaborationChangeRequest: 1 } });
  });

  it("committing a PENDING request is a CONFLICT (AWS's refusal, mapped)", async () => {
    await g.t.resetCalls();
    const res = await g.gql(settle("commit"), pending);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", accountId: demo.advertiser });
    expect(res.errors![0].message).toContain("PENDING");
  });

  it.each([
    ["createChangeRequest", `mutation($c: ID!) { createChangeRequest(input: { collaborationId: $c, changes: [{ specificationType: MEMBER, member: { accountId: "${demo.analytics}", memberAbilities: [CAN_RECEIVE_RESULTS] } }] }) { id } }`],
    ["commitChangeRequest", settle("commit")],
    ["cancelChangeRequest", settle("cancel")],
  ])("%s in a collaboration whose creator is not federated: FORBIDDEN saying so, no AWS write", async (_name, doc) => {
    await g.t.resetCalls();
    const res = await g.gql(doc, partnerPending);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", accountId: demo.partner });
    expect(res.errors![0].message).toContain(`account ${demo.partner} is not federated`);
    expect(await writes()).toEqual({});
  });

  it("without a grant to commit as the creator: FORBIDDEN and no AWS call at all", async () => {
    await g.t.resetCalls();
    const res = await g.gql(settle("cancel"), pending, { token: VOTER_ONLY });
    expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect((await g.t.calls()).total).toBe(0);
  });

  it("an auto-approved change takes effect at once, and the result shows it", async () => {
    // Retail media auto-approves GRANT_RECEIVE_RESULTS_ABILITY; the publisher (333) cannot receive results yet.
    await g.t.resetCalls();
    const res = await g.gql<{ createChangeRequest: { status: string; isAutoApproved: boolean; collaboration: { members: { accountId: string; abilities: string[] }[] } } }>(
      `mutation($c: ID!) { createChangeRequest(input: { collaborationId: $c, changes: [{ specificationType: MEMBER, member: { accountId: "${demo.publisher}", memberAbilities: [CAN_RECEIVE_RESULTS] } }] }) {
        status isAutoApproved collaboration { members { accountId abilities } } } }`,
      { c: demo.retailMedia },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createChangeRequest).toMatchObject({ status: "COMMITTED", isAutoApproved: true });
    expect(res.data!.createChangeRequest.collaboration.members.find((m) => m.accountId === demo.publisher)!.abilities).toContain("CAN_RECEIVE_RESULTS");
  });

  it("submits ML grants and a REMOVE_PAYER_CANDIDATE, as AWS derives their types", async () => {
    const res = await g.gql<{ createChangeRequest: { changes: { types: string[] }[] } }>(
      `mutation($c: ID!) { createChangeRequest(input: { collaborationId: $c, changes: [
        { specificationType: MEMBER, member: { accountId: "${demo.publisher}", memberAbilities: [], paymentConfiguration: { queryCompute: { isResponsible: false } } } },
        { specificationType: MEMBER, member: { accountId: "${demo.analytics}", memberAbilities: [CAN_RECEIVE_RESULTS], mlMemberAbilities: [CAN_RECEIVE_MODEL_OUTPUT, CAN_RECEIVE_INFERENCE_OUTPUT] } }
      ] }) { changes { types } } }`,
      { c: demo.retailMedia },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createChangeRequest.changes.map((c) => c.types)).toEqual([["REMOVE_PAYER_CANDIDATE"], ["GRANT_CAN_RECEIVE_INFERENCE_OUTPUT"]]);
  });

  it("submits a COLLABORATION change of the auto-approved change types", async () => {
    const res = await g.gql<{ createChangeRequest: { status: string; changes: { specificationType: string; types: string[]; collaboration: { autoApprovedChangeTypes: string[] } }[] } }>(
      `mutation($c: ID!) { createChangeRequest(input: { collaborationId: $c, changes: [
        { specificationType: COLLABORATION, collaboration: { autoApprovedChangeTypes: [ADD_MEMBER, GRANT_RECEIVE_RESULTS_ABILITY] } }
      ] }) { status changes { specificationType types collaboration { autoApprovedChangeTypes } } } }`,
      { c: demo.retailMedia },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createChangeRequest).toEqual({
      status: "PENDING",
      changes: [{ specificationType: "COLLABORATION", types: ["EDIT_AUTO_APPROVED_CHANGE_TYPES"], collaboration: { autoApprovedChangeTypes: ["ADD_MEMBER", "GRANT_RECEIVE_RESULTS_ABILITY"] } }],
    });
  });

  it("AWS refusing a change it finds meaningless is mapped to BAD_USER_INPUT, not masked", async () => {
    const res = await g.gql(
      `mutation($c: ID!) { createChangeRequest(input: { collaborationId: $c, changes: [{ specificationType: MEMBER, member: { accountId: "${demo.analytics}", memberAbilities: [CAN_RECEIVE_RESULTS] } }] }) { id } }`,
      { c: demo.retailMedia },
    );
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", accountId: demo.advertiser });
  });

  it("NOT_FOUND for a collaboration none of the caller's accounts sees", async () => {
    const res = await g.gql(settle("commit"), { c: "aaaaaaaa-0009-4000-8000-000000000009", r: demo.pendingPayerRequest });
    expect(res.errors![0].extensions!.code).toBe("NOT_FOUND");
    expect(await writes()).toEqual({});
  });
});
