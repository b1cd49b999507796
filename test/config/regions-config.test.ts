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
