/**
 * 10% ThrottlingException and 5% InternalServerException on every call, for many dashboards in a row: every
 * answer is complete and equal to the fault-free one, because the gateway retries reads (aws/retry.ts, 4 attempts).
 *
 * Reproducible: the emulator's dice are seeded per request (faultSeedPerRequest), so the k-th attempt of a given
 * read meets the same outcome on every run, whatever order concurrent calls arrive in. With 4 attempts a read fails
 * for good with probability 0.15^4 ≈ 0.05%; under this seed none of the reads below does (a read that did would
 * make its account, correctly, ACCOUNT_UNAVAILABLE for that request: account-down.test.ts). The faults are real:
 * the test counts the extra calls they caused, and the same faults without retries break the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../../src/aws/retry";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { cleanDashboard, dashboard, setFaults, type Dashboard } from "./dashboard";

const SEED = 14;
const FAULTS = { operation: "*", throttleRate: 0.1, internalErrorRate: 0.05 };
/** Dashboards under faults: about 26 reads each, so some 500 reads, of which some 15% attempts fail. */
const RUNS = 20;

describe("10% throttling and 5% internal errors on every read", () => {
  let g: TestGateway;
  let clean: Dashboard;
  let cleanCalls: number;

  beforeAll(async () => {
    g = await startTestGateway({ emulator: { faultSeed: SEED, faultSeedPerRequest: true } });
    await cleanDashboard(g); // credentials warm: from here on only Clean Rooms reads are counted
    await g.t.resetCalls();
    clean = await cleanDashboard(g);
    cleanCalls = (await g.t.calls()).total;
  });
  afterAll(() => g.close());

  it("answers every dashboard completely and correctly, retrying the failed reads", async () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(4); // the policy this test's odds are about
    await setFaults(g, [FAULTS]);
    await g.t.resetCalls();
    for (let i = 0; i < RUNS; i++) {
      const res = await dashboard(g);
      expect(res.errors, `run ${i}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      expect(res.data, `run ${i}`).toEqual(clean);
    }
    await setFaults(g, []);
    const calls = (await g.t.calls()).total;
    const retries = calls - RUNS * cleanCalls;
    console.log(`${RUNS} dashboards under faults: ${calls} calls, ${retries} of them retries of a failed attempt`);
    // At a 15% failure rate about 0.15/0.85 ≈ 18% extra attempts are expected; at least a third of that proves the
    // faults were there, and every one of them was absorbed.
    expect(retries).toBeGreaterThanOrEqual(Math.ceil(RUNS * cleanCalls * 0.06));
  }, 60_000);

  it("without retries the same faults break the answer (the retries are what absorbs them)", async () => {
    const once = await startTestGateway({ sharedEmulator: g.t, aws: { retry: { maxAttempts: 1 } } });
    try {
      await cleanDashboard(once); // warm before faults
      await setFaults(g, [FAULTS]);
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await dashboard(once));
      const failed = answers.filter((r) => r.errors !== undefined);
      expect(failed.length).toBeGreaterThan(0);
      for (const r of failed) for (const e of r.errors!) expect(e.extensions?.code).toBe("ACCOUNT_UNAVAILABLE");
    } finally {
      await setFaults(g, []);
      await once.close();
    }
  });
});
