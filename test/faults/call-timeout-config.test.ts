/**
 * The call timeout's settings: `aws.callTimeoutMs` defaults to DEFAULTS.awsCallTimeoutMs (as README's example file
 * shows), an account may set its own, out-of-range values stop the start, and the client pool applies the
 * account's own, else the gateway's, else the default (a bad one fails at construction, not at the first call).
 * That the SDK clients then cut a silent call at that time is call-timeout.test.ts's business, on the wire.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClientPool } from "../../src/aws/clients";
import { ConfigError, loadConfigFile, parseConfig } from "../../src/config/load-config";
import { DEFAULTS } from "../../src/defaults";
import { packageRoot } from "../../src/package-root";

const account = (accountId: string, extra: Record<string, unknown> = {}) => ({ accountId, region: "us-east-1", roleArn: `arn:aws:iam::${accountId}:role/Gateway`, ...extra });
const minimal = (aws: Record<string, unknown> = {}, accounts = [account("111111111111")]) => ({
  aws,
  accounts,
  auth: { apiKeys: [{ sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", principal: "p", grants: [{ accounts: ["*"], actions: ["read"] }] }] },
});

describe("aws.callTimeoutMs", () => {
  it("defaults to the shared default, which README's example file shows", () => {
    expect(parseConfig(minimal(), "minimal.yaml").aws.callTimeoutMs).toBe(DEFAULTS.awsCallTimeoutMs);
    const readme = readFileSync(join(packageRoot(), "README.md"), "utf8");
    const example = readme.match(/```yaml\n(# gateway\.yaml[\s\S]*?)```/)![1];
    const file = join(mkdtempSync(join(tmpdir(), "call-timeout-")), "gateway.yaml");
    writeFileSync(file, example);
    expect(loadConfigFile(file).aws.callTimeoutMs).toBe(DEFAULTS.awsCallTimeoutMs);
  });

  it("is taken as given, for the gateway and per account", () => {
    const c = parseConfig(minimal({ callTimeoutMs: 1500 }, [account("111111111111", { callTimeoutMs: 700 }), account("222222222222")]), "c.yaml");
    expect(c.aws.callTimeoutMs).toBe(1500);
    expect(c.accounts.map((a) => a.callTimeoutMs)).toEqual([700, undefined]);
  });

  it("refuses values out of range, naming the field", () => {
    for (const bad of [0, 99, 120_001, 2.5, "5s"]) {
      expect(() => parseConfig(minimal({ callTimeoutMs: bad }), "bad.yaml"), String(bad)).toThrow(ConfigError);
      expect(() => parseConfig(minimal({ callTimeoutMs: bad }), "bad.yaml")).toThrow(/aws\.callTimeoutMs/);
      expect(() => parseConfig(minimal({}, [account("111111111111", { callTimeoutMs: bad })]), "bad.yaml")).toThrow(/accounts\.0\.callTimeoutMs/);
    }
  });
});

describe("the client pool's call timeout", () => {
  const accounts = [account("111111111111", { callTimeoutMs: 700 }), account("222222222222")];

  it("is the account's own, else the gateway's, else the default", () => {
    expect(new ClientPool({ accounts }).callTimeoutMs("222222222222")).toBe(DEFAULTS.awsCallTimeoutMs);
    const pool = new ClientPool({ accounts, callTimeoutMs: 1500 });
    expect(pool.callTimeoutMs("111111111111")).toBe(700);
    expect(pool.callTimeoutMs("222222222222")).toBe(1500);
    expect(pool.callTimeoutMs()).toBe(1500); // STS, shared by the region's accounts
  });

  it("fails at construction on a bad value", () => {
    expect(() => new ClientPool({ accounts, callTimeoutMs: 0 })).toThrow(/callTimeoutMs/);
    expect(() => new ClientPool({ accounts: [account("111111111111", { callTimeoutMs: -1 })] })).toThrow(/callTimeoutMs/);
  });
});
