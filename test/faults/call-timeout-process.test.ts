/**
 * The call timeout set in a configuration file reaches the production entry point (`node …/src/main.js --config`,
 * a real process): with one account's `callTimeoutMs` below its 2 s latency spikes, the answer arrives before that
 * account could have answered, with the account ACCOUNT_UNAVAILABLE and the others answered.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashApiKey } from "../../src/auth/api-keys";
import { federatedAccounts, startTestEmulator, type TestEmulator } from "../support/emulator";
import { OPERATOR_TOKEN } from "../support/gateway";
import { checkLeaks } from "../subscriptions/harness";
import { buildGateway, startReplica, type Replica } from "../subscriptions/replicas";
import { federatedIds } from "../graph/demo-world";

const SLOW = federatedIds[2];
const LATENCY_MS = 2_000;
const TIMEOUT_MS = 250;
const RETRY = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 };
const QUERY = "{ accounts { accountId status memberships { nodes { id } } } }";

let t: TestEmulator;
let replica: Replica;

beforeAll(async () => {
  [, t] = await Promise.all([buildGateway(), startTestEmulator()]);
  const file = join(mkdtempSync(join(tmpdir(), "call-timeout-")), "gateway.json");
  const config = {
    server: { host: "127.0.0.1", port: 0 },
    aws: { cleanroomsEndpoint: t.url, stsEndpoint: t.url, retry: RETRY },
    accounts: federatedAccounts(t).map((a) => (a.accountId === SLOW ? { ...a, callTimeoutMs: TIMEOUT_MS } : a)),
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [{ accounts: ["*"], actions: ["read"] }] }] },
    limits: { rateLimit: false },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  replica = await startReplica("timeout", file, t);
}, 180_000);

afterAll(async () => {
  await replica?.kill("SIGTERM");
  await t?.close();
});

async function ask(): Promise<{ ms: number; body: { data?: { accounts: { accountId: string; status: string }[] }; errors?: { extensions?: Record<string, unknown> }[] } }> {
  const start = performance.now();
  const res = await fetch(replica.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ query: QUERY }) });
  const text = await res.text();
  const ms = performance.now() - start;
  checkLeaks(text);
  return { ms, body: JSON.parse(text) };
}

it("an account's callTimeoutMs from the file cuts its slow calls", async () => {
  const clean = await ask(); // also warms credentials: the latency below hits Clean Rooms calls only
  expect(clean.body.errors).toBeUndefined();
  await t.control("POST", "/_emulator/faults", { rules: [{ operation: "*", accountId: SLOW, latencyMs: LATENCY_MS }] });
  try {
    const { ms, body } = await ask();
    // Its Clean Rooms calls were cut in its one region (the scenario's): the error names it.
    expect(body.errors?.map((e) => e.extensions)).toEqual([{ code: "ACCOUNT_UNAVAILABLE", accountId: SLOW, region: t.scenario.region }]);
    expect(body.data!.accounts.map((a) => [a.accountId, a.status])).toEqual(federatedIds.map((a) => [a, a === SLOW ? "UNAVAILABLE" : "AVAILABLE"]));
    // Each of the slow account's attempts was cut at its timeout: the answer came before its first answer could.
    expect(ms).toBeLessThan(LATENCY_MS);
    expect(ms).toBeGreaterThanOrEqual(RETRY.maxAttempts * TIMEOUT_MS);
  } finally {
    await t.control("POST", "/_emulator/faults", { rules: [] });
  }
}, 30_000);
