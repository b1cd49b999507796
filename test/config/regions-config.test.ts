/**
 * Accounts in several regions in the configuration file: `regions` (the
 * first is the home region), `region` still meaning one region, `stsRegion`,
 * and grants limited to regions; each mistake named by its path.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config";
import { accountRegions } from "../../src/aws/account";
import { problems as problemLines } from "./refusals";

const account = (over: Record<string, unknown> = {}) => ({ accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/Gateway", ...over });
const auth = (grant: Record<string, unknown> = {}) => ({ apiKeys: [{ sha256: "a".repeat(64), principal: "ops", grants: [{ accounts: ["*"], actions: ["read"], ...grant }] }] });

/** The refusal's problem lines, as one text (refusals.ts; fails the test when the configuration is accepted). */
const problems = (data: unknown): string => problemLines(data).join("\n");

describe("an account's regions", () => {
  it("lists them, the first its home region; `region` is one region", () => {
    const c = parseConfig({ accounts: [account({ regions: ["eu-west-1", "us-east-1"], stsRegion: "us-east-1" }), { ...account({ region: "us-west-2" }), accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/Gateway" }], auth: auth() }, "t");
    expect(c.accounts[0].region).toBe("eu-west-1");
    expect(accountRegions(c.accounts[0])).toEqual(["eu-west-1", "us-east-1"]);
    expect(c.accounts[0].stsRegion).toBe("us-east-1");
    expect(c.accounts[1].region).toBe("us-west-2");
    expect(accountRegions(c.accounts[1])).toEqual(["us-west-2"]);
  });

  it("refuses none, both, an empty list, a repeated or malformed region, by path", () => {
    const message = problems({
      accounts: [
        account(),
        { ...account({ region: "us-east-1", regions: ["us-east-1"] }), accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/Gateway" },
        { ...account({ regions: [] }), accountId: "333333333333", roleArn: "arn:aws:iam::333333333333:role/Gateway" },
        { ...account({ regions: ["us-east-1", "moon-1", "us-east-1"], stsRegion: "mars" }), accountId: "444444444444", roleArn: "arn:aws:iam::444444444444:role/Gateway" },
      ],
      auth: auth(),
    });
    expect(message).toContain("accounts.0.regions: give the account's regions (or one region)");
    expect(message).toContain("accounts.1.region: give region or regions, not both");
    expect(message).toContain("accounts.2.regions: must list at least one region");
    expect(message).toContain("accounts.3.regions.1: must be an AWS region such as us-east-1");
    expect(message).toContain("accounts.3.regions.2: region us-east-1 is listed twice");
    expect(message).toContain("accounts.3.stsRegion: must be an AWS region such as us-east-1");
  });
});

describe("a grant's regions", () => {
  it("are optional, and kept when given", () => {
    expect(parseConfig({ accounts: [account({ region: "us-east-1" })], auth: auth() }, "t").auth.apiKeys[0].grants[0].regions).toBeUndefined();
    expect(parseConfig({ accounts: [account({ region: "us-east-1" })], auth: auth({ regions: ["eu-west-1"] }) }, "t").auth.apiKeys[0].grants[0].regions).toEqual(["eu-west-1"]);
  });

  it("must be AWS regions, at least one", () => {
    expect(problems({ accounts: [account({ region: "us-east-1" })], auth: auth({ regions: [] }) })).toContain("auth.apiKeys.0.grants.0.regions: must name at least one region");
    expect(problems({ accounts: [account({ region: "us-east-1" })], auth: auth({ regions: ["EU"] }) })).toContain("auth.apiKeys.0.grants.0.regions.0: must be an AWS region");
  });
});

describe("a grant's regions against the accounts it names", () => {
  const two = { ...account({ regions: ["us-east-1", "eu-west-1"] }) };
  const other = { ...account({ region: "us-west-2" }), accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/Gateway" };
  const named = (grant: Record<string, unknown>) => ({
    accounts: [two, other],
    auth: { apiKeys: [{ sha256: "a".repeat(64), principal: "ops", grants: [{ accounts: ["*"], actions: ["read"] }, { actions: ["read"], ...grant }] }] },
  });

  it("accepts regions of every account the grant names, and any region on \"*\"", () => {
    expect(parseConfig(named({ accounts: ["111111111111"], regions: ["eu-west-1"] }), "t").auth.apiKeys[0].grants[1].regions).toEqual(["eu-west-1"]);
    expect(parseConfig(named({ accounts: ["111111111111"], regions: ["us-east-1", "eu-west-1"] }), "t").auth.apiKeys[0].grants[1].regions).toEqual(["us-east-1", "eu-west-1"]);
    // "*" names no account: a grant limited to a region covers the accounts that are there.
    expect(parseConfig(named({ accounts: ["*"], regions: ["us-west-2"] }), "t").auth.apiKeys[0].grants[1].regions).toEqual(["us-west-2"]);
  });

  it("refuses a region one of its accounts is not in, naming the grant, the region and the account's regions", () => {
    expect(problemLines(named({ accounts: ["111111111111"], regions: ["us-west-2"] }))).toEqual([
      "  auth.apiKeys.0.grants.1.regions.0: region us-west-2 is not a region of account 111111111111 (its regions: us-east-1, eu-west-1); a grant's regions must be regions of the accounts it names",
    ]);
    // Named with another account that is there: still refused for the one that is not.
    const both = problemLines(named({ accounts: ["111111111111", "222222222222"], regions: ["eu-west-1"] }));
    expect(both).toEqual([
      "  auth.apiKeys.0.grants.1.regions.0: region eu-west-1 is not a region of account 222222222222 (its regions: us-west-2); a grant's regions must be regions of the accounts it names",
    ]);
  });

  it("checks JWT claim grants too, and leaves an account that is not configured to its own refusal", () => {
    const message = problems({
      accounts: [two],
      auth: {
        jwt: { jwksFile: "/etc/jwks.json", issuer: "i", audience: "a", claimGrants: [{ claim: "groups", value: "eu", grants: [{ accounts: ["111111111111", "999999999999"], actions: ["read"], regions: ["ap-south-1"] }] }] },
      },
    });
    expect(message).toContain(
      "auth.jwt.claimGrants.0.grants.0.regions.0: region ap-south-1 is not a region of account 111111111111 (its regions: us-east-1, eu-west-1)",
    );
    expect(message).toContain("auth.jwt.claimGrants.0.grants.0.accounts.1: account 999999999999 is not in accounts");
    expect(message).not.toContain("account 999999999999 (its regions");
  });
});
