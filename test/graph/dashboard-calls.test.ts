/**
 * The dashboard operation (schema/operations/dashboard.graphql) costs exactly
 * the Clean Rooms reads it cannot do without — computed here from the
 * scenario, not pasted from a run — and answers completely.
 */
import { DashboardDocument, type DashboardQuery } from "../../schema/generated/graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collaborationRegion, demoScenarioPath, loadScenarioFile, scenarioRegions, type Scenario } from "../../src/emulator/scenario";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { twoRegionScenario } from "../support/two-regions";

/** AWS's largest page, which the gateway asks for when the operation names no `first`. */
const FULL_PAGE = 100;
/** The dashboard's `first` on protectedQueries and protectedJobs. */
const RECENT_RUNS = 10;

type Collab = Scenario["collaborations"][number];

/** Who can read what in a scenario, as AWS scopes it. */
function world(s: Scenario) {
  const federated = s.accounts.filter((a) => a.federated).map((a) => a.accountId);
  const isFederated = (accountId: string) => federated.includes(accountId);
  // AWS shows a collaboration (ListCollaborations, ListMembers, change requests) to its invited and active members only.
  const reads = (c: Collab, accountId: string) => c.members.some((m) => m.accountId === accountId && (m.status === "INVITED" || m.status === "ACTIVE"));
  const visible = s.collaborations.filter((c) => federated.some((a) => reads(c, a)));
  // A membership exists for each member that joined; only its own account can list it and its runs.
  const memberships = s.collaborations.flatMap((c) =>
    c.members.filter((m) => m.membershipId && isFederated(m.accountId)).map((m) => ({ id: m.membershipId!, accountId: m.accountId, collaboration: c, member: m })),
  );
  const membershipsOf = (accountId: string) => memberships.filter((m) => m.accountId === accountId);
  const collaborationsOf = (accountId: string) => s.collaborations.filter((c) => reads(c, accountId));
  // Clean Rooms is regional: the gateway reads each account in every region of the scenario (test/support federates them all).
  const regions = scenarioRegions(s);
  const regionOf = (c: Collab) => collaborationRegion(s, c);
  return { federated, isFederated, visible, memberships, membershipsOf, collaborationsOf, regions, regionOf };
}

/**
 * The fewest Clean Rooms calls that can answer the dashboard, per operation.
 * Each list below fits one page (checked by `assertOnePage`), and AWS has no
 * batch or cross-account reads, so each term is one call per thing it names.
 */
function lowerBound(s: Scenario): Record<string, number> {
  const w = world(s);
  return {
    // accounts.memberships: each federated account lists its own memberships (nobody else can), in each of its
    // regions (a regional endpoint lists only its region's).
    ListMemberships: w.federated.length * w.regions.length,
    // collaborations: each federated account lists what it sees in each region (an invited member has no membership,
    // so ListMemberships cannot stand in); also tells the gateway which account may read each collaboration, and where.
    ListCollaborations: w.federated.length * w.regions.length,
    // members, payerCandidates, defaultPayer, and every payer/receiver/approval/change member: one member list
    // per collaboration that some federated account sees — never per membership or per field.
    ListMembers: w.visible.length,
    // changeRequests(status: PENDING): one list per visible collaboration.
    ListCollaborationChangeRequests: w.visible.length,
    // protectedQueries / protectedJobs(first: 10): one list each per membership a federated account holds.
    ListProtectedQueries: w.memberships.length,
    ListProtectedJobs: w.memberships.length,
    // Nothing else: name, analyticsEngine, creatorDisplayName and createTime are in ListCollaborations' summary,
    // membership status/abilities and collaboration name in ListMemberships', run status/payer/receivers in the
    // run summaries — so no Get* call, whether or not AWS included an optional field.
  };
}

/** The lower bound assumes one page per list: true when each list is at most a full page. */
function assertOnePage(s: Scenario): void {
  const w = world(s);
  for (const a of w.federated) {
    expect(w.membershipsOf(a).length).toBeLessThanOrEqual(FULL_PAGE);
    expect(w.collaborationsOf(a).length).toBeLessThanOrEqual(FULL_PAGE);
  }
  for (const c of w.visible) {
    expect(c.members.length).toBeLessThanOrEqual(FULL_PAGE);
    expect(c.changeRequests.filter((r) => r.status === "PENDING").length).toBeLessThanOrEqual(FULL_PAGE);
  }
}

const sum = (ops: Record<string, number>) => Object.values(ops).reduce((a, b) => a + b, 0);

interface MemberOut {
  accountId: string;
  displayName: string;
}
interface RunOut {
  id: string;
  payer: MemberOut | null;
  receivers: MemberOut[];
}
type Dashboard = DashboardQuery;

/** Every part of the answer, checked against the scenario. */
/**
 * The dashboard without the ids of accounts, members, votes and changes: those are opaque (node.test.ts checks
 * what they identify); the AWS ids of collaborations, memberships and runs stay, as the scenario has them.
 */
function withoutOpaqueIds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutOpaqueIds) as T;
  if (value === null || typeof value !== "object") return value;
  const aws = (v: unknown) => typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== "id" || aws(v)).map(([k, v]) => [k, withoutOpaqueIds(v)])) as T;
}

function assertComplete(s: Scenario, answered: Dashboard): void {
  const d = withoutOpaqueIds(answered);
  const w = world(s);
  const collab = (id: string) => s.collaborations.find((c) => c.id === id)!;
  const displayName = (c: Collab, accountId: string) => c.members.find((m) => m.accountId === accountId)?.displayName;
  const member = (c: Collab, accountId: string) => ({ accountId, displayName: displayName(c, accountId) });
  const newest = <R extends { createTime: string }>(runs: R[]) =>
    [...runs].sort((a, b) => b.createTime.localeCompare(a.createTime)).slice(0, RECENT_RUNS);
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

  expect(d.accounts.map((a) => a.accountId)).toEqual(w.federated);
  for (const a of d.accounts) {
    expect(a.status).toBe("AVAILABLE");
    const expected = w.membershipsOf(a.accountId);
    expect(a.memberships.nodes.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());
    for (const m of a.memberships.nodes) {
      const e = expected.find((x) => x.id === m.id)!;
      expect(m.collaboration).toEqual({ id: e.collaboration.id, name: e.collaboration.name });
      expect([...m.memberAbilities].sort()).toEqual([...e.member.abilities].sort());
      // A query's results go to the named member, or for S3 output to the account that ran it.
      const queries = newest(s.protectedQueries.filter((q) => q.membershipId === m.id)).map((q) => ({
        id: q.id,
        payer: member(e.collaboration, q.payerAccountId),
        receivers: [member(e.collaboration, "memberAccountId" in q.output ? q.output.memberAccountId : a.accountId)],
      }));
      const jobs = newest(s.protectedJobs.filter((j) => j.membershipId === m.id)).map((j) => ({
        id: j.id,
        payer: member(e.collaboration, j.payerAccountId),
        receivers: [member(e.collaboration, j.receiverAccountId)],
      }));
      const runs = (xs: RunOut[]) => byId(xs.map(({ id, payer, receivers }) => ({ id, payer, receivers })));
      expect(runs(m.protectedQueries.nodes)).toEqual(byId(queries));
      expect(runs(m.protectedJobs.nodes)).toEqual(byId(jobs));
    }
  }

  expect(d.collaborations.nodes.map((c) => c.id).sort()).toEqual(w.visible.map((c) => c.id).sort());
  for (const c of d.collaborations.nodes) {
    const e = collab(c.id);
    expect(c.name).toBe(e.name);
    expect(c.analyticsEngine).toBe(e.analyticsEngine ?? null);
    expect(c.creatorDisplayName).toBe(displayName(e, e.creatorAccountId));
    expect(byAccount(c.members)).toEqual(
      byAccount(e.members.map((m) => ({ accountId: m.accountId, displayName: m.displayName, status: m.status, abilities: m.abilities, isFederated: w.isFederated(m.accountId) }))),
    );
    // Candidates: active members responsible for query compute; the default: the single candidate, or with
    // none the single member that can query; otherwise nobody.
    const candidates = e.members.filter((m) => m.status === "ACTIVE" && m.paymentConfiguration.queryCompute.isResponsible).map((m) => m.accountId);
    const queriers = e.members.filter((m) => m.status === "ACTIVE" && m.abilities.includes("CAN_QUERY")).map((m) => m.accountId);
    const fallback = candidates.length === 0 && queriers.length === 1 ? queriers[0] : null;
    expect(c.payerCandidates.map((m) => m.accountId).sort()).toEqual([...candidates].sort());
    expect(c.defaultPayer?.accountId ?? null).toBe(candidates.length === 1 ? candidates[0] : fallback);
    const pending = e.changeRequests.filter((r) => r.status === "PENDING");
    expect(c.changeRequests.nodes.map((r) => r.id).sort()).toEqual(pending.map((r) => r.id).sort());
    for (const r of c.changeRequests.nodes) {
      const er = pending.find((x) => x.id === r.id)!;
      expect(r.approvals.map(({ accountId, status }) => ({ accountId, status }))).toEqual(
        Object.entries(er.approvals).map(([accountId, status]) => ({ accountId, status })).sort((a, b) => a.accountId.localeCompare(b.accountId)),
      );
      for (const ap of r.approvals) {
        const name = displayName(e, ap.accountId);
        expect(ap.member).toEqual(name ? { displayName: name, isFederated: w.isFederated(ap.accountId) } : null);
      }
      for (const ch of r.changes) {
        if (!ch.member) continue;
        const name = displayName(e, ch.member.accountId);
        expect(ch.member.member).toEqual(name ? { displayName: name } : null);
      }
    }
  }
}

const byAccount = <T extends { accountId: string; abilities?: string[] }>(xs: T[]) =>
  [...xs].map((x) => ({ ...x, ...(x.abilities ? { abilities: [...x.abilities].sort() } : {}) })).sort((a, b) => a.accountId.localeCompare(b.accountId));

/** Runs the dashboard after credentials are warm, so that the count is of Clean Rooms reads alone. */
async function measure(g: TestGateway) {
  await g.t.resetCalls();
  const res = await g.gql(DashboardDocument);
  const calls = await g.t.calls();
  return { res, calls };
}

async function warmCredentials(g: TestGateway): Promise<void> {
  const warm = await g.gql<{ accounts: { status: string }[] }>("{ accounts { status } }");
  expect(warm.data!.accounts.every((a) => a.status === "AVAILABLE")).toBe(true);
}

function assertExactlyTheBound(s: Scenario, calls: Awaited<ReturnType<TestGateway["t"]["calls"]>>): void {
  const bound = lowerBound(s);
  const w = world(s);
  expect(calls.byOperation).toEqual(bound);
  expect(calls.total).toBe(sum(bound));
  expect(calls.byOperation.AssumeRole).toBeUndefined();
  // Account lists are each account's own; runs are listed by the account that holds the membership.
  for (const a of w.federated) {
    const own = calls.byAccount[a] ?? {};
    expect(own.ListMemberships).toBe(w.regions.length);
    expect(own.ListCollaborations).toBe(w.regions.length);
    expect(own.ListProtectedQueries ?? 0).toBe(w.membershipsOf(a).length);
    expect(own.ListProtectedJobs ?? 0).toBe(w.membershipsOf(a).length);
    // Per account and region, as AWS counts quotas: one list of each in every region, runs where their membership lives.
    for (const r of w.regions) {
      const here = calls.byRegion[`${a}/${r}`] ?? {};
      const membershipsHere = w.membershipsOf(a).filter((m) => w.regionOf(m.collaboration) === r).length;
      expect(here.ListMemberships, `${a} in ${r}`).toBe(1);
      expect(here.ListCollaborations, `${a} in ${r}`).toBe(1);
      expect(here.ListProtectedQueries ?? 0, `${a} in ${r}`).toBe(membershipsHere);
      expect(here.ListProtectedJobs ?? 0, `${a} in ${r}`).toBe(membershipsHere);
    }
  }
  expect(Object.keys(calls.byAccount).every(w.isFederated)).toBe(true);
}

describe("the dashboard over the demo scenario", () => {
  const scenario = loadScenarioFile(demoScenarioPath());
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
    await warmCredentials(g);
  });
  afterAll(() => g.close());

  it("the scenario's lists each fit one page, as the bound assumes", () => assertOnePage(scenario));

  it("makes exactly the lower bound of Clean Rooms calls and answers completely", async () => {
    const { res, calls } = await measure(g);
    expect(res.errors).toBeUndefined();
    assertExactlyTheBound(scenario, calls);
    assertComplete(scenario, res.data!);
  });

  it("makes the same calls again in a second request (nothing is shared across requests)", async () => {
    const first = await measure(g);
    const second = await measure(g);
    // Per operation, not per account: which reader account lists a collaboration's members may differ.
    expect(second.calls.byOperation).toEqual(first.calls.byOperation);
    expect(second.calls.total).toBe(first.calls.total);
    expect(second.res.data).toEqual(first.res.data);
    assertExactlyTheBound(scenario, second.calls);
  });
});

describe("the dashboard where AWS leaves optional summary fields out", () => {
  // The same world, but no collaboration names an analytics engine: ListCollaborations then omits the field,
  // and the gateway must answer null from the summary rather than call GetCollaboration to learn it again.
  const scenario: Scenario = structuredClone(loadScenarioFile(demoScenarioPath()));
  for (const c of scenario.collaborations) delete c.analyticsEngine;
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ emulator: { scenario } });
    await warmCredentials(g);
  });
  afterAll(() => g.close());

  it("still makes exactly the lower bound of calls", async () => {
    const { res, calls } = await measure(g);
    expect(res.errors).toBeUndefined();
    assertExactlyTheBound(scenario, calls);
    assertComplete(scenario, res.data!);
  });
});

describe("the dashboard of accounts in two regions", () => {
  // The demo world with one collaboration (its memberships and runs) in eu-west-1: every federated account lists
  // in both regions, and each region's resources are read at their own regional endpoint.
  const scenario = twoRegionScenario();
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ emulator: { scenario } });
    await warmCredentials(g);
  });
  afterAll(() => g.close());

  it("spans two regions, each with memberships of some federated account", () => {
    const w = world(scenario);
    expect(w.regions.length).toBe(2);
    for (const r of w.regions) expect(w.memberships.some((m) => w.regionOf(m.collaboration) === r)).toBe(true);
    for (const a of g.accounts) expect(a.regions).toEqual(w.regions);
    assertOnePage(scenario);
  });

  it("makes exactly the lower bound of Clean Rooms calls, per account and region, and answers completely", async () => {
    const { res, calls } = await measure(g);
    expect(res.errors).toBeUndefined();
    assertExactlyTheBound(scenario, calls);
    assertComplete(scenario, res.data!);
  });
});
