/**
 * The governor's fair turns on the wire: one principal floods an account
 * through the gateway, another's single query then overtakes the flood's
 * backlog (the emulator's call log shows the flood still unfinished when it
 * is answered), and every call's wait is in governor_wait_seconds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway, type TestPrincipal } from "../support/gateway";
import { scrapeMetrics } from "./metrics-samples";

const reader = (name: string): TestPrincipal => ({ token: `fairness-${name}-token-5c1e9a`, name, grants: [{ accounts: [demo.advertiser], actions: ["read"] }] });
const FLOOD = reader("flood");
const OTHER = reader("other");
const GOVERNOR = { callsPerSecond: 20, burst: 1, maxConcurrent: 2, maxWaitMs: 60_000 };
const FLOOD_CALLS = 60;
const MEMBERSHIPS = `query($a: String!) { account(accountId: $a) { memberships { nodes { id } } } }`;
/** One ListCollaborations for the advertiser: an operation the flood does not make, so the call log tells them apart. */
const COLLABORATIONS = `{ collaborations(first: 1) { nodes { id } } }`;

describe("fair turns in an account's governor, through the gateway", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway({ principals: [FLOOD, OTHER], aws: { governor: GOVERNOR } })));
  afterAll(() => g?.close());

  const made = async (operation: string) => (await g.t.calls()).byAccount[demo.advertiser]?.[operation] ?? 0;

  it("a principal flooding an account does not hold up another's query behind its backlog", async () => {
    await g.t.resetCalls();
    const labels = { account: demo.advertiser, region: g.t.scenario.region };
    const flood = Array.from({ length: FLOOD_CALLS }, () => g.gql(MEMBERSHIPS, { a: demo.advertiser }, { token: FLOOD.token }));
    // The flood's backlog is in the governor (its gauge), most of it still to go.
    let backlog = 0;
    await vi.waitFor(
      async () => {
        backlog = (await scrapeMetrics(g)).value("cleanrooms_graph_governor_waiting", labels) ?? 0;
        expect(backlog).toBeGreaterThanOrEqual(FLOOD_CALLS / 2);
      },
      { timeout: 30_000, interval: 20 },
    );
    const floodBefore = await made("ListMemberships");
    const other = await g.gql(COLLABORATIONS, undefined, { token: OTHER.token });
    const floodAfter = await made("ListMemberships");
    expect(other.errors).toBeUndefined();
    expect(await made("ListCollaborations")).toBe(1);
    // First come first served would have sent every call waiting before it first: the whole backlog.
    expect(floodAfter - floodBefore).toBeLessThan(backlog);
    expect(floodAfter).toBeLessThan(FLOOD_CALLS);
    for (const res of await Promise.all(flood)) expect(res.errors).toBeUndefined();
    expect(await made("ListMemberships")).toBe(FLOOD_CALLS);

    // Every call's wait for its turn is in governor_wait_seconds; the flood's waited.
    const metrics = await scrapeMetrics(g);
    const calls = (await g.t.calls()).byRegion[`${demo.advertiser}/${g.t.scenario.region}`];
    const sent = Object.entries(calls).reduce((n, [op, c]) => (op === "AssumeRole" ? n : n + c), 0);
    expect(metrics.value("cleanrooms_graph_governor_wait_seconds_count", labels)).toBe(sent);
    // The backlog seen above waited: at 20 per second with a burst of 1, its last call at least a second.
    expect(metrics.value("cleanrooms_graph_governor_wait_seconds_bucket", { ...labels, le: "1" })).toBeLessThan(sent);
    expect(metrics.value("cleanrooms_graph_governor_wait_seconds_sum", labels)).toBeGreaterThan(0);
  });
});
