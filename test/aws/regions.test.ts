/**
 * An account in several regions, in the client pool: credentials assumed
 * once (STS in one region: the first listed, or `stsRegion`), a Clean Rooms
 * client per region, and a governor per account and region (AWS's quotas
 * are per account and region, so a region's budget is its own). Over the
 * emulator serving two regions, through the real SDK.
 */
import { ListCollaborationsCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountRegions, type AwsAccount } from "../../src/aws/account";
import { GovernorWaitError, type GovernorClock } from "../../src/aws/governor";
import { collaborationRegion } from "../../src/emulator/scenario";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { HOME, SECOND, twoRegionScenario } from "../support/two-regions";
import { gatewayPool } from "./gateway-pool";

const scenario = twoRegionScenario();
let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator({ scenario })));
afterAll(() => t.close());

/** A governor clock whose time stands still (a bucket spent stays spent) and whose timers run: a wait past maxWaitMs fails at once. */
const stillClock: GovernorClock = { now: () => 0, setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (h) => clearTimeout(h as NodeJS.Timeout) };

const expectedIds = (accountId: string, region: string) =>
  scenario.collaborations
    .filter((c) => collaborationRegion(scenario, c) === region && c.members.some((m) => m.accountId === accountId && (m.status === "ACTIVE" || m.status === "INVITED")))
    .map((c) => c.id)
    .sort();

describe("an account in two regions", () => {
  it("is configured in both (federatedAccounts of a two-region scenario)", async () => {
    const g = await gatewayPool(t);
    for (const a of g.accounts) expect(accountRegions(a)).toEqual([HOME, SECOND]);
    g.pool.destroy();
  });

  it("assumes its role once, in its STS region (here the second), and reads each region through that region's client", async () => {
    const advertiser: AwsAccount = (await gatewayPool(t)).accounts.find((a) => a.accountId === demo.advertiser)!;
    const pool = (await gatewayPool(t, { accounts: [{ ...advertiser, stsRegion: SECOND }] })).pool;
    await t.resetCalls();
    for (const region of [HOME, SECOND]) {
      const out = await pool.send(demo.advertiser, "read", new ListCollaborationsCommand({}), region);
      expect(out.collaborationList!.map((c) => c.id).sort()).toEqual(expectedIds(demo.advertiser, region));
      expect(await pool.client(demo.advertiser, region).config.region()).toBe(region);
    }
    expect(pool.client(demo.advertiser, HOME)).not.toBe(pool.client(demo.advertiser, SECOND));
    const calls = await t.calls();
    expect(calls.byAccount[t.scenario.gateway.accountId]?.AssumeRole).toBe(1);
    expect(calls.byRegion[`${t.scenario.gateway.accountId}/${SECOND}`]).toEqual({ AssumeRole: 1 });
    expect(calls.byRegion[`${demo.advertiser}/${HOME}`]).toEqual({ ListCollaborations: 1 });
    expect(calls.byRegion[`${demo.advertiser}/${SECOND}`]).toEqual({ ListCollaborations: 1 });
    // Left out, the home region is the one sent to.
    const home = await pool.send(demo.advertiser, "read", new ListCollaborationsCommand({}));
    expect(home.collaborationList!.map((c) => c.id).sort()).toEqual(expectedIds(demo.advertiser, HOME));
    pool.destroy();
  });

  it("has a governor per region: spending one region's budget leaves the other's whole", async () => {
    const g = await gatewayPool(t, { governor: { callsPerSecond: 1, burst: 1, maxConcurrent: 1, maxWaitMs: 0 }, governorClock: stillClock });
    const { pool } = g;
    expect(pool.governor(demo.advertiser, HOME)).not.toBe(pool.governor(demo.advertiser, SECOND));
    await pool.send(demo.advertiser, "read", new ListCollaborationsCommand({}), HOME);
    // The home region's one token is spent (the clock stands still): a second call there waits past maxWaitMs.
    await expect(pool.send(demo.advertiser, "read", new ListCollaborationsCommand({}), HOME)).rejects.toBeInstanceOf(GovernorWaitError);
    // The second region's budget is its own.
    const second = await pool.send(demo.advertiser, "read", new ListCollaborationsCommand({}), SECOND);
    expect(second.collaborationList!.map((c) => c.id).sort()).toEqual(expectedIds(demo.advertiser, SECOND));
    expect(pool.governor(demo.advertiser, SECOND).state().tokens).toBeLessThan(1);
    pool.destroy();
  });
});
