/**
 * One account's calls stalling (2 s latency spikes) or its connections dropping must not hold up the other
 * accounts' part of the answer beyond the call timeout (aws.callTimeoutMs, or the account's own callTimeoutMs):
 * each attempt to the slow account gives up after the timeout, is retried within the retry policy, and then that
 * account is down for the request (ACCOUNT_UNAVAILABLE) while everything else is answered as without faults.
 *
 * Timing is measured on the real wire (the HTTP response's arrival), never slept for: the answer must arrive
 * before the slow account's first answer could have (its latency), and within what the configured numbers allow.
 * A gateway whose timeout exceeds the latency waits for the slow account: the timeout is what makes the difference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { federatedIds } from "../graph/demo-world";
import { cleanDashboard, dashboard, expectAccountDown, setFaults, type Dashboard } from "./dashboard";

const SLOW = federatedIds[2];
/** The slow account's latency spikes. */
const LATENCY_MS = 2_000;
/** The call timeout under test, well below the latency (not so low that a loaded machine's fast calls miss it). */
const TIMEOUT_MS = 250;
const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/**
 * The most the slow account can add to a request: every attempt of its first reads times out, with a backoff
 * between attempts (its reads run concurrently, and once it is down nothing else asks it).
 */
const SLOW_COST_MS = RETRY.maxAttempts * (TIMEOUT_MS + RETRY.maxDelayMs);
/** The answer's bound: the slow account's cost, the same request's fault-free time, and two timeouts of slack for a loaded machine. */
const bound = (cleanMs: number) => SLOW_COST_MS + cleanMs + 2 * TIMEOUT_MS;

const FAULTS = {
  "latency spikes": { latencyMs: LATENCY_MS, jitterMs: 500 },
  "dropped connections": { dropRate: 1 },
  "latency spikes and dropped connections": { latencyMs: LATENCY_MS, dropRate: 0.5 },
} as const;

async function timed(g: TestGateway) {
  const start = performance.now();
  const res = await dashboard(g);
  return { res, ms: performance.now() - start };
}

let t: TestEmulator;
let clean: Dashboard;
beforeAll(async () => {
  t = await startTestEmulator({ faultSeed: 14, faultSeedPerRequest: true });
});
afterAll(() => t.close());

for (const [setting, options] of [
  ["the gateway's aws.callTimeoutMs", { aws: { callTimeoutMs: TIMEOUT_MS } }],
  ["the slow account's own callTimeoutMs", { accounts: (accounts: { accountId: string }[]) => accounts.map((a) => (a.accountId === SLOW ? { ...a, callTimeoutMs: TIMEOUT_MS } : a)) }],
] as const) {
  describe(`one slow account, bounded by ${setting}`, () => {
    let g: TestGateway;
    beforeAll(async () => {
      g = await startTestGateway({
        sharedEmulator: t,
        ...options,
        aws: { retry: RETRY, ...("aws" in options ? options.aws : {}) },
        accounts: "accounts" in options ? (options.accounts as never) : undefined,
      });
      expect(SLOW_COST_MS).toBeLessThan(LATENCY_MS / 2); // else the test could not tell a timeout from a slow answer
      clean = await cleanDashboard(g); // also warms credentials: the faults below hit Clean Rooms calls only
    });
    afterAll(async () => {
      await setFaults(g, []);
      await g.close();
    });

    for (const [kind, rule] of Object.entries(FAULTS)) {
      it(`${kind}: the other accounts' part arrives within the timeout's bound, before the slow account could answer`, async () => {
        const cleanMs = (await timed(g)).ms;
        await setFaults(g, [{ operation: "*", accountId: SLOW, ...rule }]);
        await g.t.resetCalls();
        const { res, ms } = await timed(g);
        console.log(`${setting}, ${kind}: answered in ${Math.round(ms)} ms (fault-free ${Math.round(cleanMs)} ms, bound ${Math.round(bound(cleanMs))} ms, latency ${LATENCY_MS} ms)`);
        expectAccountDown(res, clean, SLOW, g.accounts.find((a) => a.accountId === SLOW)!.region);
        expect(ms).toBeLessThan(LATENCY_MS);
        expect(ms).toBeLessThan(bound(cleanMs));
        // Retried within bounds: no read of the slow account was attempted more than the policy allows.
        const tried = Object.values((await g.t.calls()).byAccount[SLOW] ?? {});
        expect(Math.max(...tried)).toBe(RETRY.maxAttempts);
        await setFaults(g, []);
        expect((await dashboard(g)).data).toEqual(clean); // and nothing is left behind
      });
    }
  });
}

describe("a call timeout above the latency (the default, 5 s)", () => {
  it("waits for the slow account and answers completely: without the timeout the others' part is held up", async () => {
    const g = await startTestGateway({ sharedEmulator: t, aws: { retry: RETRY } });
    try {
      const clean = await cleanDashboard(g);
      await setFaults(g, [{ operation: "*", accountId: SLOW, latencyMs: LATENCY_MS }]);
      const { res, ms } = await timed(g);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual(clean);
      expect(ms).toBeGreaterThanOrEqual(LATENCY_MS);
    } finally {
      await setFaults(g, []);
      await g.close();
    }
  });
});
