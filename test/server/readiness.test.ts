/**
 * /readyz recovers by itself: behind a load balancer an unready replica gets
 * no request, so the accounts it could not act as at start (STS down for a
 * while, or every Clean Rooms call failing) are tried again by the gateway's
 * own probe (federation/account-probe.ts), with backoff: once AWS answers,
 * /readyz turns 200 with no GraphQL request, and the outage cost at most one
 * AssumeRole per account per round of the backoff schedule.
 */
import { afterEach, expect, it } from "vitest";
import { probeDelay, type ProbeBackoff } from "../../src/federation/account-probe";
import { federatedAccounts, startTestEmulator, type TestEmulator } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { eventually } from "../subscriptions/harness";

/** Short, so that the test sees several rounds in a few seconds; the production schedule is 1 s doubling to 30 s. */
const BACKOFF: ProbeBackoff = { initialMs: 150, maxMs: 600 };
/** One attempt per AssumeRole: each round's cost is then exactly what the probe asks for. */
const RETRY = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5 };
const DEADLINE_MS = 20_000;
/** How early a timer may fire (Node rounds its delays to the millisecond). */
const TIMER_SLACK_MS = 2;

let t: TestEmulator | undefined;
let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await t?.close();
  gateway = t = undefined;
});

/** The test gateway on `emulator` (set up before the gateway starts), checking the accounts at start, with the short probe schedule. */
const start = (emulator: TestEmulator): Promise<TestGateway> =>
  startTestGateway({ sharedEmulator: emulator, aws: { retry: RETRY }, checkAccountsAtStart: true, accountProbe: BACKOFF });

interface Readyz {
  status: number;
  body: { status: string; reasons?: string[]; unavailableAccounts: { accountId: string; reason?: string }[] };
}

const readyz = async (g: TestGateway): Promise<Readyz> => {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/readyz"));
  return { status: res.status, body: (await res.json()) as Readyz["body"] };
};

/** Asks again until `done` holds (each answer is a fresh look at the gateway), failing after DEADLINE_MS. */
async function until<T>(what: string, look: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  try {
    return await eventually(async () => {
      last = await look();
      return done(last) ? last : undefined;
    }, DEADLINE_MS, what);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last ${JSON.stringify(last)}`);
  }
}

/** The most rounds the probe can make in `ms`: one at start, then one after each delay, each delay at its shortest. */
function maxRounds(ms: number): number {
  let rounds = 1;
  for (let at = probeDelay(0, BACKOFF, 1) - TIMER_SLACK_MS; at <= ms; at += probeDelay(rounds - 1, BACKOFF, 1) - TIMER_SLACK_MS) rounds++;
  return rounds;
}

it("AssumeRole failing at start: 503; once STS answers again, 200 without any request, at one AssumeRole per account per round", async () => {
  t = await startTestEmulator();
  const accounts = federatedAccounts(t).map((a) => a.accountId);
  await t.control("POST", "/_emulator/faults", { rules: [{ operation: "AssumeRole", internalErrorRate: 1 }] });
  await t.resetCalls();
  const outageStart = performance.now();
  gateway = await start(t);
  const g = gateway;

  const down = await until("every account tried", () => readyz(g), (r) => !r.body.reasons?.some((x) => x.startsWith("not yet tried")));
  expect(down.status).toBe(503);
  expect(down.body.reasons).toEqual(["no account's credentials could be obtained"]);
  expect(down.body.unavailableAccounts.map((a) => a.accountId)).toEqual(accounts);
  // The probe keeps trying through the outage (three rounds here), with no request to make it.
  await until("three rounds of AssumeRole", () => t!.calls(), (c) => (c.byOperation.AssumeRole ?? 0) >= 3 * accounts.length);
  expect((await readyz(g)).status).toBe(503);

  await t.control("POST", "/_emulator/faults", { rules: [] });
  // The calls first, then the time: every round counted started before the time is read.
  const assumed = (await t.calls()).byOperation.AssumeRole ?? 0;
  const outage = { ms: performance.now() - outageStart, assumed };
  expect(outage.assumed).toBeLessThanOrEqual(accounts.length * maxRounds(outage.ms) * RETRY.maxAttempts);

  const up = await until("ready", () => readyz(g), (r) => r.status === 200);
  expect(up.body).toEqual({ status: "ready", unavailableAccounts: [] });
  // Nothing but the probe's AssumeRoles reached AWS: no GraphQL request, no Clean Rooms call.
  expect(Object.keys((await t.calls()).byOperation)).toEqual(["AssumeRole"]);
}, 60_000);

it("every account's Clean Rooms calls failing: the probe's one cheap read per failed region makes it ready again once they work", async () => {
  t = await startTestEmulator();
  const accounts = federatedAccounts(t);
  gateway = await start(t);
  const g = gateway;
  await until("ready at start", () => readyz(g), (r) => r.status === 200);

  await t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", internalErrorRate: 1 }] });
  const codes = (await g.gql("{ accounts { memberships { nodes { id } } } }")).errors?.map((e) => e.extensions?.code);
  expect(codes).toEqual(accounts.map(() => "ACCOUNT_UNAVAILABLE"));
  const down = await readyz(g);
  expect(down.status).toBe(503);
  expect(down.body.unavailableAccounts.map((a) => a.accountId)).toEqual(accounts.map((a) => a.accountId));

  await t.resetCalls();
  await until("probe reads while the calls fail", () => t!.calls(), (c) => (c.byOperation.ListMemberships ?? 0) >= 2 * accounts.length);
  await t.control("POST", "/_emulator/faults", { rules: [] });
  const up = await until("ready again", () => readyz(g), (r) => r.status === 200);
  expect(up.body).toEqual({ status: "ready", unavailableAccounts: [] });
  // Reads only, and no AssumeRole: the roles worked throughout, their credentials were cached.
  expect(Object.keys((await t.calls()).byOperation)).toEqual(["ListMemberships"]);
}, 60_000);

