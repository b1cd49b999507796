/**
 * Account health per region (federation/account-health.ts), on the gateway's own error classes: a regional failure
 * (here the region's governor queue, THROTTLED) marks only that account and region down; a failure that hits every
 * region (the role cannot be assumed) marks the whole account; the errors name the account, and the region when only
 * a region failed. And the standing states (/healthz): per region, the account unavailable only when its role fails
 * or every one of its regions does, one log line per change naming the region.
 */
import { describe, expect, it } from "vitest";
import { AccountCredentialsError } from "../../src/aws/errors";
import { GovernorWaitError } from "../../src/aws/governor";
import { AccountDown, AccountHealth, AccountStates } from "../../src/federation/account-health";
import { captureLog } from "../support/log-capture";

const A = "111111111111";
const B = "222222222222";
const fail = (e: unknown) => () => Promise.reject(e);
const ok = () => Promise.resolve("ok");

/** The error a read threw, its extensions and message. */
async function thrown(p: Promise<unknown>): Promise<{ extensions: unknown; message: string }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AccountDown);
  const d = e as AccountDown;
  return { extensions: d.extensions, message: d.message };
}

describe("AccountHealth", () => {
  it("a region failing marks that account and region down only: the other region reads on, no more calls go there", async () => {
    const h = new AccountHealth();
    expect(await thrown(h.read({ accountId: A, region: "eu-west-1" }, fail(new GovernorWaitError(A, 10))))).toEqual({
      extensions: { code: "THROTTLED", accountId: A, region: "eu-west-1" },
      message: `Too many calls for account ${A} are waiting their turn in the gateway; try again later.`,
    });
    expect(h.isDown(A, "eu-west-1")).toBe(true);
    expect(h.isDown(A, "us-east-1")).toBe(false);
    expect(h.isDown(A)).toBe(false);
    expect(h.downAnywhere(A)).toBe(true);
    expect(h.downAnywhere(B)).toBe(false);
    await expect(h.read({ accountId: A, region: "us-east-1" }, ok)).resolves.toBe("ok");
    let called = false;
    await expect(h.read({ accountId: A, region: "eu-west-1" }, async () => (called = true))).rejects.toBeInstanceOf(AccountDown);
    expect(called).toBe(false);
    expect(h.errors().map((e) => e.extensions)).toEqual([{ code: "THROTTLED", accountId: A, region: "eu-west-1" }]);
  });

  it("the role failing marks the whole account: every region, one error without a region", async () => {
    const h = new AccountHealth();
    await h.read({ accountId: A, region: "eu-west-1" }, fail(new GovernorWaitError(A, 10))).catch(() => undefined);
    expect(await thrown(h.read({ accountId: A, region: "us-east-1" }, fail(new AccountCredentialsError(A, new Error("AccessDenied")))))).toEqual({
      extensions: { code: "ACCOUNT_UNAVAILABLE", accountId: A },
      message: `Account ${A} is unavailable.`,
    });
    expect(h.isDown(A)).toBe(true);
    expect(h.isDown(A, "us-east-1")).toBe(true);
    expect(h.isDown(A, "ap-south-1")).toBe(true);
    // The region's own error is covered by the account's.
    expect(h.errors().map((e) => e.extensions)).toEqual([{ code: "ACCOUNT_UNAVAILABLE", accountId: A }]);
  });
});

describe("AccountStates", () => {
  const accounts = [
    { accountId: A, region: "us-east-1", regions: ["us-east-1", "eu-west-1"], roleArn: `arn:aws:iam::${A}:role/G` },
    { accountId: B, region: "us-east-1", roleArn: `arn:aws:iam::${B}:role/G` },
  ];
  // The gateway's own failure for a region (no AWS error is faked here): its queue there was full.
  const unavailable = new GovernorWaitError(A, 10);

  it("keeps each region's state; the account is unavailable only when its role or every region is, and each change is logged once", () => {
    const { logger, lines } = captureLog("info");
    const s = new AccountStates(accounts, logger);
    s.succeeded(A); // AssumeRole
    s.succeeded(A, "us-east-1");
    s.failed(A, unavailable, "eu-west-1");
    s.failed(A, unavailable, "eu-west-1");
    expect(s.list()[0]).toEqual({
      accountId: A,
      state: "available",
      regions: [
        { region: "us-east-1", state: "available" },
        { region: "eu-west-1", state: "unavailable", reason: "GovernorWaitExceeded" },
      ],
    });
    expect(s.list()[1]).toEqual({ accountId: B, state: "unknown", regions: [{ region: "us-east-1", state: "unknown" }] });
    s.failed(A, unavailable, "us-east-1");
    expect(s.list()[0]).toMatchObject({ state: "unavailable", reason: "GovernorWaitExceeded" });
    s.succeeded(A, "eu-west-1");
    expect(s.list()[0]).toMatchObject({ state: "available", regions: [{ state: "unavailable" }, { state: "available" }] });
    expect(lines.map((l) => l.msg)).toEqual([
      `account ${A} is available`,
      `account ${A} is unavailable in eu-west-1: GovernorWaitExceeded: the gateway's call budget for account ${A} is spent; waited 10 ms`,
      `account ${A} is unavailable in us-east-1: GovernorWaitExceeded: the gateway's call budget for account ${A} is spent; waited 10 ms`,
      `account ${A} is available in eu-west-1 again`,
    ]);
    expect(lines[1]).toMatchObject({ accountId: A, region: "eu-west-1", state: "unavailable", code: "GovernorWaitExceeded" });
  });
});
