import { describe, expect, it } from "vitest";
import { hashApiKey, ApiKeys } from "../../src/auth/api-keys";
import { ACTIONS, FULL_ACCESS, may, readableAccounts, readableRegions, type Grant } from "../../src/auth/grants";
import { grantsFromClaims } from "../../src/auth/jwt";
import { bearerToken } from "../../src/auth/authenticate";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";
const accounts = [{ accountId: A }, { accountId: B }, { accountId: C }];

describe("grants", () => {
  const grants: Grant[] = [
    { accounts: [A], actions: ["read"] },
    { accounts: [B], actions: ["vote"] },
    { accounts: [A, C], actions: ["run"] },
  ];

  it("allows exactly the actions a grant covering the account lists", () => {
    const allowed = accounts.flatMap(({ accountId }) => ACTIONS.filter((a) => may(grants, accountId, a)).map((a) => `${accountId}:${a}`));
    expect(allowed).toEqual([`${A}:read`, `${A}:run`, `${B}:read`, `${B}:vote`, `${C}:read`, `${C}:run`]);
  });

  it("reads every account some grant covers (any action implies read), in the order given", () => {
    expect(readableAccounts(grants, [...accounts].reverse()).map((a) => a.accountId)).toEqual([C, B, A]);
    expect(readableAccounts([{ accounts: [B], actions: ["read"] }], accounts).map((a) => a.accountId)).toEqual([B]);
  });

  it("lets '*' cover every account, and no grants cover none", () => {
    for (const { accountId } of accounts) for (const a of ACTIONS) expect(may(FULL_ACCESS, accountId, a)).toBe(true);
    expect(readableAccounts([], accounts)).toEqual([]);
    expect(may([], A, "read")).toBe(false);
    expect(may([{ accounts: [A], actions: ["read"] }], B, "read")).toBe(false);
  });
});

describe("API keys", () => {
  it("finds the principal of a listed key by its hash, and nothing for any other key", () => {
    const keys = new ApiKeys([
      { sha256: hashApiKey("key-one-aaaaaaaaaaaa"), principal: "one", grants: FULL_ACCESS },
      { sha256: hashApiKey("key-two-bbbbbbbbbbbb").toUpperCase(), principal: "two", grants: [] },
    ]);
    expect(keys.find("key-one-aaaaaaaaaaaa")?.id).toBe("key:one");
    expect(keys.find("key-two-bbbbbbbbbbbb")?.id).toBe("key:two");
    expect(keys.find("key-one-aaaaaaaaaaab")).toBeUndefined();
    expect(keys.find(hashApiKey("key-one-aaaaaaaaaaaa"))).toBeUndefined(); // the hash itself is not a key
  });

  it("hashes as sha256sum does", () => {
    // printf %s abc | sha256sum
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("bearer tokens", () => {
  it("reads 'Bearer <token>' with any case of the scheme and refuses anything else", () => {
    expect(bearerToken("Bearer abc.def-ghi_jkl")).toEqual({ token: "abc.def-ghi_jkl" });
    expect(bearerToken("bearer  abc=")).toEqual({ token: "abc=" });
    expect(bearerToken(undefined)).toEqual({ failure: "missing" });
    expect(bearerToken("  ")).toEqual({ failure: "missing" });
    for (const bad of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer a\"b", "Token abc", `Bearer ${"a".repeat(8193)}`]) {
      expect(bearerToken(bad), bad).toEqual({ failure: "malformed" });
    }
  });
});

describe("claims to grants", () => {
  const mappings = [
    { claim: "groups", value: "advertisers", grants: [{ accounts: [A], actions: ["read", "run"] }] as Grant[] },
    { claim: "scope", value: "cleanrooms:vote", grants: [{ accounts: [B], actions: ["vote"] }] as Grant[] },
    { claim: "realm_access.roles", value: "publisher", grants: [{ accounts: [C], actions: ["read"] }] as Grant[] },
    { claim: "admin", value: "true", grants: FULL_ACCESS as Grant[] },
  ];

  it("gives the grants of every mapping whose claim holds the value", () => {
    expect(grantsFromClaims({ groups: ["x", "advertisers"] }, mappings)).toEqual(mappings[0].grants);
    expect(grantsFromClaims({ scope: "openid cleanrooms:vote" }, mappings)).toEqual(mappings[1].grants);
    expect(grantsFromClaims({ realm_access: { roles: ["publisher"] } }, mappings)).toEqual(mappings[2].grants);
    expect(grantsFromClaims({ admin: true, groups: "advertisers" }, mappings)).toEqual([...mappings[0].grants, ...FULL_ACCESS]);
  });

  it("gives nothing for near misses", () => {
    expect(grantsFromClaims({ groups: ["advertisers-old"], scope: "cleanrooms:voter", admin: "yes", realm_access: "publisher" }, mappings)).toEqual([]);
    expect(grantsFromClaims({ groups: "x advertisers" }, mappings)).toEqual([]); // only scope/scp split on spaces
  });
});

describe("grants limited to regions", () => {
  const US = "us-east-1";
  const EU = "eu-west-1";
  const grants: Grant[] = [
    { accounts: [A], actions: ["read", "run"], regions: [US] },
    { accounts: [A], actions: ["vote"] },
    { accounts: [B], actions: ["read"], regions: [EU] },
  ];

  it("allow an action in a region only when a grant covering the account and the region lists it", () => {
    expect(may(grants, A, "run", US)).toBe(true);
    expect(may(grants, A, "run", EU)).toBe(false);
    // A grant without regions covers every region; reading is implied by any action there.
    expect(may(grants, A, "vote", EU)).toBe(true);
    expect(may(grants, A, "read", EU)).toBe(true);
    // Named no region: whether the action is allowed in some region.
    expect(may(grants, A, "run")).toBe(true);
    expect(may(grants, B, "read", US)).toBe(false);
  });

  it("read an account only in the regions they cover, and the account only if one of its regions is", () => {
    expect(readableRegions(grants, B, [US, EU])).toEqual([EU]);
    expect(readableRegions(grants, A, [US, EU])).toEqual([US, EU]);
    const regional = [
      { accountId: A, region: US, regions: [US, EU] },
      { accountId: B, region: US },
      { accountId: C, region: EU },
    ];
    expect(readableAccounts(grants, regional).map((a) => a.accountId)).toEqual([A]);
    expect(readableAccounts(grants, [{ accountId: B, region: EU }]).map((a) => a.accountId)).toEqual([B]);
  });
});
