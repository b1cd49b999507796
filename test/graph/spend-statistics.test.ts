/**
 * Collaboration.spend's statistics over HTTP against the emulator, with a
 * gateway of its own (so its process-wide statistics cache starts empty):
 * when AWS fails GetProtectedQuery, exactly the finished queries count in
 * runsWithoutStatistics and their share (the jobs' statistics still read),
 * the answer carries the account's error, and nothing failed is cached: the
 * next request asks AWS for those runs again, and only for those.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, type SubscriptionGateway } from "../subscriptions/harness";
import { collaborationById } from "./demo-world";
import { emulatorRuns, FINISHED, type EmulatorRun } from "./spend-runs";

const SPEND = `query($c: ID!) { collaboration(id: $c) { spend(groupBy: COST_TYPE) {
  units runCount runsWithoutStatistics missingStatisticsShare groups { costType units runCount runsWithoutStatistics missingStatisticsShare }
} } }`;

interface Totals {
  units: number;
  runCount: number;
  runsWithoutStatistics: number;
  missingStatisticsShare: number;
}
interface Answer {
  collaboration: { spend: Totals & { groups: (Totals & { costType: string })[] } };
}

const collaboration = collaborationById(demo.audienceInsights);
let g: SubscriptionGateway;
let finished: EmulatorRun[];

beforeAll(async () => {
  g = await startSubscriptionGateway();
  finished = (await emulatorRuns(g.t, collaboration)).filter((r) => FINISHED.has(r.status));
});
afterAll(async () => {
  await g.t.control("POST", "/_emulator/faults", { rules: [] });
  await g.close();
});

/** The totals when the runs `without` lack statistics (besides those AWS reports none for). */
function expected(runs: EmulatorRun[], without: (r: EmulatorRun) => boolean): Totals {
  const missing = runs.filter((r) => without(r) || r.units === undefined).length;
  return {
    units: runs.filter((r) => !without(r)).reduce((n, r) => n + (r.units ?? 0), 0),
    runCount: runs.length,
    runsWithoutStatistics: missing,
    missingStatisticsShare: runs.length ? missing / runs.length : 0,
  };
}

function assertTotals(actual: Totals, e: Totals) {
  expect(actual.runCount).toBe(e.runCount);
  expect(actual.runsWithoutStatistics).toBe(e.runsWithoutStatistics);
  expect(actual.missingStatisticsShare).toBeCloseTo(e.missingStatisticsShare, 9);
  expect(actual.units).toBeCloseTo(e.units, 9);
}

function assertAnswer(a: Answer, without: (r: EmulatorRun) => boolean) {
  assertTotals(a.collaboration.spend, expected(finished, without));
  for (const grp of a.collaboration.spend.groups) assertTotals(grp, expected(finished.filter((r) => r.costType === grp.costType), without));
}

const isQuery = (r: EmulatorRun) => r.costType === "QUERY_COMPUTE";

describe("Collaboration.spend when statistics cannot be read", () => {
  it("counts exactly the runs whose Get failed as without statistics, and caches none of them", async () => {
    const queries = finished.filter(isQuery);
    expect(queries.length, "the scenario has finished queries and jobs here (else this proves nothing)").toBeGreaterThan(0);
    expect(finished.length).toBeGreaterThan(queries.length);

    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "GetProtectedQuery", internalErrorRate: 1 }] });
    const failed = await g.gql<Answer>(SPEND, { c: collaboration.id });
    expect(failed.data).toBeTruthy();
    assertAnswer(failed.data!, isQuery);
    // The caller is told why: the account's error, in the contract's words.
    expect(failed.errors?.map((e) => e.extensions?.code)).toEqual([expect.stringMatching(/^(ACCOUNT_UNAVAILABLE|UPSTREAM_ERROR)$/)]);

    await g.t.control("POST", "/_emulator/faults", { rules: [] });
    await g.t.resetCalls();
    const healed = await g.gql<Answer>(SPEND, { c: collaboration.id });
    expect(healed.errors).toBeUndefined();
    assertAnswer(healed.data!, () => false);
    // Only the runs that failed are asked for again: the jobs' statistics were kept.
    const calls = (await g.t.calls()).byOperation;
    expect(calls.GetProtectedQuery ?? 0).toBe(queries.length);
    expect(calls.GetProtectedJob ?? 0).toBe(0);
  });
});
