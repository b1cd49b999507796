/** The account router across regions: it remembers where each collaboration and membership lives, and routes only where the caller may read. */
import { describe, expect, it } from "vitest";
import { AccountRouter, NotVisible, type RouteSource } from "../../src/federation/account-router";

const A = "111111111111";
const B = "222222222222";
const US = "us-east-1";
const EU = "eu-west-1";

function router(regionsOf: (accountId: string) => readonly string[]) {
  const reads: string[] = [];
  const source: RouteSource = {
    collaborations: async (accountId) => void reads.push(`collaborations:${accountId}`),
    memberships: async (accountId) => void reads.push(`memberships:${accountId}`),
    collaboration: async () => ({}),
  };
  return { r: new AccountRouter([A, B], { isDown: () => false }, source, regionsOf), reads };
}

describe("AccountRouter in several regions", () => {
  it("routes a collaboration's and a membership's reads to the region a list saw them in", async () => {
    const { r, reads } = router(() => [US, EU]);
    r.learnCollaborations(A, [{ id: "c-us" }], US);
    r.learnCollaborations(A, [{ id: "c-eu", membershipId: "m-eu" }], EU);
    expect(await r.readerAt("c-us")).toEqual({ accountId: A, region: US });
    expect(await r.readerAt("c-eu")).toEqual({ accountId: A, region: EU });
    expect(await r.requireHolderAt("m-eu")).toEqual({ accountId: A, region: EU });
    // A member list is read in its collaboration's region: the holders it names live there too.
    r.learnMembers("c-eu", [{ accountId: B, membershipId: "m-eu-b" }]);
    expect(await r.membershipRoute("m-eu-b")).toEqual({ accountId: B, collaborationId: "c-eu", region: EU });
    expect(reads).toEqual([]);
  });

  it("does not route through an account in a region the caller may not read it in", async () => {
    // B may be read in the US only.
    const { r, reads } = router((a) => (a === B ? [US] : [US, EU]));
    r.learnCollaborations(A, [{ id: "c-eu" }], EU);
    r.learnMembers("c-eu", [{ accountId: B, membershipId: "m-eu-b" }, { accountId: A, membershipId: "m-eu-a" }]);
    expect(r.knownRoute("m-eu-a")).toEqual({ accountId: A, collaborationId: "c-eu", region: EU });
    expect(r.knownRoute("m-eu-b")).toBeUndefined();
    await expect(r.requireHolderAt("m-eu-b")).rejects.toBeInstanceOf(NotVisible);
    // Not knowing, it read the membership lists (which would have taught it a readable route).
    expect(reads).toEqual([`memberships:${A}`, `memberships:${B}`]);
    // A collaboration only B sees, in a region B may not be read in: nobody reads it.
    r.learnCollaborations(B, [{ id: "c-eu-b-only" }], EU);
    expect(await r.readerAt("c-eu-b-only")).toBeUndefined();
  });
});
