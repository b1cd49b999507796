/**
 * The governor's fair turns on the wire: one principal floods an account
 * through the gateway, another's single query then overtakes the flood's
 * backlog (the emulator's call log shows the flood still unfinished when it
 * is answered), and every call's wait is in governor_wait_seconds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway, type TestPrincipal } from "../support/gateway";
import { scrapeMetrics } from "../support/metrics";

const reader = (name: string): TestPrincipal => ({ token: `fairness-${name}-token-5c1e9a`, name, grants: [{ accounts: [demo.advertiser], actions: ["read"] }] });
const FLOOD = reader("flood");
const OTHER = reader("other");
/** Slow turns: the flood's backlog takes FLOOD_CALLS / 5 = 10 s to drain, so the other query has seconds to overtake it. */
const GOVERNOR = { callsPerSecond: 5, burst: 1, maxConcurrent: 2, maxWaitMs: 60_000 };
const FLOOD_CALLS = 50;
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
    // Every flood call is in the governor (granted its turn, or waiting: one scrape reads both), most still waiting,
    // before the other query is sent: first come first served would send the whole flood before it.
    await vi.waitFor(
      async () => {
        const m = await scrapeMetrics(g);
        const waiting = m.value("cleanrooms_graph_governor_waiting", labels) ?? 0;
        expect(waiting + (m.value("cleanrooms_graph_governor_wait_seconds_count", labels) ?? 0)).toBe(FLOOD_CALLS);
        expect(waiting).toBeGreaterThanOrEqual(FLOOD_CALLS / 2);
      },
      { timeout: 30_000, interval: 20 },
    );
    const other = await g.gql(COLLABORATIONS, undefined, { token: OTHER.token });
    const floodAfter = await made("ListMemberships");
    expect(other.errors).toBeUndefined();
    expect(await made("ListCollaborations")).toBe(1);
    // Order, not speed: the other query's call reached AWS while some of the flood, queued before it, had not.
    expect(floodAfter).toBeLessThan(FLOOD_CALLS);
    for (const res of await Promise.all(flood)) expect(res.errors).toBeUndefined();
    expect(await made("ListMemberships")).toBe(FLOOD_CALLS);

    // Every call's wait for its turn is in governor_wait_seconds; the flood's waited.
    const metrics = await scrapeMetrics(g);
    const calls = (await g.t.calls()).byRegion[`${demo.advertiser}/${g.t.scenario.region}`];
    const sent = Object.entries(calls).reduce((n, [op, c]) => (op === "AssumeRole" ? n : n + c), 0);
    expect(metrics.value("cleanrooms_graph_governor_wait_seconds_count", labels)).toBe(sent);
    // The backlog seen above waited: at 5 per second with a burst of 1, all but its first few calls over a second.
    expect(metrics.value("cleanrooms_graph_governor_wait_seconds_bucket", { ...labels, le: "1" })).toBeLessThan(sent);
    expect(metrics.value("cleanrooms_graph_governor_wait_seconds_sum", labels)).toBeGreaterThan(0);
  }, 60_000); // the flood drains at the governor's slow pace
});
