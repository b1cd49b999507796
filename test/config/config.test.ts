import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, ConfigError, loadConfigFile, parseConfig } from "../../src/config/load-config";
import { packageRoot } from "../../src/package-root";
import { problems as problemLines } from "./refusals";

const account = (over: Record<string, unknown> = {}) => ({
  accountId: "111111111111",
  region: "us-east-1",
  roleArn: "arn:aws:iam::111111111111:role/Gateway",
  ...over,
});

const auth = { apiKeys: [{ sha256: "a".repeat(64), principal: "ops", grants: [{ accounts: ["*"], actions: ["read"] }] }] };

/** The refusal's problem lines, as one text (refusals.ts; fails the test when the configuration is accepted). */
const problems = (data: unknown): string => problemLines(data).join("\n");

describe("configuration", () => {
  it("accepts the example file README documents, setting for setting", () => {
    const readme = readFileSync(join(packageRoot(), "README.md"), "utf8");
    const example = readme.match(/```yaml\n(# gateway\.yaml[\s\S]*?)```/)?.[1];
    expect(example, "README has a ```yaml block starting with # gateway.yaml").toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "config-"));
    writeFileSync(join(dir, "gateway.yaml"), example!);
    const config = loadConfigFile(join(dir, "gateway.yaml"));
    expect(config.server).toEqual({ host: "0.0.0.0", port: 4000, allowedHosts: [], cors: { origins: ["https://dashboard.example.com", "http://localhost:5173"] },
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
      trustedProxies: [], webSocketHandshakes: { rateLimit: { burst: 100, perSecond: 20 }, maxPendingPerAddress: 50 },
    });
    expect(config.aws.retry).toEqual({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 });
    expect(config.accounts.map((a) => a.accountId)).toEqual(["111111111111", "222222222222"]);
    expect(config.accounts[1].externalId).toBe("cleanrooms-graph-7f3c2a");
    expect(config.auth.apiKeys.map((k) => k.principal)).toEqual(["dashboard-service", "advertiser-ops"]);
    expect(config.auth.jwt?.claimGrants[0].grants[0].actions).toEqual(["read", "vote"]);
    expect(config.limits.maxDepth).toBe(12);
    expect(config.idempotency?.ttlSeconds).toBe(86400);
  });

  it("fills defaults for everything but accounts", () => {
    const config = parseConfig({ accounts: [account()], auth }, "t");
    expect(config.server).toEqual({ host: "127.0.0.1", port: 4000, allowedHosts: [], cors: { origins: [] }, timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
      trustedProxies: [], webSocketHandshakes: { rateLimit: { burst: 100, perSecond: 20 }, maxPendingPerAddress: 50 } });
    expect(config.aws.retry.maxAttempts).toBeGreaterThan(1);
  });

  it("names the path of each bad field", () => {
    const message = problems({
      server: { port: 70000 },
      accounts: [account({ accountId: "12345" }), account({ roleArn: "arn:aws:iam::999999999999:role/Other" }), account({ region: "nowhere" })],
    });
    expect(message).toContain("server.port");
    expect(message).toContain("accounts.0.accountId: must be a 12-digit AWS account id");
    expect(message).toContain("accounts.1.roleArn: names account 999999999999, not 111111111111");
    expect(message).toContain("accounts.2.region");
  });

  it("refuses unknown settings, duplicate accounts and an empty account list", () => {
    expect(problems({ accounts: [account({ colour: "blue" })], auth })).toMatch(/accounts\.0.*colour/);
    expect(problems({ accounts: [account(), account()], auth })).toContain("accounts.1.accountId: account 111111111111 is listed twice");
    expect(problems({ accounts: [], auth })).toContain("accounts: must list at least one account");
    expect(problems({ accounts: [account()] })).toContain("auth: configure apiKeys or jwt");
  });

  it("says when the file cannot be read or parsed", () => {
    const dir = mkdtempSync(join(tmpdir(), "config-"));
    expect(() => loadConfigFile(join(dir, "missing.yaml"))).toThrow(/cannot read the configuration file .*ENOENT/);
    writeFileSync(join(dir, "bad.yaml"), "accounts: [\n");
    expect(() => loadConfigFile(join(dir, "bad.yaml"))).toThrow(/neither YAML nor JSON/);
  });

  it("is selected by --config, then CLEANROOMS_GRAPH_CONFIG, else demo mode", () => {
    expect(configPath(["--config", "a.yaml"], { CLEANROOMS_GRAPH_CONFIG: "b.yaml" })).toBe("a.yaml");
    expect(configPath(["--config=c.json"], {})).toBe("c.json");
    expect(configPath([], { CLEANROOMS_GRAPH_CONFIG: "b.yaml" })).toBe("b.yaml");
    expect(configPath([], {})).toBeUndefined();
    expect(() => configPath(["--config"], {})).toThrow(ConfigError);
  });
});
