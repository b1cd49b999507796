/** The spend sums (federation/spend.ts): plain data in, totals and groups out. */
import { describe, expect, it } from "vitest";
import { inWindow, spendOf, type SpendRun } from "../../src/federation/spend";

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
    const s = spendOf([...runs, runs[0]], "PAYER");
    expect(s.units).toBeCloseTo(0.5 + 2 + 4 + 0.25, 10);
    expect(s.runCount).toBe(5);
    expect(s.runsWithoutStatistics).toBe(1);
    expect(s.missingStatisticsShare).toBeCloseTo(1 / 5, 10);
  });

  it("groups by payer, most units first, runs without a payer last", () => {
    const s = spendOf(runs, "PAYER");
    expect(s.groups.map((g) => [g.key, g.units, g.runCount, g.runsWithoutStatistics])).toEqual([
      [A, 4.5, 2, 0],
      [B, 2, 2, 1],
      [null, 0.25, 1, 0],
    ]);
    expect(s.groups[1].missingStatisticsShare).toBe(0.5);
  });

  it("groups by cost type and by membership", () => {
    expect(spendOf(runs, "COST_TYPE").groups.map((g) => [g.key, g.units, g.runCount])).toEqual([
      ["JOB_COMPUTE", 4, 2],
      ["QUERY_COMPUTE", 2.75, 3],
    ]);
    expect(spendOf(runs, "MEMBERSHIP").groups.map((g) => [g.key, g.units])).toEqual([
      ["m2", 4],
      ["m1", 2.75],
    ]);
  });

  it("answers zeros, not NaN, with no runs", () => {
    expect(spendOf([], "PAYER")).toEqual({ units: 0, runCount: 0, runsWithoutStatistics: 0, missingStatisticsShare: 0, groups: [] });
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
