/**
 * Issue 17's Collaboration.spend over HTTP and graphql-ws: runs started
 * through the gateway and directly through the emulator (the SDK as the
 * publisher), finished, cancelled and still running, then the billed units
 * summed here from what the emulator itself reports for each run (the SDK's
 * GetProtected* as each membership's holder) and from the worker formula —
 * never from the gateway's answer.
 */
import "../../src/aws/sdk-overlay";
import { StartProtectedQueryCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Grant } from "../../src/auth/grants";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "../subscriptions/harness";
import { JOB_INPUT, QUERY_INPUT, START_JOB, START_QUERY } from "../subscriptions/operations";
import { collaborationById, federatedIds, membershipsOf } from "./demo-world";
import { emulatorRuns as runsOf, expectedNotVisible, FINISHED, type EmulatorRun } from "./spend-runs";

// Two reports per operation: three would go over the per-operation AWS-call budget (each may need a Get per run).
const SPEND = `query Spend($c: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
  collaboration(id: $c) {
    byPayer: spend(from: $from, to: $to, groupBy: PAYER) { ...S groups { payerAccountId payer { accountId } costType membershipId ...G } }
    byCost: spend(from: $from, to: $to, groupBy: COST_TYPE) { ...S groups { costType payerAccountId ...G } }
  }
}
fragment S on CollaborationSpend { units runCount runsWithoutStatistics missingStatisticsShare membersNotVisible { accountId } }
fragment G on SpendGroup { units runCount runsWithoutStatistics }`;
// By membership; and payer × cost type, the grouping given out of order and repeated (a set).
const SPEND_MORE = `query SpendMore($c: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
  collaboration(id: $c) {
    byMembership: spend(from: $from, to: $to, groupBy: MEMBERSHIP) { ...S groups { membershipId membership { id } ...G } }
    byPayerAndCost: spend(from: $from, to: $to, groupBy: [COST_TYPE, PAYER, COST_TYPE]) { ...S groupBy groups { payerAccountId payer { accountId } costType membershipId ...G } }
  }
}
fragment S on CollaborationSpend { units runCount runsWithoutStatistics missingStatisticsShare membersNotVisible { accountId } }
fragment G on SpendGroup { units runCount runsWithoutStatistics }`;

interface Totals {
  units: number;
  runCount: number;
  runsWithoutStatistics: number;
}
type Group = Totals & { payerAccountId?: string | null; costType?: string | null; membershipId?: string | null };
type SpendOut = Totals & { missingStatisticsShare: number; groups: Group[]; membersNotVisible: { accountId: string }[]; groupBy?: string[] };
interface SpendAnswer {
  collaboration: { byPayer: SpendOut; byCost: SpendOut };
}
interface MoreAnswer {
  collaboration: { byMembership: SpendOut; byPayerAndCost: SpendOut };
}

const { startAfterMs, finishAfterMs, cancelAfterMs } = DEFAULT_RUN_SCHEDULE;
const SIZE: Record<string, number> = { "CR.1X": 1, "CR.4X": 4, "CR.8X": 8 };
const HOUR = 3_600_000;
/** Reads only the advertiser's account: of the collaboration's memberships, only its own. */
const ADVERTISER_READER = { token: "spend-advertiser-reader-token-1", name: "advertiser-reader", grants: [{ accounts: [demo.advertiser], actions: ["read"] }] as Grant[] };

let g: SubscriptionGateway;
let started: { query: string; job: string; direct: string; cancelled: string; running: string };
const collaboration = collaborationById(demo.audienceInsights);

beforeAll(async () => {
  g = await startSubscriptionGateway({ principals: [ADVERTISER_READER] });
  const start = async (doc: string, input: object) => {
    const r = await g.gql<Record<string, { id: string }>>(doc, { input });
    expect(r.errors).toBeUndefined();
    return Object.values(r.data!)[0].id;
  };
  const query = await start(START_QUERY, { ...QUERY_INPUT, computeConfiguration: { worker: { type: "CR_4X", number: 3 } } });
  const job = await start(START_JOB, JOB_INPUT);
  const publisher = await g.t.cleanrooms(demo.publisher);
  const direct = (
    await publisher.send(
      new StartProtectedQueryCommand({
        membershipIdentifier: demo.m23,
        type: "SQL",
        sqlParameters: { queryString: "SELECT 2" },
        resultConfiguration: { outputConfiguration: { member: { accountId: demo.publisher } } },
        computeConfiguration: { worker: { type: "CR.4X", number: 5 } },
      }),
    )
  ).protectedQuery!.id!;
  const cancelled = await start(START_QUERY, QUERY_INPUT);
  await g.t.advance(startAfterMs + 500);
  const cancel = await g.gql(`mutation($m: ID!, $id: ID!) { cancelProtectedQuery(membershipId: $m, id: $id) { status } }`, { m: demo.m23, id: cancelled });
  expect(cancel.errors).toBeUndefined();
  await g.t.advance(finishAfterMs - startAfterMs - 500);
  expect(finishAfterMs - startAfterMs - 500).toBeGreaterThan(cancelAfterMs);
  const running = await start(START_QUERY, QUERY_INPUT);
  started = { query, job, direct, cancelled, running };
});
afterAll(() => g.close());

const emulatorRuns = () => runsOf(g.t, collaboration);

function expectedGroups(runs: EmulatorRun[], key: (r: EmulatorRun) => string | null) {
  const groups = new Map<string | null, Totals>();
  for (const r of runs) {
    const k = key(r);
    const t = groups.get(k) ?? { units: 0, runCount: 0, runsWithoutStatistics: 0 };
    groups.set(k, { units: t.units + (r.units ?? 0), runCount: t.runCount + 1, runsWithoutStatistics: t.runsWithoutStatistics + (r.units === undefined ? 1 : 0) });
  }
  return groups;
}

function assertSpend(out: SpendOut, runs: EmulatorRun[], key: (r: EmulatorRun) => string | null, groupKey: (g: Group) => string | null | undefined) {
  const total = runs.reduce((s, r) => s + (r.units ?? 0), 0);
  expect(out.units).toBeCloseTo(total, 9);
  expect(out.runCount).toBe(runs.length);
  const missing = runs.filter((r) => r.units === undefined).length;
  expect(out.runsWithoutStatistics).toBe(missing);
  expect(out.missingStatisticsShare).toBeCloseTo(runs.length ? missing / runs.length : 0, 9);
  const expected = expectedGroups(runs, key);
  expect(out.groups.map((x) => groupKey(x) ?? null).sort()).toEqual([...expected.keys()].sort());
  for (const grp of out.groups) {
    const e = expected.get(groupKey(grp) ?? null)!;
    expect(grp.units).toBeCloseTo(e.units, 9);
    expect(grp.runCount).toBe(e.runCount);
    expect(grp.runsWithoutStatistics).toBe(e.runsWithoutStatistics);
  }
  // Most units first.
  expect(out.groups.map((x) => x.units)).toEqual([...out.groups.map((x) => x.units)].sort((a, b) => b - a));
}

function assertAll(answer: SpendAnswer, runs: EmulatorRun[]) {
  const c = answer.collaboration;
  assertSpend(c.byPayer, runs, (r) => r.payer ?? null, (x) => x.payerAccountId);
  assertSpend(c.byCost, runs, (r) => r.costType, (x) => x.costType);
  for (const grp of c.byPayer.groups as (Group & { payer: { accountId: string } | null })[]) {
    expect(grp.payer).toEqual(grp.payerAccountId ? { accountId: grp.payerAccountId } : null);
    expect(grp.costType).toBeNull();
    expect(grp.membershipId).toBeNull();
  }
  // Every report names the same members whose runs the operator's accounts cannot see.
  for (const out of [c.byPayer, c.byCost]) expect(out.membersNotVisible.map((m) => m.accountId)).toEqual(expectedNotVisible(collaboration, federatedIds));
}

/** By membership, and payer × cost type: one group per pair some run has, each naming both (and no membership). */
async function assertMore(variables: Record<string, unknown>, runs: EmulatorRun[]) {
  const res = await g.gql<MoreAnswer>(SPEND_MORE, variables);
  expect(res.errors).toBeUndefined();
  const c = res.data!.collaboration;
  assertSpend(c.byMembership, runs, (r) => r.membershipId, (x) => x.membershipId);
  for (const grp of c.byMembership.groups as (Group & { membership: { id: string } })[]) expect(grp.membership).toEqual({ id: grp.membershipId });
  expect(c.byPayerAndCost.groupBy).toEqual(["PAYER", "COST_TYPE"]);
  assertSpend(c.byPayerAndCost, runs, (r) => `${r.payer ?? null}/${r.costType}`, (x) => `${x.payerAccountId ?? null}/${x.costType}`);
  for (const grp of c.byPayerAndCost.groups as (Group & { payer: { accountId: string } | null })[]) {
    expect(grp.costType).not.toBeNull();
    expect(grp.payer).toEqual(grp.payerAccountId ? { accountId: grp.payerAccountId } : null);
    expect(grp.membershipId).toBeNull();
  }
  for (const out of [c.byMembership, c.byPayerAndCost]) expect(out.membersNotVisible.map((m) => m.accountId)).toEqual(expectedNotVisible(collaboration, federatedIds));
}

describe("Collaboration.spend", () => {
  it("the emulator bills what the workers and the schedule say (the sums below rest on it)", async () => {
    const runs = await emulatorRuns();
    const units = (id: string) => runs.find((r) => r.id === id)!.units!;
    const running = finishAfterMs - startAfterMs;
    expect(units(started.query)).toBeCloseTo((3 * SIZE["CR.4X"] * running) / HOUR, 12);
    expect(units(started.direct)).toBeCloseTo((5 * SIZE["CR.4X"] * running) / HOUR, 12);
    expect(units(started.job)).toBeCloseTo((4 * SIZE["CR.1X"] * running) / HOUR, 12); // no compute given: 4 × CR.1X
    expect(units(started.cancelled)).toBeCloseTo((2 * SIZE["CR.1X"] * 500) / HOUR, 12); // stopped when the cancel came
    expect(runs.find((r) => r.id === started.running)!.status).toBe("SUBMITTED");
  });

  it("sums every finished run the gateway can see, by payer, cost type and membership", async () => {
    const runs = (await emulatorRuns()).filter((r) => FINISHED.has(r.status));
    expect(runs.map((r) => r.id)).toEqual(expect.arrayContaining([started.query, started.job, started.direct, started.cancelled]));
    const res = await g.gql<SpendAnswer>(SPEND, { c: demo.audienceInsights, from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" });
    expect(res.errors).toBeUndefined();
    assertAll(res.data!, runs);
    expect(res.data!.collaboration.byCost.groups.map((x) => x.costType).sort()).toEqual(["JOB_COMPUTE", "QUERY_COMPUTE"]);
    await assertMore({ c: demo.audienceInsights, from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" }, runs);
  });

  it("counts only runs created in [from, to): the runs started in this test, not the scenario's older ones", async () => {
    const all = await emulatorRuns();
    const created = all.find((r) => r.id === started.query)!.createTime;
    const from = created.toISOString();
    const to = new Date(created.getTime() + 1).toISOString();
    const runs = all.filter((r) => FINISHED.has(r.status) && r.createTime.getTime() >= created.getTime() && r.createTime.getTime() < created.getTime() + 1);
    expect(runs.map((r) => r.id).sort()).toEqual([started.query, started.job, started.direct, started.cancelled].sort());
    const res = await g.gql<SpendAnswer>(SPEND, { c: demo.audienceInsights, from, to });
    expect(res.errors).toBeUndefined();
    assertAll(res.data!, runs);
    expect(res.data!.collaboration.byPayer.units).toBeGreaterThan(0);
    await assertMore({ c: demo.audienceInsights, from, to }, runs);
  });

  it("takes groupBy as a variable of the list type, a single value as a list of one", async () => {
    const doc = `query($c: ID!, $g: [SpendGroupBy!]!) { collaboration(id: $c) { spend(groupBy: $g) { groupBy units groups { payerAccountId costType units } } } }`;
    const single = await g.gql<{ collaboration: { spend: { groupBy: string[]; groups: unknown[] } } }>(doc, { c: demo.audienceInsights, g: "COST_TYPE" });
    expect(single.errors).toBeUndefined();
    expect(single.data!.collaboration.spend.groupBy).toEqual(["COST_TYPE"]);
    const bad = await g.gql(doc, { c: demo.audienceInsights, g: ["PAYER", "OWNER"] });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0].message).toMatch(/SpendGroupBy/);
  });

  it("asks AWS for a finished run's statistics once: the same request again makes no Get*, only the run lists", async () => {
    const variables = { c: demo.audienceInsights, from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" };
    const first = await g.gql<SpendAnswer>(SPEND, variables);
    expect(first.errors).toBeUndefined();
    await g.t.resetCalls();
    const again = await g.gql<SpendAnswer>(SPEND, variables);
    expect(again.data).toEqual(first.data);
    const calls = (await g.t.calls()).byOperation;
    expect(calls.GetProtectedQuery ?? 0).toBe(0);
    expect(calls.GetProtectedJob ?? 0).toBe(0);
    // The lists are still read per request: what a caller may see is decided afresh each time.
    expect(calls.ListProtectedQueries).toBeGreaterThan(0);
    expect(calls.ListProtectedJobs).toBeGreaterThan(0);
    // membersNotVisible and the payers come from the one member list the reports read anyway.
    expect(calls.ListMembers).toBe(1);
    expect(first.data!.collaboration.byCost.runCount).toBeGreaterThan(0);
  });

  it("never counts a cached run for a principal that cannot list it, and names whose runs it cannot see", async () => {
    const variables = { c: demo.audienceInsights, from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" };
    expect((await g.gql<SpendAnswer>(SPEND, variables)).data!.collaboration.byCost.runCount).toBeGreaterThan(0); // the operator's answer fills the cache
    const own = membershipsOf(demo.advertiser).filter((m) => m.collaboration.id === collaboration.id).map((m) => m.id);
    const runs = (await runsOf(g.t, collaboration, own)).filter((r) => FINISHED.has(r.status));
    const res = await g.gql<MoreAnswer>(SPEND_MORE, variables, { token: ADVERTISER_READER.token });
    expect(res.errors).toBeUndefined();
    assertSpend(res.data!.collaboration.byMembership, runs, (r) => r.membershipId, (x) => x.membershipId);
    const hidden = expectedNotVisible(collaboration, [demo.advertiser]);
    expect(hidden.length).toBeGreaterThan(expectedNotVisible(collaboration, federatedIds).length);
    expect(res.data!.collaboration.byMembership.membersNotVisible.map((m) => m.accountId)).toEqual(hidden);
  });

  it("answers the same over graphql-ws", async () => {
    const variables = { c: demo.audienceInsights, from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" };
    const http = await g.gql<SpendAnswer>(SPEND, variables);
    const sub = subscribe<SpendAnswer>(g.client(), SPEND, variables);
    const ws = await sub.next();
    expect(ws.errors).toBeUndefined();
    expect(ws.data).toEqual(http.data);
    expect(await sub.ended()).toEqual({ completed: true });
  });

  it("refuses a window that ends before it starts with BAD_USER_INPUT naming to", async () => {
    const res = await g.gql(SPEND, { c: demo.audienceInsights, from: "2026-11-02T00:00:00.000Z", to: "2026-11-01T00:00:00.000Z" });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
    expect(res.errors?.[0].message).toMatch(/to must be later than from/);
  });
});
