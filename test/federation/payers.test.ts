import { describe, expect, it } from "vitest";
import { defaultPayer, payerCandidates, runnerAbility, type CostType, type PayerFacts } from "../../src/federation/payers";
import { costTypes, expectedCandidates, expectedDefaultPayer, visibleCollaborations } from "../graph/demo-world";

const pays = { isResponsible: true };
const free = { isResponsible: false };

const member = (accountId: string, facts: Omit<PayerFacts, "accountId"> = {}): PayerFacts => ({
  accountId,
  status: "ACTIVE",
  abilities: [],
  paymentConfiguration: { queryCompute: free },
  ...facts,
});
const ids = (ms: readonly PayerFacts[]) => ms.map((m) => m.accountId);

/** A member responsible for exactly one cost type. */
const responsibleFor = (accountId: string, cost: CostType, facts: Omit<PayerFacts, "accountId"> = {}): PayerFacts => {
  const paymentConfiguration: NonNullable<PayerFacts["paymentConfiguration"]> = { queryCompute: free };
  if (cost === "QUERY_COMPUTE") paymentConfiguration.queryCompute = pays;
  if (cost === "JOB_COMPUTE") paymentConfiguration.jobCompute = pays;
  if (cost === "MODEL_TRAINING") paymentConfiguration.machineLearning = { modelTraining: pays };
  if (cost === "MODEL_INFERENCE") paymentConfiguration.machineLearning = { modelInference: pays };
  if (cost === "SYNTHETIC_DATA_GENERATION") paymentConfiguration.machineLearning = { syntheticDataGeneration: pays };
  return member(accountId, { paymentConfiguration, ...facts });
};

describe("payerCandidates", () => {
  it.each(costTypes)("reads %s from its own part of the payment configuration", (cost) => {
    const members = costTypes.map((c, i) => responsibleFor(String(i).repeat(12), c));
    expect(ids(payerCandidates(members, cost))).toEqual([String(costTypes.indexOf(cost)).repeat(12)]);
  });

  it("keeps several candidates, in member order", () => {
    const members = [responsibleFor("3", "QUERY_COMPUTE"), member("1"), responsibleFor("2", "QUERY_COMPUTE")];
    expect(ids(payerCandidates(members, "QUERY_COMPUTE"))).toEqual(["3", "2"]);
  });

  it("leaves out members that are not active", () => {
    const members = ["INVITED", "LEFT", "REMOVED", "ACTIVE"].map((status, i) => responsibleFor(String(i), "JOB_COMPUTE", { status }));
    expect(ids(payerCandidates(members, "JOB_COMPUTE"))).toEqual(["3"]);
  });

  it("counts a missing or false responsibility, or no payment configuration at all, as none", () => {
    const members = [
      member("1", { paymentConfiguration: { queryCompute: free, jobCompute: free } }),
      member("2", { paymentConfiguration: { queryCompute: free, machineLearning: {} } }),
      member("3", { paymentConfiguration: undefined }),
    ];
    for (const cost of costTypes) expect(payerCandidates(members, cost)).toEqual([]);
  });
});

describe("defaultPayer", () => {
  it("is the single candidate, even when another member does the work", () => {
    const members = [member("1", { abilities: ["CAN_QUERY"] }), responsibleFor("2", "QUERY_COMPUTE")];
    expect(defaultPayer(members, "QUERY_COMPUTE")?.accountId).toBe("2");
  });

  it("is nobody when several candidates exist (the runner must name one)", () => {
    const members = [responsibleFor("1", "QUERY_COMPUTE", { abilities: ["CAN_QUERY"] }), responsibleFor("2", "QUERY_COMPUTE")];
    expect(defaultPayer(members, "QUERY_COMPUTE")).toBeUndefined();
  });

  it("with no candidate, is the single active member able to do the work", () => {
    const members = [member("1", { abilities: ["CAN_RECEIVE_RESULTS"] }), member("2", { abilities: ["CAN_QUERY", "CAN_RUN_JOB"] })];
    for (const cost of costTypes) expect(defaultPayer(members, cost)?.accountId, cost).toBe("2");
  });

  it("with no candidate, reads the ability that the cost type's work needs", () => {
    const members = [member("1", { abilities: ["CAN_QUERY"] }), member("2", { abilities: ["CAN_RUN_JOB"] })];
    expect(defaultPayer(members, "QUERY_COMPUTE")?.accountId).toBe("1");
    expect(defaultPayer(members, "JOB_COMPUTE")?.accountId).toBe("2");
    expect(runnerAbility("QUERY_COMPUTE")).toBe("CAN_QUERY");
    expect(runnerAbility("JOB_COMPUTE")).toBe("CAN_RUN_JOB");
  });

  it("with no candidate, is nobody when no active member, or several, can do the work", () => {
    expect(defaultPayer([member("1"), member("2", { abilities: ["CAN_QUERY"], status: "INVITED" })], "QUERY_COMPUTE")).toBeUndefined();
    expect(defaultPayer([member("1", { abilities: ["CAN_QUERY"] }), member("2", { abilities: ["CAN_QUERY"] })], "QUERY_COMPUTE")).toBeUndefined();
    expect(defaultPayer([], "JOB_COMPUTE")).toBeUndefined();
  });

  it("ignores a responsible member who is not active", () => {
    const members = [responsibleFor("1", "QUERY_COMPUTE", { status: "INVITED" }), member("2", { abilities: ["CAN_QUERY"] })];
    expect(payerCandidates(members, "QUERY_COMPUTE")).toEqual([]);
    expect(defaultPayer(members, "QUERY_COMPUTE")?.accountId).toBe("2");
  });
});

describe("the demo collaborations", () => {
  it("agree with the rules as the tests derive them from the scenario", () => {
    for (const c of visibleCollaborations) {
      for (const cost of costTypes) {
        expect(ids(payerCandidates(c.members, cost)), `${c.name} ${cost}`).toEqual(expectedCandidates(c, cost));
        expect(defaultPayer(c.members, cost)?.accountId ?? null, `${c.name} ${cost}`).toBe(expectedDefaultPayer(c, cost));
      }
    }
  });
});
