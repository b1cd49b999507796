/**
 * The AWS-call budget, proven with the emulator's call log:
 * - the red team's amplification document (30 aliased protectedQueries with
 *   distinct arguments, in a fragment spread over every membership) is
 *   refused before it runs, over HTTP and graphql-ws, with zero AWS calls;
 * - a burst of 120 operations from one principal stays within that
 *   principal's allowance of AWS calls, and once it is spent the principal
 *   is refused before anything is read;
 * - under the default per-principal rate, a burst of 120 operations that
 *   pass the estimate stays within burst + rate × elapsed;
 * - the hard ceiling stops an operation whose calls outgrow its estimate
 *   (lists longer than one AWS page), naming the account, with the data
 *   read before it kept;
 * - retries are AWS calls too: while AWS answers 500 or throttling, the
 *   retries stop at the operation's ceiling and at the principal's
 *   allowance, and the refusal is counted as budget_refused, not THROTTLED;
 * - every operation the frontends ship is within the default budget.
 */
import { CreateCollaborationCommand } from "@aws-sdk/client-cleanrooms";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CallBudgetExceeded } from "../../src/aws/call-meter";
import { DEFAULTS } from "../../src/defaults";
import { LIMIT_MESSAGES } from "../../src/server/limits/limits";
import { faults } from "../aws/gateway-pool";
import { scrapeMetrics } from "../support/metrics";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway, type TestPrincipal } from "../support/gateway";
import { startSubscriptionGateway, subscribe, type SubscriptionGateway } from "../subscriptions/harness";

const READER: TestPrincipal = { token: "budget-reader-token-41f0", name: "budget-reader", grants: [{ accounts: [demo.advertiser], actions: ["read"] }] };
const ADMIN: TestPrincipal = {
  token: "budget-admin-token-93aa",
  name: "budget-admin",
  grants: [{ accounts: [demo.advertiser, demo.analytics, demo.publisher], actions: ["read", "vote", "commit", "run"] }],
};

const STATUSES = ["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS", "TIMED_OUT"];
/** 30 aliased protectedQueries, each with its own (first, status): 30 distinct AWS lists per membership. */
const AMPLIFIER = `
  query Amplify {
    accounts { memberships(first: 100) { nodes { ...runs } } }
  }
  fragment runs on Membership {
    ${Array.from({ length: 30 }, (_, i) => `q${i}: protectedQueries(first: ${1 + (i % 10)}, status: ${STATUSES[i % STATUSES.length]}) { nodes { id status } }`).join("\n    ")}
  }`;

/** The amplifier with its first `lists` aliased lists only. */
const amplifierWith = (lists: number) => AMPLIFIER.replace(new RegExp(`\\n\\s+q(${Array.from({ length: 30 - lists }, (_, i) => i + lists).join("|")}): [^\\n]+`, "g"), "");
/** Each list counts 100 calls per account (a page of memberships): the most lists the default ceiling admits. */
const ADMITTED_LISTS = Math.floor(((DEFAULTS.limits.maxAwsCallsPerOperation as number) - 1) / 100);

/** Clean Rooms calls in the emulator's log (AssumeRole left out: credentials are the pool's, not the operation's). */
async function cleanRoomsCalls(g: TestGateway): Promise<number> {
  const { byOperation } = await g.t.calls();
  return Object.entries(byOperation).reduce((n, [op, c]) => (op === "AssumeRole" ? n : n + c), 0);
}

describe("the estimate, before anything runs", () => {
  let g: SubscriptionGateway;
  beforeAll(async () => (g = await startSubscriptionGateway({ principals: [READER, ADMIN] })));
  afterAll(() => g?.close());
  beforeEach(() => g.t.resetCalls());

  it.each([
    ["a read-only key", READER.token],
    ["an admin key", ADMIN.token],
  ])("the amplification document from %s is refused over HTTP: 400 BAD_USER_INPUT, no value in the message, 0 AWS calls", async (_who, token) => {
    const res = await g.gql(AMPLIFIER, undefined, { token });
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toEqual([{ message: expect.stringContaining("too many AWS calls"), extensions: { code: "BAD_USER_INPUT" } }]);
    expect(res.errors![0].message).not.toMatch(/\d/);
    expect((await g.t.calls()).total).toBe(0);
  });

  it("the same document is refused over graphql-ws before it runs, with 0 AWS calls", async () => {
    const sub = subscribe(g.client(ADMIN.token), AMPLIFIER);
    const ending = await sub.ended();
    expect(ending).toEqual({ errors: [{ message: expect.stringContaining("too many AWS calls"), extensions: { code: "BAD_USER_INPUT" } }] });
    expect(sub.events).toEqual([]);
    expect(await cleanRoomsCalls(g)).toBe(0);
  });

  it("as many distinct lists per membership as the default ceiling holds (100 estimated per list and account) is within the budget and runs", async () => {
    const admitted = amplifierWith(ADMITTED_LISTS);
    expect(admitted.match(/protectedQueries/g)).toHaveLength(ADMITTED_LISTS);
    const res = await g.gql(admitted, undefined, { token: READER.token });
    expect(res.errors).toBeUndefined();
    expect(await cleanRoomsCalls(g)).toBeGreaterThan(0);
    // One list more is over the ceiling: refused before it runs.
    await g.t.resetCalls();
    const over = await g.gql(amplifierWith(ADMITTED_LISTS + 1), undefined, { token: READER.token });
    expect(over.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(await cleanRoomsCalls(g)).toBe(0);
  });

  it("one document judged per variables: kept estimates never answer for other variables or another caller's reach", async () => {
    // The amplifier's 30 lists behind @include($a): none of them with a false, all of them (over the budget) with a true.
    const doc = `query Lists($a: Boolean!) { accounts { memberships(first: 100) { nodes { ...runs } } } }
      fragment runs on Membership { ${Array.from({ length: 30 }, (_, i) => `q${i}: protectedQueries(first: ${1 + (i % 10)}, status: ${STATUSES[i % STATUSES.length]}) @include(if: $a) { nodes { id } }`).join(" ")} }`;
    for (const a of [false, true, false, true]) {
      const res = await g.gql(doc, { a }, { token: READER.token });
      if (a) expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      else expect(res.errors).toBeUndefined();
    }
  });

  it("aliases with the same arguments share one read, so they are not counted twice", async () => {
    const same = `{ accounts { memberships(first: 100) { nodes { ${Array.from({ length: 30 }, (_, i) => `q${i}: protectedQueries(first: 10) { nodes { id } }`).join(" ")} } } } }`;
    const res = await g.gql(same, undefined, { token: ADMIN.token });
    expect(res.errors).toBeUndefined();
  });

  it("every operation in schema/operations is within the default budget", async () => {
    const dir = join(__dirname, "../../schema/operations");
    const files = readdirSync(dir).filter((f) => f.endsWith(".graphql"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      // Subscriptions and mutations need variables; a refusal for the budget would come before they are checked.
      const res = await g.gql(text, {}, { token: ADMIN.token });
      for (const e of res.errors ?? []) expect(e.message, file).not.toContain("too many AWS calls");
    }
  });
});

describe("the principal's allowance of AWS calls", () => {
  const BURST = 60;
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway({ principals: [READER, ADMIN], limits: { awsCallRate: { burst: BURST, perSecond: 1 / 3600 } } })));
  afterAll(() => g?.close());

  it("120 amplification documents and 120 dashboards in a burst: the principal's AWS calls stay within its allowance", async () => {
    const dashboard = readFileSync(join(__dirname, "../../schema/operations/dashboard.graphql"), "utf8");
    await g.t.resetCalls();
    // 12 HTTP requests of 10 batched operations each, as the red team sent them.
    const batches = await Promise.all(
      Array.from({ length: 12 }, () => g.post(Array.from({ length: 10 }, () => ({ query: AMPLIFIER })), { token: ADMIN.token })),
    );
    for (const b of batches) {
      const answers = JSON.parse(b.text) as { errors?: { extensions?: { code?: string } }[] }[];
      expect(answers.map((a) => a.errors?.map((e) => e.extensions?.code))).toEqual(Array(10).fill(["BAD_USER_INPUT"]));
    }
    expect(await cleanRoomsCalls(g)).toBe(0);
    const answers = await Promise.all(Array.from({ length: 120 }, () => g.gql(dashboard, undefined, { token: ADMIN.token })));
    const made = await cleanRoomsCalls(g);
    // The allowance refills once an hour: the burst is all the principal may spend.
    expect(made).toBeLessThanOrEqual(BURST);
    expect(made).toBeGreaterThan(0);
    const codes = new Set(answers.flatMap((a) => (a.errors ?? []).map((e) => e.extensions?.code)));
    expect([...codes].sort()).toEqual(["THROTTLED"]);
    // Spent: the next operation is refused at the door (429, Retry-After), with no AWS call.
    const next = await g.post({ query: "{ accounts { memberships { nodes { id } } } }" }, { token: ADMIN.token });
    expect(next.status).toBe(429);
    expect(Number(next.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(next.text).errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["THROTTLED"]);
    expect(await cleanRoomsCalls(g)).toBe(made);
  });

  it("other principals keep their own allowance", async () => {
    await g.t.resetCalls();
    const res = await g.gql("{ accounts { accountId memberships { nodes { id } } } }", undefined, { token: READER.token });
    expect(res.errors).toBeUndefined();
    expect(await cleanRoomsCalls(g)).toBe(1);
  });
});

describe("the hard ceiling while an operation runs", () => {
  let g: TestGateway;
  const CEILING = 2;
  beforeAll(async () => (g = await startTestGateway({ principals: [READER], limits: { maxAwsCallsPerOperation: CEILING } })));
  afterAll(() => g?.close());

  it("an account whose collaborations fill more AWS pages than estimated: the call past the ceiling is refused, THROTTLED naming the account", async () => {
    // 150 more collaborations for the advertiser: its list is two AWS pages, where the estimate counts one.
    const client = await g.t.cleanrooms(demo.advertiser);
    for (let i = 0; i < 150; i++) {
      await client.send(
        new CreateCollaborationCommand({
          name: `bulk ${i}`,
          description: "bulk",
          creatorDisplayName: "Advertiser",
          creatorMemberAbilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"],
          members: [],
          queryLogStatus: "DISABLED",
        }),
      );
    }
    await g.t.resetCalls();
    // Estimated: one ListCollaborations and one ListMemberships for the advertiser, within the ceiling of 2.
    const res = await g.gql("{ collaborations(first: 1) { nodes { id } } accounts { status } }", undefined, { token: READER.token });
    const { byAccount } = await g.t.calls();
    const made = Object.entries(byAccount[demo.advertiser] ?? {}).reduce((n, [op, c]) => (op === "AssumeRole" ? n : n + c), 0);
    expect(made).toBe(CEILING);
    expect(res.errors).toEqual([
      {
        message: `This operation reached its budget of AWS calls for account ${demo.advertiser}; ask for fewer lists or smaller pages.`,
        extensions: { code: "THROTTLED", accountId: demo.advertiser },
      },
    ]);
  });
});

describe("a burst under the default per-principal rate", () => {
  const BURSTER: TestPrincipal = { ...ADMIN, token: "budget-burster-token-7d21", name: "budget-burster" };
  let g: TestGateway;
  // The governors let everything through at once (their own waits would bind first), so only the principal's allowance can.
  const UNGOVERNED = { callsPerSecond: 1_000, burst: 1_000, maxConcurrent: 64, maxWaitMs: 60_000 };
  beforeAll(async () => (g = await startTestGateway({ principals: [BURSTER], aws: { governor: UNGOVERNED }, limits: { awsCallRate: DEFAULTS.limits.awsCallRate } })));
  afterAll(() => g?.close());

  it("120 operations that pass the estimate, at once: the principal's calls stay within burst + rate × elapsed, the rest THROTTLED by its allowance with no AWS call", async () => {
    const rate = DEFAULTS.limits.awsCallRate as { burst: number; perSecond: number };
    const doc = amplifierWith(ADMITTED_LISTS);
    // What one such operation costs on this scenario, measured as the operator (its own allowance).
    await g.t.resetCalls();
    expect((await g.gql(doc)).errors).toBeUndefined();
    const perOperation = await cleanRoomsCalls(g);
    expect(120 * perOperation).toBeGreaterThan(2 * rate.burst); // the burst asks for far more than the allowance
    await g.t.resetCalls();
    const started = performance.now();
    // One request each (a batch's operations share their reads, so batching would cost less).
    const answers = await Promise.all(Array.from({ length: 120 }, () => g.post({ query: doc }, { token: BURSTER.token })));
    const elapsedSeconds = (performance.now() - started) / 1000;
    const made = await cleanRoomsCalls(g);
    expect(made).toBeLessThanOrEqual(rate.burst + rate.perSecond * elapsedSeconds);
    // The allowance is what stopped them: most of its burst was spent on AWS calls, and nothing else refused any.
    expect(made).toBeGreaterThan(rate.burst / 2);
    // Each operation answered whole, or THROTTLED by the allowance only: its calls past the allowance were not sent,
    // or, once the allowance was spent, the request was refused at the door (429).
    const allowanceSpent = [new CallBudgetExceeded(demo.advertiser, "principal").message, LIMIT_MESSAGES.awsCallRate];
    const errors = answers.map((a) => {
      expect([200, 429]).toContain(a.status);
      return (JSON.parse(a.text) as { errors?: { message: string; extensions: { code: string } }[] }).errors ?? [];
    });
    expect(new Set(errors.flat().map((e) => e.extensions.code))).toEqual(new Set(["THROTTLED"]));
    expect([...new Set(errors.flat().map((e) => e.message))].filter((m) => !allowanceSpent.includes(m))).toEqual([]);
    expect(errors.filter((e) => e.length === 0).length * perOperation).toBeLessThanOrEqual(made);
    expect((await scrapeMetrics(g)).value("cleanrooms_graph_aws_call_budget_refusals_total", { budget: "principal" })).toBeGreaterThan(0);
  });
});

describe("retries are AWS calls too", () => {
  const CEILING = 2;
  const ALLOWANCE = 3;
  const principal = (name: string): TestPrincipal => ({ token: `budget-retry-${name}-token-0b7e`, name: `retry-${name}`, grants: [{ accounts: [demo.advertiser], actions: ["read"] }] });
  const CASES = [
    ["500s", { internalErrorRate: 1 }, "internal"],
    ["throttling", { throttleRate: 1 }, "throttle"],
  ] as const;
  const ceilingPrincipals = CASES.map(([, , name]) => principal(`ceiling-${name}`));
  const allowancePrincipals = CASES.map(([, , name]) => principal(`allowance-${name}`));
  let ceiling: TestGateway;
  let allowance: TestGateway;
  beforeAll(async () => {
    ceiling = await startTestGateway({ principals: ceilingPrincipals, limits: { maxAwsCallsPerOperation: CEILING } });
    allowance = await startTestGateway({ sharedEmulator: ceiling.t, principals: allowancePrincipals, limits: { awsCallRate: { burst: ALLOWANCE, perSecond: 1 / 3600 } } });
  });
  afterAll(async () => {
    await allowance?.close();
    await ceiling?.close();
  });
  beforeEach(() => ceiling.t.reset());

  /** One ListMemberships for the advertiser, estimated at 1: within both budgets before it runs. */
  const ONE_LIST = "{ accounts { memberships { nodes { id } } } }";
  const listMemberships = async (g: TestGateway) => (await g.t.calls()).byAccount[demo.advertiser]?.ListMemberships ?? 0;
  const outcomes = async (g: TestGateway) => {
    const m = await scrapeMetrics(g);
    const of = (outcome: string) => m.total("cleanrooms_graph_aws_calls_total", { account: demo.advertiser, operation: "ListMemberships", outcome });
    return { budgetRefused: of("budget_refused"), throttled: of("THROTTLED") };
  };

  it.each(CASES.map((c, i) => [c[0], c[1], i] as const))("AWS answering %s: the retries stop at the operation's ceiling", async (_what, rule, i) => {
    // Without the per-attempt charge the read would be sent maxAttempts times, past the ceiling.
    expect(DEFAULTS.retry.maxAttempts).toBeGreaterThan(CEILING);
    await faults(ceiling.t, [{ operation: "ListMemberships", accountId: demo.advertiser, ...rule }]);
    const before = await outcomes(ceiling);
    const res = await ceiling.gql(ONE_LIST, undefined, { token: ceilingPrincipals[i].token });
    expect(await listMemberships(ceiling)).toBe(CEILING);
    expect(res.errors).toEqual([
      {
        message: `This operation reached its budget of AWS calls for account ${demo.advertiser}; ask for fewer lists or smaller pages.`,
        extensions: { code: "THROTTLED", accountId: demo.advertiser },
      },
    ]);
    // The refusal is the gateway's own, counted apart from AWS's throttling.
    const after = await outcomes(ceiling);
    expect(after.budgetRefused - before.budgetRefused).toBe(1);
    expect(after.throttled - before.throttled).toBe(0);
  });

  it.each(CASES.map((c, i) => [c[0], c[1], i] as const))("AWS answering %s: the retries stop at the principal's allowance, and the next request is refused at the door", async (_what, rule, i) => {
    expect(DEFAULTS.retry.maxAttempts).toBeGreaterThan(ALLOWANCE);
    await faults(allowance.t, [{ operation: "ListMemberships", accountId: demo.advertiser, ...rule }]);
    const before = await outcomes(allowance);
    const res = await allowance.gql(ONE_LIST, undefined, { token: allowancePrincipals[i].token });
    expect(await listMemberships(allowance)).toBe(ALLOWANCE);
    expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["You have made too many AWS calls; retry later.", "THROTTLED"]]);
    expect((await outcomes(allowance)).budgetRefused - before.budgetRefused).toBe(1);
    const next = await allowance.post({ query: ONE_LIST }, { token: allowancePrincipals[i].token });
    expect(next.status).toBe(429);
    expect(await listMemberships(allowance)).toBe(ALLOWANCE);
  });
});
