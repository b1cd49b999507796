/**
 * One source of every default: the configuration file's schema fills in the values the code falls back on
 * without a configuration (demo mode, tests), and README's example file shows the same numbers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClientPool } from "../../src/aws/clients";
import { DEFAULT_RETRY_POLICY, retryPolicy } from "../../src/aws/retry";
import { loadConfigFile, parseConfig } from "../../src/config/load-config";
import { AWS_DEFAULT_API_RATE, DEFAULTS } from "../../src/defaults";
import { packageRoot } from "../../src/package-root";
import { DEFAULT_LIMITS, resolveLimits } from "../../src/server/limits/limits";

const minimal = {
  accounts: [{ accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/Gateway" }],
  auth: { jwt: { jwksUrl: "https://login.example.com/jwks.json", issuer: "https://login.example.com/", audience: "cleanrooms-graph" } },
  idempotency: {},
};

describe("defaults", () => {
  it("are what the schema fills in when a setting is left out", () => {
    const c = parseConfig(minimal, "minimal.yaml");
    expect(c.server).toEqual(DEFAULTS.server);
    expect(c.aws.retry).toEqual(DEFAULTS.retry);
    expect(c.aws.governor).toEqual(DEFAULTS.governor);
    expect(c.idempotency).toEqual(DEFAULTS.idempotency);
    expect(c.watch).toEqual(DEFAULTS.watch);
    expect(c.limits).toEqual(DEFAULTS.limits);
    expect(c.audit).toEqual(DEFAULTS.audit);
    expect(c.auth.jwt).toMatchObject(DEFAULTS.jwt);
  });

  it("are what the code runs without a configuration", () => {
    expect(retryPolicy()).toEqual(DEFAULTS.retry);
    expect(DEFAULT_RETRY_POLICY).toEqual(DEFAULTS.retry);
    // A pool given a budget, however partial, fills in the rest from the defaults.
    const pool = new ClientPool({ accounts: minimal.accounts, governor: {} });
    expect(pool.governorSettings("111111111111")).toEqual(DEFAULTS.governor);
    expect(resolveLimits()).toEqual(DEFAULTS.limits);
    expect(DEFAULT_LIMITS).toEqual(DEFAULTS.limits);
  });

  it("agree with each other: the governor stays under AWS's per-API quota and the budgets fit inside it", () => {
    const g = DEFAULTS.governor;
    const { maxAwsCallsPerOperation, awsCallRate } = DEFAULTS.limits;
    if (maxAwsCallsPerOperation === false || awsCallRate === false) throw new Error("the AWS-call budgets are on by default");
    // All of the gateway's calls may be of one API: its whole rate stays below one API's quota.
    expect(g.callsPerSecond).toBeLessThan(AWS_DEFAULT_API_RATE);
    // One operation at the ceiling fits in a principal's fresh allowance...
    expect(awsCallRate.burst).toBeGreaterThanOrEqual(maxAwsCallsPerOperation);
    // ...whose rate is a few accounts' governors, not dozens.
    expect(awsCallRate.perSecond).toBeLessThanOrEqual(10 * g.callsPerSecond);
    // The pollers leave at least half of an account's rate to operations.
    expect(DEFAULTS.watch.maxPollsPerSecondPerAccount).toBeLessThanOrEqual(g.callsPerSecond / 2);
  });

  it("are the numbers README's example configuration shows", () => {
    const readme = readFileSync(join(packageRoot(), "README.md"), "utf8");
    const example = readme.match(/```yaml\n(# gateway\.yaml[\s\S]*?)```/)![1];
    const dir = mkdtempSync(join(tmpdir(), "defaults-"));
    writeFileSync(join(dir, "gateway.yaml"), example);
    const c = loadConfigFile(join(dir, "gateway.yaml"));
    // The example sets host to 0.0.0.0 on purpose (its comment names the default); every other number there is the default.
    expect(c.server.port).toBe(DEFAULTS.server.port);
    expect(c.aws.retry).toEqual(DEFAULTS.retry);
    expect(c.aws.governor).toEqual(DEFAULTS.governor);
    // The example's per-account override is an example, not a default.
    expect(c.accounts.find((a) => a.governor)?.governor).toBeDefined();
    expect(c.idempotency).toEqual(DEFAULTS.idempotency);
    expect(c.watch).toEqual(DEFAULTS.watch);
    expect(example).toMatch(/maxPollsPerSecondPerAccount: \d/);
    expect(example).toMatch(/\n  governor: .*\n(    \w+: \d+ .*\n){4}/);
    expect(c.limits).toEqual(DEFAULTS.limits);
    expect(c.audit).toEqual(DEFAULTS.audit);
    expect(c.auth.jwt).toMatchObject({ clockToleranceSeconds: DEFAULTS.jwt.clockToleranceSeconds, principalClaim: DEFAULTS.jwt.principalClaim });
  });
});
