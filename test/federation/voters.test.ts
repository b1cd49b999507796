import { describe, expect, it } from "vitest";
import { chooseVoter, type VoteFacts } from "../../src/federation/voters";

const facts = (over: Partial<VoteFacts> = {}): VoteFacts => ({
  changeRequestId: "cr-1",
  status: "PENDING",
  approvals: { "111111111111": "APPROVED", "222222222222": "PENDING", "333333333333": "PENDING", "444444444444": "PENDING" },
  callerAccounts: ["111111111111", "222222222222", "333333333333"],
  mayVote: () => true,
  ...over,
});

describe("chooseVoter", () => {
  it("takes asAccountId when it is the caller's, votes, and has not voted yet", () => {
    expect(chooseVoter(facts({ asAccountId: "333333333333" }), "APPROVE")).toEqual({ ok: true, accountId: "333333333333" });
  });

  it("takes the one caller account whose vote is pending", () => {
    const f = facts({ approvals: { "111111111111": "APPROVED", "222222222222": "APPROVED", "333333333333": "PENDING" } });
    expect(chooseVoter(f, "DENY")).toEqual({ ok: true, accountId: "333333333333" });
  });

  it("asks for asAccountId when several caller accounts are pending, listing them in configuration order", () => {
    const r = chooseVoter(facts(), "APPROVE");
    expect(r).toMatchObject({ ok: false, code: "BAD_USER_INPUT", field: "asAccountId", accountIds: ["222222222222", "333333333333"] });
    expect(!r.ok && r.message).toContain("222222222222, 333333333333");
  });

  it("CONFLICT when none of the caller's accounts is pending (a non-federated voter's pending vote does not count)", () => {
    const f = facts({ approvals: { "111111111111": "APPROVED", "222222222222": "APPROVED", "333333333333": "DENIED", "444444444444": "PENDING" } });
    expect(chooseVoter(f, "APPROVE")).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("CONFLICT for a request that is not PENDING, even with asAccountId", () => {
    expect(chooseVoter(facts({ status: "APPROVED" }), "APPROVE")).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(chooseVoter(facts({ status: "DENIED", asAccountId: "222222222222" }), "DENY")).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("FORBIDDEN for asAccountId that is not one of the caller's accounts", () => {
    expect(chooseVoter(facts({ asAccountId: "444444444444" }), "APPROVE")).toMatchObject({ ok: false, code: "FORBIDDEN", field: "asAccountId" });
  });

  it("BAD_USER_INPUT for asAccountId that has no vote, listing the voters", () => {
    const f = facts({ approvals: { "111111111111": "APPROVED", "333333333333": "PENDING" } });
    const r = chooseVoter(f, "APPROVE" as const);
    expect(chooseVoter({ ...f, asAccountId: "222222222222" }, "APPROVE")).toMatchObject({
      ok: false,
      code: "BAD_USER_INPUT",
      accountIds: ["111111111111", "333333333333"],
    });
    expect(r).toEqual({ ok: true, accountId: "333333333333" });
  });

  it("CONFLICT for asAccountId that has voted already", () => {
    expect(chooseVoter(facts({ asAccountId: "111111111111" }), "DENY")).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("leaves out accounts the caller may not vote as; FORBIDDEN when none is left", () => {
    const only333 = facts({ mayVote: (a) => a === "333333333333" });
    expect(chooseVoter(only333, "APPROVE")).toEqual({ ok: true, accountId: "333333333333" });
    expect(chooseVoter(facts({ mayVote: () => false }), "APPROVE")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(chooseVoter(facts({ mayVote: () => false, asAccountId: "222222222222" }), "APPROVE")).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});
