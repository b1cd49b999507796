/** The approvals inbox's rules (federation/inbox.ts): who still has to vote, newest first, and what a change would do. */
import { describe, expect, it } from "vitest";
import { ageSeconds, awaitingVotes, memberDelta, votingCollaborations } from "../../src/federation/inbox";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";
const req = (id: string, createTime: string, approvals: Record<string, string>, status = "PENDING") => ({
  id,
  collaborationId: "c1",
  status,
  createTime: new Date(createTime),
  approvals: Object.fromEntries(Object.entries(approvals).map(([a, s]) => [a, { status: s }])),
});

describe("awaitingVotes", () => {
  const requests = [
    req("old", "2026-11-01T00:00:00Z", { [A]: "PENDING", [B]: "APPROVED" }),
    req("new", "2026-11-03T00:00:00Z", { [A]: "PENDING", [B]: "PENDING", [C]: "APPROVED" }),
    req("voted", "2026-11-02T00:00:00Z", { [A]: "APPROVED", [C]: "PENDING" }),
    req("approved", "2026-11-04T00:00:00Z", { [A]: "PENDING" }, "APPROVED"),
  ];

  it("lists PENDING requests with a pending vote of the voters, newest first, each with exactly those voters", () => {
    expect(awaitingVotes(requests, [A, B]).map((i) => [i.request.id, i.voterAccountIds])).toEqual([
      ["new", [A, B]],
      ["old", [A]],
    ]);
  });

  it("leaves out what only accounts the caller may not vote as could vote on", () => {
    expect(awaitingVotes(requests, [B]).map((i) => i.request.id)).toEqual(["new"]);
    expect(awaitingVotes(requests, [])).toEqual([]);
  });

  it("lists a request read twice once", () => {
    expect(awaitingVotes([...requests, requests[0]], [A]).map((i) => i.request.id)).toEqual(["new", "old"]);
  });

  it("orders requests made at the same instant by collaboration, then id", () => {
    const at = "2026-11-05T00:00:00Z";
    const tied = [{ ...req("b", at, { [A]: "PENDING" }), collaborationId: "c2" }, req("z", at, { [A]: "PENDING" }), req("a", at, { [A]: "PENDING" })];
    expect(awaitingVotes(tied, [A]).map((i) => `${i.request.collaborationId}/${i.request.id}`)).toEqual(["c1/a", "c1/z", "c2/b"]);
  });
});

describe("votingCollaborations", () => {
  it("keeps a collaboration when at least one voting account is ACTIVE in it, never one where voters are only INVITED, read through an ACTIVE voter", () => {
    const perVoter = [
      { accountId: A, summaries: [{ id: "both", memberStatus: "INVITED" }, { id: "invited", memberStatus: "INVITED" }, { id: "a-only", memberStatus: "ACTIVE" }] },
      { accountId: B, summaries: [{ id: "both", memberStatus: "ACTIVE" }, { id: "invited", memberStatus: "INVITED" }, { id: "b-only", memberStatus: "ACTIVE" }] },
      { accountId: C, summaries: [{ id: "both", memberStatus: "ACTIVE" }] },
    ];
    // "both": A sees it first but is only INVITED there; B, the first ACTIVE voter, reads it.
    expect(Object.fromEntries([...votingCollaborations(perVoter)].sort())).toEqual({ "a-only": A, "b-only": B, both: B });
    expect(votingCollaborations([])).toEqual(new Map());
  });
});

describe("memberDelta", () => {
  it("a new member gains everything it is given", () => {
    expect(memberDelta({ accountId: C, memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true } } }, undefined)).toEqual({
      accountId: C,
      addsMember: true,
      payerCandidaciesAdded: ["QUERY_COMPUTE"],
      payerCandidaciesRemoved: [],
      abilitiesAdded: ["CAN_RECEIVE_RESULTS"],
      abilitiesRemoved: [],
    });
  });

  it("an existing member: candidacies set by the change compared with now, abilities as a whole new set", () => {
    const current = { abilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: true }, jobCompute: { isResponsible: false } } };
    const d = memberDelta(
      { accountId: C, memberAbilities: ["CAN_RECEIVE_RESULTS", "CAN_RUN_JOB"], paymentConfiguration: { queryCompute: { isResponsible: false }, jobCompute: { isResponsible: true } } },
      current,
    );
    expect(d).toEqual({
      accountId: C,
      addsMember: false,
      payerCandidaciesAdded: ["JOB_COMPUTE"],
      payerCandidaciesRemoved: ["QUERY_COMPUTE"],
      abilitiesAdded: ["CAN_RUN_JOB"],
      abilitiesRemoved: ["CAN_QUERY"],
    });
    // A change that sets no payment configuration leaves candidacies alone.
    expect(memberDelta({ accountId: C, memberAbilities: current.abilities }, current)).toMatchObject({ payerCandidaciesAdded: [], payerCandidaciesRemoved: [], abilitiesAdded: [], abilitiesRemoved: [] });
  });
});

it("ageSeconds counts whole seconds and never goes negative", () => {
  expect(ageSeconds(new Date(1_000), 62_999)).toBe(61);
  expect(ageSeconds(new Date(5_000), 4_000)).toBe(0);
});
