/** The audit event is a plain function of a mutation's arguments and outcome (audit/event.ts). */
import { describe, expect, it } from "vitest";
import { auditEvent } from "../../src/audit/event";

const base = { principal: "key:ops", requestId: "req-1", time: new Date("2026-11-27T08:00:00Z") };

describe("auditEvent", () => {
  it("a start: the membership, the run, the payer named and the key, as the account that wrote", () => {
    const e = auditEvent({
      ...base,
      action: "startProtectedQuery",
      args: { input: { membershipId: "m-1", payerAccountId: "222222222222", idempotencyKey: "k-1", sqlParameters: { queryString: "SELECT 1" } } },
      result: { id: "run-1", membershipId: "m-1", payerAccountId: "222222222222" },
      wroteAs: ["111111111111"],
    });
    expect(e).toEqual({
      time: "2026-11-27T08:00:00.000Z",
      requestId: "req-1",
      principal: "key:ops",
      action: "startProtectedQuery",
      accountId: "111111111111",
      membershipId: "m-1",
      runId: "run-1",
      payerAccountId: "222222222222",
      idempotencyKey: "k-1",
      outcome: "succeeded",
    });
    expect(JSON.stringify(e)).not.toContain("SELECT");
  });

  it.each([
    ["FORBIDDEN", "refused"],
    ["BAD_USER_INPUT", "refused"],
    ["CONFLICT", "refused"],
    ["THROTTLED", "refused"],
    ["ACCOUNT_UNAVAILABLE", "failed"],
    ["UPSTREAM_ERROR", "failed"],
    ["INTERNAL_SERVER_ERROR", "failed"],
  ])("an error %s is %s; a refusal names the account asked for", (errorCode, outcome) => {
    const e = auditEvent({ ...base, action: "approveChangeRequest", args: { collaborationId: "c-1", changeRequestId: "r-1", asAccountId: "333333333333" }, errorCode, wroteAs: [] });
    expect(e).toMatchObject({ outcome, errorCode, accountId: "333333333333", collaborationId: "c-1", changeRequestId: "r-1" });
    expect(e).not.toHaveProperty("runId");
  });

  it.each([
    ["ADD_PAYER_CANDIDATE", true],
    ["REMOVE_PAYER_CANDIDATE", false],
  ])("a change request that %s names the member as the payer", (_type, isResponsible) => {
    const payer = "444444444444";
    const changes = [
      { specificationType: "MEMBER", member: { accountId: "555555555555", memberAbilities: [] } },
      { specificationType: "MEMBER", member: { accountId: payer, memberAbilities: [], paymentConfiguration: { queryCompute: { isResponsible } } } },
    ];
    const e = auditEvent({ ...base, action: "createChangeRequest", args: { input: { collaborationId: "c-1", changes } }, result: { id: "r-9" }, wroteAs: ["111111111111"] });
    expect(e.payerAccountId).toBe(payer);
    const noPayer = auditEvent({ ...base, action: "createChangeRequest", args: { input: { collaborationId: "c-1", changes: changes.slice(0, 1) } }, wroteAs: [] });
    expect(noPayer).not.toHaveProperty("payerAccountId");
  });

  it("a created change request is its own target", () => {
    const e = auditEvent({ ...base, action: "createChangeRequest", args: { input: { collaborationId: "c-1", changes: [] } }, result: { id: "r-9", collaborationId: "c-1" }, wroteAs: ["111111111111"] });
    expect(e).toMatchObject({ changeRequestId: "r-9", collaborationId: "c-1", accountId: "111111111111" });
  });
});
