/**
 * One region of one account down (issue 16): the demo world with Publisher audience insights in eu-west-1, every
 * federated account configured with both regions, and the emulator failing every call of the advertiser account in
 * eu-west-1 only (a fault rule scoped to account and region). The dashboard answers everything else exactly as
 * without faults (the advertiser's us-east-1 memberships and runs, every collaboration, read through whoever sees
 * it), with one ACCOUNT_UNAVAILABLE error naming the account and the region; /healthz and /readyz name the region,
 * and /metrics counts the failed calls under their region. The next request after the faults stop is whole again.
 * Expected values are derived from a fault-free answer and from the scenario, never pasted from a response.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DashboardDocument, type DashboardQuery } from "../../schema/generated/graphql";
import { collaborationRegion } from "../../src/emulator/scenario";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { scrapeMetrics } from "../support/metrics";
import { captureLog } from "../support/log-capture";
import { HOME, SECOND, twoRegionScenario } from "../support/two-regions";

const scenario = twoRegionScenario();
const DOWN = demo.advertiser;
const federated = scenario.accounts.filter((a) => a.federated).map((a) => a.accountId);

/** DOWN's memberships in collaborations of the failing region: the part of the graph that goes missing. */
const lostMemberships = new Set(
  scenario.collaborations
    .filter((c) => collaborationRegion(scenario, c) === SECOND)
    .flatMap((c) => c.members.filter((m) => m.accountId === DOWN && m.membershipId).map((m) => m.membershipId!)),
);

/** Collaborations some federated account sees other than through DOWN in the failing region: all of them stay listed. */
const seesIt = (status: string) => status === "ACTIVE" || status === "INVITED";
const stillVisible = new Set(
  scenario.collaborations
    .filter((c) => c.members.some((m) => federated.includes(m.accountId) && seesIt(m.status) && !(m.accountId === DOWN && collaborationRegion(scenario, c) === SECOND)))
    .map((c) => c.id),
);

/** The dashboard with DOWN down in SECOND: its memberships there missing, everything else as in the fault-free answer. */
function withRegionDown(clean: DashboardQuery): DashboardQuery {
  return {
    accounts: clean.accounts.map((a) => (a.accountId === DOWN ? { ...a, memberships: { nodes: a.memberships.nodes.filter((m) => !lostMemberships.has(m.id)) } } : a)),
    collaborations: { nodes: clean.collaborations.nodes.filter((c) => stillVisible.has(c.id)) },
  };
}

const setFaults = (g: TestGateway, rules: Record<string, unknown>[]) => g.t.control("POST", "/_emulator/faults", { rules });
const endpoint = (g: TestGateway, path: string) => g.gateway.url.replace(/\/graphql$/, path);

interface Health {
  accounts: { accountId: string; state: string; reason?: string; regions: { region: string; state: string; reason?: string }[] }[];
}

async function healthOf(g: TestGateway, accountId: string) {
  const body = (await (await fetch(endpoint(g, "/healthz"))).json()) as Health;
  return body.accounts.find((a) => a.accountId === accountId)!;
}

/** The value of one series of /metrics (0 when absent), summed over the series matching every label given. */
const metric = async (g: TestGateway, name: string, labels: Record<string, string>): Promise<number> => (await scrapeMetrics(g)).total(name, labels);

describe("one region of an account down", () => {
  let g: TestGateway;
  let clean: DashboardQuery;
  beforeAll(async () => {
    g = await startTestGateway({ emulator: { scenario } });
    const res = await g.gql(DashboardDocument);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    clean = res.data!;
  });
  afterAll(() => g.close());
  afterEach(() => setFaults(g, []));

  it("the scenario gives the account memberships in both regions, and the failing region's collaborations other readers", () => {
    expect(g.accounts.find((a) => a.accountId === DOWN)!.regions).toEqual([HOME, SECOND]);
    expect(lostMemberships.size).toBeGreaterThan(0);
    const downsMemberships = clean.accounts.find((a) => a.accountId === DOWN)!.memberships.nodes;
    expect(downsMemberships.some((m) => !lostMemberships.has(m.id))).toBe(true);
    // The fault-free answer holds what is to go missing, so the comparison below can fail.
    expect(downsMemberships.filter((m) => lostMemberships.has(m.id))).toHaveLength(lostMemberships.size);
  });

  it("answers the other region completely, with one ACCOUNT_UNAVAILABLE naming the account and the region", async () => {
    await setFaults(g, [{ operation: "*", accountId: DOWN, region: SECOND, internalErrorRate: 1 }]);
    const res = await g.gql(DashboardDocument);
    expect(res.status).toBe(200);
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN, region: SECOND }]);
    expect(res.errors![0].message).toBe(`Account ${DOWN} is unavailable in ${SECOND}.`);
    expect(res.data).toEqual(withRegionDown(clean));
    // Still AVAILABLE: the gateway acts as the account in its other region.
    expect(res.data!.accounts.find((a) => a.accountId === DOWN)!.status).toBe("AVAILABLE");

    // The operator sees the region: /healthz per region, /readyz ready with the region named, /metrics by region.
    expect(await healthOf(g, DOWN)).toEqual({
      accountId: DOWN,
      state: "available",
      regions: [
        { region: HOME, state: "available" },
        { region: SECOND, state: "unavailable", reason: "InternalServerException" },
      ],
    });
    const ready = await fetch(endpoint(g, "/readyz"));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", unavailableAccounts: [], unavailableRegions: [{ accountId: DOWN, region: SECOND, reason: "InternalServerException" }] });
    expect(await metric(g, "cleanrooms_graph_aws_calls_total", { account: DOWN, region: SECOND, outcome: "UPSTREAM_ERROR" })).toBeGreaterThan(0);
    expect(await metric(g, "cleanrooms_graph_aws_calls_total", { account: DOWN, region: HOME, outcome: "UPSTREAM_ERROR" })).toBe(0);
    expect(await metric(g, "cleanrooms_graph_aws_calls_total", { account: DOWN, region: HOME, outcome: "ok" })).toBeGreaterThan(0);

    // The faults stop: the very next request is whole, and the region available again.
    await setFaults(g, []);
    const again = await g.gql(DashboardDocument);
    expect(again.errors, JSON.stringify(again.errors)).toBeUndefined();
    expect(again.data).toEqual(clean);
    expect((await healthOf(g, DOWN)).regions.find((r) => r.region === SECOND)).toEqual({ region: SECOND, state: "available" });
  });

  it("with the account down in both regions, it is UNAVAILABLE and named once per region", async () => {
    await setFaults(g, [{ operation: "*", accountId: DOWN, region: SECOND, internalErrorRate: 1 }, { operation: "*", accountId: DOWN, region: HOME, internalErrorRate: 1 }]);
    const res = await g.gql(DashboardDocument);
    expect(new Set(res.errors?.map((e) => JSON.stringify(e.extensions)))).toEqual(
      new Set([HOME, SECOND].map((region) => JSON.stringify({ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN, region }))),
    );
    expect(res.errors).toHaveLength(2);
    const account = res.data!.accounts.find((a) => a.accountId === DOWN)!;
    expect(account).toEqual({ ...clean.accounts.find((a) => a.accountId === DOWN)!, status: "UNAVAILABLE", memberships: { nodes: [] } });
    expect((await healthOf(g, DOWN)).state).toBe("unavailable");
  });
});

describe("AWS throttling one region of an account", () => {
  const GOVERNOR = { callsPerSecond: 40, burst: 10, maxConcurrent: 4, maxWaitMs: 60_000 };
  const { logger, lines } = captureLog("info");
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ emulator: { scenario }, aws: { governor: GOVERNOR }, logger });
  });
  afterAll(() => g.close());

  it("slows that region's governor only: the warn line, the slowdown counter and the gauges name the region", async () => {
    await setFaults(g, [{ operation: "ListMemberships", accountId: DOWN, region: SECOND, throttleRate: 1, times: 2 }]);
    const res = await g.gql(`query($a: String!) { account(accountId: $a) { memberships { nodes { id } } } }`, { a: DOWN });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined(); // retried after the throttled answers

    const warns = lines.filter((l) => l.level === 40 && String(l.msg).includes("AWS is throttling"));
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ accountId: DOWN, region: SECOND, callsPerSecond: GOVERNOR.callsPerSecond / 2, configuredPerSecond: GOVERNOR.callsPerSecond });
    expect(warns[0].msg).toBe(`account ${DOWN} in ${SECOND}: AWS is throttling; the gateway slows its calls there to ${GOVERNOR.callsPerSecond / 2} per second`);

    expect(await metric(g, "cleanrooms_graph_governor_slowdowns_total", { account: DOWN, region: SECOND })).toBe(1);
    expect(await metric(g, "cleanrooms_graph_governor_slowdowns_total", { account: DOWN, region: HOME })).toBe(0);
    expect(await metric(g, "cleanrooms_graph_governor_calls_per_second", { account: DOWN, region: SECOND })).toBeLessThan(GOVERNOR.callsPerSecond);
    expect(await metric(g, "cleanrooms_graph_governor_calls_per_second", { account: DOWN, region: HOME })).toBe(GOVERNOR.callsPerSecond);
    expect(await metric(g, "cleanrooms_graph_aws_calls_total", { account: DOWN, region: SECOND, operation: "ListMemberships", outcome: "ok" })).toBe(1);
  });
});
