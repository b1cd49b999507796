/**
 * Generated scenarios (src/emulator/scenario-generator.ts): the same seed
 * gives the same world; every size loads through the scenario file's
 * validation and keeps the emulator's rules; the emulator serves it to the
 * real SDK; and the gateway's dashboard over one answers completely with
 * exactly the lower bound of calls computed from the scenario
 * (bench/lower-bound.ts, which `npm run bench` reports against).
 */
import { ListMembershipsCommand, ListProtectedQueriesCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DashboardDocument } from "../../schema/generated/graphql";
import { dashboardLowerBound, dashboardLowerBoundByRegion, total, world } from "../../bench/lower-bound";
import { parseScenario, type Scenario } from "../../src/emulator/scenario";
import {
  checkScenarioRules,
  describeParams,
  generateScenario,
  isGeneratorSource,
  parseGeneratorSpec,
  planScenario,
  scenarioFromGeneratorSource,
  toScenario,
  withDefaults,
} from "../../src/emulator/scenario-generator";
import { startTestEmulator } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";

const SIZES = [
  { accounts: 1, seed: 1 },
  { accounts: 5, seed: 2 },
  { accounts: 20, collaborations: 40, members: 6, changeRequests: 3, seed: 3 },
  { accounts: 50, seed: 4 },
  { accounts: 8, partners: 0, collaborations: 3, members: 12, runs: 15, seed: 5 },
];

describe("the scenario generator", () => {
  it("gives the same scenario for the same parameters, and another for another seed", () => {
    const a = generateScenario({ accounts: 10, seed: 42 });
    expect(generateScenario({ accounts: 10, seed: 42 })).toEqual(a);
    expect(JSON.stringify(generateScenario(parseGeneratorSpec("accounts=10,seed=42")))).toBe(JSON.stringify(a));
    const b = generateScenario({ accounts: 10, seed: 43 });
    expect(b.collaborations.map((c) => c.id)).not.toEqual(a.collaborations.map((c) => c.id));
  });

  it.each(SIZES)("generates a valid world of the size asked (%o)", (params) => {
    const p = withDefaults(params);
    const s = generateScenario(params);
    // The same zod validation as a scenario file (generateScenario already parsed it; a JSON round trip must too).
    expect(parseScenario(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(checkScenarioRules(s)).toEqual([]);
    expect(s.accounts.filter((a) => a.federated)).toHaveLength(p.accounts);
    expect(s.accounts.filter((a) => !a.federated)).toHaveLength(p.partners);
    expect(s.collaborations).toHaveLength(p.collaborations);
    for (const c of s.collaborations) {
      expect(c.members.length).toBeGreaterThanOrEqual(Math.min(2, s.accounts.length));
      expect(c.members.length).toBeLessThanOrEqual(Math.max(2, p.members));
      expect(c.changeRequests.length).toBeLessThanOrEqual(p.changeRequests);
    }
    // Every federated account is in some collaboration when there are enough to go round.
    if (p.collaborations >= p.accounts) {
      for (const a of s.accounts.filter((x) => x.federated)) expect(s.collaborations.some((c) => c.members.some((m) => m.accountId === a.accountId))).toBe(true);
    }
    const ids = [...s.collaborations.map((c) => c.id), ...s.protectedQueries.map((q) => q.id), ...s.protectedJobs.map((j) => j.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("covers what the dashboard shows at 20 accounts: open requests, every run status, payer choices, S3 output, invited members", () => {
    const s = generateScenario({ accounts: 20, collaborations: 40, members: 6, changeRequests: 3, seed: 3 });
    const requests = s.collaborations.flatMap((c) => c.changeRequests);
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(["PENDING", "APPROVED", "COMMITTED", "DENIED", "CANCELLED"]));
    expect(new Set(s.protectedQueries.map((q) => q.status)).size).toBe(7);
    expect(s.protectedQueries.some((q) => "s3Bucket" in q.output)).toBe(true);
    expect(s.protectedJobs.length).toBeGreaterThan(0);
    expect(s.collaborations.some((c) => c.members.filter((m) => m.paymentConfiguration.queryCompute.isResponsible && m.status === "ACTIVE").length === 2)).toBe(true);
    expect(s.collaborations.some((c) => c.members.some((m) => m.status === "INVITED"))).toBe(true);
    expect(s.collaborations.some((c) => !s.accounts.find((a) => a.accountId === c.creatorAccountId)!.federated)).toBe(true);
  });

  it("keeps a region per collaboration in its plan, and writes a collaboration elsewhere with its region", () => {
    const plan = planScenario({ accounts: 3, seed: 9 });
    expect(plan.collaborations.every((c) => c.region === "us-east-1")).toBe(true);
    expect(toScenario(plan).collaborations.every((c) => c.region === undefined)).toBe(true);
    plan.collaborations[0].region = "eu-west-1";
    const s = toScenario(plan);
    expect(s.region).toBe("us-east-1");
    expect(s.collaborations[0].region).toBe("eu-west-1");
    expect(s.collaborations.slice(1).every((c) => c.region === undefined)).toBe(true);
  });

  it("spreads collaborations over `regions`, each federated account in every region, by the emulator's rules", () => {
    const params = parseGeneratorSpec("accounts=4,regions=us-east-1,eu-west-1,seed=5");
    expect(params.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(params.region).toBe("us-east-1");
    const s = generateScenario(params);
    expect(checkScenarioRules(s)).toEqual([]);
    const regionOf = (c: Scenario["collaborations"][number]) => c.region ?? s.region;
    for (const a of s.accounts.filter((x) => x.federated)) {
      const regions = new Set(s.collaborations.filter((c) => c.members.some((m) => m.accountId === a.accountId && m.membershipId)).map(regionOf));
      expect([...regions].sort(), a.accountId).toEqual(["eu-west-1", "us-east-1"]);
    }
    // The same seed, the same scenario; the description reads back as the same parameters.
    expect(JSON.stringify(generateScenario(parseGeneratorSpec(describeParams(params))))).toBe(JSON.stringify(s));
    expect(() => parseGeneratorSpec("regions=us-east-1,moon-1")).toThrow(/regions must be AWS regions, got 'moon-1'/);
    expect(() => parseGeneratorSpec("region=us-west-2,regions=us-east-1,eu-west-1")).toThrow(/region us-west-2 must be one of regions/);
  });

  it("names the rule a broken scenario breaks (so that the checks above can fail)", () => {
    const s: Scenario = structuredClone(generateScenario({ accounts: 5, seed: 2 }));
    const q = s.protectedQueries[0];
    q.payerAccountId = "999999999999";
    const c = s.collaborations.find((x) => x.changeRequests.some((r) => r.status === "PENDING"))!;
    const r = c.changeRequests.find((x) => x.status === "PENDING")!;
    for (const a of Object.keys(r.approvals)) r.approvals[a] = "APPROVED";
    const invited = s.collaborations.flatMap((x) => x.members).find((m) => m.status === "INVITED")!;
    invited.membershipId = "00000000-0000-4000-8000-000000000000";
    const problems = checkScenarioRules(s).join("\n");
    expect(problems).toContain(`protected query ${q.id}: payer 999999999999 is not a candidate`);
    expect(problems).toContain(`change request ${r.id}: PENDING, but its votes add up to APPROVED`);
    expect(problems).toContain(`member ${invited.accountId} is INVITED with a membership`);
  });

  it("refuses parameters it does not know, or out of range", () => {
    expect(() => parseGeneratorSpec("accounts=5,acounts=6")).toThrow(/'acounts=6' is not one of/);
    expect(() => parseGeneratorSpec("members=101")).toThrow(/members must be an integer 1-100/);
    expect(isGeneratorSource("generate:accounts=2")).toBe(true);
    expect(isGeneratorSource("src/emulator/scenarios/demo.json")).toBe(false);
    expect(scenarioFromGeneratorSource("generate:accounts=2,seed=5")).toEqual(generateScenario({ accounts: 2, seed: 5 }));
  });
});

describe("a generated scenario in the emulator", () => {
  it("is served to the SDK as generated: an account's memberships and a membership's runs", async () => {
    const scenario = generateScenario({ accounts: 6, seed: 11 });
    const t = await startTestEmulator({ scenario });
    try {
      const w = world(scenario);
      const account = w.federated.find((a) => w.membershipsOf(a).length > 0)!;
      const client = await t.cleanrooms(account);
      const listed = await client.send(new ListMembershipsCommand({}));
      expect(listed.membershipSummaries!.map((m) => m.id).sort()).toEqual(w.membershipsOf(account).map((m) => m.id).sort());
      const m = w.membershipsOf(account).find((x) => w.runsOf(x.id).queries.length > 0)!;
      const runs = await client.send(new ListProtectedQueriesCommand({ membershipIdentifier: m.id }));
      expect(runs.protectedQueries!.map((q) => q.id).sort()).toEqual(w.runsOf(m.id).queries.map((q) => q.id).sort());
    } finally {
      await t.close();
    }
  });
});

/** A gateway over `scenario` (every account configured with each of its regions), for the describe block that calls it. */
function gatewayOver(scenario: Scenario): () => TestGateway {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ emulator: { scenario } });
    // Credentials are cached across requests: warm them so that the count is of Clean Rooms reads alone.
    const warm = await g.gql<{ accounts: { status: string }[] }>("{ accounts { status } }");
    expect(warm.data!.accounts.every((a) => a.status === "AVAILABLE")).toBe(true);
  });
  afterAll(() => g.close());
  return () => g;
}

/** The dashboard once, answered without errors, and the AWS calls it made. */
async function dashboardOnce(g: TestGateway) {
  await g.t.resetCalls();
  const res = await g.gql(DashboardDocument);
  const calls = await g.t.calls();
  expect(res.errors).toBeUndefined();
  return { d: res.data!, calls };
}

describe("the dashboard over a small generated scenario", () => {
  const scenario = generateScenario({ accounts: 4, collaborations: 7, members: 4, changeRequests: 3, runs: 4, seed: 21 });
  const gateway = gatewayOver(scenario);

  it("answers without errors, with every account, membership and visible collaboration, in exactly the lower bound of calls", async () => {
    const w = world(scenario);
    expect(w.memberships.length).toBeGreaterThan(0);
    const { d, calls } = await dashboardOnce(gateway());
    expect(d.accounts.map((a) => a.accountId)).toEqual(w.federated);
    expect(d.accounts.flatMap((a) => a.memberships.nodes.map((m) => m.id)).sort()).toEqual(w.memberships.map((m) => m.id).sort());
    expect(d.collaborations.nodes.map((c) => c.id)).toEqual(w.shown.map((c) => c.id));
    const pending = w.shown.flatMap((c) => c.changeRequests.filter((r) => r.status === "PENDING").map((r) => r.id));
    expect(pending.length).toBeGreaterThan(0);
    expect(d.collaborations.nodes.flatMap((c) => c.changeRequests.nodes.map((r) => r.id)).sort()).toEqual(pending.sort());
    const bound = dashboardLowerBound(scenario);
    expect(calls.byOperation).toEqual(bound);
    expect(calls.total).toBe(total(bound));
  });
});

describe("the dashboard over a small generated scenario in two regions", () => {
  const regions = ["us-east-1", "eu-west-1"];
  const scenario = generateScenario({ accounts: 4, collaborations: 10, members: 4, changeRequests: 3, runs: 4, seed: 22, regions });
  // Every account is configured with both regions (the emulator serves both): one client per account and region.
  const gateway = gatewayOver(scenario);

  it("answers from both regions, in exactly the lower bound of calls per region (each account's own lists once per region)", async () => {
    const w = world(scenario);
    expect(w.regions).toEqual(regions);
    expect(new Set(w.memberships.map((m) => m.region))).toEqual(new Set(regions));
    const { d, calls } = await dashboardOnce(gateway());
    // An account's memberships merged newest first across its regions, as bench/direct.ts reads them.
    expect(d.accounts.map((a) => [a.accountId, a.memberships.nodes.map((m) => m.id)])).toEqual(w.federated.map((a) => [a, w.membershipsOf(a).map((m) => m.id)]));
    expect(d.collaborations.nodes.map((c) => c.id)).toEqual(w.shown.map((c) => c.id));
    const bound = dashboardLowerBound(scenario);
    expect(calls.byOperation).toEqual(bound);
    expect(calls.total).toBe(total(bound));
    const byRegion: Record<string, Record<string, number>> = {};
    for (const [place, ops] of Object.entries(calls.byRegion)) {
      const region = place.split("/")[1];
      for (const [op, n] of Object.entries(ops)) (byRegion[region] ??= {})[op] = (byRegion[region]?.[op] ?? 0) + n;
    }
    const boundByRegion = dashboardLowerBoundByRegion(scenario);
    expect(byRegion).toEqual(boundByRegion);
    for (const r of regions) expect(boundByRegion[r].ListMemberships).toBe(w.federated.length);
  });
});
