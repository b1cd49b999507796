import { describe, expect, it } from "vitest";
import { checkPayer, runnerProblem, type PayerMember } from "../../src/federation/run-payer";

const pays = (query: boolean, job?: boolean) => ({ queryCompute: { isResponsible: query }, ...(job === undefined ? {} : { jobCompute: { isResponsible: job } }) });
const members: PayerMember[] = [
  { accountId: "111111111111", displayName: "Advertiser", status: "ACTIVE", abilities: ["CAN_QUERY"], paymentConfiguration: pays(true, false) },
  { accountId: "333333333333", displayName: "Publisher", status: "ACTIVE", abilities: ["CAN_RUN_JOB"], paymentConfiguration: pays(true, true) },
  { accountId: "222222222222", displayName: "Analytics", status: "ACTIVE", abilities: [], paymentConfiguration: pays(false) },
  { accountId: "555555555555", displayName: "Invited", status: "INVITED", abilities: [], paymentConfiguration: pays(true, true) },
];
const check = (cost: "QUERY_COMPUTE" | "JOB_COMPUTE", runner: string, named?: string, list = members) => checkPayer(list, cost, runner, named, "input.payerAccountId", "c-1");

describe("checkPayer", () => {
  it("accepts a named candidate", () => {
    expect(check("QUERY_COMPUTE", "111111111111", "333333333333")).toEqual({ ok: true, payerAccountId: "333333333333", named: true });
  });

  it("refuses a named account that is not a candidate, listing the candidates with their names", () => {
    const r = check("QUERY_COMPUTE", "111111111111", "222222222222");
    expect(r).toMatchObject({ ok: false, reason: "not-a-candidate", candidates: ["111111111111", "333333333333"], field: "input.payerAccountId" });
    expect(!r.ok && r.message).toContain("111111111111 (Advertiser), 333333333333 (Publisher)");
    expect(!r.ok && r.message).toContain("input.payerAccountId");
  });

  it("an invited member is no candidate", () => {
    expect(check("QUERY_COMPUTE", "111111111111", "555555555555")).toMatchObject({ ok: false, reason: "not-a-candidate" });
  });

  it("refuses to choose among several candidates", () => {
    expect(check("QUERY_COMPUTE", "111111111111")).toMatchObject({ ok: false, reason: "ambiguous", candidates: ["111111111111", "333333333333"] });
  });

  it("takes the single candidate when none is named, without sending it", () => {
    expect(check("JOB_COMPUTE", "333333333333")).toEqual({ ok: true, payerAccountId: "333333333333", named: false });
  });

  it("with no candidate the runner pays, and only the runner may be named", () => {
    const none = members.map((m) => ({ ...m, paymentConfiguration: pays(false, false) }));
    expect(check("JOB_COMPUTE", "333333333333", undefined, none)).toEqual({ ok: true, payerAccountId: "333333333333", named: false });
    expect(check("JOB_COMPUTE", "333333333333", "333333333333", none)).toEqual({ ok: true, payerAccountId: "333333333333", named: true });
    const r = check("JOB_COMPUTE", "333333333333", "111111111111", none);
    expect(r).toMatchObject({ ok: false, reason: "not-a-candidate", candidates: ["333333333333"] });
    expect(!r.ok && r.message).toContain("no JOB_COMPUTE payer candidate, so the runner pays");
  });
});

describe("runnerProblem", () => {
  it("needs CAN_QUERY for queries and CAN_RUN_JOB for jobs", () => {
    expect(runnerProblem(members, "QUERY_COMPUTE", "111111111111", "c-1")).toBeUndefined();
    expect(runnerProblem(members, "QUERY_COMPUTE", "333333333333", "c-1")).toContain("CAN_QUERY");
    expect(runnerProblem(members, "JOB_COMPUTE", "333333333333", "c-1")).toBeUndefined();
    expect(runnerProblem(members, "JOB_COMPUTE", "111111111111", "c-1")).toContain("CAN_RUN_JOB");
  });

  it("refuses a runner that is not an active member", () => {
    expect(runnerProblem(members, "QUERY_COMPUTE", "555555555555", "c-1")).toContain("not an active member");
    expect(runnerProblem(members, "QUERY_COMPUTE", "999999999999", "c-1")).toContain("not an active member");
  });
});
