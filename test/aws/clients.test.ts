/**
 * ClientPool against the emulator: client reuse, the retry policy under
 * injected faults (reads retried, writes only after throttling, bounded),
 * and one re-assume when AWS says the session expired.
 */
import { CreateCollaborationCommand, ListCollaborationsCommand, ListMembershipsCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyAwsError } from "../../src/aws/errors";
import { DEFAULT_RETRY_POLICY } from "../../src/aws/retry";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { callCount, faults, gatewayPool, GATEWAY_ACCOUNT, type GatewayPool } from "./gateway-pool";

let t: TestEmulator;
let g: GatewayPool;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  g = await gatewayPool(t);
});
afterEach(() => g.pool.destroy());

const advertiserMemberships = [demo.m11, demo.m21, demo.m31].sort();
const listMemberships = () => g.pool.send(demo.advertiser, "read", new ListMembershipsCommand({}));
const membershipIds = (out: Awaited<ReturnType<typeof listMemberships>>) => out.membershipSummaries!.map((m) => m.id).sort();
const createCollaboration = () =>
  g.pool.send(
    demo.advertiser,
    "write",
    new CreateCollaborationCommand({
      name: "Retry probe",
      description: "A write the retry tests count",
      members: [],
      creatorMemberAbilities: ["CAN_QUERY"],
      creatorDisplayName: "Advertiser",
      queryLogStatus: "DISABLED",
    }),
  );
const collaborationCount = async () =>
  (await g.pool.send(demo.advertiser, "read", new ListCollaborationsCommand({}))).collaborationList!.length;
const failure = (p: Promise<unknown>) => p.then(() => expect.fail("expected a failure"), (e: unknown) => e);

describe("clients", () => {
  it("keeps one client per account and region", () => {
    const a = g.pool.client(demo.advertiser);
    expect(g.pool.client(demo.advertiser)).toBe(a);
    expect(g.pool.client(demo.advertiser, t.scenario.region)).toBe(a);
    expect(g.pool.client(demo.advertiser, "eu-west-1")).not.toBe(a);
    expect(g.pool.client(demo.advertiser, "eu-west-1")).toBe(g.pool.client(demo.advertiser, "eu-west-1"));
    expect(g.pool.client(demo.publisher)).not.toBe(a);
  });

  it("sends as the account", async () => {
    expect(membershipIds(await listMemberships())).toEqual(advertiserMemberships);
  });

  it("refuses an account it does not federate, as NOT_FOUND", async () => {
    const e = await failure(g.pool.send(demo.partner, "read", new ListMembershipsCommand({})));
    expect(classifyAwsError(e, demo.partner)).toEqual({
      code: "NOT_FOUND",
      message: `Account ${demo.partner} is not federated by this gateway.`,
      accountId: demo.partner,
    });
    expect((await t.calls()).total).toBe(0);
  });

  it("starts afresh after destroy()", async () => {
    const before = g.pool.client(demo.advertiser);
    await listMemberships();
    g.pool.destroy();
    expect(g.pool.client(demo.advertiser)).not.toBe(before);
    expect(membershipIds(await listMemberships())).toEqual(advertiserMemberships);
    expect(await callCount(t, GATEWAY_ACCOUNT, "AssumeRole")).toBe(2);
  });
});

describe("retries", () => {
  it("retries a throttled read until it succeeds", async () => {
    await faults(t, [{ operation: "ListMemberships", accountId: demo.advertiser, throttleRate: 1, times: 2 }]);
    expect(membershipIds(await listMemberships())).toEqual(advertiserMemberships);
    expect(await callCount(t, demo.advertiser, "ListMemberships")).toBe(3);
  });

  it("retries a read after internal errors and dropped connections", async () => {
    await faults(t, [{ operation: "ListMemberships", accountId: demo.advertiser, internalErrorRate: 1, times: 1 }]);
    expect(membershipIds(await listMemberships())).toEqual(advertiserMemberships);
    expect(await callCount(t, demo.advertiser, "ListMemberships")).toBe(2);

    await t.resetCalls();
    await faults(t, [{ operation: "ListMemberships", accountId: demo.advertiser, dropRate: 1, times: 2 }]);
    expect(membershipIds(await listMemberships())).toEqual(advertiserMemberships);
    expect(await callCount(t, demo.advertiser, "ListMemberships")).toBe(3);
  });

  it("gives up after maxAttempts: THROTTLED, UPSTREAM_ERROR, ACCOUNT_UNAVAILABLE", async () => {
    const cases = [
      { fault: { throttleRate: 1 }, code: "THROTTLED", message: `AWS is throttling requests for account ${demo.advertiser}; try again later.` },
      { fault: { internalErrorRate: 1 }, code: "UPSTREAM_ERROR", message: `AWS Clean Rooms failed to answer for account ${demo.advertiser}.` },
      { fault: { dropRate: 1 }, code: "ACCOUNT_UNAVAILABLE", message: `Account ${demo.advertiser} is unavailable: the connection to AWS failed.` },
    ];
    for (const c of cases) {
      await t.resetCalls();
      await faults(t, [{ operation: "ListMemberships", accountId: demo.advertiser, ...c.fault }]);
      const e = await failure(listMemberships());
      expect(classifyAwsError(e, demo.advertiser)).toEqual({ code: c.code, message: c.message, accountId: demo.advertiser });
      expect(await callCount(t, demo.advertiser, "ListMemberships")).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    }
  });

  it("honours a configured maxAttempts", async () => {
    const patient = await gatewayPool(t, { retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2 } });
    await faults(t, [{ operation: "ListMemberships", accountId: demo.advertiser, throttleRate: 1, times: 4 }]);
    const out = await patient.pool.send(demo.advertiser, "read", new ListMembershipsCommand({}));
    expect(membershipIds(out)).toEqual(advertiserMemberships);
    expect(await callCount(t, demo.advertiser, "ListMemberships")).toBe(5);
    patient.pool.destroy();
  });

  it("does not retry a write after an internal error", async () => {
    await faults(t, [{ operation: "CreateCollaboration", accountId: demo.advertiser, internalErrorRate: 1, times: 1 }]);
    const e = await failure(createCollaboration());
    expect(classifyAwsError(e, demo.advertiser).code).toBe("UPSTREAM_ERROR");
    expect(await callCount(t, demo.advertiser, "CreateCollaboration")).toBe(1);
    expect(await collaborationCount()).toBe(3);
  });

  it("does not retry a write after a dropped connection", async () => {
    await faults(t, [{ operation: "CreateCollaboration", accountId: demo.advertiser, dropRate: 1, times: 1 }]);
    const e = await failure(createCollaboration());
    expect(classifyAwsError(e, demo.advertiser).code).toBe("ACCOUNT_UNAVAILABLE");
    expect(await callCount(t, demo.advertiser, "CreateCollaboration")).toBe(1);
  });

  it("retries a write after throttling, and the write happens once", async () => {
    await faults(t, [{ operation: "CreateCollaboration", accountId: demo.advertiser, throttleRate: 1, times: 2 }]);
    const out = await createCollaboration();
    expect(out.collaboration!.name).toBe("Retry probe");
    expect(await callCount(t, demo.advertiser, "CreateCollaboration")).toBe(3);
    expect(await collaborationCount()).toBe(4);
  });
});

describe("expired sessions", () => {
  it("re-assumes the role once when AWS says the session expired, however many requests saw it", async () => {
    await listMemberships();
    // AWS's clock runs past the credentials' expiry while the gateway's does not.
    await g.skewEmulator(3_601_000);
    await t.resetCalls();
    const outs = await Promise.all(Array.from({ length: 5 }, () => listMemberships()));
    for (const out of outs) expect(membershipIds(out)).toEqual(advertiserMemberships);
    const calls = await t.calls();
    expect(calls.byAccount[GATEWAY_ACCOUNT]).toEqual({ AssumeRole: 1 });
    expect(calls.byAccount.unauthenticated).toEqual({ ListMemberships: 5 });
    expect(calls.byAccount[demo.advertiser]).toEqual({ ListMemberships: 5 });
  });

  it("fails as ACCOUNT_UNAVAILABLE, without another attempt, when the role cannot be re-assumed after an expired session", async () => {
    const lagging = await gatewayPool(t, { durationSeconds: 900 });
    await lagging.pool.send(demo.advertiser, "read", new ListMembershipsCommand({}));
    await lagging.skewEmulator(901_000);
    await t.resetCalls();
    await faults(t, [{ operation: "AssumeRole", accountId: GATEWAY_ACCOUNT, throttleRate: 1 }]);
    const e = await failure(lagging.pool.send(demo.advertiser, "read", new ListMembershipsCommand({})));
    expect(classifyAwsError(e, demo.advertiser)).toEqual({
      code: "ACCOUNT_UNAVAILABLE",
      message: `Account ${demo.advertiser} is unavailable: the gateway could not assume its role.`,
      accountId: demo.advertiser,
    });
    const calls = await t.calls();
    expect(calls.byAccount.unauthenticated).toEqual({ ListMemberships: 1 });
    expect(calls.byAccount[GATEWAY_ACCOUNT]).toEqual({ AssumeRole: DEFAULT_RETRY_POLICY.maxAttempts });
    lagging.pool.destroy();
  });
});
