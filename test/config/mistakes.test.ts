/**
 * A configuration with mistakes is refused with every mistake in one message,
 * one line each, naming the field's path and, where the fix is not obvious,
 * saying what to write.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfigFile, parseConfig } from "../../src/config/load-config";

const KEY = "a".repeat(64);

/** The refusal's message for a YAML file with this text. */
function refusal(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "config-")), "gateway.yaml");
  writeFileSync(file, yaml);
  try {
    loadConfigFile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

/** The message's problem lines ("  path: problem"). */
const lines = (message: string) => message.split("\n").slice(1);

describe("configuration mistakes", () => {
  it("says how to quote an account id that YAML read as a number", () => {
    const message = refusal(`
accounts:
  - accountId: 111111111111
    region: us-east-1
    roleArn: arn:aws:iam::111111111111:role/Gateway
auth:
  apiKeys:
    - sha256: ${KEY}
      principal: ops
      grants:
        - accounts: [111111111111]
          actions: [read]
`);
    expect(lines(message)).toEqual([
      '  accounts.0.accountId: Invalid input: expected string, received number; quote it: accountId: "111111111111"',
      '  auth.apiKeys.0.grants.0.accounts.0: Invalid input: expected string, received number; quote it: accounts: ["111111111111"]',
    ]);
  });

  it("gives the leading zeros back in the hint (YAML drops them from an unquoted id)", () => {
    const message = refusal(`
accounts:
  - { accountId: 012345678901, region: us-east-1, roleArn: "arn:aws:iam::012345678901:role/Gateway" }
auth: { apiKeys: [{ sha256: ${KEY}, principal: ops, grants: [{ accounts: ["*"], actions: [read] }] }] }
`);
    expect(lines(message)).toEqual(['  accounts.0.accountId: Invalid input: expected string, received number; quote it: accountId: "012345678901"']);
  });

  it("reports grants naming unknown accounts together with the other mistakes, not after they are fixed", () => {
    const message = (() => {
      try {
        parseConfig(
          {
            server: { port: "4000" },
            accounts: [{ accountId: "111111111111", region: "nowhere", roleArn: "arn:aws:iam::111111111111:role/Gateway" }],
            auth: { apiKeys: [{ sha256: KEY, principal: "ops", grants: [{ accounts: ["222222222222"], actions: ["read"] }] }] },
          },
          "t.json",
        );
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toContain("server.port: Invalid input: expected number, received string");
    expect(message).toContain("accounts.0.region: must be an AWS region");
    expect(message).toContain("auth.apiKeys.0.grants.0.accounts.0: account 222222222222 is not in accounts");
  });

  it("reports an unquoted id, an unknown grant account and a bad region in one message, one line each with its path", () => {
    const message = refusal(`
server:
  port: 4000
accounts:
  - accountId: 111111111111
    region: us-east-1
    roleArn: arn:aws:iam::111111111111:role/Gateway
  - accountId: "222222222222"
    region: Europe
    roleArn: arn:aws:iam::222222222222:role/Gateway
auth:
  apiKeys:
    - sha256: ${KEY}
      principal: ops
      grants:
        - accounts: ["111111111111", "333333333333"]
          actions: [read]
`);
    expect(message.split("\n")[0]).toMatch(/gateway\.yaml is not a valid configuration/);
    // The unquoted id counts as configured: the grant naming it is not reported as unknown.
    expect(lines(message)).toEqual([
      '  accounts.0.accountId: Invalid input: expected string, received number; quote it: accountId: "111111111111"',
      "  accounts.1.region: must be an AWS region such as us-east-1",
      "  auth.apiKeys.0.grants.0.accounts.1: account 333333333333 is not in accounts",
    ]);
  });

  it("still reports duplicates, a role in another account, and a configuration no one can call, beside schema mistakes", () => {
    const message = refusal(`
accounts:
  - { accountId: "111111111111", region: us-east-1, roleArn: "arn:aws:iam::999999999999:role/Gateway" }
  - { accountId: "111111111111", region: us-east-1, roleArn: "arn:aws:iam::111111111111:role/Gateway", colour: blue }
auth: {}
`);
    expect(message).toContain("accounts.0.roleArn: names account 999999999999, not 111111111111");
    expect(message).toContain("accounts.1.accountId: account 111111111111 is listed twice");
    expect(message).toContain('accounts.1: Unrecognized key: "colour"');
    expect(message).toContain("auth: configure apiKeys or jwt");
  });

  it("does not trip over a file that is not a configuration at all", () => {
    expect(lines(refusal("just some text\n"))).toEqual(["  (root): Invalid input: expected object, received string"]);
    expect(refusal("accounts: 3\nauth: [1]\n")).toMatch(/accounts: Invalid input: expected array/);
  });
});
