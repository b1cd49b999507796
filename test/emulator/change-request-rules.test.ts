import { describe, expect, it } from "vitest";
import {
  deriveChangeTypes,
  deriveChanges,
  initialApprovals,
  isAutoApproved,
  memberAfter,
  seededChangeTypes,
  statusOfVotes,
  transition,
  type ChangeInput,
  type MemberChangeSpecification,
} from "../../src/emulator/rules/change-requests";
import type { CollaborationRecord, MemberRecord } from "../../src/emulator/state";

const member = (accountId: string, over: Partial<MemberRecord> = {}): MemberRecord => ({
  accountId,
  displayName: `member ${accountId}`,
  status: "ACTIVE",
  abilities: [],
  mlAbilities: [],
  paymentConfiguration: { queryCompute: { isResponsible: false } },
  createTime: 0,
  updateTime: 0,
  ...over,
});

/** Creator 111 (can query, pays for queries), 222 (receives results and model output, pays for jobs), 333 (invited, contributes data), 555 (left). */
const collaboration = (over: Partial<CollaborationRecord> = {}): CollaborationRecord => ({
  id: "c",
  arn: "arn",
  name: "n",
  creatorAccountId: "111111111111",
  createTime: 0,
  updateTime: 0,
  queryLogStatus: "ENABLED",
  autoApprovedChangeTypes: ["ADD_MEMBER"],
  members: [
    member("111111111111", { abilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } }),
    member("222222222222", {
      abilities: ["CAN_RECEIVE_RESULTS"],
      mlAbilities: ["CAN_RECEIVE_MODEL_OUTPUT"],
      paymentConfiguration: { queryCompute: { isResponsible: false }, jobCompute: { isResponsible: true } },
    }),
    member("333333333333", { status: "INVITED" }),
    member("555555555555", { status: "LEFT" }),
  ],
  ...over,
});

const memberChange = (spec: MemberChangeSpecification): ChangeInput => ({ specificationType: "MEMBER", specification: { member: spec } });
const derive = (spec: MemberChangeSpecification) => deriveChangeTypes(collaboration(), memberChange(spec), 0);

describe("change type derivation", () => {
  it("adds an account that is not a member, with the grants and payer role it is given", () => {
    expect(derive({ accountId: "444444444444", memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: "New" })).toEqual(["ADD_MEMBER"]);
    expect(
      derive({
        accountId: "444444444444",
        memberAbilities: [],
        displayName: "New",
        mlMemberAbilities: { customMLMemberAbilities: ["CAN_RECEIVE_INFERENCE_OUTPUT"] },
        paymentConfiguration: { queryCompute: { isResponsible: true } },
      }),
    ).toEqual(["ADD_MEMBER", "ADD_PAYER_CANDIDATE", "GRANT_CAN_RECEIVE_INFERENCE_OUTPUT"]);
  });

  it("requires a display name to add a member", () => {
    expect(derive({ accountId: "444444444444", memberAbilities: [] })).toEqual({
      field: "changes[0].specification.member.displayName",
      message: "a display name is required to add account 444444444444",
    });
  });

  it("grants and revokes the receive-results ability", () => {
    expect(derive({ accountId: "333333333333", memberAbilities: ["CAN_RECEIVE_RESULTS"] })).toEqual(["GRANT_RECEIVE_RESULTS_ABILITY"]);
    expect(derive({ accountId: "222222222222", memberAbilities: [] })).toEqual(["REVOKE_RECEIVE_RESULTS_ABILITY"]);
  });

  it("grants and revokes the ML output abilities; left out they are unchanged", () => {
    expect(
      derive({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], mlMemberAbilities: { customMLMemberAbilities: ["CAN_RECEIVE_INFERENCE_OUTPUT"] } }),
    ).toEqual(["GRANT_CAN_RECEIVE_INFERENCE_OUTPUT", "REVOKE_CAN_RECEIVE_MODEL_OUTPUT"]);
    expect(derive({ accountId: "333333333333", memberAbilities: [], mlMemberAbilities: { customMLMemberAbilities: ["CAN_RECEIVE_MODEL_OUTPUT"] } })).toEqual([
      "GRANT_CAN_RECEIVE_MODEL_OUTPUT",
    ]);
    expect(derive({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], mlMemberAbilities: { customMLMemberAbilities: [] } })).toEqual([
      "REVOKE_CAN_RECEIVE_MODEL_OUTPUT",
    ]);
  });

  it("adds and removes payer candidates for any cost type", () => {
    expect(derive({ accountId: "333333333333", memberAbilities: [], paymentConfiguration: { queryCompute: { isResponsible: true } } })).toEqual([
      "ADD_PAYER_CANDIDATE",
    ]);
    expect(
      derive({
        accountId: "333333333333",
        memberAbilities: [],
        paymentConfiguration: { queryCompute: { isResponsible: false }, machineLearning: { modelTraining: { isResponsible: true } } },
      }),
    ).toEqual(["ADD_PAYER_CANDIDATE"]);
    // 222 pays for jobs; a configuration that leaves jobCompute out makes it pay for none.
    expect(
      derive({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: false } } }),
    ).toEqual(["REMOVE_PAYER_CANDIDATE"]);
    // Removing the creator, the last query payer, is allowed (the runner then pays).
    expect(
      derive({ accountId: "111111111111", memberAbilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: false } } }),
    ).toEqual(["REMOVE_PAYER_CANDIDATE"]);
    // Swapping one cost for another is both.
    expect(
      derive({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } }),
    ).toEqual(["ADD_PAYER_CANDIDATE", "REMOVE_PAYER_CANDIDATE"]);
  });

  it("edits the auto-approved change types when they differ as a set", () => {
    const c = collaboration();
    const edit = (types: string[]): ChangeInput => ({ specificationType: "COLLABORATION", specification: { collaboration: { autoApprovedChangeTypes: types } } });
    expect(deriveChangeTypes(c, edit(["ADD_MEMBER", "GRANT_RECEIVE_RESULTS_ABILITY"]), 2)).toEqual(["EDIT_AUTO_APPROVED_CHANGE_TYPES"]);
    expect(deriveChangeTypes(c, edit([]), 0)).toEqual(["EDIT_AUTO_APPROVED_CHANGE_TYPES"]);
    expect(deriveChangeTypes(c, edit(["ADD_MEMBER", "ADD_MEMBER"]), 2)).toEqual({
      field: "changes[2].specification.collaboration.autoApprovedChangeTypes",
      message: "the collaboration already auto-approves exactly these change types",
    });
    expect(deriveChangeTypes(c, { specificationType: "COLLABORATION", specification: { collaboration: {} } }, 1)).toEqual({
      field: "changes[1].specification.collaboration.autoApprovedChangeTypes",
      message: "the change does not change the collaboration",
    });
  });

  it("refuses a change that changes nothing", () => {
    expect(derive({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: "Renamed" })).toEqual({
      field: "changes[0].specification.member",
      message: "the change does not change member 222222222222",
    });
  });

  it("refuses granting or revoking CAN_QUERY and CAN_RUN_JOB", () => {
    const field = "changes[0].specification.member.memberAbilities";
    expect(derive({ accountId: "111111111111", memberAbilities: ["CAN_RECEIVE_RESULTS"] })).toEqual({ field, message: "CAN_QUERY cannot be granted or revoked through a change request" });
    expect(derive({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS", "CAN_RUN_JOB"] })).toEqual({
      field,
      message: "CAN_RUN_JOB cannot be granted or revoked through a change request",
    });
    expect(derive({ accountId: "444444444444", memberAbilities: ["CAN_QUERY"], displayName: "New" })).toMatchObject({ field });
  });

  it("refuses a member that has left", () => {
    expect(derive({ accountId: "555555555555", memberAbilities: [], displayName: "Back" })).toMatchObject({
      field: "changes[0].specification.member.accountId",
    });
  });

  it("refuses a specification that does not match its type", () => {
    const c = collaboration();
    expect(deriveChangeTypes(c, { specificationType: "COLLABORATION", specification: { member: { accountId: "222222222222", memberAbilities: [] } } }, 3)).toMatchObject({
      field: "changes[3].specificationType",
    });
    expect(deriveChangeTypes(c, { specificationType: "MEMBER", specification: { collaboration: { autoApprovedChangeTypes: [] } } }, 0)).toMatchObject({
      field: "changes[0].specificationType",
    });
  });

  it("derives every change of a request and refuses two changes to the same account", () => {
    const c = collaboration();
    const grant = memberChange({ accountId: "333333333333", memberAbilities: ["CAN_RECEIVE_RESULTS"] });
    const pay = memberChange({ accountId: "333333333333", memberAbilities: [], paymentConfiguration: { queryCompute: { isResponsible: true } } });
    const add = memberChange({ accountId: "444444444444", memberAbilities: [], displayName: "New" });
    expect(deriveChanges(c, [grant, add])).toEqual({ ok: true, types: [["GRANT_RECEIVE_RESULTS_ABILITY"], ["ADD_MEMBER"]] });
    expect(deriveChanges(c, [grant, pay])).toEqual({
      ok: false,
      field: "changes[1].specification.member.accountId",
      message: "another change in this request already changes member 333333333333",
    });
    expect(deriveChanges(c, [add, { ...grant, specification: { member: { accountId: "333333333333", memberAbilities: ["CAN_QUERY"] } } }])).toMatchObject({
      ok: false,
      field: "changes[1].specification.member.memberAbilities",
    });
  });

  it("auto-approves only when every type is auto-approved", () => {
    const c = collaboration({ autoApprovedChangeTypes: ["ADD_MEMBER", "GRANT_RECEIVE_RESULTS_ABILITY"] });
    expect(isAutoApproved(c, [["ADD_MEMBER"], ["GRANT_RECEIVE_RESULTS_ABILITY"]])).toBe(true);
    expect(isAutoApproved(c, [["ADD_MEMBER", "ADD_PAYER_CANDIDATE"]])).toBe(false);
    expect(isAutoApproved(c, [["ADD_MEMBER"], ["REVOKE_RECEIVE_RESULTS_ABILITY"]])).toBe(false);
  });
});

describe("seeded change types", () => {
  const grant = memberChange({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"] });

  it("derives a change that still changes something", () => {
    expect(seededChangeTypes(collaboration(), "PENDING", memberChange({ accountId: "333333333333", memberAbilities: ["CAN_RECEIVE_RESULTS"] }), 0)).toEqual([
      "GRANT_RECEIVE_RESULTS_ABILITY",
    ]);
  });

  it("reads a settled change that has taken effect on its face", () => {
    expect(seededChangeTypes(collaboration(), "COMMITTED", grant, 0)).toEqual(["GRANT_RECEIVE_RESULTS_ABILITY"]);
    const added = memberChange({ accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: "Analytics", paymentConfiguration: { queryCompute: { isResponsible: false }, jobCompute: { isResponsible: true } } });
    expect(seededChangeTypes(collaboration(), "COMMITTED", added, 0)).toEqual(["ADD_MEMBER", "ADD_PAYER_CANDIDATE"]);
  });

  it("refuses an open request that changes nothing", () => {
    expect(() => seededChangeTypes(collaboration(), "PENDING", grant, 0)).toThrow(
      "scenario: PENDING change request in collaboration c: changes[0].specification.member: the change does not change member 222222222222",
    );
  });
});

describe("votes and statuses", () => {
  const c = collaboration();
  const approvals = initialApprovals(c);

  it("lets the creator approve and every other active member vote", () => {
    expect(approvals).toEqual({ "111111111111": "APPROVED", "222222222222": "PENDING" });
  });

  it("adds up votes: all approved, one denied, else pending", () => {
    expect(statusOfVotes({ a: "APPROVED", b: "APPROVED" })).toBe("APPROVED");
    expect(statusOfVotes({ a: "APPROVED", b: "DENIED", c: "PENDING" })).toBe("DENIED");
    expect(statusOfVotes({ a: "APPROVED", b: "PENDING" })).toBe("PENDING");
  });

  const pending = { creatorAccountId: "111111111111", status: "PENDING" as const, approvals: { "111111111111": "APPROVED" as const, "222222222222": "PENDING" as const, "333333333333": "PENDING" as const } };

  it("moves a request through approvals to APPROVED, or to DENIED on one denial", () => {
    const one = transition(pending, "APPROVE", "222222222222");
    expect(one).toEqual({ ok: true, status: "PENDING", approvals: { ...pending.approvals, "222222222222": "APPROVED" } });
    if (!one.ok) throw new Error("unreachable");
    expect(transition({ ...pending, approvals: one.approvals }, "APPROVE", "333333333333")).toEqual({
      ok: true,
      status: "APPROVED",
      approvals: { "111111111111": "APPROVED", "222222222222": "APPROVED", "333333333333": "APPROVED" },
    });
    expect(transition(pending, "DENY", "333333333333")).toEqual({ ok: true, status: "DENIED", approvals: { ...pending.approvals, "333333333333": "DENIED" } });
  });

  it("refuses votes from the creator and non-voters as the wrong actor", () => {
    expect(transition(pending, "APPROVE", "111111111111")).toMatchObject({ ok: false, refusal: "wrong-actor" });
    expect(transition(pending, "DENY", "444444444444")).toMatchObject({ ok: false, refusal: "wrong-actor" });
  });

  it("refuses a second vote and a vote on a settled request as the wrong state", () => {
    const voted = { ...pending, approvals: { ...pending.approvals, "222222222222": "APPROVED" as const } };
    expect(transition(voted, "DENY", "222222222222")).toEqual({ ok: false, refusal: "wrong-state", message: "Account 222222222222 has already voted APPROVED." });
    expect(transition({ ...pending, status: "CANCELLED" }, "APPROVE", "222222222222")).toMatchObject({ ok: false, refusal: "wrong-state" });
  });

  it("commits only an APPROVED request, as the creator", () => {
    expect(transition({ ...pending, status: "APPROVED" }, "COMMIT", "111111111111")).toMatchObject({ ok: true, status: "COMMITTED" });
    expect(transition(pending, "COMMIT", "111111111111")).toMatchObject({ ok: false, refusal: "wrong-state" });
    expect(transition({ ...pending, status: "APPROVED" }, "COMMIT", "222222222222")).toMatchObject({ ok: false, refusal: "wrong-actor" });
  });

  it("cancels a PENDING or APPROVED request, as the creator", () => {
    expect(transition(pending, "CANCEL", "111111111111")).toMatchObject({ ok: true, status: "CANCELLED" });
    expect(transition({ ...pending, status: "APPROVED" }, "CANCEL", "111111111111")).toMatchObject({ ok: true, status: "CANCELLED" });
    for (const status of ["DENIED", "COMMITTED", "CANCELLED"] as const) {
      expect(transition({ ...pending, status }, "CANCEL", "111111111111")).toMatchObject({ ok: false, refusal: "wrong-state" });
    }
    expect(transition(pending, "CANCEL", "333333333333")).toMatchObject({ ok: false, refusal: "wrong-actor" });
  });
});

describe("member after a change", () => {
  it("invites a new member, not responsible for any cost unless told", () => {
    expect(memberAfter(undefined, { accountId: "444444444444", memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: "New" }, 5000)).toEqual({
      accountId: "444444444444",
      displayName: "New",
      status: "INVITED",
      abilities: ["CAN_RECEIVE_RESULTS"],
      mlAbilities: [],
      paymentConfiguration: { queryCompute: { isResponsible: false } },
      createTime: 5000,
      updateTime: 5000,
    });
  });

  it("keeps what the change leaves out and takes what it names", () => {
    const existing = collaboration().members[1];
    expect(memberAfter(existing, { accountId: "222222222222", memberAbilities: [], displayName: "Ignored" }, 7000)).toEqual({
      ...existing,
      abilities: [],
      updateTime: 7000,
    });
    expect(
      memberAfter(existing, { accountId: "222222222222", memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } }, 7000)
        .paymentConfiguration,
    ).toEqual({ queryCompute: { isResponsible: true } });
  });
});
