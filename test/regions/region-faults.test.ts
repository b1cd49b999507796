/**
 * The emulator's fault rules scoped to a region (POST /_emulator/faults, `region`): a rule with a region fails only
 * the calls signed for that region, whatever the account, as an AWS regional outage does; calls to the account's
 * other region, and STS, are untouched. Real SDK clients over HTTP against a two-region emulator.
 */
import { ListCollaborationsCommand, ListMembershipsCommand } from "@aws-sdk/client-cleanrooms";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FaultInjector } from "../../src/emulator/faults";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { HOME, SECOND, twoRegionScenario } from "../support/two-regions";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator({ scenario: twoRegionScenario() })));
afterAll(() => t.close());
afterEach(() => t.control("POST", "/_emulator/faults", { rules: [] }));

/** The error name a call failed with, or "ok". */
const outcome = (call: Promise<unknown>): Promise<string> => call.then(
  () => "ok",
  (e: Error) => e.name,
);

describe("a fault rule scoped to a region", () => {
  it("fails every call signed for that region only, for every account; the other region and STS answer", async () => {
    await t.control("POST", "/_emulator/faults", { rules: [{ operation: "*", region: SECOND, internalErrorRate: 1 }] });
    for (const account of [demo.advertiser, demo.publisher]) {
      expect(await outcome((await t.cleanrooms(account, SECOND)).send(new ListMembershipsCommand({})))).toBe("InternalServerException");
      expect(await outcome((await t.cleanrooms(account, SECOND)).send(new ListCollaborationsCommand({})))).toBe("InternalServerException");
      expect(await outcome((await t.cleanrooms(account, HOME)).send(new ListMembershipsCommand({})))).toBe("ok");
    }
    expect(await outcome(t.sts().send(new GetCallerIdentityCommand({})))).toBe("ok");
  });

  it("combines with an account: only that account's calls in that region", async () => {
    await t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", accountId: demo.advertiser, region: SECOND, throttleRate: 1 }] });
    expect(await outcome((await t.cleanrooms(demo.advertiser, SECOND)).send(new ListMembershipsCommand({})))).toBe("ThrottlingException");
    expect(await outcome((await t.cleanrooms(demo.publisher, SECOND)).send(new ListMembershipsCommand({})))).toBe("ok");
    expect(await outcome((await t.cleanrooms(demo.advertiser, HOME)).send(new ListMembershipsCommand({})))).toBe("ok");
  });

  it("is listed back with its region, and a malformed region is refused naming the field", async () => {
    await t.control("POST", "/_emulator/faults", { rules: [{ operation: "*", region: SECOND, dropRate: 1 }] });
    expect(await t.control("GET", "/_emulator/faults")).toEqual({
      rules: [{ operation: "*", region: SECOND, dropRate: 1, latencyMs: 0, jitterMs: 0, throttleRate: 0, internalErrorRate: 0 }],
    });
    const res = await fetch(`${t.url}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ rules: [{ operation: "*", region: "Europe" }] }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^rules\.0\.region: /);
  });
});

describe("FaultInjector.decide with a region", () => {
  it("matches a region rule only for that region, and a rule without one for every region", () => {
    const injector = new FaultInjector(() => 0);
    injector.set([{ operation: "*", region: SECOND, latencyMs: 0, jitterMs: 0, throttleRate: 1, internalErrorRate: 0, dropRate: 0 }]);
    expect(injector.decide("ListMemberships", demo.advertiser, undefined, SECOND).outcome).toBe("throttle");
    expect(injector.decide("ListMemberships", demo.advertiser, undefined, HOME).outcome).toBeUndefined();
    expect(injector.decide("ListMemberships", demo.advertiser).outcome).toBeUndefined();
    injector.set([{ operation: "*", latencyMs: 0, jitterMs: 0, throttleRate: 0, internalErrorRate: 1, dropRate: 0 }]);
    expect(injector.decide("ListMemberships", demo.advertiser, undefined, HOME).outcome).toBe("internal");
    expect(injector.decide("ListMemberships", demo.advertiser, undefined, SECOND).outcome).toBe("internal");
  });
});
