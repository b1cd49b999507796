/**
 * Issue 17's Collaboration.spend over HTTP and graphql-ws: runs started
 * through the gateway and directly through the emulator (the SDK as the
 * publisher), finished, cancelled and still running, then the billed units
 * summed here from what the emulator itself reports for each run (the SDK's
 * GetProtected* as each membership's holder) and from the worker formula —
 * never from the gateway's answer.
 */
import "../../src/aws/sdk-overlay";
import {
  GetProtectedJobCommand,
  GetProtectedQueryCommand,
  ListProtectedJobsCommand,
  ListProtectedQueriesCommand,
  StartProtectedQueryCommand,
  type CleanRoomsClient,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { demo } from "../support/emulator";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "../subscriptions/harness";
import { JOB_INPUT, QUERY_INPUT, START_JOB, START_QUERY } from "../subscriptions/operations";
import { collaborationById, federatedMembershipIds, membershipById } from "./demo-world";

const SPEND = `query Spend($c: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
  collaboration(id: $c) {
    byPayer: spend(from: $from, to: $to, groupBy: PAYER) { ...S groups { payerAccountId payer { accountId } costType membershipId ...G } }
    byCost: spend(from: $from, to: $to, groupBy: COST_TYPE) { ...S groups { costType payerAccountId ...G } }
    byMembership: spend(from: $from, to: $to, groupBy: MEMBERSHIP) { ...S groups { membershipId membership { id } ...G } }
  }
}
fragment S on CollaborationSpend { units runCount runsWithoutStatistics missingStatisticsShare }
fragment G on SpendGroup { units runCount runsWithoutStatistics }`;

interface Totals {
  units: number;
  runCount: number;
  runsWithoutStatistics: number;
}
type Group = Totals & { payerAccountId?: string | null; costType?: string | null; membershipId?: string | null };
type SpendOut = Totals & { missingStatisticsShare: number; groups: Group[] };
interface SpendAnswer {
  collaboration: { byPayer: SpendOut; byCost: SpendOut; byMembership: SpendOut };
}

const { startAfterMs, finishAfterMs, cancelAfterMs } = DEFAULT_RUN_SCHEDULE;
const SIZE: Record<string, number> = { "CR.1X": 1, "CR.4X": 4, "CR.8X": 8 };
const HOUR = 3_600_000;
const FINISHED = new Set(["SUCCESS", "FAILED", "CANCELLED", "TIMED_OUT"]);

let g: SubscriptionGateway;
let started: { query: string; job: string; direct: string; cancelled: string; running: string };
const collaboration = collaborationById(demo.audienceInsights);

beforeAll(async () => {
  g = await startSubscriptionGateway();
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

interface EmulatorRun {
  id: string;
  membershipId: string;
  costType: string;
  payer?: string;
  status: string;
  createTime: Date;
  units?: number;
  workers?: { type?: string; number?: number };
}

/** Every run of the collaboration's federated memberships as the emulator reports it to each holder (SDK List, then Get). */
async function emulatorRuns(): Promise<EmulatorRun[]> {
  const runs: EmulatorRun[] = [];
  for (const membershipId of federatedMembershipIds(collaboration)) {
    const client: CleanRoomsClient = await g.t.cleanrooms(membershipById(membershipId).accountId);
    const queries = (await client.send(new ListProtectedQueriesCommand({ membershipIdentifier: membershipId, maxResults: 100 }))).protectedQueries ?? [];
    const jobs = (await client.send(new ListProtectedJobsCommand({ membershipIdentifier: membershipId, maxResults: 100 }))).protectedJobs ?? [];
    expect(queries.length + jobs.length).toBeLessThan(100);
    for (const q of queries) {
      const full = (await client.send(new GetProtectedQueryCommand({ membershipIdentifier: membershipId, protectedQueryIdentifier: q.id! }))).protectedQuery!;
      runs.push({ id: q.id!, membershipId, costType: "QUERY_COMPUTE", payer: full.queryComputePayerAccountId, status: full.status!, createTime: full.createTime!, units: full.statistics?.billedResourceUtilization?.units, workers: full.computeConfiguration?.worker });
    }
    for (const j of jobs) {
      const full = (await client.send(new GetProtectedJobCommand({ membershipIdentifier: membershipId, protectedJobIdentifier: j.id! }))).protectedJob!;
      runs.push({ id: j.id!, membershipId, costType: "JOB_COMPUTE", payer: full.jobComputePayerAccountId, status: full.status!, createTime: full.createTime!, units: full.statistics?.billedResourceUtilization?.units, workers: full.computeConfiguration?.worker });
    }
  }
  return runs;
}

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
  assertSpend(c.byMembership, runs, (r) => r.membershipId, (x) => x.membershipId);
  for (const grp of c.byPayer.groups as (Group & { payer: { accountId: string } | null })[]) {
    expect(grp.payer).toEqual(grp.payerAccountId ? { accountId: grp.payerAccountId } : null);
    expect(grp.costType).toBeNull();
    expect(grp.membershipId).toBeNull();
  }
  for (const grp of c.byMembership.groups as (Group & { membership: { id: string } })[]) expect(grp.membership).toEqual({ id: grp.membershipId });
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
