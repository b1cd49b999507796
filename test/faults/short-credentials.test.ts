/**
 * Credentials with a 15-minute lifetime (AssumeRole DurationSeconds=900, which the emulator honours) across an
 * hour of the emulator's clock, moved forward in steps with a dashboard between steps: no request fails, none is
 * refused for an expired token on the way (a refused call would show under "unauthenticated" in the emulator's
 * counts, even if the gateway's re-assume then hid it), and the roles are assumed again once per lifetime or so,
 * never once per request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { federatedIds } from "../graph/demo-world";
import { cleanDashboard, dashboard, type Dashboard } from "./dashboard";

const DURATION_SECONDS = 900;
const HOUR_MS = 60 * 60_000;
/** A step of the clock: a fraction of the lifetime, not a divisor of it, so requests fall at every point of a lifetime. */
const STEP_MS = 70_000;

describe("15-minute credentials over an hour", () => {
  let g: TestGateway;
  let clean: Dashboard;
  beforeAll(async () => {
    // The emulator's own default lifetime is an hour: only DurationSeconds can make these credentials short.
    g = await startTestGateway({ aws: { durationSeconds: DURATION_SECONDS } });
    clean = await cleanDashboard(g);
  });
  afterAll(() => g.close());

  it("no request fails, and credentials are replaced before they expire", async () => {
    await g.t.resetCalls();
    let elapsed = 0;
    let requests = 0;
    while (elapsed < HOUR_MS) {
      await g.t.advance(STEP_MS);
      elapsed += STEP_MS;
      const res = await dashboard(g);
      requests++;
      expect(res.errors, `after ${elapsed / 1000} s: ${JSON.stringify(res.errors)}`).toBeUndefined();
      expect(res.data, `after ${elapsed / 1000} s`).toEqual(clean);
    }
    const calls = await g.t.calls();
    expect(calls.byAccount.unauthenticated, JSON.stringify(calls.byAccount.unauthenticated)).toBeUndefined();
    const assumed = calls.byOperation.AssumeRole ?? 0;
    const lifetimeMs = DURATION_SECONDS * 1000;
    const n = federatedIds.length;
    console.log(`${requests} dashboards over ${Math.round(elapsed / 60_000)} minutes: ${assumed} AssumeRole for ${n} accounts`);
    // Each account's credentials must be replaced at least once per lifetime (an hour-long credential would need
    // none in this hour), and not before half of it has passed (credentials.ts: refresh from 50% of a short lifetime).
    expect(assumed).toBeGreaterThanOrEqual(n * Math.floor(elapsed / lifetimeMs));
    expect(assumed).toBeLessThanOrEqual(n * Math.ceil(elapsed / (lifetimeMs / 2)));
    expect(assumed, "not once per request").toBeLessThan(n * requests);
  }, 120_000);
});
