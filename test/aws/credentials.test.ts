/**
 * AssumedRoleCredentials against the emulator's STS: one AssumeRole however
 * many callers, refresh ahead of expiry on the injected clock, invalidate,
 * and the AssumeRole parameters as configured.
 */
import { ListMembershipsCommand } from "@aws-sdk/client-cleanrooms";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AssumedRoleCredentials, DEFAULT_REFRESH_TIMING, refreshTime } from "../../src/aws/credentials";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { callCount, faults, gatewayPool, GATEWAY_ACCOUNT, type GatewayPool } from "./gateway-pool";

describe("refreshTime", () => {
  const timing = { refreshBeforeMs: 300_000, jitterMs: 60_000 };

  it("refreshes an hour-long credential 5 minutes plus jitter before expiry", () => {
    expect(refreshTime(0, 3_600_000, timing, 0)).toBe(3_600_000 - 300_000);
    expect(refreshTime(0, 3_600_000, timing, 0.5)).toBe(3_600_000 - 330_000);
    expect(refreshTime(0, 3_600_000, timing, 0.999)).toBe(3_600_000 - 300_000 - 59_940);
  });

  it("refreshes short-lived credentials between 50% and 75% of their lifetime", () => {
    expect(refreshTime(1_000, 121_000, timing, 0)).toBe(1_000 + 60_000);
    expect(refreshTime(1_000, 121_000, timing, 0.5)).toBe(1_000 + 75_000);
    // 15 minutes: a 5–6 minute window is still under half the lifetime.
    expect(refreshTime(0, 900_000, timing, 0.5)).toBe(900_000 - 330_000);
    // 10 minutes: it is not.
    expect(refreshTime(0, 600_000, timing, 0.5)).toBe(375_000);
  });

  it("defaults to a 5-minute window with up to a minute of jitter", () => {
    expect(DEFAULT_REFRESH_TIMING).toEqual({ refreshBeforeMs: 300_000, jitterMs: 60_000 });
  });
});

describe("with one-hour credentials", () => {
  let t: TestEmulator;
  let g: GatewayPool;
  beforeAll(async () => (t = await startTestEmulator()));
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    g = await gatewayPool(t);
  });
  afterEach(() => g.pool.destroy());

  it("makes one AssumeRole per account for many concurrent calls", async () => {
    const accounts = [demo.advertiser, demo.analytics, demo.publisher];
    const results = await Promise.all(
      accounts.flatMap((a) => Array.from({ length: 10 }, () => g.pool.send(a, "read", new ListMembershipsCommand({})))),
    );
    expect(results).toHaveLength(30);
    const calls = await t.calls();
    expect(calls.byAccount[GATEWAY_ACCOUNT]).toEqual({ AssumeRole: 3 });
    for (const a of accounts) expect(calls.byAccount[a]).toEqual({ ListMemberships: 10 });
  });

  it("assumes the configured role with the default session name and the ExternalId", async () => {
    for (const accountId of [demo.advertiser, demo.analytics]) {
      const account = g.accounts.find((a) => a.accountId === accountId)!;
      const asRole = new STSClient({ endpoint: t.url, region: t.scenario.region, credentials: g.pool.credentials(accountId).provider });
      const who = await asRole.send(new GetCallerIdentityCommand({}));
      const roleName = account.roleArn.split("/").pop();
      expect(who.Account).toBe(accountId);
      expect(who.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/${roleName}/cleanrooms-graph`);
      asRole.destroy();
    }
    expect(g.accounts.find((a) => a.accountId === demo.analytics)!.externalId).toBeDefined();
  });

  it("asks for DurationSeconds when configured", async () => {
    const short = await gatewayPool(t, { durationSeconds: 900 });
    const identity = await short.pool.credentials(demo.advertiser).get();
    // STS reports Expiration in whole seconds.
    expect(identity.expiration!.getTime()).toBe(Math.floor((short.now() + 900_000) / 1000) * 1000);
    short.pool.destroy();
  });

  it("retries AssumeRole after throttling", async () => {
    await faults(t, [{ operation: "AssumeRole", accountId: GATEWAY_ACCOUNT, throttleRate: 1, times: 2 }]);
    const identity = await g.pool.credentials(demo.publisher).get();
    expect(identity.accessKeyId).toMatch(/^ASIA/);
    expect(await callCount(t, GATEWAY_ACCOUNT, "AssumeRole")).toBe(3);
  });

  it("keeps its credentials until invalidated, and ignores invalidation of credentials it no longer holds", async () => {
    const credentials = g.pool.credentials(demo.advertiser);
    const first = await credentials.get();
    expect(await credentials.get()).toBe(first);
    credentials.invalidate({ ...first });
    expect(await credentials.get()).toBe(first);
    credentials.invalidate(first);
    const second = await credentials.get();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    credentials.invalidate(first);
    expect(await credentials.get()).toBe(second);
    expect(await callCount(t, GATEWAY_ACCOUNT, "AssumeRole")).toBe(2);
  });

  it("works on its own with an STS client and a clock", async () => {
    const sts = t.sts();
    const account = g.accounts.find((a) => a.accountId === demo.analytics)!;
    const credentials = new AssumedRoleCredentials({ account, sts, now: g.now, random: () => 0 });
    const [a, b] = await Promise.all([credentials.get(), credentials.get()]);
    expect(a).toBe(b);
    expect(await callCount(t, GATEWAY_ACCOUNT, "AssumeRole")).toBe(1);
    sts.destroy();
  });
});

describe("with two-minute credentials", () => {
  let t: TestEmulator;
  let g: GatewayPool;
  beforeAll(async () => (t = await startTestEmulator({ credentialLifetimeSeconds: 120 })));
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    g = await gatewayPool(t);
  });
  afterEach(() => g.pool.destroy());

  it("assumes the role again before expiry, so no request meets expired credentials", async () => {
    const list = () => Promise.all(Array.from({ length: 5 }, () => g.pool.send(demo.advertiser, "read", new ListMembershipsCommand({}))));
    const assumed = () => callCount(t, GATEWAY_ACCOUNT, "AssumeRole");
    // Jitter 0.5 on a 120 s lifetime: refresh 75 s after each AssumeRole (expiry is STS's whole second, so a little earlier).
    await list();
    expect(await assumed()).toBe(1);
    await g.advance(70_000); // t=70 s
    await list();
    expect(await assumed()).toBe(1);
    await g.advance(10_000); // t=80 s: refresh (the first credentials expire at 120 s)
    await list();
    expect(await assumed()).toBe(2);
    await g.advance(70_000); // t=150 s: the first credentials are dead, the second live until 200 s
    await list();
    expect(await assumed()).toBe(2);
    await g.advance(10_000); // t=160 s: past the second refresh time (155 s)
    await list();
    expect(await assumed()).toBe(3);

    const calls = await t.calls();
    expect(calls.byAccount[demo.advertiser]).toEqual({ ListMemberships: 25 });
    expect(calls.byAccount.unauthenticated).toBeUndefined();
  });
});
