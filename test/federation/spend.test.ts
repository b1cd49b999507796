/** The spend sums (federation/spend.ts): plain data in, totals and groups out. */
import { describe, expect, it } from "vitest";
import { inWindow, spendOf, unseenRunners, type SpendRun } from "../../src/federation/spend";

const A = "111111111111";
const B = "333333333333";
const run = (id: string, over: Partial<SpendRun>): SpendRun => ({ id, membershipId: "m1", costType: "QUERY_COMPUTE", payerAccountId: A, units: 1, ...over });

describe("spendOf", () => {
  const runs = [
    run("q1", { units: 0.5 }),
    run("q2", { payerAccountId: B, units: 2 }),
    run("j1", { costType: "JOB_COMPUTE", membershipId: "m2", units: 4 }),
    run("j2", { costType: "JOB_COMPUTE", membershipId: "m2", payerAccountId: B, units: undefined }),
    run("q3", { payerAccountId: undefined, units: 0.25 }),
  ];

  it("totals every run once, counting those without units as missing", () => {
    const s = spendOf([...runs, runs[0]], ["PAYER"]);
    expect(s.units).toBeCloseTo(0.5 + 2 + 4 + 0.25, 10);
    expect(s.runCount).toBe(5);
    expect(s.runsWithoutStatistics).toBe(1);
    expect(s.missingStatisticsShare).toBeCloseTo(1 / 5, 10);
  });

  it("groups by payer, most units first, runs without a payer last", () => {
    const s = spendOf(runs, ["PAYER"]);
    expect(s.groups.map((g) => [g.payerAccountId, g.units, g.runCount, g.runsWithoutStatistics])).toEqual([
      [A, 4.5, 2, 0],
      [B, 2, 2, 1],
      [null, 0.25, 1, 0],
    ]);
    expect(s.groups[1].missingStatisticsShare).toBe(0.5);
  });

  it("groups by cost type and by membership", () => {
    expect(spendOf(runs, ["COST_TYPE"]).groups.map((g) => [g.costType, g.units, g.runCount])).toEqual([
      ["JOB_COMPUTE", 4, 2],
      ["QUERY_COMPUTE", 2.75, 3],
    ]);
    expect(spendOf(runs, ["MEMBERSHIP"]).groups.map((g) => [g.membershipId, g.units])).toEqual([
      ["m2", 4],
      ["m1", 2.75],
    ]);
  });

  it("groups by payer and cost type together: one group per combination a run has, each carrying both fields and only those", () => {
    const s = spendOf(runs, ["COST_TYPE", "PAYER"]);
    // Worked out by hand from `runs`: A's queries 0.5; B's query 2; A's job 4; B's job (no units); the payerless query 0.25.
    expect(s.groups).toEqual([
      { payerAccountId: A, costType: "JOB_COMPUTE", units: 4, runCount: 1, runsWithoutStatistics: 0, missingStatisticsShare: 0 },
      { payerAccountId: B, costType: "QUERY_COMPUTE", units: 2, runCount: 1, runsWithoutStatistics: 0, missingStatisticsShare: 0 },
      { payerAccountId: A, costType: "QUERY_COMPUTE", units: 0.5, runCount: 1, runsWithoutStatistics: 0, missingStatisticsShare: 0 },
      { payerAccountId: null, costType: "QUERY_COMPUTE", units: 0.25, runCount: 1, runsWithoutStatistics: 0, missingStatisticsShare: 0 },
      { payerAccountId: B, costType: "JOB_COMPUTE", units: 0, runCount: 1, runsWithoutStatistics: 1, missingStatisticsShare: 1 },
    ]);
    // The groups split the totals exactly, and each combination's sums are those of its runs.
    expect(s.groups.reduce((n, g) => n + g.runCount, 0)).toBe(s.runCount);
    for (const g of s.groups) {
      const mine = runs.filter((r) => (r.payerAccountId ?? null) === g.payerAccountId && r.costType === g.costType);
      expect(g.units).toBeCloseTo(mine.reduce((n, r) => n + (r.units ?? 0), 0), 10);
    }
  });

  it("takes the grouping as a set: order and repeats do not matter; three fields split further; none is one group", () => {
    expect(spendOf(runs, ["PAYER", "COST_TYPE", "PAYER"])).toEqual(spendOf(runs, ["COST_TYPE", "PAYER"]));
    const all = spendOf(runs, ["PAYER", "COST_TYPE", "MEMBERSHIP"]);
    expect(all.groups.every((g) => "payerAccountId" in g && "costType" in g && "membershipId" in g)).toBe(true);
    expect(all.groups).toHaveLength(5);
    const one = spendOf(runs, []);
    expect(one.groups).toEqual([{ units: one.units, runCount: 5, runsWithoutStatistics: 1, missingStatisticsShare: 0.2 }]);
  });

  it("answers zeros, not NaN, with no runs", () => {
    expect(spendOf([], ["PAYER", "COST_TYPE"])).toEqual({ units: 0, runCount: 0, runsWithoutStatistics: 0, missingStatisticsShare: 0, groups: [] });
  });
});

describe("inWindow", () => {
  const from = new Date("2026-11-01T00:00:00Z");
  const to = new Date("2026-11-02T00:00:00Z");
  it("takes finished runs created in [from, to)", () => {
    expect(inWindow({ status: "SUCCESS", createTime: from }, from, to)).toBe(true);
    expect(inWindow({ status: "CANCELLED", createTime: new Date(to.getTime() - 1) }, from, to)).toBe(true);
    expect(inWindow({ status: "SUCCESS", createTime: to }, from, to)).toBe(false);
    expect(inWindow({ status: "SUCCESS", createTime: new Date(from.getTime() - 1) }, from, to)).toBe(false);
    for (const status of ["SUBMITTED", "STARTED", "CANCELLING"]) expect(inWindow({ status, createTime: from }, from, to)).toBe(false);
    for (const status of ["FAILED", "TIMED_OUT"]) expect(inWindow({ status, createTime: from }, from, to)).toBe(true);
  });
});

describe("unseenRunners", () => {
  const member = (accountId: string, abilities: string[], status = "ACTIVE") => ({ accountId, abilities, status });
  it("names the joined members who can start runs and whose account the caller does not read", () => {
    const members = [
      member(A, ["CAN_QUERY"]), // read: its runs are seen
      member(B, ["CAN_RUN_JOB", "CAN_RECEIVE_RESULTS"]),
      member("444444444444", ["CAN_QUERY"], "INVITED"), // no membership yet: no runs
      member("555555555555", ["CAN_RECEIVE_RESULTS"]), // starts nothing (may still pay: its bill is in its runners' runs)
      member("666666666666", ["CAN_QUERY"], "LEFT"), // its past runs are still out of sight
    ];
    expect(unseenRunners(members, new Set([A])).map((m) => m.accountId)).toEqual([B, "666666666666"]);
    expect(unseenRunners(members, new Set([A, B, "666666666666"]))).toEqual([]);
  });
});
