/**
 * One federated account failing every call (internal errors, throttling, or dropped connections, with no end to
 * them): the dashboard answers with that account's part missing and one ACCOUNT_UNAVAILABLE naming it, everything
 * else exactly as without faults. Once the faults stop, the very next request answers fully: the account recovers
 * by itself, no restart, nothing remembered against it (/healthz follows: unavailable, then available again).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../../src/aws/retry";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { federatedIds } from "../graph/demo-world";
import { cleanDashboard, dashboard, expectAccountDown, health, setFaults, type Dashboard } from "./dashboard";

/** The account made to fail: advertiser-analytics, whose collaborations the others see too, and one they do not. */
const DOWN = federatedIds[1];

describe("one account failing every call", () => {
  let g: TestGateway;
  let clean: Dashboard;
  beforeAll(async () => {
    g = await startTestGateway();
    clean = await cleanDashboard(g);
  });
  afterAll(() => g.close());
  afterEach(() => setFaults(g, []));

  for (const [kind, rule] of [
    ["internal errors", { internalErrorRate: 1 }],
    ["throttling", { throttleRate: 1 }],
    ["dropped connections", { dropRate: 1 }],
  ] as const) {
    it(`${kind}: partial data and ACCOUNT_UNAVAILABLE for that account only, then recovery on the next request`, async () => {
      await setFaults(g, [{ operation: "*", accountId: DOWN, ...rule }]);
      await g.t.resetCalls();
      // Twice: a down account stays down request after request, and each request tries it again (nothing cached).
      // Its Clean Rooms calls fail in its one region: the error names the region.
      const region = g.accounts.find((a) => a.accountId === DOWN)!.region;
      for (let i = 0; i < 2; i++) expectAccountDown(await dashboard(g), clean, DOWN, region);
      const tried = (await g.t.calls()).byAccount[DOWN] ?? {};
      // Each request retried the account's reads to the policy's limit, and asked nothing more of it once down.
      expect(Math.max(...Object.values(tried))).toBe(2 * DEFAULT_RETRY_POLICY.maxAttempts);
      expect((await health(g))[DOWN]).toBe("unavailable");
      for (const other of federatedIds.filter((a) => a !== DOWN)) expect((await health(g))[other]).toBe("available");

      await setFaults(g, []);
      const res = await dashboard(g);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data).toEqual(clean);
      expect((await health(g))[DOWN]).toBe("available");
    });
  }
});
