import { describe, expect, it } from "vitest";
import { isResponsible, payerCandidates, resolvePayer } from "../../src/emulator/rules/payers";
import type { MemberRecord, PaymentConfiguration } from "../../src/emulator/state";

const member = (accountId: string, status: MemberRecord["status"], paymentConfiguration: PaymentConfiguration): MemberRecord => ({
  accountId,
  displayName: accountId,
  status,
  abilities: [],
  mlAbilities: [],
  paymentConfiguration,
  createTime: 0,
  updateTime: 0,
});

const pays = { isResponsible: true };
const free = { isResponsible: false };

describe("isResponsible", () => {
  const config: PaymentConfiguration = {
    queryCompute: pays,
    jobCompute: free,
    machineLearning: { modelTraining: pays, modelInference: free },
  };

  it("reads each cost type from its own part of the configuration", () => {
    expect(isResponsible(config, "QUERY_COMPUTE")).toBe(true);
    expect(isResponsible(config, "JOB_COMPUTE")).toBe(false);
    expect(isResponsible(config, "MODEL_TRAINING")).toBe(true);
    expect(isResponsible(config, "MODEL_INFERENCE")).toBe(false);
  });

  it("counts a missing part as not responsible", () => {
    expect(isResponsible(config, "SYNTHETIC_DATA_GENERATION")).toBe(false);
    expect(isResponsible({ queryCompute: free }, "JOB_COMPUTE")).toBe(false);
    expect(isResponsible(undefined, "QUERY_COMPUTE")).toBe(false);
  });
});

describe("payerCandidates", () => {
  it("lists the active responsible members in member order", () => {
    const members = [
      member("333333333333", "ACTIVE", { queryCompute: pays }),
      member("111111111111", "ACTIVE", { queryCompute: free }),
      member("222222222222", "ACTIVE", { queryCompute: pays }),
    ];
    expect(payerCandidates(members, "QUERY_COMPUTE")).toEqual(["333333333333", "222222222222"]);
  });

  it("leaves out members that are not active", () => {
    const members = [
      member("111111111111", "INVITED", { queryCompute: free, jobCompute: pays }),
      member("222222222222", "LEFT", { queryCompute: free, jobCompute: pays }),
      member("333333333333", "REMOVED", { queryCompute: free, jobCompute: pays }),
      member("444444444444", "ACTIVE", { queryCompute: free, jobCompute: pays }),
    ];
    expect(payerCandidates(members, "JOB_COMPUTE")).toEqual(["444444444444"]);
  });
});

describe("resolvePayer", () => {
  const two = [
    member("111111111111", "ACTIVE", { queryCompute: pays }),
    member("222222222222", "ACTIVE", { queryCompute: free }),
    member("333333333333", "ACTIVE", { queryCompute: pays }),
  ];

  it("accepts a named candidate", () => {
    expect(resolvePayer(two, "QUERY_COMPUTE", "111111111111", "333333333333")).toEqual({ ok: true, payerAccountId: "333333333333" });
  });

  it("refuses a named account that is not a candidate, listing the candidates", () => {
    expect(resolvePayer(two, "QUERY_COMPUTE", "111111111111", "222222222222")).toEqual({
      ok: false,
      problem: "not-a-candidate",
      candidates: ["111111111111", "333333333333"],
    });
  });

  it("refuses to guess between several candidates", () => {
    expect(resolvePayer(two, "QUERY_COMPUTE", "111111111111", undefined)).toEqual({
      ok: false,
      problem: "ambiguous",
      candidates: ["111111111111", "333333333333"],
    });
  });

  it("picks the single candidate when none is named, even when it is not the runner", () => {
    const one = [member("333333333333", "ACTIVE", { queryCompute: free, jobCompute: free }), member("111111111111", "ACTIVE", { queryCompute: free, jobCompute: pays })];
    expect(resolvePayer(one, "JOB_COMPUTE", "333333333333", undefined)).toEqual({ ok: true, payerAccountId: "111111111111" });
    expect(resolvePayer(one, "JOB_COMPUTE", "333333333333", "333333333333")).toEqual({
      ok: false,
      problem: "not-a-candidate",
      candidates: ["111111111111"],
    });
  });

  it("makes the runner the only candidate when nobody is configured to pay", () => {
    const none = [member("333333333333", "ACTIVE", { queryCompute: free }), member("111111111111", "ACTIVE", { queryCompute: free })];
    expect(resolvePayer(none, "QUERY_COMPUTE", "333333333333", undefined)).toEqual({ ok: true, payerAccountId: "333333333333" });
    expect(resolvePayer(none, "QUERY_COMPUTE", "333333333333", "333333333333")).toEqual({ ok: true, payerAccountId: "333333333333" });
    expect(resolvePayer(none, "QUERY_COMPUTE", "333333333333", "111111111111")).toEqual({
      ok: false,
      problem: "not-a-candidate",
      candidates: ["333333333333"],
    });
  });

  it("does not count a responsible member that has left", () => {
    const left = [member("111111111111", "ACTIVE", { queryCompute: free }), member("333333333333", "LEFT", { queryCompute: pays })];
    expect(resolvePayer(left, "QUERY_COMPUTE", "111111111111", undefined)).toEqual({ ok: true, payerAccountId: "111111111111" });
  });
});
