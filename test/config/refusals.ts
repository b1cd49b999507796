/** Test support for the config tests: a minimal valid configuration, and the problem lines a refused one gets. */
import { expect } from "vitest";
import { ConfigError, parseConfig } from "../../src/config/load-config";

export const MINIMAL_CONFIG = {
  accounts: [{ accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/Gateway" }],
  auth: { apiKeys: [{ sha256: "a".repeat(64), principal: "ops", grants: [{ accounts: ["*"], actions: ["read"] }] }] },
};

/** The refusal's problem lines ("  path: problem"); fails the test when the configuration is accepted. */
export function problems(data: unknown): string[] {
  try {
    parseConfig(data, "gateway.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.split("\n").slice(1);
  }
  throw new Error("expected the configuration to be refused");
}
