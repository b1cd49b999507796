/** The configuration's auth, limits and schema-visibility sections. */
import { describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/auth/api-keys";
import { ConfigError, parseConfig } from "../../src/config/load-config";
import { DEFAULT_LIMITS } from "../../src/server/limits/limits";

const account = { accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/Gateway" };
const key = { sha256: hashApiKey("a-key-for-the-tests-0001"), principal: "ci", grants: [{ accounts: ["111111111111"], actions: ["read", "run"] }] };
const base = { accounts: [account], auth: { apiKeys: [key] } };

const problems = (data: unknown): string => {
  try {
    parseConfig(data, "test.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return "";
};

describe("auth configuration", () => {
  it("takes API keys by hash with grants, and defaults limits, introspection and suggestions to safe values", () => {
    const c = parseConfig(base, "test.yaml");
    expect(c.auth.apiKeys).toEqual([key]);
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    expect(c.introspection).toBe(false);
    expect(c.fieldSuggestions).toBe(false);
  });

  it("refuses a configuration no caller could authenticate with", () => {
    expect(problems({ accounts: [account] })).toMatch(/auth: configure apiKeys or jwt/);
  });

  it("refuses a key given in clear instead of its hash, a key listed twice, and grants on unknown accounts or actions", () => {
    expect(problems({ ...base, auth: { apiKeys: [{ ...key, sha256: "a-key-for-the-tests-0001" }] } })).toMatch(/auth\.apiKeys\.0\.sha256: must be the hex SHA-256/);
    expect(problems({ ...base, auth: { apiKeys: [key, { ...key, principal: "other" }] } })).toMatch(/auth\.apiKeys\.1\.sha256: is listed twice/);
    expect(problems({ ...base, auth: { apiKeys: [{ ...key, grants: [{ accounts: ["222222222222"], actions: ["read"] }] }] } })).toMatch(
      /auth\.apiKeys\.0\.grants\.0\.accounts\.0: account 222222222222 is not in accounts/,
    );
    expect(problems({ ...base, auth: { apiKeys: [{ ...key, grants: [{ accounts: ["*"], actions: ["admin"] }] }] } })).toMatch(/auth\.apiKeys\.0\.grants\.0\.actions\.0/);
  });

  it("takes a JWT verifier with exactly one JWKS source, https unless on localhost", () => {
    const jwt = { issuer: "https://idp.example/", audience: "cleanrooms-graph", claimGrants: [{ claim: "groups", value: "ops", grants: [{ accounts: ["*"], actions: ["read"] }] }] };
    const c = parseConfig({ accounts: [account], auth: { jwt: { ...jwt, jwksUrl: "https://idp.example/jwks.json" } } }, "test.yaml");
    expect(c.auth.jwt).toMatchObject({ principalClaim: "sub", clockToleranceSeconds: 30 });
    expect(problems({ accounts: [account], auth: { jwt: { ...jwt, jwksUrl: "http://idp.example/jwks.json" } } })).toMatch(/must be an https URL/);
    expect(problems({ accounts: [account], auth: { jwt: { ...jwt, jwksUrl: "http://127.0.0.1:9/jwks.json" } } })).toBe("");
    expect(problems({ accounts: [account], auth: { jwt } })).toMatch(/exactly one of jwksUrl and jwksFile/);
    expect(problems({ accounts: [account], auth: { jwt: { ...jwt, jwksFile: "/x", jwksUrl: "https://idp.example/j" } } })).toMatch(/exactly one/);
    expect(problems({ accounts: [account], auth: { jwt: { ...jwt, jwksFile: "/x", algorithms: ["HS256"] } } })).toMatch(/auth\.jwt\.algorithms\.0/);
  });

  it("takes limits, a disabled rate limit, and introspection when asked", () => {
    const c = parseConfig({ ...base, limits: { maxDepth: 8, rateLimit: false }, introspection: true }, "test.yaml");
    expect(c.limits).toEqual({ ...DEFAULT_LIMITS, maxDepth: 8, rateLimit: false });
    expect(c.introspection).toBe(true);
    expect(problems({ ...base, limits: { maxDepth: 0 } })).toMatch(/limits\.maxDepth/);
    expect(problems({ ...base, limits: { rateLimit: { burst: 10 } } })).toMatch(/limits\.rateLimit/);
  });
});
